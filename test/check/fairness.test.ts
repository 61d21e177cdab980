// Tarjan's components and the weak-fairness test, against brute force on random graphs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { everyEdgeDeepens, fairComponents } from '../../runtime/check/fairness.ts';
import { Search } from '../../runtime/check/search.ts';
import type { TransitionSystem } from '../../runtime/check/system.ts';

/** a transition system that is just a graph: state [node]; edge k of a node has label k */
function graphSystem(adjacency: { to: number; actor: number }[][]): TransitionSystem {
  return {
    initial: () => ({ state: Int32Array.of(0) }),
    transitions: (s) => adjacency[s[0]!]!.map((e, k) => ({ label: k, actor: e.actor })),
    step: (s, t) => ({ state: Int32Array.of(adjacency[s[0]!]![t.label]!.to) }),
    terminated: () => false,
    stuck: () => ({ kind: 'deadlock', property: 'deadlock', message: 'stuck' }),
    pruned: () => false,
    snapshot: () => ({ processes: [], threads: [] }),
    actorName: (a) => `actor ${a}`,
  };
}

const randomGraph = fc.integer({ min: 1, max: 9 }).chain((n) =>
  fc.array(fc.array(fc.record({ to: fc.integer({ min: 0, max: n - 1 }), actor: fc.integer({ min: 0, max: 2 }) }), { maxLength: 3 }), { minLength: n, maxLength: n }));

describe('fair strongly connected components', () => {
  it('agree with brute force on random graphs', () => {
    fc.assert(fc.property(randomGraph, (adjacency) => {
      const search = new Search(graphSystem(adjacency), { properties: ['non-termination'] }, 0);
      search.run(Infinity, () => 0);
      const g = search.graph;
      const n = g.store.size;
      const orig = (id: number) => g.store.state(id)[0]!;
      const idOf = new Map(Array.from({ length: n }, (_, id) => [orig(id), id]));
      // brute force reachability over the original graph
      const reach = (from: number): Set<number> => {
        const seen = new Set([from]);
        const queue = [from];
        while (queue.length) for (const e of adjacency[queue.shift()!]!) if (!seen.has(e.to)) (seen.add(e.to), queue.push(e.to));
        return seen;
      };
      const reaches = new Map([...idOf.keys()].map((v) => [v, reach(v)]));
      const { component, fair } = fairComponents(g, () => false);
      const fairSet = new Set(fair);
      for (const u of idOf.keys()) {
        for (const v of idOf.keys()) {
          const same = reaches.get(u)!.has(v) && reaches.get(v)!.has(u);
          expect(component[idOf.get(u)!] === component[idOf.get(v)!]).toBe(same);
        }
        // brute-force fairness of u's component
        const members = [...idOf.keys()].filter((v) => reaches.get(u)!.has(v) && reaches.get(v)!.has(u));
        const inside = members.flatMap((v) => adjacency[v]!.filter((e) => members.includes(e.to)));
        const nonTrivial = members.length > 1 || adjacency[u]!.some((e) => e.to === u);
        const everywhere = [0, 1, 2].filter((a) => members.every((v) => adjacency[v]!.some((e) => e.actor === a)));
        const isFair = nonTrivial && everywhere.every((a) => inside.some((e) => e.actor === a));
        expect(fairSet.has(component[idOf.get(u)!]!)).toBe(isFair);
      }
    }), { numRuns: 300 });
  });

  it('survives a deep chain without recursion', () => {
    const n = 200_000;
    const adjacency = Array.from({ length: n }, (_, i) => [{ to: (i + 1) % n, actor: 0 }]);
    const search = new Search(graphSystem(adjacency), { properties: ['non-termination'], maxSteps: n + 1 }, 0);
    search.run(Infinity, () => 0);
    expect(search.complete).toBe(true);
    const { fair } = fairComponents(search.graph, () => false);
    expect(fair).toHaveLength(1);
  });
});

