// The explored state graph, kept as flat arrays: node ids come from the state
// store in discovery order, and a node's outgoing edges are contiguous (a node
// is expanded in one go), so "edges of node n" is a range. Nodes are not
// necessarily expanded in id order (the bounded search goes by cost), and some
// are never expanded (their range is empty). Edges that lead nowhere are kept
// too (with a negative target) because fairness and preemption counting need
// to know which actors were enabled in a state, not only where they lead.

import { GrowableInt32 } from './growable.ts';
import type { StateStore } from './state-store.ts';
import type { Finding } from './system.ts';

/** the step leads into a state discarded by assume(false), or a finding of an unchecked property */
export const PRUNED = -1;
/** the step would exceed the preemption bound */
export const CUT = -2;
/** the step violates a checked property (see Graph.findings) */
export const FINDING = -3;
/**
 * A store-buffer drain left out by drain deferral (Search: another process's
 * drain while a thread runs that could go on, a drain an exit would flush, or
 * one that commutes with the running thread's move when no preemption is left).
 * Kept, like CUT, so that fairness sees the buffer as enabled in that state.
 */
export const DEFERRED = -4;

export interface EdgeFinding {
  /** the edge whose step raised it, or -1 when the initial state did */
  edge: number;
  node: number;
  finding: Finding;
}

export class Graph {
  readonly store: StateStore;
  /** first edge of each node, and one past its last (both 0 until it is expanded) */
  readonly edgeBegin = new GrowableInt32();
  readonly edgeEnd = new GrowableInt32();
  readonly target = new GrowableInt32(4096);
  readonly actor = new GrowableInt32(4096);
  readonly label = new GrowableInt32(4096);
  /** which node each edge leaves (filled for every edge, so edges can be walked backwards) */
  readonly source = new GrowableInt32(4096);
  /** depth of each node: the fewest steps from the initial node */
  readonly depth = new GrowableInt32();
  /** findings raised by steps, in discovery order */
  readonly findings: EdgeFinding[] = [];
  /** stuck, unterminated nodes and what system.stuck() said about them */
  readonly stuck: { node: number; finding: Finding }[] = [];
  /** largest actor id seen on any edge */
  maxActor = -1;

  constructor(store: StateStore) {
    this.store = store;
  }

  /** a node just stored, not expanded yet */
  addNode(depth: number): void {
    this.depth.push(depth);
    this.edgeBegin.push(0);
    this.edgeEnd.push(0);
  }

  /** the edges added from now until the next open() are `node`'s */
  open(node: number): void {
    this.edgeBegin.data[node] = this.edgeEnd.data[node] = this.target.length;
  }

  get edges(): number {
    return this.target.length;
  }

  edgesBegin(node: number): number {
    return this.edgeBegin.data[node]!;
  }

  edgesEnd(node: number): number {
    return this.edgeEnd.data[node]!;
  }

  addEdge(from: number, target: number, actor: number, label: number): number {
    this.target.push(target);
    this.actor.push(actor);
    this.label.push(label);
    if (actor > this.maxActor) this.maxActor = actor;
    this.edgeEnd.data[from] = this.target.length;
    return this.source.push(from);
  }

  /** is `actor` enabled in `node` (does any recorded edge of the node belong to it)? */
  enabled(node: number, actor: number): boolean {
    const end = this.edgesEnd(node);
    const actors = this.actor.data;
    for (let e = this.edgesBegin(node); e < end; e++) if (actors[e] === actor) return true;
    return false;
  }
}
