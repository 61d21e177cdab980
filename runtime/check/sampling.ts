// Sampling for models too large to exhaust: many single runs, each scheduled by
// a seeded random choice (uniform over enabled transitions) or by PCT
// (probabilistic concurrency testing: random actor priorities, the highest
// enabled actor runs, and at d-1 random change points the running actor drops
// below all others). A run that hits a finding gives a 'fail' with its trace;
// runs that find nothing prove nothing, so the verdict is then 'inconclusive'
// with limit 'sampling'. The same seed gives the same runs.

import { baseResult, makeStats, now, yieldToEventLoop } from './explore.ts';
import { Prng } from './prng.ts';
import { encodeSchedule, replay } from './schedule.ts';
import { StateStore } from './state-store.ts';
import type { Finding, Transition, TransitionSystem } from './system.ts';
import type { CheckOptions, CheckResult, TraceStep } from './types.ts';

type Chooser = (moves: Transition[], step: number) => Transition;

interface RunOutcome {
  labels: number[];
  finding?: Finding;
  /** the run was discarded by assume(false) */
  pruned: boolean;
  steps: number;
}

function runOnce(system: TransitionSystem, choose: Chooser, maxSteps: number, checks: (p: string) => boolean, seen?: StateStore): RunOutcome {
  const labels: number[] = [];
  const first = system.initial();
  if (first.finding && checks(first.finding.property)) return { labels, finding: first.finding, pruned: false, steps: 0 };
  if (first.finding || system.pruned(first.state)) return { labels, pruned: true, steps: 0 };
  let state = first.state;
  note(seen, state);
  for (let step = 0; step < maxSteps; step++) {
    const moves = system.transitions(state);
    if (moves.length === 0) {
      if (system.terminated(state)) return { labels, pruned: false, steps: step };
      const finding = system.stuck(state);
      return checks(finding.property) ? { labels, finding, pruned: false, steps: step } : { labels, pruned: false, steps: step };
    }
    const t = choose(moves, step);
    labels.push(t.label);
    const out = system.step(state, t, false);
    if (out.finding) {
      return checks(out.finding.property) ? { labels, finding: out.finding, pruned: false, steps: step + 1 } : { labels, pruned: true, steps: step + 1 };
    }
    if (system.pruned(out.state)) return { labels, pruned: true, steps: step + 1 };
    state = out.state;
    note(seen, state);
  }
  return { labels, pruned: false, steps: maxSteps };
}

function note(seen: StateStore | undefined, state: Int32Array): void {
  if (seen && seen.probe(state) < 0) seen.insertProbed();
}

function randomChooser(rng: Prng): Chooser {
  return (moves) => moves[rng.below(moves.length)]!;
}

/**
 * PCT for one run: `depth` is d (bug depth); `length` estimates the run's length
 * k, over which the d - 1 priority change points are spread.
 */
function pctChooser(rng: Prng, depth: number, length: number): Chooser {
  const priority = new Map<number, number>();
  const changeAt = new Map<number, number>();
  for (let i = 1; i < depth; i++) changeAt.set(rng.below(Math.max(1, length)), depth - i);
  return (moves, step) => {
    let best: number | undefined;
    let bestPriority = -Infinity;
    for (const m of moves) {
      let p = priority.get(m.actor);
      if (p === undefined) {
        p = depth + rng.next(); // new actors rank above every lowered one
        priority.set(m.actor, p);
      }
      if (p > bestPriority) {
        bestPriority = p;
        best = m.actor;
      }
    }
    const mine = moves.filter((m) => m.actor === best);
    const t = mine[rng.below(mine.length)]!;
    const lowered = changeAt.get(step);
    if (lowered !== undefined) priority.set(t.actor, lowered);
    return t;
  };
}

/** check() with strategy random or pct, run to the end in one go. */
export function sample(system: TransitionSystem, options: CheckOptions): CheckResult {
  const runs = sampling(system, options);
  for (;;) {
    const next = runs.next(now() + 100);
    if (next.done) return next.value;
  }
}

