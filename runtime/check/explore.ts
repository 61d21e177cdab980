// explore(): the exhaustive check of one transition system, start to verdict.
// 1. reachability (search.ts), resumable in time slices: breadth-first, or
//    with a preemption bound in order of cost, stopping once no cheaper
//    finding can come;
// 2. if a step raised a finding or a state is stuck: the cheapest path to one
//    (fewest preemptions, then fewest steps — shortest.ts), replayed with
//    recording on to become the trace. Without a preemption bound the search
//    stops at its first finding: the cheapest path to it so far uses p
//    preemptions, so the cheapest counterexample of all uses at most p. Two
//    searches then race in equal turns: the plain one to its end, and a fresh
//    one bounded to p preemptions (which holds that counterexample); whichever
//    is done first gives it exactly through Dijkstra;
// 3. else, if a bound cut the search: inconclusive, never pass;
// 4. else non-termination: fair strongly connected components (fairness.ts),
//    reported as a lasso (stem + fair loop);
// 5. else pass.
// With partial-order reduction (por.ts) a reduced search runs first and answers
// when it passes; otherwise the steps above run as they always did.

import { everyEdgeDeepens, fairComponents, fairLoop, type FairComponents } from './fairness.ts';
import { shortestPath, type Path } from './shortest.ts';
import { encodeSchedule, replay } from './schedule.ts';
import { reducedOutcome, reducedSearch, reductionApplies } from './por.ts';
import { Search, type SearchPlan } from './search.ts';
import type { Finding, TransitionSystem } from './system.ts';
import type { CheckOptions, CheckResult, CheckStats } from './types.ts';

/** The properties every model has, whatever it declares. */
export const BUILTIN_PROPERTIES = [
  'assertion', 'deadlock', 'lost-wakeup', 'non-termination', 'lock-misuse', 'memory-fault', 'runtime-error',
] as const;

export const now = (): number => performance.now();

/**
 * Exhaustive search, run to the end in one go. `plan` (tests and benchmarks
 * only) picks how a bounded search orders its work; every plan gives the same
 * result, the default fastest.
 */
export function explore(system: TransitionSystem, options: CheckOptions = {}, plan?: SearchPlan): CheckResult {
  const steps = exploring(system, options, plan);
  for (;;) {
    const next = steps.next(now() + 100);
    if (next.done) return next.value;
  }
}

/** The same search, yielding to the event loop every ~10 ms so a cancellation can arrive. */
export async function exploreAsync(system: TransitionSystem, options: CheckOptions = {}): Promise<CheckResult> {
  const steps = exploring(system, options);
  for (;;) {
    const next = steps.next(now() + 10);
    if (next.done) return next.value;
    await yieldToEventLoop();
  }
}

/**
 * The whole check as a generator that yields whenever the time slice it was
 * resumed with (the value passed to next()) is over.
 */
