// The reachability search: over the machine's states, storing each distinct
// node once and every edge between them. It is resumable — run() does work
// until a deadline and returns — so the same search serves the synchronous API
// and the Web Worker, which must yield to see a cancellation.
//
// Without a preemption bound a node is a machine state and the order is
// breadth-first (node ids in discovery order). With a bound a node is (state,
// last actor, preemptions used): the same machine state reached with more
// preemptions spent may still have to be explored again, so both numbers are
// part of the node's identity. The bounded search expands nodes in order of
// cost (preemptions, then depth: frontier.ts), which lets it
//  - stop once every node that could still lead to a cheaper finding than the
//    cheapest seen so far has been expanded (the graph then holds the very
//    counterexample the whole graph would give, see docs/CHECKER.md), and
//  - skip a node (s, l, u) when (s, l, u') with u' < u was already expanded at
//    a depth no larger: everything after it is reachable from that one, step
//    for step, with fewer preemptions and no more steps ("covered").

import { Frontier } from './frontier.ts';
import { CUT, DEFERRED, FINDING, Graph, PRUNED } from './graph.ts';
import { GrowableInt32 } from './growable.ts';
import { StateStore } from './state-store.ts';
import type { State, StepOutcome, Transition, TransitionSystem } from './system.ts';
import type { CheckOptions, CheckResult } from './types.ts';

export const DEFAULTS = { maxStates: 2_000_000, maxSteps: 10_000, timeoutMs: 30_000 } as const;

/** Stored words beyond which the search stops with limit 'states' (1 GiB), whatever maxStates says. */
export const MAX_ARENA_WORDS = 1 << 28;

export type Limit = NonNullable<CheckResult['limit']>;

/** cost of a path as one number, as in shortest.ts: preemptions · 2^32 + steps */
const PREEMPTION = 2 ** 32;

/** what became of a node */
const QUEUED = 0;
const EXPANDED = 1;
/** at the depth bound with moves left: not expanded */
const DEPTH_CUT = 2;
/** not expanded: an expanded node with the same state and last actor covers it */
const COVERED = 3;

/**
 * How a bounded search orders its work. The default is the fastest; the plain
 * breadth-first order over the whole bounded graph is kept as the reference
 * the other plans are tested against.
 */
