// Invariants are not evaluated again where nothing they observe has changed
// (runtime/sim/invariant-memo.ts, Machine.checkInvariants). These tests pin what
// must still be seen — every way a step can change what an invariant observes
// without writing memory — count the evaluations that are skipped, and compare the
// machine with the reuse switched off, step for step, on every reachable state.
import { describe, expect, it } from 'vitest';
import type { Finding, State, TransitionSystem } from '../../runtime/check/system.ts';
import type { Program } from '../../runtime/ir.ts';
import { createMachine, type Machine, type MachineOptions } from '../../runtime/sim/index.ts';
import { decode, encode } from '../../runtime/sim/state.ts';
import { loadLessons } from '../../build/lesson/index.ts';
import { lessonCases } from '../../build/grade/validate.ts';
import { exerciseOptions, exerciseUnits } from '../../runtime/exercise.ts';
import { compile } from '../../runtime/dialect/index.ts';
import { build, explore } from './harness.ts';

function machine(program: Program, options: MachineOptions = {}): Machine {
  return createMachine(program, options) as Machine;
}

/** the first step of `tid` offered in s */
function stepOf(sys: TransitionSystem, s: State, tid: number) {
  const t = sys.transitions(s).find((x) => x.actor === tid);
  if (t === undefined) throw new Error(`thread ${tid} cannot move`);
  return sys.step(s, t, false);
}

describe('a step that changes what an invariant observes is always checked', () => {
  it('free() of the block an invariant reads: the next evaluation faults', () => {
    const src = `int *p;
      int reads_block(void) { return p == 0 || *p == 7; }
      #pragma invariant reads_block
      int main(void) { int *q = malloc(1); *q = 7; p = q; free(q); return 0; }`;
    const e = explore(build(src));
    expect(e.findings.map((f) => f.property)).toEqual(['reads_block']);
    expect(e.findings[0]!.message).toMatch(/use after free/);
  });

  it('malloc reusing a freed block (no memory written) changes alloc_id', () => {
    const src = `int *p;
      int not_second(void) { return p == 0 || alloc_id(p) != 2; }
      #pragma invariant not_second
      int main(void) { p = malloc(1); free(p); malloc(1); return 0; }`;
    const e = explore(build(src));
    expect(e.findings.map((f) => f.property)).toEqual(['not_second']);
  });

  it('open() (no memory written) changes fd_is_open', () => {
    const src = `int no_fd3(void) { return !fd_is_open(3); }
      #pragma invariant no_fd3
      int main(void) { open("f", 0); return 0; }`;
    const e = explore(build(src));
    expect(e.findings.map((f) => f.property)).toEqual(['no_fd3']);
  });

  it('the same memory in another process: getpid() is an input too', () => {
    const src = `int flag;
      int parent_only(void) { return getpid() == 1 || flag == 0; }
      #pragma invariant parent_only
      int main(void) { flag = 1; fork(); return 0; }`;
    const e = explore(build(src));
    expect(e.findings.map((f) => f.property)).toEqual(['parent_only']);
    expect(e.findings[0]!.process).toBe(2);
  });

  it('a returned frame under a global pointer: the check sees the shrunk memory', () => {
    const src = `int *gp;
      int reads_local(void) { return gp == 0 || *gp == 1; }
      #pragma invariant reads_local
      void f(void) { int x = 1; gp = &x; }
      int main(void) { f(); return 0; }`;
    const e = explore(build(src));
    expect(e.findings.map((f) => f.property)).toEqual(['reads_local']);
    expect(e.findings[0]!.message).toMatch(/out-of-bounds|returned/);
  });

  it('a state left by a finding is not taken to satisfy the invariants', () => {
    // main's store and failing assert are one step: the invariant was never evaluated
    // on x = 1, so a step from there that writes nothing must still evaluate it
    const src = `int x; int y;
      int zero(void) { return x == 0; }
      #pragma invariant zero
      void *reader(void *a) { return (void *)y; }
      int main(void) { pthread_t t; pthread_create(&t, 0, reader, 0); x = 1; assert(0); return 0; }`;
    const sys = machine(build(src), { properties: ['assertion', 'zero'] });
    let s = sys.initial().state;
    s = stepOf(sys, s, 1).state; // pthread_create
    const bad = stepOf(sys, s, 1);
    expect(bad.finding?.kind).toBe('assertion');
    expect([...encode(decode(bad.state))]).toEqual([...bad.state]); // the mark survives a round trip
    const next = stepOf(sys, bad.state, 2); // reader's load of y writes nothing
    expect(next.finding?.property).toBe('zero');
  });
});

describe('evaluations skipped', () => {
  const src = `int x; int y;
    int small(void) { return x < 10; }
    #pragma invariant small
    int main(void) { int r = y; y = 1; x = 1; return r; }`;

  it('after loads and after stores the invariant does not read', () => {
    const sys = machine(build(src));
    const runs = () => sys.core.invariantRuns;
    let s = sys.initial().state;
    expect(runs()).toBe(1);
    s = stepOf(sys, s, 1).state; // load y: memory unchanged since the source state
    expect(runs()).toBe(1);
    s = stepOf(sys, s, 1).state; // store y: x (all it read) is as in its last evaluation
    expect(runs()).toBe(1);
    stepOf(sys, s, 1); // store x: evaluated
    expect(runs()).toBe(2);
  });

  it('the successors of one state each remember their evaluation', () => {
    const two = `int x;
      int small(void) { return x < 10; }
      #pragma invariant small
      void *one(void *a) { x = 1; return 0; }
      void *two(void *a) { x = 2; return 0; }
      int main(void) { pthread_t a, b; pthread_create(&a, 0, one, 0); pthread_create(&b, 0, two, 0);
        pthread_join(a, 0); pthread_join(b, 0); return 0; }`;
    const sys = machine(build(two));
    let s = sys.initial().state;
    s = stepOf(sys, s, 1).state; // create one (its frame: memory copied, x unchanged)
    s = stepOf(sys, s, 1).state; // create two
    const before = sys.core.invariantRuns;
    stepOf(sys, s, 2); // x = 1: evaluated
    stepOf(sys, s, 3); // x = 2: evaluated
    expect(sys.core.invariantRuns).toBe(before + 2);
    stepOf(sys, s, 2); // x = 1 again: remembered, though x = 2 was evaluated since
    stepOf(sys, s, 3);
    expect(sys.core.invariantRuns).toBe(before + 2);
  });

  it('with reuse off every step evaluates', () => {
    const sys = machine(build(src));
    sys.core.reuseInvariants = false;
    let s = sys.initial().state;
    s = stepOf(sys, s, 1).state;
    s = stepOf(sys, s, 1).state;
    stepOf(sys, s, 1);
    expect(sys.core.invariantRuns).toBe(4);
  });
});

