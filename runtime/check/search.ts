// The reachability search: breadth-first over the machine's states, storing
// each distinct state once and every edge between them. It is resumable — run()
// does work until a deadline and returns — so the same search serves the
// synchronous API and the Web Worker, which must yield to see a cancellation.
//
// With a preemption bound a search node is (state, last actor, preemptions
// used): the same machine state reached with more preemptions spent may still
// have to be explored again, so both numbers are part of the node's identity.

import { CUT, FINDING, Graph, PRUNED } from './graph.ts';
import { StateStore } from './state-store.ts';
import type { State, Transition, TransitionSystem } from './system.ts';
import type { CheckOptions, CheckResult } from './types.ts';

export const DEFAULTS = { maxStates: 2_000_000, maxSteps: 10_000, timeoutMs: 30_000 } as const;

/** Stored words beyond which the search stops with limit 'states' (1 GiB), whatever maxStates says. */
export const MAX_ARENA_WORDS = 1 << 28;

export type Limit = NonNullable<CheckResult['limit']>;

export class Search {
  readonly system: TransitionSystem;
  readonly graph: Graph;
  readonly store: StateStore;
  readonly bound: number | undefined;
  readonly maxStates: number;
  readonly maxSteps: number;
  readonly properties: Set<string> | undefined;
  /** the first resource limit that cut the search */
  limit: Limit | undefined;
  /** some node at the depth bound still had moves, so the graph is not complete */
  depthCut = false;
  /** some step was not taken because of the preemption bound */
  boundCut = false;
  done = false;
  /** the search stopped at its first finding (stopAtFinding) */
  stoppedEarly = false;
  maxDepth = 0;
  /**
   * Stop once a finding has been seen, after finishing the node that showed it
   * (so every expanded node's edge list, which preemption counting reads, is whole).
   */
  stopAtFinding: boolean;
  private readonly started: number;
  private readonly deadline: number;
  private readonly signal: { aborted: boolean } | undefined;
  /** actors whose steps are never preemptions (store buffers) */
  readonly background: (actor: number) => boolean;
  /** partial-order reduction (por.ts): the transitions to expand at a node with more than one */
  reduce: ((state: State, moves: Transition[], node: number) => Transition[]) | undefined = undefined;

  constructor(system: TransitionSystem, options: CheckOptions, now: number, stopAtFinding = false) {
    this.system = system;
    this.stopAtFinding = stopAtFinding;
    this.background = system.isBackground ? (a) => system.isBackground!(a) : () => false;
    this.bound = options.preemptions;
    if (this.bound !== undefined && !(Number.isInteger(this.bound) && this.bound >= 0)) {
      throw new RangeError(`preemption bound must be a whole number ≥ 0, not ${this.bound}`);
    }
    this.store = new StateStore(this.bound === undefined ? 0 : 2);
    this.graph = new Graph(this.store);
    this.maxStates = options.maxStates ?? DEFAULTS.maxStates;
    this.maxSteps = options.maxSteps ?? DEFAULTS.maxSteps;
    this.properties = options.properties ? new Set(options.properties) : undefined;
    this.started = now;
    this.deadline = now + (options.timeoutMs ?? DEFAULTS.timeoutMs);
    this.signal = options.signal;
    this.begin();
  }

  /** is this property one the caller asked about? (unlisted findings are treated as pruned) */
  checks(property: string): boolean {
    return this.properties === undefined || this.properties.has(property);
  }

  private begin(): void {
    const first = this.system.initial();
    if (first.finding && this.checks(first.finding.property)) {
      this.graph.findings.push({ edge: -1, node: -1, finding: first.finding });
      this.done = true;
      return;
    }
    if (first.finding || this.system.pruned(first.state)) {
      this.done = true;
      return;
    }
    this.store.probe(first.state, -1, 0);
    this.store.insertProbed(-1, 0);
    this.graph.depth.push(0);
  }