export type SearchPlan = 'breadth-first' | 'cost' | 'cost+dominance';

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
  /** the bounded search stopped because no node left could lead to a cheaper finding */
  stoppedAtCost = false;
  maxDepth = 0;
  /** nodes skipped because another covers them */
  coveredNodes = 0;
  /**
   * Drain deferral (bounded search of a machine with processOf): while a thread
   * runs that could go on running, drains of *other* processes' store buffers
   * wait, unless one could matter to their process before it steps; and with no
   * preemption left, an exit swallows its own process's drains when the machine
   * says they would vanish in it, and a drain that commutes with the running
   * thread's one move waits past it (docs/CHECKER.md, "Drain deferral").
   */
  readonly deferDrains: boolean;
  /** drains deferred so far (DEFERRED edges) */
  deferredEdges = 0;
  readonly plan: SearchPlan;
  /**
   * Stop once a finding has been seen, after finishing the node that showed it
   * (so every expanded node's edge list, which preemption counting reads, is whole).
   */
  stopAtFinding: boolean;
  private readonly started: number;
  private readonly deadline: number;
  private readonly signal: { aborted: boolean } | undefined;
  /** bounded, cost-ordered: nodes not yet expanded */
  private readonly frontier: Frontier | undefined;
  /** breadth-first: the next node id to expand */
  private nextInOrder = 0;
  /** nodes taken for expansion so far (por.ts reviews its share of reduced nodes against it) */
  expandedNodes = 0;
  /** QUEUED, EXPANDED, DEPTH_CUT or COVERED, per node */
  private readonly status = new GrowableInt32();
  /** the cost (PREEMPTION · preemptions + steps) of the cheapest finding seen, along the path that found it */
  private cheapestSeen = Infinity;
  /** actors whose steps are never preemptions (store buffers) */
  readonly background: (actor: number) => boolean;
  /** partial-order reduction (por.ts): the transitions to expand at a node with more than one */
  reduce: ((state: State, moves: Transition[], node: number) => Transition[]) | undefined = undefined;
  /**
   * A step the reduction has already taken from this very state to look at its
   * outcome (por.ts): the expansion uses that outcome instead of stepping twice.
   * A field rather than a wrapper around the system, so that the hot call to
   * system.step stays monomorphic.
   */
  ahead: { state: State; move: Transition; outcome: StepOutcome } | null = null;

  constructor(system: TransitionSystem, options: CheckOptions, now: number, stopAtFinding = false, plan: SearchPlan = 'cost+dominance') {
    this.system = system;
    this.stopAtFinding = stopAtFinding;
    this.background = system.isBackground ? (a) => system.isBackground!(a) : () => false;
    this.bound = options.preemptions;
    if (this.bound !== undefined && !(Number.isInteger(this.bound) && this.bound >= 0)) {
      throw new RangeError(`preemption bound must be a whole number ≥ 0, not ${this.bound}`);
    }
    this.plan = this.bound === undefined ? 'breadth-first' : plan;
    this.deferDrains = this.bound !== undefined && options.reduction !== false && typeof system.processOf === 'function';
    if (this.plan !== 'breadth-first') this.frontier = new Frontier();
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
    this.addNode(0, 0);
  }

  private addNode(preemptions: number, depth: number): void {
    const node = this.status.push(QUEUED);
    this.graph.addNode(depth);
    this.frontier?.push(node, preemptions, depth);
  }

  /**
   * The node to expand next (it is taken off the queue by take()), or -1 when
   * there is none: the search is over. A cost-ordered search also ends when the
   * next node costs more than the cheapest finding seen: everything that could
   * give a finding as cheap has been expanded.
   */
  private next(): number {
    const frontier = this.frontier;
    if (frontier === undefined) return this.nextInOrder < this.store.size ? this.nextInOrder : -1;
    for (;;) {
      const node = frontier.peek();
      if (node < 0) return -1;
      if (this.status.data[node] !== QUEUED || this.graph.depth.data[node] !== frontier.depthOf) {
        frontier.drop(); // expanded already, or queued again since at a smaller depth
        continue;
      }
      if (frontier.levelOf * PREEMPTION + frontier.depthOf > this.cheapestSeen) {
        this.stoppedAtCost = true;
        return -1;
      }
      return node;
    }
  }

  private take(): void {
    this.expandedNodes++;
    if (this.frontier) this.frontier.drop();
    else this.nextInOrder++;
  }

  /** a finding of this cost was seen (bounded search: it may end the search) */
  private found(cost: number): void {
    if (cost < this.cheapestSeen) this.cheapestSeen = cost;
  }

  /**
   * An expanded node (state, last, u') with u' < used at depth ≤ `depth`, if
   * any: whatever the node (state, last, used) leads to, it leads to too, step
   * for step, with fewer preemptions and no more steps.
   */
  private coverOf(node: number, state: Int32Array, last: number, used: number, depth: number): number {
    const words = this.store.wordHashOfNode(node);
    for (let u = 0; u < used; u++) {
      const twin = this.store.find(state, last, u, words);
      if (twin >= 0 && this.status.data[twin] === EXPANDED && this.graph.depth.data[twin]! <= depth) return twin;
    }
    return -1;
  }

  /**
   * Expands nodes until the search is complete, a limit is hit, or the clock
   * passes `sliceEnd`. Returns true when the search is over.
   */
  run(sliceEnd: number, now: () => number, budget = Infinity): boolean {
    const { system, graph, store } = this;
    const bounded = this.bound !== undefined;
    const dominance = this.plan === 'cost+dominance';
    let sinceClock = 0;
    let spent = 0;
    while (!this.done) {
      if (this.stopAtFinding && (graph.findings.length > 0 || graph.stuck.length > 0)) {
        this.stoppedEarly = true;
        this.done = true;
        break;
      }
      const node = this.next();
      if (node < 0) {
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
      this.take();
      const state = store.state(node);
      const depth = graph.depth.data[node]!;
      let last = -1;
      let used = 0;
      if (bounded) {
        last = store.extra(node, 0);
        used = store.extra(node, 1);
        if (depth > this.maxDepth) this.maxDepth = depth;
        if (dominance && used > 0) {
          const cover = this.coverOf(node, state, last, used, depth);
          if (cover >= 0) {
            // (not a depth cut even at the depth bound: its future is the cover's, which is explored)
            this.status.data[node] = COVERED;
            this.coveredNodes++;
            continue;
          }
        }
      }
      const moves = system.transitions(state);
      if (moves.length === 0) {
        this.status.data[node] = EXPANDED;
        if (!system.terminated(state)) {
          const finding = system.stuck(state);
          if (this.checks(finding.property)) {
            graph.stuck.push({ node, finding });
            this.found(used * PREEMPTION + depth);
          }
        }
        continue;
      }
      if (depth >= this.maxSteps) {
        // Not expanded: its edges stay unknown and the graph incomplete.
        this.status.data[node] = DEPTH_CUT;
        this.depthCut = true;
        continue;
      }
      this.status.data[node] = EXPANDED;
      graph.open(node);
      const lastEnabled = bounded && last >= 0 && hasActor(moves, last);
      // partial-order reduction (por.ts) may keep one move; preemptions still count against all of them
      const chosen = this.reduce !== undefined && moves.length > 1 ? this.reduce(state, moves, node) : moves;
      const runningPid = lastEnabled && this.deferDrains ? this.system.processOf!(state, last) : -1;
      // With no preemption left nothing but the running thread moves before its next step,
      // and when that step ends its process, leaving the same state whatever drained
      // before it, its own process's drains are deferred too: into the exit.
      // (its one move a step of its own, not a fault injected into it: a kill runs an exit routine)
      const only = runningPid >= 0 && used === this.bound ? onlyMove(moves, last) : undefined;
      const settled = only !== undefined && only.fault === undefined;
      const exiting = settled && this.system.drainsVanish?.(state, last) === true;
      for (let i = 0; i < chosen.length; i++) {
        const t = chosen[i]!;
        let spent = used;
        const background = this.background(t.actor);
        if (runningPid >= 0 && background) {
          const pid = this.system.processOf!(state, t.actor);
          // the running process's own drain into its exit (rule 2); another process's drain
          // unless it could matter to that process before its next thread step (rule 1); any
          // drain past the running thread's one move when neither can tell the other came first (rule 3)
          const defer = pid >= 0 && ((pid === runningPid ? exiting : this.system.drainMayMatter?.(state, t) === false)
            || (settled && this.system.drainCommutes?.(state, t, last) === true));
          if (defer) {
            graph.addEdge(node, DEFERRED, t.actor, t.label);
            this.deferredEdges++;
            continue;
          }
        }
        if (lastEnabled && t.actor !== last && !background) {
          spent++;
          if (spent > this.bound!) {
            graph.addEdge(node, CUT, t.actor, t.label);
            this.boundCut = true;
            continue;
          }
        }
        const ahead = this.ahead;
        let out: StepOutcome;
        if (ahead !== null && ahead.move === t && ahead.state === state) {
          out = ahead.outcome;
          this.ahead = null;
        } else out = system.step(state, t, false);
        if (out.finding) {
          if (this.checks(out.finding.property)) {
            const edge = graph.addEdge(node, FINDING, t.actor, t.label);
            graph.findings.push({ edge, node, finding: out.finding });
            this.found(spent * PREEMPTION + depth + 1);
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
          this.addNode(spent, depth + 1);
          if (!bounded && depth + 1 > this.maxDepth) this.maxDepth = depth + 1;
        } else if (this.frontier && graph.depth.data[target]! > depth + 1) {
          // A shorter way to a node not expanded yet (a node already expanded
          // costs no more than this one, so its depth is final).
          graph.depth.data[target] = depth + 1;
          this.frontier.push(target, spent, depth + 1);
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
    return this.done && this.limit === undefined && !this.depthCut && !this.stoppedAtCost;
  }

  elapsed(now: number): number {
    return now - this.started;
  }
}

/** the one move of `actor`, or undefined when it has none or several */
function onlyMove(moves: Transition[], actor: number): Transition | undefined {
  let found: Transition | undefined;
  for (let i = 0; i < moves.length; i++) {
    if (moves[i]!.actor !== actor) continue;
    if (found !== undefined) return undefined;
    found = moves[i];
  }
  return found;
}

function hasActor(moves: Transition[], actor: number): boolean {
  for (let i = 0; i < moves.length; i++) if (moves[i]!.actor === actor) return true;
  return false;
}
