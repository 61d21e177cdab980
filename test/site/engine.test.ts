// The worker's engine, run directly in Node: results with file names, replays
// into snapshots, boxes and arrows from debug types, the hand-driven scheduler,
// and random sampling.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../build/lesson/index.ts';
import { checkView, compileExercise, heapGraph, machineFor, replayView, sampleView, SchedulerSession } from '../../site/engine.ts';
import type { ExerciseSpec } from '../../runtime/exercise.ts';

const FILE = 'test/fixtures/lessons/01-counter.md';
const lesson = parseLesson(readFileSync(FILE, 'utf8'), FILE).lesson!;
const spec = lesson.exercises.increment!;
const solution = spec.solutions![0]!.text;

describe('checking an exercise for the page', () => {
  it('fails the starter with steps placed in the lesson file and the editor unit', async () => {
    const r = await checkView(spec, spec.starter);
    expect(r.verdict).toBe('fail');
    expect(r.property).toBe('assertion');
    expect(r.files).toContain(FILE);
    expect(r.files).toContain('increment.c');
    const files = new Set(r.steps.map((s) => s.at?.file));
    expect(files).toEqual(new Set([FILE, 'increment.c']));
    // The two workers' loads of `counter` happen on line 2 of the editor.
    expect(r.steps.filter((s) => s.at?.file === 'increment.c' && s.at.line === 2).map((s) => s.thread).sort()).toEqual([2, 3]);
    expect(r.steps.every((s) => /^\w+ · T\d+ · pid \d+$/.test(s.actor))).toBe(true);
    expect(r.findingAt).toMatchObject({ file: FILE });
  });

  it('passes the reference solution', async () => {
    expect((await checkView(spec, solution)).verdict).toBe('pass');
  });

  it('reports compile errors with their position in the editor unit', async () => {
    const r = await checkView(spec, 'void increment(void) {\n  nope = 1;\n}\n');
    expect(r.verdict).toBe('error');
    expect(r.diagnostics[0]).toMatchObject({ file: 'increment.c', line: 2, column: 3 });
    expect(r.steps).toEqual([]);
  });
});

describe('replaying a schedule', () => {
  it('gives one snapshot per state, the finding, and thread places', async () => {
    const r = await checkView(spec, spec.starter);
    const replay = replayView(spec, spec.starter, r.schedule!);
    expect(replay.error).toBeUndefined();
    expect(replay.steps.length).toBe(r.steps.length);
    expect(replay.snapshots.length).toBe(r.steps.length + 1);
    expect(replay.finding?.property).toBe('assertion');
    const last = replay.snapshots[replay.snapshots.length - 1]!;
    expect(last.processes[0]!.memory.find((m) => m.name === 'counter')?.value).toBe(1);
    expect(Object.values(last.places).some((p) => p?.file === FILE)).toBe(true);
  });

  it('says why a schedule does not apply', () => {
    const replay = replayView(spec, spec.starter, 'not a schedule!');
    expect(replay.error).toBeTruthy();
  });
});

const LIST_MODEL = `struct node { int value; struct node *next; struct node *prev; };
struct node *head;
pthread_mutex_t m;
int main(void) {
  struct node *a = malloc(sizeof(struct node));
  struct node *b = malloc(sizeof(struct node));
  a->value = 1; b->value = 2;
  a->next = b; b->prev = a;
  head = a;
  pthread_mutex_lock(&m);
  pthread_mutex_unlock(&m);
  link_done();
  return 0;
}
void link_done(void);
`;

function listSpec(): ExerciseSpec {
  return {
    lesson: 'list', name: 'link_done', starter: 'void link_done(void) {\n}\n', hints: [],
    modelUnits: [{ name: 'list.md', text: LIST_MODEL.replace('void link_done(void);\n', '').replace('struct node *head;', 'struct node *head;\nvoid link_done(void);') }],
    config: { model: 'default', defines: ['link_done'], forbid: [], starter_fails: 'assertion', memory: 'sc', fork: 'atomic', hints: [], points: 1 },
  };
}

