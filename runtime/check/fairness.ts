// Non-termination under weak fairness. After the reachability search, the state
// graph's strongly connected components are computed (Tarjan's algorithm,
// iterative so deep graphs cannot overflow the JS stack). A run that stays in a
// component C forever and takes every edge of C infinitely often is weakly fair
// exactly when every actor enabled in *all* states of C has an edge inside C —
// and if that run is unfair, so is every other run confined to C, since a
// smaller cycle only adds continuously enabled actors and removes taken ones.
// So a non-trivial component is a non-termination finding iff that holds (and
// not every state in it is a finished one).
//
// Enabledness counts every step the machine offered, including those that
// led into pruned states or were cut by a preemption bound: an actor the bound
// stopped is still one that a fair scheduler would have run.

import { GrowableInt32 } from './growable.ts';
import type { Graph } from './graph.ts';

export interface FairComponents {
  /** component id of each node */
  component: Int32Array;
  /** fair component ids, in the order Tarjan closed them */
  fair: number[];
  /** for each fair component: the actors enabled in every one of its states */
  required: Map<number, number[]>;
  /** the graph has a cycle (a component of two nodes or more, or a self-loop), fair or not */
  cyclic: boolean;
}

/**
 * A cheap proof that the graph has no cycle, so no fair one: every edge leads
 * exactly one step deeper (along a cycle, depth would have to come back down).
 * Graphs of programs without loops usually pass it, and then Tarjan's
 * algorithm, a tenth of a big check's time, need not run. One pass over the
 * edges, in memory order.
 */
export function everyEdgeDeepens(graph: Graph): boolean {
  const targets = graph.target.data;
  const sources = graph.source.data;
  const depth = graph.depth.data;
  for (let e = 0, n = graph.edges; e < n; e++) {
    const w = targets[e]!;
    if (w >= 0 && depth[w] !== depth[sources[e]!]! + 1) return false;
  }
  return true;
}

/** `finished(node)`: every thread of the node's state has finished. */
export function fairComponents(graph: Graph, finished: (node: number) => boolean): FairComponents {
  const n = graph.store.size;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const component = new Int32Array(n).fill(-1);
  const onStack = new Uint8Array(n);
  const stack = new GrowableInt32();
  const callNode = new GrowableInt32();
  const callEdge = new GrowableInt32();
  const targets = graph.target.data;
  const fair: number[] = [];
  const required = new Map<number, number[]>();
  const actorCount = new Int32Array(graph.maxActor + 1);
  const actorStamp = new Int32Array(graph.maxActor + 1).fill(-1);
  const actorTaken = new Int32Array(graph.maxActor + 1).fill(-1);
  let counter = 0;
  let components = 0;
  let cyclic = false;

  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    enter(root);
    while (callNode.length > 0) {
      const top = callNode.length - 1;
      const v = callNode.data[top]!;
      const e = callEdge.data[top]!;
      if (e < graph.edgesEnd(v)) {
        callEdge.data[top] = e + 1;
        const w = targets[e]!;
        if (w < 0) continue;
        if (index[w] === -1) enter(w);
        else if (onStack[w]) low[v] = Math.min(low[v]!, index[w]!);
        continue;
      }
      callNode.length--;
      callEdge.length--;
      if (callNode.length > 0) {
        const parent = callNode.data[callNode.length - 1]!;
        low[parent] = Math.min(low[parent]!, low[v]!);
      }
      if (low[v] === index[v]) close(v);
    }
  }
  return { component, fair, required, cyclic };

  function enter(v: number): void {
    index[v] = low[v] = counter++;
    stack.push(v);
    onStack[v] = 1;
    callNode.push(v);
    callEdge.push(graph.edgesBegin(v));
  }

  function close(v: number): void {
    const id = components++;
    let start = stack.length;
    do {
      start--;
      const w = stack.data[start]!;
      onStack[w] = 0;
      component[w] = id;
    } while (stack.data[start] !== v);
    const members = stack.data.subarray(start, stack.length);
    stack.length = start;
    if (isFair(id, members)) fair.push(id);
  }

  function isFair(id: number, members: Int32Array): boolean {
    // trivial unless it has two nodes or a self-loop
    if (members.length === 1) {
      const v = members[0]!;
      let loop = false;
      for (let e = graph.edgesBegin(v); e < graph.edgesEnd(v); e++) if (targets[e] === v) loop = true;
      if (!loop) return false;
    }
    cyclic = true;
    const actors = graph.actor.data;
    const touched: number[] = [];
    let allFinished = true;
    for (let i = 0; i < members.length; i++) {
      const v = members[i]!;
      if (allFinished && !finished(v)) allFinished = false;
      for (let e = graph.edgesBegin(v); e < graph.edgesEnd(v); e++) {
        const a = actors[e]!;
        if (actorStamp[a] !== i) {
          // the first edge of actor a in member i: a is enabled in one more member
          if (actorStamp[a] === -1) touched.push(a);
          actorStamp[a] = i;
          actorCount[a]!++;
        }
        const w = targets[e]!;
        if (w >= 0 && component[w] === id) actorTaken[a] = id;
      }
    }
    const needed: number[] = [];
    let ok = !allFinished;
    for (const a of touched) {
      if (actorCount[a] === members.length) {
        needed.push(a);
        if (actorTaken[a] !== id) ok = false;
      }
      actorStamp[a] = -1;
      actorCount[a] = 0;
    }
    if (ok) required.set(id, needed.sort((x, y) => x - y));
    return ok;
  }
}

