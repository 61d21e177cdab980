// The atfork lesson tells the Plash story: the checker's counterexample for the
// starter must be the tst-fork1 hang (another thread takes the lock between the
// wrapper's unlock and the kernel fork; the child blocks forever on it), and each
// catalogued wrong fix must fail for the reason the lesson gives.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sampleRuns } from '../../runtime/check/index.ts';
import { compile } from '../../runtime/dialect/index.ts';
import { checkExercise, exerciseUnits } from '../../runtime/exercise.ts';
import { createMachine } from '../../runtime/sim/index.ts';
import { assemble } from '../../build/lesson/assemble.ts';
import { allCases, lesson, lineOf, outcome, Story } from './models/atfork/story.ts';

const FILE = 'lessons/04-atfork-deadlock.md';
const TEMPLATE = 'test/lessons/models/atfork/lesson.md.in';
const l = lesson(FILE);
const text = readFileSync(FILE, 'utf8');
const ex = (name: string) => l.exercises[name]!;
const lockOp = (verb: 'lock' | 'unlock') => (op: string) => op.startsWith(`pthread_mutex_${verb}(plash_libc_lock)`);

describe('the atfork lesson', () => {
  it('is exactly its template with the model files included', () => {
    expect(text).toBe(assemble(TEMPLATE));
  });

  it('has the three exercises of LESSONS.md 4a-c, a live cell and the interleaving count', () => {
    expect(Object.keys(l.exercises)).toEqual(['hold_lock', 'atfork_handlers', 'fd_leak']);
    expect(l.blocks.filter((b) => b.kind === 'js').length).toBeGreaterThanOrEqual(2);
    expect(text).toContain('\\binom{m+n}{m}');
  });

  it.each(allCases(l))('%s, %s → %s', (name, _label, want, source) => {
    expect(outcome(checkExercise(ex(name), source))).toBe(want);
  });
});