/** The same, yielding to the event loop every ~10 ms so a cancellation can arrive. */
export async function sampleAsync(system: TransitionSystem, options: CheckOptions): Promise<CheckResult> {
  const runs = sampling(system, options);
  for (;;) {
    const next = runs.next(now() + 10);
    if (next.done) return next.value;
    await yieldToEventLoop();
  }
}

/**
 * The sampling loop as a generator: it yields when the time slice it was last
 * resumed with (the value passed to next()) is over, and returns the result.
 */
function* sampling(system: TransitionSystem, options: CheckOptions): Generator<void, CheckResult, number> {
  const strategy = options.strategy;
  if (!strategy || strategy.kind === 'exhaustive') throw new Error('sample() needs a random or pct strategy');
  const started = now();
  const deadline = started + (options.timeoutMs ?? 30_000);
  const maxSteps = options.maxSteps ?? 10_000;
  const properties = options.properties ? new Set(options.properties) : undefined;
  const checks = (p: string): boolean => properties === undefined || properties.has(p);
  const rng = new Prng(strategy.seed);
  const seen = new StateStore();
  let steps = 0;
  let longest = 0;
  let estimate = 50;
  let cut: CheckResult['limit'];
  let sliceEnd = yield;
  for (let run = 0; run < strategy.runs; run++) {
    const t = now();
    if (options.signal?.aborted) {
      cut = 'cancelled';
      break;
    }
    if (t >= deadline) {
      cut = 'time';
      break;
    }
    if (t >= sliceEnd) {
      options.onProgress?.({ states: seen.size, transitions: steps, elapsedMs: t - started });
      sliceEnd = yield;
    }
    const choose = strategy.kind === 'random' ? randomChooser(rng) : pctChooser(rng, strategy.depth ?? 3, estimate);
    const outcome = runOnce(system, choose, maxSteps, checks, seen);
    steps += outcome.steps;
    longest = Math.max(longest, outcome.steps);
    estimate = Math.max(estimate, outcome.steps);
    if (outcome.finding) {
      const replayed = replay(system, outcome.labels);
      const result = baseResult(options, makeStats(seen.size, steps, longest, now() - started));
      result.verdict = 'fail';
      result.property = outcome.finding.property;
      result.finding = replayed.finding ?? outcome.finding;
      result.trace = replayed.trace;
      result.schedule = encodeSchedule(outcome.labels);
      return result;
    }
  }
  const result = baseResult(options, makeStats(seen.size, steps, longest, now() - started));
  result.verdict = 'inconclusive';
  result.limit = cut ?? 'sampling';
  return result;
}

export interface SampleFailure {
  /** 0-based index of the run */
  run: number;
  finding: Finding;
  schedule: string;
  trace: TraceStep[];
}

/**
 * How often does plain random scheduling hit a bug? Runs `runs` uniformly random
 * schedules and counts those that end in a finding (of any property).
 */
export function sampleRuns(
  system: TransitionSystem,
  options: { seed: number; runs: number; maxSteps?: number },
): { runs: number; failures: number; firstFailure?: SampleFailure } {
  const rng = new Prng(options.seed);
  const choose = randomChooser(rng);
  let failures = 0;
  let firstFailure: SampleFailure | undefined;
  for (let run = 0; run < options.runs; run++) {
    const outcome = runOnce(system, choose, options.maxSteps ?? 10_000, () => true);
    if (!outcome.finding) continue;
    failures++;
    if (!firstFailure) {
      firstFailure = { run, finding: outcome.finding, schedule: encodeSchedule(outcome.labels), trace: replay(system, outcome.labels).trace };
    }
  }
  const result: { runs: number; failures: number; firstFailure?: SampleFailure } = { runs: options.runs, failures };
  if (firstFailure) result.firstFailure = firstFailure;
  return result;
}
