import { describe, expect, it } from 'vitest';
import { explore, exploreAsync } from '../../runtime/check/explore.ts';
import { replay } from '../../runtime/check/schedule.ts';
import type { CheckResult } from '../../runtime/check/types.ts';
import { acquire, counterRace, release, toy, type ToyStep } from './toy.ts';

const counter = (v: number, limit: number): ToyStep => ({
  op: `count ${v}`,
  run: (vars) => void (vars[v]! += 1),
  next: (vars, pc) => (vars[v]! < limit ? pc : pc + 1),
});

describe('exhaustive search', () => {
  it('counts every state of two independent counters and passes', () => {
    const r = explore(toy([0, 0], [[counter(0, 3)], [counter(1, 3)]]));
    expect(r.verdict).toBe('pass');
    // each thread: pc 0 with count 0..2, then finished with count 3 → 4 × 4
    expect(r.stats.states).toBe(16);
    expect(r.stats.transitions).toBe(24);
    expect(r.stats.maxDepth).toBe(6);
    expect(r.property).toContain('deadlock');
  });

  it('finds the lost update of an unlocked counter, with its trace and schedule', () => {
    const system = counterRace(false);
    const r = explore(system);
    expect(r.verdict).toBe('fail');
    expect(r.property).toBe('assertion');
    expect(r.finding?.message).toBe('x is 1, not 2');
    const ops = r.trace!.map((s) => `T${s.thread} ${s.op}`);
    // one preemption is enough: T1 loads, T2 runs, T1 stores
    expect(r.trace!.filter((s) => s.preemption)).toHaveLength(1);
    expect(ops).toEqual(['T1 load x', 'T2 load x', 'T2 store x', 'T2 done', 'T1 store x', 'T1 done', 'T3 assert x == 2']);
    const again = replay(system, r.schedule!);
    expect(again.error).toBeUndefined();
    expect(again.finding?.message).toBe('x is 1, not 2');
    expect(again.trace.map((s) => s.op)).toEqual(r.trace!.map((s) => s.op));
    expect(again.states).toHaveLength(r.trace!.length + 1);
  });

  it('passes the same counter under a lock', () => {
    const r = explore(counterRace(true));
    expect(r.verdict).toBe('pass');
    expect(r.stats.states).toBeGreaterThan(10);
  });

  it('reports a lock-order deadlock with who waits for what', () => {
    const r = explore(toy([0, 0], [[acquire(0), acquire(1), release(1), release(0)], [acquire(1), acquire(0), release(0), release(1)]]));
    expect(r.verdict).toBe('fail');
    expect(r.property).toBe('deadlock');
    expect(r.finding?.waits?.map((w) => w.waitsFor)).toEqual(['lock 1', 'lock 0']);
    expect(r.trace!.map((s) => `T${s.thread} ${s.op}`)).toEqual(['T1 lock 0', 'T2 lock 1']);
    expect(r.trace![1]!.preemption).toBe(true);
    expect(replay(counterRace(false), '').finding).toBeUndefined();
  });

  it('checks an invariant in every state', () => {
    const r = explore(toy([0], [[{ op: 'x = 1', run: (v) => void (v[0] = 1) }, { op: 'x = 5', run: (v) => void (v[0] = 5) }]], { invariant: (v) => v[0]! < 5 }));
    expect(r.verdict).toBe('fail');
    expect(r.property).toBe('inv');
    expect(r.trace).toHaveLength(2);
  });

  it('drops states pruned by assume(false)', () => {
    // a nondet choice of 0..3; assume(c < 2); assert(c < 2)
    const r = explore(toy([0], [[
      { op: 'c = nondet(0, 3)', choices: 4, run: (v, c) => void (v[0] = c) },
      { op: 'assume(c < 2)', run: (v) => (v[0]! < 2 ? undefined : 'prune') },
      { op: 'assert(c < 2)', run: (v) => (v[0]! < 2 ? undefined : 'c too big') },
    ]]));
    expect(r.verdict).toBe('pass');
  });

  it('treats findings of properties not asked about as pruned', () => {
    expect(explore(counterRace(false), { properties: ['deadlock'] }).verdict).toBe('pass');
    const r = explore(counterRace(false), { properties: ['assertion'] });
    expect(r.verdict).toBe('fail');
    expect(r.propertiesChecked).toEqual(['assertion']);
  });
});

