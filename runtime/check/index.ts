// The checker's public API. explore() searches any TransitionSystem;
// checkProgram() builds the simulated machine for a compiled Program first, and
// checkSource() compiles C-dialect source units before that. The *Async variants
// yield to the event loop every ~10 ms, so a Web Worker's message handler can set
// options.signal.aborted when the student types again.
//
// Pure TypeScript, no Node APIs: the notebook's worker runs this same code.

import type { Diagnostic } from '../diagnostics.ts';
import { compile } from '../dialect/index.ts';
import type { Program } from '../ir.ts';
import { BUFFER_ACTOR, createMachine } from '../sim/index.ts';
import { BUILTIN_PROPERTIES, baseResult, explore, exploreAsync, makeStats } from './explore.ts';
import { sample, sampleAsync } from './sampling.ts';
import type { TransitionSystem } from './system.ts';
import type { CheckOptions, CheckResult } from './types.ts';

export { explore, exploreAsync, BUILTIN_PROPERTIES } from './explore.ts';
export { sample, sampleAsync, sampleRuns, type SampleFailure } from './sampling.ts';
export { decodeSchedule, encodeSchedule, replay, type Replay } from './schedule.ts';
export { offendingLines, placeName, renderSwimlane, type SwimlaneOptions } from './swimlane-text.ts';

/** A named piece of C-dialect source, as compile() takes it. */
export type SourceUnit = Parameters<typeof compile>[0][number];

type Prepared = { system: TransitionSystem; options: CheckOptions } | { error: CheckResult };

/**
 * Builds the machine and fills in the property list, or explains why it cannot:
 * what checkProgram() hands to explore() (exported for tests and benchmarks).
 */
export function prepareCheck(program: Program, options: CheckOptions): Prepared {
  const declared = program.properties.map((p) => p.name);
  const known = new Set<string>([...BUILTIN_PROPERTIES, ...declared]);
  const problems: string[] = [];
  if (program.entry < 0) problems.push('the model has no main function to start from');
  for (const p of options.properties ?? []) {
    if (!known.has(p)) problems.push(`unknown property '${p}': the model declares ${declared.length ? declared.join(', ') : 'no invariants'}; built-in: ${BUILTIN_PROPERTIES.join(', ')}`);
  }
  const bad = badBounds(options);
  if (bad) problems.push(bad);
  if (problems.length > 0) {
    const file = program.files[0]?.name ?? 'model';
    return { error: errorResult(options, problems.map((message) => ({ severity: 'error', file, line: 0, column: 0, message }))) };
  }
  const system = machineFor(program, options);
  const full: CheckOptions = { ...options };
  if (!options.properties) full.properties = [...BUILTIN_PROPERTIES, ...declared];
  return { system, options: full };
}

/** The simulated machine a check with these options explores (also what replay needs). */
export function machineFor(program: Program, options: CheckOptions = {}): TransitionSystem {
  const machine: Parameters<typeof createMachine>[1] = {};
  if (options.memoryModel) machine.memoryModel = options.memoryModel;
  if (options.fork) machine.fork = options.fork;
  if (options.faults) machine.faults = options.faults;
  if (options.properties) machine.properties = options.properties;
  const system = createMachine(program, machine);
  // Store buffers are actors of their own; their drains are not context switches.
  if (!system.isBackground) system.isBackground = (actor) => (actor & BUFFER_ACTOR) !== 0;
  return system;
}

function badBounds(o: CheckOptions): string | undefined {
  const whole = (name: string, v: number | undefined, min: number): string | undefined =>
    v === undefined || (Number.isInteger(v) && v >= min) ? undefined : `${name} must be a whole number ≥ ${min}, not ${v}`;
  return whole('preemptions', o.preemptions, 0) ?? whole('maxStates', o.maxStates, 1) ?? whole('maxSteps', o.maxSteps, 1)
    ?? whole('timeoutMs', o.timeoutMs, 0)
    ?? (o.strategy && o.strategy.kind !== 'exhaustive' ? whole('runs', o.strategy.runs, 1) ?? whole('seed', o.strategy.seed, -(2 ** 31)) : undefined);
}

export function errorResult(options: CheckOptions, diagnostics: Diagnostic[]): CheckResult {
  const result = baseResult(options, makeStats(0, 0, 0, 0));
  result.verdict = 'error';
  result.diagnostics = diagnostics;
  return result;
}

function sampling(options: CheckOptions): boolean {
  return options.strategy !== undefined && options.strategy.kind !== 'exhaustive';
}

/** Checks a compiled program: its `main` is the first thread. */
export function checkProgram(program: Program, options: CheckOptions = {}): CheckResult {
  const p = prepareCheck(program, options);
  if ('error' in p) return p.error;
  return sampling(p.options) ? sample(p.system, p.options) : explore(p.system, p.options);
}

export async function checkProgramAsync(program: Program, options: CheckOptions = {}): Promise<CheckResult> {
  const p = prepareCheck(program, options);
  if ('error' in p) return p.error;
  return sampling(p.options) ? sampleAsync(p.system, p.options) : exploreAsync(p.system, p.options);
}

/** Compiles the units (errors give verdict 'error' with the diagnostics) and checks the program. */
export function checkSource(units: SourceUnit[], options: CheckOptions = {}): CheckResult {
  const compiled = compile(units);
  if (!compiled.ok || !compiled.program) return errorResult(options, compiled.diagnostics);
  return withWarnings(checkProgram(compiled.program, options), compiled.diagnostics);
}

export async function checkSourceAsync(units: SourceUnit[], options: CheckOptions = {}): Promise<CheckResult> {
  const compiled = compile(units);
  if (!compiled.ok || !compiled.program) return errorResult(options, compiled.diagnostics);
  return withWarnings(await checkProgramAsync(compiled.program, options), compiled.diagnostics);
}

/** a successful compile's warnings travel with the verdict */
function withWarnings(result: CheckResult, diagnostics: Diagnostic[]): CheckResult {
  if (diagnostics.length > 0) result.diagnostics = [...diagnostics, ...result.diagnostics];
  return result;
}