function* exploring(system: TransitionSystem, options: CheckOptions, plan?: SearchPlan): Generator<void, CheckResult, number> {
  const started = now();
  let slice = yield;
  // Partial-order reduction (por.ts): a reduced search first; it answers when it passes.
  let prior: Prior = { states: 0, transitions: 0 };
  let first: Search | undefined;
  if (reductionApplies(system, options)) {
    const { search: reduced, reduced: left } = reducedSearch(system, options, started);
    while (!reduced.run(slice, now)) {
      report(reduced, options);
      slice = yield;
    }
    if (reducedOutcome(reduced, left) === 'final') {
      return conclude(reduced, options, left.nodes > 0 ? { states: 0, transitions: 0, reduced: reduced.store.size } : undefined);
    }
    if (left.nodes === 0) {
      // nothing was left out: it is the ordinary search, as far as it went
      reduced.reduce = undefined;
      if (left.abandoned) reduced.done = false;
      first = reduced;
    } else {
      prior = { states: reduced.store.size, transitions: reduced.graph.edges, reduced: reduced.store.size };
    }
  }
  const unbounded = options.preemptions === undefined;
  first ??= new Search(system, options, started, unbounded, plan);
  while (!first.run(slice, now)) {
    report(first, options);
    slice = yield;
  }
  if (fairnessNeedsFullGraph(first)) {
    prior = { ...prior, states: prior.states + first.store.size, transitions: prior.transitions + first.graph.edges };
    first = new Search(system, { ...options, reduction: false }, started, unbounded, plan);
    while (!first.run(slice, now)) {
      report(first, options);
      slice = yield;
    }
  }
  if (!first.stoppedEarly || first.graph.findings[0]?.edge === -1) return conclude(first, options, prior);
  const known = cheapestFinding(first);
  // Race two exact ways to the cheapest counterexample, in equal turns of work:
  // the plain search to its end, and a fresh search bounded to `known`'s
  // preemptions. Either can be far smaller than the other; the first to finish
  // answers (turns count expansions, not time, so the winner is deterministic).
  first.resume();
  const bounded = new Search(system, { ...options, preemptions: known.preemptions }, started, false, plan);
  const answered = (search: Search): boolean => search.graph.findings.length > 0 || search.graph.stuck.length > 0;
  let firstRunning = true;
  let boundedRunning = true;
  for (;;) {
    // Turns end on the budget only (not on the time slice), so they are equal
    // whatever the machine's load; time is looked at between turns.
    if (firstRunning && first.run(Infinity, now, TURN)) {
      if (first.limit === undefined) return conclude(first, options, prior);
      firstRunning = false; // cut by a limit: the bounded search may still answer exactly
    }
    if (boundedRunning && bounded.run(Infinity, now, TURN)) {
      if (answered(bounded)) return conclude(bounded, options, { ...prior, states: prior.states + first.store.size, transitions: prior.transitions + first.graph.edges });
      boundedRunning = false; // a limit stopped it before any finding
    }
    if (!firstRunning && !boundedRunning) return conclude(first, options, prior);
    if (now() >= slice) {
      report(firstRunning ? first : bounded, options);
      slice = yield;
    }
  }
}

/**
 * Drain deferral (search.ts) keeps every safety finding at its cost, and a
 * deferring search whose graph has no cycle shows that the whole graph has none
 * (docs/CHECKER.md, "Drain deferral"). Whether a cycle is *fair*, though, is
 * judged on the whole graph: so a deferring search that would answer pass or
 * non-termination from a graph with a cycle gives way to an ordinary one.
 */
function fairnessNeedsFullGraph(search: Search): boolean {
  if (search.deferredEdges === 0 || !search.complete || !search.checks('non-termination')) return false;
  if (search.graph.findings.length > 0 || search.graph.stuck.length > 0) return false;
  return !everyEdgeDeepens(search.graph) && fairnessOf(search).cyclic;
}

/** each graph's fair components, computed once (the fallback test above and conclude() both ask) */
const fairness = new WeakMap<Search, FairComponents>();

function fairnessOf(search: Search): FairComponents {
  let fair = fairness.get(search);
  if (fair === undefined) {
    fair = fairComponents(search.graph, (n) => search.system.terminated(search.store.state(n)));
    fairness.set(search, fair);
  }
  return fair;
}

/** expansions per turn when two searches race */
const TURN = 256;

function cheapestFinding(search: Search): Path {
  const stuck = new Set(search.graph.stuck.map((s) => s.node));
  return shortestPath(search.graph, { node: (n) => stuck.has(n), findingEdges: true }, search.background)!;
}

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function report(search: Search, options: CheckOptions): void {
  options.onProgress?.({
    states: search.store.size,
    transitions: search.graph.edges,
    elapsedMs: search.elapsed(now()),
  });
}

export function baseResult(options: CheckOptions, stats: CheckStats): CheckResult {
  const result: CheckResult = {
    verdict: 'pass',
    propertiesChecked: options.properties ? [...options.properties] : [...BUILTIN_PROPERTIES],
    stats,
    diagnostics: [],
    options: { memoryModel: options.memoryModel ?? 'sc', fork: options.fork ?? 'atomic' },
  };
  if (options.preemptions !== undefined) result.options.preemptions = options.preemptions;
  return result;
}

export function makeStats(states: number, transitions: number, maxDepth: number, elapsedMs: number): CheckStats {
  return {
    states,
    transitions,
    maxDepth,
    elapsedMs,
    statesPerSecond: elapsedMs > 0 ? Math.round((states * 1000) / elapsedMs) : states,
  };
}