/**
 * Every reachable state (up to `limit`), every transition: the machine with reuse and
 * the one without give the same successor vector and the same finding.
 */
function sameAsWithoutReuse(program: Program, options: MachineOptions, limit: number): number {
  const fast = machine(program, options);
  const slow = machine(program, options);
  slow.core.reuseInvariants = false;
  const a = fast.initial();
  const b = slow.initial();
  expect([...a.state]).toEqual([...b.state]);
  expect(findingText(a.finding)).toBe(findingText(b.finding));
  const seen = new Set<string>();
  const queue: State[] = a.finding ? [] : [a.state];
  let compared = 0;
  for (let i = 0; i < queue.length && seen.size < limit; i++) {
    const s = queue[i]!;
    if (fast.pruned(s)) continue;
    const ts = fast.transitions(s);
    expect(slow.transitions(s)).toEqual(ts);
    for (const t of ts) {
      const x = fast.step(s, t, false);
      const y = slow.step(s, t, false);
      compared++;
      // (toEqual on every vector would take most of the test's time)
      if (!sameWords(x.state, y.state)) expect([...x.state]).toEqual([...y.state]);
      if (findingText(x.finding) !== findingText(y.finding)) expect(findingText(x.finding)).toBe(findingText(y.finding));
      if (x.finding) continue;
      const k = x.state.join(',');
      if (!seen.has(k)) { seen.add(k); queue.push(x.state); }
    }
  }
  return compared;
}

function sameWords(a: State, b: State): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function findingText(f: Finding | undefined): string {
  return f === undefined ? '' : `${f.kind} ${f.property} ${f.process} ${f.message}`;
}

describe('differential: reuse on and off agree step for step', () => {
  const programs: [string, string, MachineOptions][] = [
    ['heap list with frees', `struct node { int v; struct node *next; }; struct node *head; pthread_mutex_t m;
      int sum_ok(void) { int s = 0; struct node *n = head; while (n) { s = s + n->v; n = n->next; } return s <= 4; }
      #pragma invariant sum_ok
      void *pusher(void *a) { struct node *n = malloc(2); n->v = 1; pthread_mutex_lock(&m); n->next = head; head = n; pthread_mutex_unlock(&m); return 0; }
      void *popper(void *a) { pthread_mutex_lock(&m); struct node *n = head; if (n) head = n->next; pthread_mutex_unlock(&m); if (n) free(n); return 0; }
      int main(void) { pthread_t a, b, c; pthread_create(&a, 0, pusher, 0); pthread_create(&b, 0, popper, 0); pthread_create(&c, 0, pusher, 0);
        pthread_join(a, 0); pthread_join(b, 0); pthread_join(c, 0); return 0; }`, { memoryModel: 'tso' }],
    ['fork, fds, pids, frames', `int flag; int fd = -1;
      int consistent(void) { int local[2]; local[0] = getpid(); local[1] = fd < 0 || fd_is_open(fd); return (local[1] || local[0] != 1) && flag >= 0; }
      #pragma invariant consistent
      int helper(int *p) { int box[2]; box[0] = *p; return box[0]; }
      void *t(void *a) { flag = helper(&flag) + 1; return 0; }
      int main(void) { pthread_t x; fd = open("f", 0); pthread_create(&x, 0, t, 0);
        int pid = fork(); if (pid == 0) { close(fd); flag = helper(&fd); _exit(0); } waitpid(pid, 0, 0); pthread_join(x, 0); return 0; }`, { fork: 'per-page' }],
  ];
  for (const [name, src, options] of programs) {
    it(name, () => {
      expect(sameAsWithoutReuse(build(src), options, 50_000)).toBeGreaterThan(100);
    });
  }

  // the lessons' models are what the reuse is for: their starters and solutions, the
  // first few thousand states of each
  const { lessons } = loadLessons(new URL('../../lessons', import.meta.url).pathname);
  for (const lesson of lessons) {
    it(`lesson ${lesson.slug}`, () => {
      for (const c of lessonCases(lesson)) {
        if (c.kind === 'wrong' || c.text === undefined) continue;
        const spec = lesson.exercises[c.exercise]!;
        const r = compile(exerciseUnits(spec, c.text));
        expect(r.ok).toBe(true);
        const o = exerciseOptions(spec);
        const options: MachineOptions = {};
        if (o.memoryModel) options.memoryModel = o.memoryModel;
        if (o.fork) options.fork = o.fork;
        if (o.faults) options.faults = o.faults;
        if (o.properties) options.properties = o.properties;
        sameAsWithoutReuse(r.program!, options, 2_000);
      }
    });
  }
});