describe('boxes and arrows', () => {
  it('follows struct pointers from globals through the heap', () => {
    const sp = listSpec();
    const compiled = compileExercise(sp, sp.starter);
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const system = machineFor(sp, compiled.program!);
    // Run main one step at a time; keep the last state before the process exits.
    let state = system.initial().state;
    for (let i = 0; i < 200; i++) {
      const moves = system.transitions(state);
      if (moves.length === 0) break;
      const next = system.step(state, moves[0]!, false).state;
      if (system.snapshot(next).processes.length === 0) break;
      state = next;
    }
    const graph = heapGraph(compiled.program!, system.snapshot(state), 0);
    const head = graph.nodes.find((n) => n.label === 'head')!;
    expect(head).toBeTruthy();
    const a = graph.nodes.find((n) => n.id === head.fields[0]!.to)!;
    expect(a.fields.map((f) => f.name)).toEqual(['value', 'next', 'prev']);
    expect(a.fields[0]!.text).toBe('1');
    expect(a.fields[2]!.text).toBe('NULL');
    const b = graph.nodes.find((n) => n.id === a.fields[1]!.to)!;
    expect(b.fields[0]!.text).toBe('2');
    expect(b.fields[2]!.to).toBe(a.id); // the back pointer
    expect(graph.nodes).toHaveLength(3);
  });
});

const EMBEDDED_MODEL = `struct list { struct list *next; };
struct task { int id; struct list link; };
struct task t1;
struct task t2;
struct list *head;
pthread_mutex_t m;
void link_done(void);
int main(void) {
  t1.id = 1; t2.id = 2;
  head = &t1.link;
  t1.link.next = &t2.link;
  pthread_mutex_lock(&m);
  pthread_mutex_unlock(&m);
  link_done();
  return 0;
}
`;

describe('boxes and arrows for embedded members', () => {
  it('points into the containing struct instead of drawing the member alone', () => {
    const sp = { ...listSpec(), modelUnits: [{ name: 'tasks.md', text: EMBEDDED_MODEL }] };
    const compiled = compileExercise(sp, sp.starter);
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const system = machineFor(sp, compiled.program!);
    let state = system.initial().state;
    for (let i = 0; i < 200; i++) {
      const moves = system.transitions(state);
      if (moves.length === 0) break;
      const next = system.step(state, moves[0]!, false).state;
      if (system.snapshot(next).processes.length === 0) break;
      state = next;
    }
    const graph = heapGraph(compiled.program!, system.snapshot(state), 0);
    expect(graph.nodes.map((n) => n.label).sort()).toEqual(['head', 't1', 't2']);
    const byLabel = (l: string) => graph.nodes.find((n) => n.label === l)!;
    expect(byLabel('head').fields[0]).toMatchObject({ to: byLabel('t1').id, toRow: 1 });
    expect(byLabel('t1').fields.map((f) => f.name)).toEqual(['id', 'link.next']);
    expect(byLabel('t1').fields[1]).toMatchObject({ to: byLabel('t2').id, toRow: 1 });
    expect(byLabel('t2').fields[1]!.text).toBe('NULL');
  });
});

describe('you are the scheduler', () => {
  it('steps the chosen transitions, undoes, and reaches the finding', () => {
    const session = new SchedulerSession(spec, spec.starter);
    let view = session.view();
    expect(view.choices.length).toBeGreaterThan(0);
    expect(view.snapshot?.threads.length).toBeGreaterThan(0);
    const first = view.choices[0]!;
    view = session.step(first.label);
    expect(view.steps).toHaveLength(1);
    view = session.undo();
    expect(view.steps).toHaveLength(0);
    // Always take the last choice: a deterministic run to the end.
    for (let i = 0; i < 200 && view.choices.length > 0; i++) view = session.step(view.choices[view.choices.length - 1]!.label);
    expect(view.finding !== undefined || view.terminated).toBe(true);
    expect(view.schedule.length).toBeGreaterThan(0);
    const replay = replayView(spec, spec.starter, view.schedule);
    expect(replay.steps.length).toBe(view.steps.length);
  });

  it('ignores a label that is not enabled', () => {
    const session = new SchedulerSession(spec, spec.starter);
    expect(session.step(987654).steps).toHaveLength(0);
  });
});

describe('random sampling', () => {
  it('finds the lost update in some runs of the starter and in none of the solution', () => {
    const starter = sampleView(spec, spec.starter, { runs: 200, seed: 7 });
    expect(starter.runs).toBe(200);
    expect(starter.failures).toBeGreaterThan(0);
    expect(starter.failures).toBeLessThan(200);
    expect(starter.property).toBe('assertion');
    expect(sampleView(spec, solution, { runs: 100, seed: 7 }).failures).toBe(0);
  });
});