/** Work done by earlier searches of the same check, counted in the statistics; `reduced`: the reduced search's states. */
interface Prior { states: number; transitions: number; reduced?: number }

function conclude(search: Search, options: CheckOptions, prior: Prior = { states: 0, transitions: 0 }): CheckResult {
  const { graph, system } = search;
  const finish = (): CheckResult => {
    const stats = makeStats(prior.states + search.store.size, prior.transitions + graph.edges, search.maxDepth, search.elapsed(now()));
    if (prior.reduced !== undefined) stats.reducedStates = prior.reduced;
    return baseResult(options, stats);
  };

  // 2. safety findings
  if (graph.findings.length > 0 || graph.stuck.length > 0) {
    const result = finish();
    if (graph.findings[0]?.edge === -1) {
      return fail(result, graph.findings[0].finding, []);
    }
    const path = cheapestFinding(search);
    const replayed = replayPath(system, labelsOf(search, path.edges));
    return fail(result, replayed.finding ?? stuckFinding(search, path), replayed.trace, labelsOf(search, path.edges));
  }

  // 3. bounds
  if (search.limit !== undefined || search.depthCut) {
    const result = finish();
    result.verdict = 'inconclusive';
    result.limit = search.limit ?? 'steps';
    delete result.property;
    return result;
  }

  // 4. non-termination (a graph whose every edge goes one step deeper has no cycle)
  if (search.checks('non-termination') && !everyEdgeDeepens(graph)) {
    const fair = fairnessOf(search);
    if (fair.fair.length > 0) {
      const fairSet = new Set(fair.fair);
      const stem = shortestPath(graph, { node: (n) => fairSet.has(fair.component[n]!) }, search.background)!;
      const loop = fairLoop(graph, fair.component, stem.node, fair.required.get(fair.component[stem.node]!)!);
      const labels = labelsOf(search, [...stem.edges, ...loop]);
      const replayed = replayPath(system, labels);
      const result = finish();
      const finding = loopFinding(search, loop, replayed.trace.slice(stem.edges.length));
      fail(result, finding, replayed.trace, labels);
      result.loopStart = stem.edges.length;
      return result;
    }
  }

  // 5. pass
  const result = finish();
  result.property = result.propertiesChecked.join(', ');
  return result;
}

function labelsOf(search: Search, edges: readonly number[]): number[] {
  return edges.map((e) => search.graph.label.data[e]!);
}

function replayPath(system: TransitionSystem, labels: number[]): ReturnType<typeof replay> {
  const replayed = replay(system, labels);
  if (replayed.error !== undefined) {
    // The graph was built from these very steps; a machine that answers
    // differently the second time is not deterministic.
    throw new Error(`internal: a counterexample does not replay (${replayed.error}); is the machine deterministic?`);
  }
  return replayed;
}

function stuckFinding(search: Search, path: Path): Finding {
  return search.system.stuck(search.store.state(path.node));
}

function fail(result: CheckResult, finding: Finding, trace: CheckResult['trace'], labels: number[] = []): CheckResult {
  result.verdict = 'fail';
  result.property = finding.property;
  result.finding = finding;
  result.trace = trace ?? [];
  result.schedule = encodeSchedule(labels);
  return result;
}

/** Names the thread that loops: the actor with most steps in the loop, at its first step there. */
function loopFinding(search: Search, loop: number[], loopTrace: NonNullable<CheckResult['trace']>): Finding {
  const counts = new Map<number, number>();
  for (const e of loop) {
    const a = search.graph.actor.data[e]!;
    counts.set(a, (counts.get(a) ?? 0) + 1);
  }
  let looper = -1;
  let best = -1;
  for (const [a, c] of [...counts].sort((x, y) => x[0] - y[0])) {
    if (c > best) {
      best = c;
      looper = a;
    }
  }
  const at = loop.findIndex((e) => search.graph.actor.data[e] === looper);
  const step = loopTrace[at];
  const finding: Finding = {
    kind: 'non-termination',
    property: 'non-termination',
    message: `${search.system.actorName(looper)} can run forever without finishing: a fair cycle of ${loop.length} step${loop.length === 1 ? '' : 's'} repeats`,
  };
  if (step) {
    finding.thread = step.thread;
    finding.process = step.process;
    if (step.pos) finding.pos = step.pos;
  }
  return finding;
}