/**
 * A cycle through `entry` inside its component that takes a step of every
 * required actor (so the witness itself is a fair run), as a list of edges.
 */
export function fairLoop(graph: Graph, component: Int32Array, entry: number, required: readonly number[]): number[] {
  const id = component[entry]!;
  const loop: number[] = [];
  const covered = new Set<number>();
  let at = entry;
  for (const a of required) {
    if (covered.has(a)) continue;
    const path = pathInside(graph, component, id, at, (e) => graph.actor.data[e] === a);
    for (const e of path) covered.add(graph.actor.data[e]!);
    loop.push(...path);
    at = graph.target.data[path[path.length - 1]!]!;
  }
  if (at !== entry || loop.length === 0) loop.push(...pathInside(graph, component, id, at, (e) => graph.target.data[e] === entry));
  // The loop visits only some of the component's states, and an actor enabled
  // in all of *those* but never taken would make the loop shown, repeated, an
  // unfair run. Extend it until there is none: for such an actor the component
  // has a step of it inside, or a state where it is disabled (else the
  // component would not be fair), and the loop goes there and back.
  for (;;) {
    const x = unfairActor(graph, loop);
    if (x === undefined) return loop;
    const detour = pathInside(graph, component, id, entry, (e) => graph.actor.data[e] === x || !graph.enabled(graph.target.data[e]!, x));
    const end = graph.target.data[detour[detour.length - 1]!]!;
    loop.push(...detour);
    if (end !== entry) loop.push(...pathInside(graph, component, id, end, (e) => graph.target.data[e] === entry));
  }
}

/** an actor enabled in every state the loop passes through but never taken in it, if any */
function unfairActor(graph: Graph, loop: readonly number[]): number | undefined {
  const taken = new Set(loop.map((e) => graph.actor.data[e]!));
  const first = graph.source.data[loop[0]!]!;
  const candidates = new Set<number>();
  for (let e = graph.edgesBegin(first); e < graph.edgesEnd(first); e++) {
    const a = graph.actor.data[e]!;
    if (!taken.has(a)) candidates.add(a);
  }
  for (const a of [...candidates].sort((p, q) => p - q)) {
    if (loop.every((e) => graph.enabled(graph.source.data[e]!, a))) return a;
  }
  return undefined;
}

/** breadth-first, inside component `id`: the shortest edge list from `from` ending with an edge that satisfies `goal` */
function pathInside(graph: Graph, component: Int32Array, id: number, from: number, goal: (edge: number) => boolean): number[] {
  const reachedBy = new Map<number, number>([[from, -1]]);
  const queue = [from];
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q]!;
    for (let e = graph.edgesBegin(v); e < graph.edgesEnd(v); e++) {
      const w = graph.target.data[e]!;
      if (w < 0 || component[w] !== id) continue;
      if (goal(e)) {
        const path = [e];
        for (let x = v; reachedBy.get(x)! >= 0; x = graph.source.data[reachedBy.get(x)!]!) path.push(reachedBy.get(x)!);
        return path.reverse();
      }
      if (!reachedBy.has(w)) {
        reachedBy.set(w, e);
        queue.push(w);
      }
    }
  }
  throw new Error('internal: no path inside a strongly connected component');
}