describe('the quick acyclicity test', () => {
  it('passes only graphs without a cycle (random graphs, against Tarjan), and passes layered ones', () => {
    fc.assert(fc.property(randomGraph, (adjacency) => {
      const search = new Search(graphSystem(adjacency), { properties: ['non-termination'] }, 0);
      search.run(Infinity, () => 0);
      if (everyEdgeDeepens(search.graph)) expect(fairComponents(search.graph, () => false).cyclic).toBe(false);
    }), { numRuns: 500, seed: 3 });
    // a diamond of two layers, every edge one step deeper
    const layered = new Search(graphSystem([[{ to: 1, actor: 0 }, { to: 2, actor: 1 }], [{ to: 3, actor: 1 }], [{ to: 3, actor: 0 }], []]), {}, 0);
    layered.run(Infinity, () => 0);
    expect(everyEdgeDeepens(layered.graph)).toBe(true);
    // a shortcut (0 → 2 beside 0 → 1 → 2) has no cycle, but the test cannot tell
    const shortcut = new Search(graphSystem([[{ to: 1, actor: 0 }, { to: 2, actor: 1 }], [{ to: 2, actor: 0 }], []]), {}, 0);
    shortcut.run(Infinity, () => 0);
    expect(everyEdgeDeepens(shortcut.graph)).toBe(false);
  });
});

describe('the cheapest counterexample', () => {
  it('has the fewest preemptions, then the fewest steps, on random graphs (checked by relaxation)', async () => {
    const { explore } = await import('../../runtime/check/explore.ts');
    const withBad = fc.integer({ min: 1, max: 9 }).chain((n) =>
      fc.array(fc.array(fc.record({ to: fc.integer({ min: 0, max: n - 1 }), actor: fc.integer({ min: 0, max: 2 }), bad: fc.boolean() }), { maxLength: 3 }), { minLength: n, maxLength: n }));
    fc.assert(fc.property(withBad, (adjacency) => {
      const system: TransitionSystem = {
        ...graphSystem(adjacency),
        step: (s, t) => {
          const e = adjacency[s[0]!]![t.label]!;
          return e.bad ? { state: Int32Array.of(e.to), finding: { kind: 'assertion', property: 'assertion', message: 'bad' } } : { state: Int32Array.of(e.to) };
        },
        terminated: () => true, // no deadlocks: only the bad edges are findings
      };
      const r = explore(system, { properties: ['assertion'] });
      // independent answer: Bellman-Ford style relaxation over (node, last actor)
      const INF = Number.POSITIVE_INFINITY;
      const key = (p: number, s: number) => p * 1000 + s;
      const dist = new Map<string, number>([['0,-1', 0]]);
      let best = INF;
      for (let round = 0; round < 100; round++) {
        let changed = false;
        for (const [k, d] of [...dist]) {
          const [u, last] = k.split(',').map(Number) as [number, number];
          const lastEnabled = last >= 0 && adjacency[u]!.some((e) => e.actor === last);
          for (const e of adjacency[u]!) {
            const c = d + key(lastEnabled && e.actor !== last ? 1 : 0, 1);
            if (e.bad) {
              best = Math.min(best, c);
              continue;
            }
            const k2 = `${e.to},${e.actor}`;
            if (c < (dist.get(k2) ?? INF)) {
              dist.set(k2, c);
              changed = true;
            }
          }
        }
        if (!changed) break;
      }
      if (best === INF) {
        expect(r.verdict).toBe('pass');
      } else {
        expect(r.verdict).toBe('fail');
        const p = r.trace!.filter((s) => s.preemption).length;
        expect(key(p, r.trace!.length)).toBe(best);
      }
    }), { numRuns: 300 });
  });
});

describe('the lasso shown for non-termination', () => {
  it('is a closed loop that is itself a weakly fair run, on random graphs', async () => {
    const { explore } = await import('../../runtime/check/explore.ts');
    const { replay } = await import('../../runtime/check/schedule.ts');
    let lassos = 0;
    fc.assert(fc.property(randomGraph, (adjacency) => {
      const system = graphSystem(adjacency);
      const r = explore(system, { properties: ['non-termination'] });
      if (r.verdict !== 'fail') return;
      lassos++;
      const again = replay(system, r.schedule!);
      expect(again.error).toBeUndefined();
      const nodes = again.states.map((s) => s[0]!);
      const start = r.loopStart!;
      expect(nodes[nodes.length - 1]).toBe(nodes[start]);
      const loopStates = nodes.slice(start, nodes.length - 1);
      const taken = new Set(again.trace.slice(start).map((s) => s.thread));
      for (const a of [0, 1, 2]) {
        if (loopStates.every((v) => adjacency[v]!.some((e) => e.actor === a))) expect(taken.has(a)).toBe(true);
      }
    }), { numRuns: 400 });
    expect(lassos).toBeGreaterThan(20);
  });
});
