// The bounded search in cost order: it stops early on a failure, skips covered
// nodes, and still gives exactly what the plain breadth-first search of the
// whole bounded graph gives (verdict, property, schedule, lasso), which is kept
// as the reference plan.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explore } from '../../runtime/check/explore.ts';
import { Frontier } from '../../runtime/check/frontier.ts';
import { Search, type SearchPlan } from '../../runtime/check/search.ts';
import type { TransitionSystem } from '../../runtime/check/system.ts';
import type { CheckResult } from '../../runtime/check/types.ts';
import { counterRace, toy, type ToyStep } from './toy.ts';

const PLANS: SearchPlan[] = ['breadth-first', 'cost', 'cost+dominance'];

/** what a student sees of a result: everything but the statistics */
const seen = (r: CheckResult) => ({
  verdict: r.verdict, property: r.property, limit: r.limit, schedule: r.schedule, loopStart: r.loopStart,
  finding: r.finding?.message, preemptions: r.trace?.filter((s) => s.preemption).length,
});

/**
 * A transition system that is just a graph: state [node]. Edge k of a node has
 * label k; an edge with `bad` fails an assertion; a node without edges is
 * stuck unless it is `done`. Actor 3 is a background actor (a store buffer).
 */
interface Edge { to: number; actor: number; bad: boolean }
function graphSystem(adjacency: Edge[][], done: boolean[]): TransitionSystem {
  return {
    initial: () => ({ state: Int32Array.of(0) }),
    transitions: (s) => adjacency[s[0]!]!.map((e, k) => ({ label: k, actor: e.actor })),
    step: (s, t, record) => {
      const e = adjacency[s[0]!]![t.label]!;
      const out: ReturnType<TransitionSystem['step']> = { state: Int32Array.of(e.to) };
      if (e.bad) out.finding = { kind: 'assertion', property: 'assertion', message: `bad edge ${s[0]}→${e.to}` };
      if (record) out.event = { thread: t.actor + 1, process: 1, op: `${s[0]}→${e.to}`, reads: [], writes: [] };
      return out;
    },
    terminated: (s) => done[s[0]!]!,
    stuck: (s) => ({ kind: 'deadlock', property: 'deadlock', message: `stuck in ${s[0]}` }),
    pruned: () => false,
    snapshot: () => ({ processes: [], threads: [] }),
    actorName: (a) => `actor ${a}`,
    isBackground: (a) => a === 3,
  };
}

const randomSystem = fc.integer({ min: 1, max: 12 }).chain((n) => fc.record({
  adjacency: fc.array(fc.array(fc.record({
    to: fc.integer({ min: 0, max: n - 1 }),
    actor: fc.integer({ min: 0, max: 3 }),
    bad: fc.integer({ min: 0, max: 9 }).map((x) => x < 2),
  }), { maxLength: 4 }), { minLength: n, maxLength: n }),
  done: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
  bound: fc.integer({ min: 0, max: 3 }),
}));

describe('the bounded search gives what the breadth-first search of the whole bounded graph gives', () => {
  it('on random graphs with findings on edges, stuck states, cycles and a background actor', () => {
    fc.assert(fc.property(randomSystem, ({ adjacency, done, bound }) => {
      const system = graphSystem(adjacency, done);
      const reference = seen(explore(system, { preemptions: bound }, 'breadth-first'));
      for (const plan of PLANS) expect(seen(explore(system, { preemptions: bound }, plan)), plan).toEqual(reference);
      // without a bound, the race's bounded search is a cost-ordered one too
      const unbounded = seen(explore(system, {}, 'breadth-first'));
      expect(seen(explore(system, {}))).toEqual(unbounded);
    }), { numRuns: 1500 });
  });

  it('under a depth bound too', () => {
    fc.assert(fc.property(randomSystem, fc.integer({ min: 1, max: 4 }), ({ adjacency, done, bound }, maxSteps) => {
      const system = graphSystem(adjacency, done);
      const options = { preemptions: bound, maxSteps };
      const reference = seen(explore(system, options, 'breadth-first'));
      expect(seen(explore(system, options, 'cost'))).toEqual(reference);
      // A covered node's future is explored through its cover, at no greater
      // depth: where the breadth-first search ran into the depth bound below a
      // covered node, the search with dominance may see everything (see
      // docs/CHECKER.md). Nowhere else may it differ.
      const dominance = seen(explore(system, options, 'cost+dominance'));
      if (reference.limit !== 'steps') expect(dominance).toEqual(reference);
      if (dominance.limit === 'steps') expect(reference.limit).toBe('steps');
    }), { numRuns: 800 });
  });
});

