// The shortest counterexample: fewest preemptions first, then fewest steps.
// Preemptions depend on who ran last, so the search runs over (node, last
// actor) pairs of the explored graph — Dijkstra with the cost pair packed into
// one number (preemptions · 2^32 + steps). A preemption is a switch away from
// a thread that could still have run in the state where the switch happens;
// background actors (store buffers) neither preempt nor count as running.

import { GrowableFloat64, GrowableInt32 } from './growable.ts';
import { FINDING, type Graph } from './graph.ts';

const STEP = 1;
const PREEMPT = 2 ** 32;

export interface Path {
  /** edges from the initial node, in order */
  edges: number[];
  /** the node reached (for a path ending in a finding edge: that edge's source) */
  node: number;
  /** the path ends with this finding edge (its index is the last of `edges`) */
  findingEdge: boolean;
  preemptions: number;
  steps: number;
}

export interface Targets {
  /** nodes that end a path when reached */
  node?: (node: number) => boolean;
  /** also end at any edge whose target is FINDING */
  findingEdges?: boolean;
}

/** Cheapest path from node 0 to a target, or undefined when none is reachable. */
export function shortestPath(graph: Graph, targets: Targets, background: (actor: number) => boolean = () => false): Path | undefined {
  if (graph.store.size === 0) return undefined;
  const actors = graph.maxActor + 2;
  const index = new Map<number, number>();
  const nodeOf = new GrowableInt32();
  const lastOf = new GrowableInt32();
  const parent = new GrowableInt32();
  const via = new GrowableInt32();
  const cost = new GrowableFloat64();
  const heap = new Heap();
  // finding edges wait in the heap like nodes; item -(k + 1) is pending edge k
  const pendEdge = new GrowableInt32();
  const pendPair = new GrowableInt32();

  const reach = (node: number, last: number, c: number, from: number, edge: number): void => {
    const key = node * actors + (last + 1);
    let i = index.get(key);
    if (i === undefined) {
      i = nodeOf.push(node);
      lastOf.push(last);
      parent.push(from);
      via.push(edge);
      cost.push(c);
      index.set(key, i);
    } else if (c < cost.data[i]!) {
      cost.data[i] = c;
      parent.data[i] = from;
      via.data[i] = edge;
    } else {
      return;
    }
    heap.push(c, i);
  };

  reach(0, -1, 0, -1, -1);
  const targetOf = graph.target.data;
  const actorOf = graph.actor.data;
  while (heap.size > 0) {
    const c = heap.topCost();
    const item = heap.pop();
    if (item < 0) {
      const k = -item - 1;
      return build(pendPair.data[k]!, pendEdge.data[k]!, c);
    }
    if (c > cost.data[item]!) continue; // stale heap entry
    const node = nodeOf.data[item]!;
    if (targets.node?.(node)) return build(item, -1, c);
    const last = lastOf.data[item]!;
    const begin = graph.edgesBegin(node);
    const end = graph.edgesEnd(node);
    const lastEnabled = last >= 0 && graph.enabled(node, last);
    for (let e = begin; e < end; e++) {
      const target = targetOf[e]!;
      const a = actorOf[e]!;
      const bg = background(a);
      const step = STEP + (lastEnabled && a !== last && !bg ? PREEMPT : 0);
      if (target >= 0) {
        reach(target, bg ? last : a, c + step, item, e);
      } else if (target === FINDING && targets.findingEdges) {
        pendPair.push(item);
        heap.push(c + step, -pendEdge.push(e) - 1);
      }
    }
  }
  return undefined;

  function build(pair: number, edge: number, c: number): Path {
    const edges: number[] = [];
    let at = pair;
    if (edge >= 0) edges.push(edge);
    while (at >= 0 && via.data[at]! >= 0) {
      edges.push(via.data[at]!);
      at = parent.data[at]!;
    }
    edges.reverse();
    return {
      edges,
      node: nodeOf.data[pair]!,
      findingEdge: edge >= 0,
      preemptions: Math.floor(c / PREEMPT),
      steps: c % PREEMPT,
    };
  }
}

/** A binary min-heap of (cost, item); equal costs pop in insertion order, so results are deterministic. */
class Heap {
  private costs: Float64Array = new Float64Array(1024);
  private seqs: Float64Array = new Float64Array(1024);
  private items: Float64Array = new Float64Array(1024);
  private n = 0;
  private seq = 0;

  get size(): number {
    return this.n;
  }

  topCost(): number {
    return this.costs[0]!;
  }

  push(cost: number, item: number): void {
    if (this.n === this.costs.length) {
      this.costs = grow(this.costs);
      this.seqs = grow(this.seqs);
      this.items = grow(this.items);
    }
    let i = this.n++;
    const seq = this.seq++;
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (!before(cost, seq, this.costs[up]!, this.seqs[up]!)) break;
      this.move(up, i);
      i = up;
    }
    this.costs[i] = cost;
    this.seqs[i] = seq;
    this.items[i] = item;
  }

  pop(): number {
    const top = this.items[0]!;
    const n = --this.n;
    if (n > 0) {
      const cost = this.costs[n]!;
      const seq = this.seqs[n]!;
      const item = this.items[n]!;
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= n) break;
        if (child + 1 < n && before(this.costs[child + 1]!, this.seqs[child + 1]!, this.costs[child]!, this.seqs[child]!)) child++;
        if (!before(this.costs[child]!, this.seqs[child]!, cost, seq)) break;
        this.move(child, i);
        i = child;
      }
      this.costs[i] = cost;
      this.seqs[i] = seq;
      this.items[i] = item;
    }
    return top;
  }

  private move(from: number, to: number): void {
    this.costs[to] = this.costs[from]!;
    this.seqs[to] = this.seqs[from]!;
    this.items[to] = this.items[from]!;
  }
}

function before(c1: number, s1: number, c2: number, s2: number): boolean {
  return c1 < c2 || (c1 === c2 && s1 < s2);
}

function grow(a: Float64Array): Float64Array {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}