  /**
   * Expands nodes until the search is complete, a limit is hit, or the clock
   * passes `sliceEnd`. Returns true when the search is over.
   */
  run(sliceEnd: number, now: () => number, budget = Infinity): boolean {
    const { system, graph, store } = this;
    const bounded = this.bound !== undefined;
    let sinceClock = 0;
    let spent = 0;
    while (!this.done) {
      if (this.stopAtFinding && (graph.findings.length > 0 || graph.stuck.length > 0)) {
        this.stoppedEarly = true;
        this.done = true;
        break;
      }
      const node = graph.expanded;
      if (node >= store.size) {
        this.done = true;
        break;
      }
      // a budget of expansions, not of time, keeps two searches racing deterministically
      if (spent++ >= budget) return false;
      if (++sinceClock >= 16) {
        sinceClock = 0;
        const t = now();
        if (this.signal?.aborted) return this.stop('cancelled');
        if (t >= this.deadline) return this.stop('time');
        if (t >= sliceEnd) return false;
      }
      const state = store.state(node);
      const depth = graph.depth.data[node]!;
      const moves = system.transitions(state);
      graph.edgeStart.push(graph.edges);
      if (moves.length === 0) {
        if (!system.terminated(state)) {
          const finding = system.stuck(state);
          if (this.checks(finding.property)) graph.stuck.push({ node, finding });
        }
        continue;
      }
      if (depth >= this.maxSteps) {
        // Not expanded: its edges stay unknown and the graph incomplete.
        this.depthCut = true;
        continue;
      }
      const chosen = this.reduce !== undefined && moves.length > 1 ? this.reduce(state, moves, node) : moves;
      let last = -1;
      let used = 0;
      let lastEnabled = false;
      if (bounded) {
        last = store.extra(node, 0);
        used = store.extra(node, 1);
        lastEnabled = last >= 0 && hasActor(moves, last);
      }
      for (let i = 0; i < chosen.length; i++) {
        const t = chosen[i]!;
        let spent = used;
        const background = this.background(t.actor);
        if (bounded && lastEnabled && t.actor !== last && !background) {
          spent++;
          if (spent > this.bound!) {
            graph.addEdge(node, CUT, t.actor, t.label);
            this.boundCut = true;
            continue;
          }
        }
        const out = system.step(state, t, false);
        if (out.finding) {
          if (this.checks(out.finding.property)) {
            const edge = graph.addEdge(node, FINDING, t.actor, t.label);
            graph.findings.push({ edge, node, finding: out.finding });
          } else {
            graph.addEdge(node, PRUNED, t.actor, t.label);
          }
          continue;
        }
        if (system.pruned(out.state)) {
          graph.addEdge(node, PRUNED, t.actor, t.label);
          continue;
        }
        const runner = background ? last : t.actor;
        let target = store.probe(out.state, runner, spent);
        if (target < 0) {
          if (store.size >= this.maxStates || store.arenaWords >= MAX_ARENA_WORDS) {
            // The graph stays consistent: this node's edge list is simply short.
            return this.stop('states');
          }
          target = store.insertProbed(runner, spent);
          graph.depth.push(depth + 1);
          if (depth + 1 > this.maxDepth) this.maxDepth = depth + 1;
        }
        graph.addEdge(node, target, t.actor, t.label);
      }
    }
    return true;
  }

  /** go on past the first finding, to the end of the graph */
  resume(): void {
    if (this.limit !== undefined || !this.stoppedEarly) return;
    this.stopAtFinding = false;
    this.stoppedEarly = false;
    this.done = false;
  }

  private stop(limit: Limit): true {
    this.limit = limit;
    this.done = true;
    return true;
  }

  /** the search saw every reachable node (within the preemption bound, if any) */
  get complete(): boolean {
    return this.done && this.limit === undefined && !this.depthCut;
  }

  elapsed(now: number): number {
    return now - this.started;
  }
}

function hasActor(moves: Transition[], actor: number): boolean {
  for (let i = 0; i < moves.length; i++) if (moves[i]!.actor === actor) return true;
  return false;
}
