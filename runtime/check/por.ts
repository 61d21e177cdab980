// Partial-order reduction, the explorer's half. The machine proposes, in a
// state, one transition that may be explored alone (TransitionSystem.
// ampleCandidate: the independence condition C1 and invariant visibility); here
// the explorer keeps it alone only when
//   C2  its step raises no finding and is not pruned (the explorer sees the outcome), and
//   C3  its successor is not yet expanded (new, or waiting in the breadth-first
//       queue: a later node id), so every reduced edge leads to a node later than
//       its source and every cycle of the reduced graph has a fully expanded node;
// otherwise the state is fully expanded.
//
// A reduced search answers only when it passes: safety findings and stuck states
// are reachable in the reduced graph iff in the full one, but the shortest
// counterexample (by preemptions, then steps) needs the full graph, so a failing
// reduced search is followed by the ordinary one. Non-termination: if the reduced
// graph has no cycle, neither has the full one (docs/CHECKER.md); if it has one,
// the ordinary search decides. Soundness argument: docs/CHECKER.md,
// "Partial-order reduction".

import type { Graph } from './graph.ts';
import { GrowableInt32 } from './growable.ts';
import { Search } from './search.ts';
import type { State, Transition, TransitionSystem } from './system.ts';
import type { CheckOptions } from './types.ts';

/** Does this check use a reduced search first? Only exhaustive, unbounded checks of a system that can propose ample steps. */
export function reductionApplies(system: TransitionSystem, options: CheckOptions): boolean {
  return options.reduction !== false && options.preemptions === undefined && typeof system.ampleCandidate === 'function';
}

/** What the reduced search did: nodes expanded by one step only; abandoned because a cycle may exist. */
export interface Reduced {
  nodes: number;
  abandoned: boolean;
}

/**
 * Makes `search` explore reduced: the hook Search.run calls with each node's
 * transitions. While `nodes` is 0 the search is exactly the ordinary one.
 *
 * It gives up (and the ordinary search runs) when, after every REVIEW_EVERY
 * expanded nodes, fewer than 1 in MIN_SHARE were reduced: not enough to pay
 * for itself.
 *
 * When non-termination is checked a reduced graph with a cycle cannot answer
 * (the full search must judge fairness), so the search gives up as soon as an
 * edge leads back to one of its source's breadth-first ancestors (a cycle, as a
 * spin-wait makes at once); cycles it does not see so are found at the end.
 */
export function reducedSearch(system: TransitionSystem, options: CheckOptions, started: number): { search: Search; reduced: Reduced } {
  const search = new Search(system, options, started, true);
  return { search, reduced: reduce(search) };
}

/** Every this many expanded nodes the reduced search checks that it pays off (early: a failing check pays the reduced search twice)... */
const REVIEW_EVERY = 128;
/** ...that is, that at least 1 node in this many was expanded by one step only. */
const MIN_SHARE = 8;

/** Steps walked up the breadth-first tree when an edge may close a cycle. */
const ANCESTRY_WALK = 256;

/** Is w among v's first ANCESTRY_WALK breadth-first ancestors (or v itself)? Then the edge v → w closes a cycle. */
function isAncestor(parent: Int32Array, depth: Int32Array, w: number, v: number): boolean {
  for (let steps = 0; steps <= ANCESTRY_WALK && v >= 0; steps++) {
    if (v === w) return true;
    if (depth[v]! <= depth[w]!) return false;
    v = parent[v]!;
  }
  return false;
}

function reduce(search: Search): Reduced {
  const { system, store, graph } = search;
  const reduced: Reduced = { nodes: 0, abandoned: false };
  const watchCycles = search.checks('non-termination');
  // breadth-first tree: the node each node was discovered from
  const parent = new GrowableInt32();
  parent.push(-1); // the initial node
  let scanned = 0;
  let review = REVIEW_EVERY;
  search.reduce = (state: State, moves: Transition[], node: number): Transition[] => {
    // A reduction that leaves little out does not pay for the full search a
    // failure or a cycle would still need: give up while that is cheap.
    if (search.expandedNodes >= review) {
      review += REVIEW_EVERY;
      if (reduced.nodes * MIN_SHARE < search.expandedNodes) {
        reduced.abandoned = true;
        search.done = true;
        return moves;
      }
    }
    if (watchCycles) {
      const depth = graph.depth.data;
      const target = graph.target.data;
      const source = graph.source.data;
      for (; scanned < graph.edges; scanned++) {
        const w = target[scanned]!;
        if (w < 0) continue;
        const v = source[scanned]!;
        if (w === parent.length) parent.push(v); // the edge that discovered w
        else if (depth[w]! <= depth[v]! && isAncestor(parent.data, depth, w, v)) {
          reduced.abandoned = true;
          search.done = true; // ends after this node, which is expanded in full
          return moves;
        }
      }
    }
    const i = system.ampleCandidate!(state, moves);
    if (i < 0) return moves;
    const t = moves[i]!;
    const out = system.step(state, t, false);
    // whether kept alone or not, the expansion uses this outcome instead of stepping t again
    search.ahead = { state, move: t, outcome: out };
    if (out.finding !== undefined || system.pruned(out.state)) return moves; // C2
    // C3: its successor is new or not yet expanded (a later id), so reduced edges go to later nodes only
    const seen = store.probe(out.state);
    if (seen >= 0 && seen <= node) return moves;
    reduced.nodes++;
    return [t];
  };
  return reduced;
}


/**
 * What a finished reduced search tells: 'final' — its verdict stands (a pass, or
 * out of time); 'redo' — run the ordinary search (a finding, a state limit, a
 * depth cut, or a cycle when non-termination is checked).
 */
export function reducedOutcome(search: Search, reduced: Reduced): 'final' | 'redo' {
  const { graph } = search;
  if (reduced.abandoned) return 'redo';
  if (graph.findings.length > 0 || graph.stuck.length > 0) return 'redo';
  // out of time or cancelled: the ordinary search would have no time left either.
  // A state limit is not final: the ordinary search may meet a finding before it.
  if (search.limit === 'time' || search.limit === 'cancelled') return 'final';
  if (search.limit !== undefined) return 'redo';
  if (search.depthCut) return 'redo';
  if (search.checks('non-termination') && hasCycle(graph)) return 'redo';
  return 'final';
}

/** Does the explored graph have a cycle (a self-loop included)? Kahn's algorithm: iterative, linear. */
export function hasCycle(graph: Graph): boolean {
  const n = graph.store.size;
  const indegree = new Int32Array(n);
  const targets = graph.target.data;
  const edges = graph.edges;
  for (let e = 0; e < edges; e++) {
    const w = targets[e]!;
    if (w >= 0) indegree[w]!++;
  }
  const queue = new Int32Array(n);
  let tail = 0;
  for (let v = 0; v < n; v++) if (indegree[v] === 0) queue[tail++] = v;
  for (let head = 0; head < tail; head++) {
    const v = queue[head]!;
    for (let e = graph.edgesBegin(v); e < graph.edgesEnd(v); e++) {
      const w = targets[e]!;
      if (w >= 0 && --indegree[w]! === 0) queue[tail++] = w;
    }
  }
  return tail < n;
}
