// What callers of the checker pass in and get back: the notebook's Web Worker,
// `racecourse verify`, `racecourse check` and the grader all speak these types.

import type { Diagnostic } from '../diagnostics.ts';
import type { Finding, StepEvent } from './system.ts';

export type MemoryModel = 'sc' | 'tso' | 'pso';
export type ForkMode = 'atomic' | 'per-page';

/** Faults the explorer may inject, each a branch at every step where allowed, up to a bound. */
export interface FaultOptions {
  /** kill a thread (it then runs the model's `#pragma thread_exit_hook` in kernel context) */
  kill?: { threads?: string[]; max: number };
  /** deliver a signal to a thread (its installed handler runs on it, interrupting it) */
  signal?: { threads?: string[]; signal: number; max: number };
}

export interface CheckOptions {
  memoryModel?: MemoryModel;          // default 'sc'
  fork?: ForkMode;                    // default 'atomic'
  /**
   * Reductions (default on). Partial-order reduction: a pass is first sought in
   * a reduced graph; findings, cycles under non-termination and preemption
   * bounds use the full one. Drain deferral (bounded searches): another
   * process's store buffer does not drain while a thread runs that could go on,
   * a process's buffers do not drain just before an exit that flushes them, and
   * with no preemption left a drain waits past a move it commutes with; same
   * findings at the same cost, and a cycle is judged on the full graph.
   * See docs/CHECKER.md. `false`: always the full graph.
   */
  reduction?: boolean;
  /** CHESS-style bound on preemptions (undefined: unbounded) */
  preemptions?: number;
  maxStates?: number;                 // default 2_000_000
  maxSteps?: number;                  // longest schedule explored; default 10_000
  timeoutMs?: number;                 // default 30_000
  faults?: FaultOptions;
  /** which properties to check; default: all the model declares plus the built-in ones */
  properties?: string[];
  /** 'exhaustive' (default) or random/PCT sampling for models too large to exhaust */
  strategy?: { kind: 'exhaustive' } | { kind: 'random' | 'pct'; seed: number; runs: number; depth?: number };
  /** called now and then with the search so far */
  onProgress?: (p: CheckProgress) => void;
  /** polled during the search; when it is aborted the result is 'inconclusive' with limit 'cancelled' */
  signal?: { aborted: boolean };
}

export interface CheckProgress {
  states: number;
  transitions: number;
  elapsedMs: number;
}

export interface TraceStep extends StepEvent {
  index: number;
  /** transition label, as in the schedule */
  label: number;
  /** the actor switched although the previous one could still run */
  preemption: boolean;
}

export interface CheckStats {
  states: number;
  transitions: number;
  maxDepth: number;
  elapsedMs: number;
  statesPerSecond: number;
  /**
   * States of the reduced search (partial-order reduction), when one ran and
   * left steps out; counted in `states` too. Equal to `states` when the reduced
   * search answered, smaller when the full search had to follow it.
   */
  reducedStates?: number;
}

export interface CheckResult {
  verdict: 'pass' | 'fail' | 'inconclusive' | 'error';
  /** the property that failed (fail), or the properties proven (pass) */
  property?: string;
  propertiesChecked: string[];
  finding?: Finding;
  /** the counterexample, fewest preemptions first, then fewest steps */
  trace?: TraceStep[];
  /** for a lasso (non-termination): index in trace where the repeating part starts */
  loopStart?: number;
  /** compact string that `replay` turns back into the same trace */
  schedule?: string;
  stats: CheckStats;
  /** inconclusive: which bound cut the search */
  limit?: 'states' | 'steps' | 'time' | 'cancelled' | 'preemptions' | 'sampling';
  /** error: why the model could not be checked (compile errors, bad options) */
  diagnostics: Diagnostic[];
  options: Required<Pick<CheckOptions, 'memoryModel' | 'fork'>> & { preemptions?: number };
}