describe('stopping early', () => {
  const counter = (v: number, limit: number): ToyStep => ({
    op: `count ${v}`,
    run: (vars) => void (vars[v]! += 1),
    next: (vars, pc) => (vars[v]! < limit ? pc : pc + 1),
  });
  // the lost update of counterRace, next to two long counting threads that only make the graph big
  const raceAmongCounters = () => toy([0, 0, 0, 0, 0, 0, 0], [
    [{ op: 'load x', run: (v) => void (v[2] = v[0]!) }, { op: 'store x', run: (v) => void (v[0] = v[2]! + 1) }, { op: 'done', run: (v) => void (v[4]! += 1) }],
    [{ op: 'load x', run: (v) => void (v[3] = v[0]!) }, { op: 'store x', run: (v) => void (v[0] = v[3]! + 1) }, { op: 'done', run: (v) => void (v[4]! += 1) }],
    [{ op: 'assert x == 2', guard: (v) => v[4] === 2, run: (v) => (v[0] === 2 ? undefined : `x is ${v[0]}, not 2`) }],
    [counter(5, 30)],
    [counter(6, 30)],
  ]);

  it('expands only what can lead to a counterexample as cheap as the first one, and finds the same one', () => {
    const whole = explore(raceAmongCounters(), { preemptions: 2 }, 'breadth-first');
    const early = explore(raceAmongCounters(), { preemptions: 2 });
    expect(whole.verdict).toBe('fail');
    expect(seen(early)).toEqual(seen(whole));
    expect(early.trace!.map((s) => s.op)).toEqual(whole.trace!.map((s) => s.op));
    expect(early.stats.states * 10).toBeLessThan(whole.stats.states);
  });

  it('gives the same graph when its work is cut into time slices', () => {
    const whole = new Search(raceAmongCounters(), { preemptions: 2 }, 0);
    whole.run(Infinity, () => 0);
    const sliced = new Search(raceAmongCounters(), { preemptions: 2 }, 0);
    let slices = 0;
    // every 16 expansions the clock is past the slice's end
    while (!sliced.run(-1, () => 0)) slices++;
    expect(slices).toBeGreaterThan(3);
    expect(sliced.stoppedAtCost).toBe(true);
    expect(sliced.store.size).toBe(whole.store.size);
    expect(Array.from(sliced.graph.target.data.subarray(0, sliced.graph.edges))).toEqual(Array.from(whole.graph.target.data.subarray(0, whole.graph.edges)));
  });

  it('still explores everything within the bound when the model passes', () => {
    const system = () => counterRace(true);
    const whole = explore(system(), { preemptions: 2 }, 'breadth-first');
    const cost = explore(system(), { preemptions: 2 }, 'cost');
    expect(whole.verdict).toBe('pass');
    expect(cost.verdict).toBe('pass');
    expect(cost.stats.states).toBe(whole.stats.states);
    expect(cost.stats.transitions).toBe(whole.stats.transitions);
    expect(cost.stats.maxDepth).toBe(whole.stats.maxDepth);
  });

  it('reports a stuck state that costs no more than a finding seen on an edge first', () => {
    // 0 -a0-> 1 (stuck) and 0 -a1-> 2 -a1 bad->: the deadlock costs one step and
    // one preemption is not needed for either; the cheaper (fewer steps) wins
    const system = graphSystem([[{ to: 1, actor: 0, bad: false }, { to: 2, actor: 1, bad: false }], [], [{ to: 0, actor: 1, bad: true }]], [false, false, false]);
    for (const plan of PLANS) {
      const r = explore(system, { preemptions: 1 }, plan);
      expect(r.property, plan).toBe('deadlock');
      expect(r.trace, plan).toHaveLength(1);
    }
  });
});

describe('covered nodes', () => {
  // T1 takes two steps and T2 one; T3 spins until both are done, then stops.
  // The state after all three of T1 and T2's steps is reached with last = T1
  // both with no preemption (T2 first) and with one (T1, T2, T1): the second
  // node is covered, and nothing after it is expanded twice.
  const system = () => toy([0, 0], [
    [{ op: 'a', run: (v) => void (v[0]! += 1) }, { op: 'b', run: (v) => void (v[0]! += 1) }],
    [{ op: 'c', run: (v) => void (v[1]! += 1) }],
    [{ op: 'wait', next: (v, pc) => (v[0] === 2 && v[1] === 1 ? pc + 1 : pc) }],
  ]);

  it('are not expanded, and change nothing in the verdict or the graph that matters', () => {
    const search = new Search(system(), { preemptions: 2 }, 0, false, 'cost+dominance');
    search.run(Infinity, () => 0);
    expect(search.coveredNodes).toBeGreaterThan(0);
    const plain = new Search(system(), { preemptions: 2 }, 0, false, 'cost');
    plain.run(Infinity, () => 0);
    expect(plain.coveredNodes).toBe(0);
    expect(search.graph.edges).toBeLessThan(plain.graph.edges);
    for (const plan of PLANS) expect(seen(explore(system(), { preemptions: 2 }, plan)), plan).toEqual(seen(explore(system(), { preemptions: 2 }, 'breadth-first')));
  });
});

describe('the frontier', () => {
  it('gives nodes by preemptions, then depth, then the order they were queued in', () => {
    const f = new Frontier();
    f.push(10, 1, 0);
    f.push(11, 0, 3);
    f.push(12, 0, 1);
    f.push(13, 0, 1);
    f.push(14, 2, 0);
    const order: [number, number, number][] = [];
    for (let n = f.peek(); n >= 0; n = f.peek()) {
      order.push([n, f.levelOf, f.depthOf]);
      f.drop();
      if (n === 12) f.push(15, 0, 2); // queued while the sweep is under way, at a later cost
    }
    expect(order).toEqual([[12, 0, 1], [13, 0, 1], [15, 0, 2], [11, 0, 3], [10, 1, 0], [14, 2, 0]]);
  });
});