describe('the shortest counterexample', () => {
  // T1: a = 1; a = 0; skip; a = 1 (ends with a = 1). T2: assert(a == 0).
  // Two steps fail with one preemption (T1 sets a, T2 runs at once); five steps
  // fail with none (T1 runs to completion, then T2). Fewer preemptions win.
  const system = () => toy([0], [
    [
      { op: 'a = 1', run: (v) => void (v[0] = 1) },
      { op: 'a = 0', run: (v) => void (v[0] = 0) },
      { op: 'skip' },
      { op: 'a = 1', run: (v) => void (v[0] = 1) },
    ],
    [{ op: 'assert(a == 0)', run: (v) => (v[0] === 0 ? undefined : 'a is set') }],
  ]);

  it('prefers fewer preemptions over fewer steps', () => {
    const r = explore(system());
    expect(r.verdict).toBe('fail');
    expect(r.trace!.map((s) => s.op)).toEqual(['a = 1', 'a = 0', 'skip', 'a = 1', 'assert(a == 0)']);
    expect(r.trace!.some((s) => s.preemption)).toBe(false);
  });

  it('within equal preemptions prefers fewer steps', () => {
    // with a spare thread that must run first, the 0-preemption route is longer
    const r = explore(toy([0], [
      [{ op: 'a = 1', run: (v) => void (v[0] = 1) }, { op: 'skip' }, { op: 'skip' }],
      [{ op: 'assert(a == 0)', run: (v) => (v[0] === 0 ? undefined : 'a is set') }],
    ]));
    expect(r.trace!.map((s) => s.op)).toEqual(['a = 1', 'skip', 'skip', 'assert(a == 0)']);
  });
});

describe('background actors (store buffers)', () => {
  // T1 buffers x = 1 (actor 1 drains it), then reads y; T2 sets y = 1 then reads x.
  // The bug (both read 0) needs no thread switch at all if drains are background.
  const sb = (background: boolean) => toy([0, 0, 0, 0], [
    [{ op: 'x = 1 (buffered)' }, { op: 'r1 = y', run: (v) => void (v[2] = v[1]!) }, { op: 'done', run: (v) => void (v[3]! += 1) }],
    [{ op: 'drain x', guard: (v) => v[0] === 0, run: (v) => void (v[0] = 1) }],
    [{ op: 'y = 1', run: (v) => void (v[1] = 1) }, { op: 'r2 = x', run: (v) => (v[0] === 0 && v[2] === 0 ? 'both read 0' : undefined) }],
  ], background ? { background: [1] } : {});

  it('never counts a drain as a preemption, in traces or under a bound', () => {
    const r = explore(sb(true), { preemptions: 0 });
    expect(r.verdict).toBe('fail');
    expect(r.trace!.some((s) => s.preemption)).toBe(false);
  });

  it('counts every actor switch when the system has no background actors', () => {
    const drainBetween = [0, 8, 0];
    expect(replay(sb(false), drainBetween).trace.map((s) => s.preemption)).toEqual([false, true, false]);
    expect(replay(sb(true), drainBetween).trace.map((s) => s.preemption)).toEqual([false, false, false]);
  });
});

describe('non-termination under weak fairness', () => {
  it('does not blame a spin-wait whose releaser never gets to run', () => {
    const r = explore(toy([0], [
      [{ op: 'while (!flag)', next: (v, pc) => (v[0] ? pc + 1 : pc) }],
      [{ op: 'flag = 1', run: (v) => void (v[0] = 1) }],
    ]));
    expect(r.verdict).toBe('pass');
  });

  it('does not blame a loop that waits on a buffered store that never drains', () => {
    // actor 1 is a "store buffer": one drain step, always enabled until taken
    const r = explore(toy([0], [
      [{ op: 'while (!x)', next: (v, pc) => (v[0] ? pc + 1 : pc) }],
      [{ op: 'drain x = 1', run: (v) => void (v[0] = 1) }],
    ], { names: ['thread 1 (pid 1)', 'store buffer of thread 1'] }));
    expect(r.verdict).toBe('pass');
  });

  it('reports a walk of a circular list as a lasso naming the looping thread', () => {
    // T1 walks p = next[p] until p == 0 over the cycle 1 → 2 → 1; T2 runs once.
    const r = explore(toy([1, 2, 1], [
      [{ op: 'p = p->next', line: 7, run: (v) => void (v[0] = v[v[0]!]!), next: (v, pc) => (v[0] === 0 ? pc + 1 : pc) }],
      [{ op: 'other', line: 9 }],
    ]));
    expect(r.verdict).toBe('fail');
    expect(r.property).toBe('non-termination');
    expect(r.finding?.message).toMatch(/^thread 1 \(pid 1\) can run forever/);
    expect(r.finding?.pos?.line).toBe(7);
    expect(r.loopStart).toBeGreaterThanOrEqual(0);
    const loop = r.trace!.slice(r.loopStart);
    expect(loop.length).toBeGreaterThan(0);
    expect(loop.every((s) => s.thread === 1)).toBe(true);
    // the stem lets the other thread finish first (else it would be continuously enabled and untaken)
    expect(r.trace!.slice(0, r.loopStart).some((s) => s.thread === 2)).toBe(true);
  });

  it('reports a fair cycle in which two threads hand a token back and forth forever', () => {
    const r = explore(toy([0], [
      [{ op: 'take if 0', guard: (v) => v[0] === 0, run: (v) => void (v[0] = 1), next: (_v, pc) => pc }],
      [{ op: 'take if 1', guard: (v) => v[0] === 1, run: (v) => void (v[0] = 0), next: (_v, pc) => pc }],
    ]));
    expect(r.verdict).toBe('fail');
    expect(r.property).toBe('non-termination');
    expect(new Set(r.trace!.slice(r.loopStart).map((s) => s.thread))).toEqual(new Set([1, 2]));
  });

  it('can be left out with the properties option', () => {
    const looping = toy([0], [[{ op: 'spin', next: (_v, pc) => pc }]]);
    expect(explore(looping).property).toBe('non-termination');
    expect(explore(looping, { properties: ['deadlock'] }).verdict).toBe('pass');
  });
});