describe('4a: the starter hangs the way tst-fork1 did', () => {
  const s = new Story(ex('hold_lock'), ex('hold_lock').starter);
  const other = s.thread('other_thread');
  const unlock = s.step((t) => t.thread === 1 && lockOp('unlock')(t.op));
  const fork = s.step((t) => t.thread === 1 && t.op.startsWith('fork'));
  const taken = s.step((t) => t.thread === other && lockOp('lock')(t.op));

  it('is a deadlock naming plash_libc_lock', () => {
    expect(s.result.property).toBe('deadlock');
    expect(s.result.finding!.message).toContain('plash_libc_lock');
  });

  it('another thread takes the lock between the wrapper\'s unlock and the kernel fork', () => {
    expect(unlock).toBeGreaterThan(0);
    expect(s.where(s.trace[unlock]!.pos)).toBe('hold_lock.c:6');
    expect(taken).toBeGreaterThan(unlock);
    expect(fork).toBeGreaterThan(taken);
    const released = s.step((t) => t.thread === other && lockOp('unlock')(t.op), taken);
    expect(released === -1 || released > fork).toBe(true);
  });

  it('at the fork step the lock is held by that thread, which the child does not have', () => {
    const at = s.after(fork);
    const child = at.processes.find((p) => p.pid !== 1)!;
    for (const p of at.processes) {
      expect(p.locks.find((k) => k.name === 'plash_libc_lock')?.owner).toBe(other);
    }
    expect(at.threads.filter((t) => t.pid === child.pid).map((t) => t.tid)).not.toContain(other);
  });

  it('the child blocks forever in its first library call, and the parent in waitpid', () => {
    const childCall = lineOf(text, 'plash_open();           // the child');
    const lockLine = lineOf(text, 'pthread_mutex_lock(&plash_libc_lock);', lineOf(text, 'void plash_open(void) {'));
    expect(lockLine).toBeLessThan(childCall);
    const child = s.final.threads.find((t) => t.pid !== 1)!;
    expect(child).toMatchObject({ status: 'blocked', function: 'plash_open', blockedOn: 'lock plash_libc_lock' });
    expect(child.pos!.line).toBe(lockLine);
    const waits = s.result.finding!.waits!;
    expect(waits).toContainEqual(expect.objectContaining({ thread: child.tid, waitsFor: 'lock plash_libc_lock', heldBy: other }));
    expect(waits).toContainEqual(expect.objectContaining({ thread: 1, waitsFor: `process ${child.pid} to exit` }));
  });

  it('the child has installed its own connection before it hangs (close, dup2, close)', () => {
    const childOps = s.trace.filter((t) => t.process !== 1).map((t) => t.op);
    expect(childOps.filter((op) => /^(close|dup2)\(/.test(op))).toEqual(['close(3)', 'dup2(4, 3)', 'close(4)']);
  });
});

describe('4a: the wrong fixes fail for the lesson\'s reasons', () => {
  const wrong = (label: string) => new Story(ex('hold_lock'), ex('hold_lock').wrong!.find((w) => w.label.includes(label))!.text);

  it('unlocking only in the parent: the child\'s own thread waits for itself', () => {
    const s = wrong('only in the parent');
    expect(s.result.finding!.kind).toBe('lock-misuse');
    expect(s.result.finding!.message).toMatch(/acquires plash_libc_lock again while holding it/);
    expect(s.result.finding!.process).not.toBe(1);
  });

  it('re-initialising in the child: the copied exchange was half-way through', () => {
    const s = wrong('re-initialise');
    const other = s.thread('other_thread');
    const fork = s.step((t) => t.op.startsWith('fork'));
    const mem = s.after(fork).processes.find((p) => p.pid === 1)!.memory;
    const word = (name: string) => mem.find((m) => m.name === name)!.value;
    expect(word('conn.requests')).not.toBe(word('conn.replies'));
    expect(s.after(fork).processes[0]!.locks[0]!.owner).toBe(other);
    expect(s.result.finding).toMatchObject({ property: 'calls_paired' });
    expect(s.result.finding!.process).not.toBe(1);
  });

  it('re-initialising in the child passes the deadlock check alone: only the data invariant catches it', () => {
    const reinit = ex('hold_lock').wrong!.find((w) => w.label.includes('re-initialise'))!.text;
    expect(outcome(checkExercise(ex('hold_lock'), reinit, { properties: ['deadlock', 'lock-misuse'] }))).toBe('pass');
    expect(outcome(checkExercise(ex('hold_lock'), ex('hold_lock').starter, { properties: ['deadlock', 'lock-misuse'] }))).toBe('deadlock');
  });
});

describe('4b: the atfork handlers starter hangs the same way', () => {
  const s = new Story(ex('atfork_handlers'), ex('atfork_handlers').starter);
  const other = s.thread('other_thread');

  it('prepare releases the lock, the other thread takes it, and the child blocks on it', () => {
    const unlock = s.step((t) => t.thread === 1 && lockOp('unlock')(t.op));
    expect(s.where(s.trace[unlock]!.pos)).toBe('atfork_handlers.c:5');
    const taken = s.step((t) => t.thread === other && lockOp('lock')(t.op), unlock);
    const fork = s.step((t) => t.thread === 1 && t.op.startsWith('fork'), taken);
    expect(taken).toBeGreaterThan(unlock);
    expect(fork).toBeGreaterThan(taken);
    const child = s.final.threads.find((t) => t.pid !== 1)!;
    expect(child).toMatchObject({ status: 'blocked', function: 'plash_open', blockedOn: 'lock plash_libc_lock' });
    expect(s.result.finding!.waits).toContainEqual(expect.objectContaining({ thread: child.tid, heldBy: other }));
  });
});

describe('4c: the starter leaks one thread\'s cloned connection into the other\'s child', () => {
  const s = new Story(ex('fd_leak'), ex('fd_leak').starter);

  it('a child exits holding a descriptor cloned by the other thread', () => {
    expect(s.result.finding).toMatchObject({ property: 'child_fds_ok' });
    const child = s.result.finding!.process!;
    const exit = s.trace.findIndex((t) => t.process === child && t.op.startsWith('_exit'));
    const forkedBy = s.trace.find((t) => t.op.includes(`fork → child ${child}`))!.thread;
    // which thread opened each cloned connection
    const clones = s.trace
      .filter((t) => t.process === 1 && /^open\("plash-server"\) → fd \d+/.test(t.op))
      .slice(1) // the first is main's own comm_sock
      .map((t) => ({ thread: t.thread, fd: Number(/fd (\d+)/.exec(t.op)![1]) }));
    const fds = s.after(exit - 1).processes.find((p) => p.pid === child)!.fds.map((f) => f.fd);
    const leaked = clones.filter((c) => fds.includes(c.fd));
    expect(leaked.length).toBe(1);
    expect(leaked[0]!.thread).not.toBe(forkedBy);
  });

  it('the two-critical-section starter is a correct fix for 4a', () => {
    expect(outcome(checkExercise(ex('hold_lock'), ex('fd_leak').starter))).toBe('pass');
  });
});

describe('the sampling cell\'s claims hold for the simulator', () => {
  // The cell edits the model's thread count the same way before sampling.
  const rate = (n: number, fix: string) => {
    const spec = ex('hold_lock');
    const edited = { ...spec, modelUnits: spec.modelUnits.map((u) => ({ ...u, text: u.text.replace('#define OTHER_THREADS 1', `#define OTHER_THREADS ${n}`) })) };
    expect(edited.modelUnits[0]!.text).toContain(`#define OTHER_THREADS ${n}`);
    const system = createMachine(compile(exerciseUnits(edited, fix)).program!, {});
    const r = sampleRuns(system, { seed: 2007, runs: 400 });
    return r.failures / r.runs;
  };

  it('with one other thread, random scheduling finds the deadlock in roughly one run in four', () => {
    const one = rate(1, ex('hold_lock').starter);
    expect(one).toBeGreaterThan(0.1);
    expect(one).toBeLessThan(0.4);
  });

  it('more threads taking the lock make it easier to hit', () => {
    expect(rate(6, ex('hold_lock').starter)).toBeGreaterThan(rate(1, ex('hold_lock').starter) + 0.1);
  });

  it('random runs of the reference solution never fail', () => {
    expect(rate(3, ex('hold_lock').solutions![0]!.text)).toBe(0);
  });
});