describe('bounds', () => {
  const big = () => toy([0, 0, 0], [[counter(0, 60)], [counter(1, 60)], [counter(2, 60)]]);

  it('never passes when a state bound cuts the search', () => {
    const r = explore(big(), { maxStates: 1000 });
    expect(r.verdict).toBe('inconclusive');
    expect(r.limit).toBe('states');
    expect(r.stats.states).toBe(1000);
  });

  it('never passes when the depth bound cuts the search', () => {
    const r = explore(big(), { maxSteps: 10 });
    expect(r.verdict).toBe('inconclusive');
    expect(r.limit).toBe('steps');
    expect(r.stats.maxDepth).toBe(10);
  });

  it('stops on time', () => {
    const r = explore(big(), { timeoutMs: 5 });
    expect(r.verdict).toBe('inconclusive');
    expect(r.limit).toBe('time');
  });

  it('stops when cancelled, also asynchronously', async () => {
    expect(explore(big(), { signal: { aborted: true } }).limit).toBe('cancelled');
    // the abort arrives from outside while the search is running, as a worker message would
    const signal = { aborted: false };
    const progress: number[] = [];
    const r = await exploreAsync(big(), {
      signal,
      onProgress: (p) => {
        progress.push(p.states);
        if (progress.length === 2) setTimeout(() => (signal.aborted = true), 0);
      },
    });
    expect(r.verdict).toBe('inconclusive');
    expect(r.limit).toBe('cancelled');
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress[1]!).toBeGreaterThan(progress[0]!);
  });

  it('still fails when the finding came before the limit', () => {
    const r = explore(toy([0, 0], [[{ op: 'boom', run: () => 'boom' }], [counter(1, 100000)]]), { maxStates: 50 });
    expect(r.verdict).toBe('fail');
  });

  it('passes within a preemption bound, and stating the bound', () => {
    const zero = explore(counterRace(false), { preemptions: 0 });
    expect(zero.verdict).toBe('pass');
    expect(zero.options.preemptions).toBe(0);
    const one = explore(counterRace(false), { preemptions: 1 });
    expect(one.verdict).toBe('fail');
    expect(one.trace!.filter((s) => s.preemption)).toHaveLength(1);
  });

  it('does not invent non-termination when the bound stops the thread a spinner waits for', () => {
    const r = explore(toy([0], [
      [{ op: 'while (!flag)', next: (v, pc) => (v[0] ? pc + 1 : pc) }],
      [{ op: 'flag = 1', run: (v) => void (v[0] = 1) }],
    ]), { preemptions: 0 });
    expect(r.verdict).toBe('pass');
  });
});

describe('determinism', () => {
  const strip = (r: CheckResult) => ({ ...r, stats: { ...r.stats, elapsedMs: 0, statesPerSecond: 0 } });
  it('gives the same verdict, trace and stats every time', () => {
    const a = explore(counterRace(false));
    const b = explore(counterRace(false));
    expect(strip(a)).toEqual(strip(b));
  });
});
