// `racecourse verify model.c…`: the checker as a standalone tool, like spin or a
// test harness. main() is the first thread. Exit status: 0 pass, 1 fail,
// 2 inconclusive, 3 error (bad option, unreadable file, compile error).

import { readFileSync } from 'node:fs';
import { checkProgram, errorResult, machineFor, replay } from '../../runtime/check/index.ts';
import { offendingLines, renderSwimlane } from '../../runtime/check/swimlane-text.ts';
import type { CheckOptions, CheckResult, ForkMode, MemoryModel } from '../../runtime/check/types.ts';
import { compile } from '../../runtime/dialect/index.ts';
import { formatDiagnostic, type Diagnostic } from '../../runtime/diagnostics.ts';
import type { Program, SourceFile } from '../../runtime/ir.ts';

const USAGE = `usage: racecourse verify model.c… [options]

  --memory-model sc|tso|pso   memory model (default sc)
  --fork atomic|per-page      how fork copies memory (default atomic)
  --preemptions N             explore only schedules with at most N preemptions
  --max-states N              stop (inconclusive) after N distinct states (default 2000000)
  --max-steps N               longest schedule explored (default 10000)
  --timeout-ms N              stop (inconclusive) after N milliseconds (default 30000)
  --random SEED               sample random schedules instead of exhausting them
  --pct SEED                  sample PCT schedules (priority changes at random points)
  --runs N                    how many runs to sample (default 1000)
  --replay SCHEDULE           do not search: run this schedule (from a verdict) and show its trace
  --no-reduction              explore the full state graph (no partial-order reduction, no drain deferral)
  --json                      print the result as JSON

exit status: 0 pass, 1 fail, 2 inconclusive, 3 error`;

const EXIT: Record<CheckResult['verdict'], number> = { pass: 0, fail: 1, inconclusive: 2, error: 3 };

interface Parsed {
  files: string[];
  options: CheckOptions;
  json: boolean;
  replay?: string;
}

/** Turns argv into options, or returns the message for a bad one. */
export function parseArgs(args: string[]): Parsed | string {
  const options: CheckOptions = {};
  const files: string[] = [];
  let json = false;
  let sampling: { kind: 'random' | 'pct'; seed: number } | undefined;
  let runs: number | undefined;
  let schedule: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith('--')) {
      files.push(arg);
      continue;
    }
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '--json') {
      json = true;
      continue;
    }
    if (flag === '--no-reduction') {
      options.reduction = false;
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined) return `${flag} needs a value`;
    const whole = (min: number): number | string => {
      const n = Number(value);
      return /^-?\d+$/.test(value) && n >= min && Number.isSafeInteger(n) ? n : `${flag} needs a whole number ≥ ${min}, not '${value}'`;
    };
    let n: number | string = 0;
    switch (flag) {
      case '--memory-model':
        if (value !== 'sc' && value !== 'tso' && value !== 'pso') return `--memory-model is sc, tso or pso, not '${value}'`;
        options.memoryModel = value as MemoryModel;
        break;
      case '--fork':
        if (value !== 'atomic' && value !== 'per-page') return `--fork is atomic or per-page, not '${value}'`;
        options.fork = value as ForkMode;
        break;
      case '--preemptions':
        if (typeof (n = whole(0)) === 'string') return n;
        options.preemptions = n;
        break;
      case '--max-states':
        if (typeof (n = whole(1)) === 'string') return n;
        options.maxStates = n;
        break;
      case '--max-steps':
        if (typeof (n = whole(1)) === 'string') return n;
        options.maxSteps = n;
        break;
      case '--timeout-ms':
        if (typeof (n = whole(0)) === 'string') return n;
        options.timeoutMs = n;
        break;
      case '--random':
      case '--pct':
        if (typeof (n = whole(-(2 ** 31))) === 'string') return n;
        if (n > 2 ** 31 - 1) return `${flag} needs a 32-bit seed`;
        sampling = { kind: flag === '--random' ? 'random' : 'pct', seed: n };
        break;
      case '--replay':
        schedule = value;
        break;
      case '--runs':
        if (typeof (n = whole(1)) === 'string') return n;
        runs = n;
        break;
      default:
        return `unknown option '${flag}'`;
    }
  }
  if (files.length === 0) return 'no model file given';
  if (runs !== undefined && !sampling) return '--runs needs --random SEED or --pct SEED';
  if (sampling) options.strategy = { kind: sampling.kind, seed: sampling.seed, runs: runs ?? 1000 };
  if (schedule !== undefined && sampling) return '--replay does not go with --random or --pct';
  return schedule === undefined ? { files, options, json } : { files, options, json, replay: schedule };
}

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const parsed = parseArgs(args);
  if (typeof parsed === 'string') {
    console.error(`racecourse verify: ${parsed}\n\n${USAGE}`);
    return 3;
  }
  let checked: ReturnType<typeof verify>;
  try {
    checked = verify(parsed.files, parsed.options, parsed.replay);
  } catch (e) {
    // a bug in the machine or the checker, not in the model: say so, never a stack dump
    const message = `internal error while checking: ${(e as Error)?.message ?? String(e)}`;
    checked = { result: errorResult(parsed.options, [{ severity: 'error', file: parsed.files[0]!, line: 0, column: 0, message }]), files: [] };
  }
  const { result, files } = checked;
  console.log(parsed.json ? JSON.stringify(toJson(result, files), null, 2) : toText(result, files));
  return EXIT[result.verdict];
}

/** Reads and compiles the files, then checks (or replays `schedule`); never throws for bad input. */
export function verify(paths: string[], options: CheckOptions, schedule?: string): { result: CheckResult; files: SourceFile[]; program?: Program } {
  const files: SourceFile[] = [];
  const unreadable: Diagnostic[] = [];
  for (const path of paths) {
    try {
      files.push({ name: path, text: readFileSync(path, 'utf8') });
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
      unreadable.push({ severity: 'error', file: path, line: 0, column: 0, message: `cannot read the file: ${why}` });
    }
  }
  if (unreadable.length > 0) return { result: errorResult(options, unreadable), files };
  const compiled = compile(files);
  if (!compiled.ok || !compiled.program) return { result: errorResult(options, compiled.diagnostics), files };
  const result = schedule === undefined ? checkProgram(compiled.program, options) : replayResult(compiled.program, options, schedule);
  result.diagnostics = [...compiled.diagnostics, ...result.diagnostics];
  return { result, files: compiled.program.files, program: compiled.program };
}

/**
 * A replayed schedule as a result: 'fail' if it ends in a finding, 'pass' if it
 * runs through cleanly (only this one schedule: nothing else is proven), 'error'
 * if it does not fit the model.
 */
function replayResult(program: Program, options: CheckOptions, schedule: string): CheckResult {
  const started = performance.now();
  const r = replay(machineFor(program, options), schedule);
  const result = errorResult(options, []);
  result.stats = { states: r.states.length, transitions: r.trace.length, maxDepth: r.trace.length, elapsedMs: performance.now() - started, statesPerSecond: 0 };
  result.trace = r.trace;
  result.schedule = schedule;
  if (r.error !== undefined) {
    result.diagnostics = [{ severity: 'error', file: program.files[0]?.name ?? 'model', line: 0, column: 0, message: `the schedule does not fit this model: ${r.error}` }];
    return result;
  }
  if (r.finding) {
    result.verdict = 'fail';
    result.property = r.finding.property;
    result.finding = r.finding;
  } else {
    result.verdict = 'pass';
    result.property = 'this schedule only';
  }
  return result;
}

export function toJson(result: CheckResult, files: readonly SourceFile[]): unknown {
  const json: Record<string, unknown> = {
    verdict: result.verdict,
    property: result.property ?? null,
    states: result.stats.states,
    transitions: result.stats.transitions,
    maxDepth: result.stats.maxDepth,
    elapsedMs: Math.round(result.stats.elapsedMs * 10) / 10,
    diagnostics: result.diagnostics.map((d) => ({ severity: d.severity, file: d.file, line: d.line, column: d.column, message: d.message })),
    finding: result.finding ?? null,
    trace: (result.trace ?? []).map((s) => ({
      thread: s.thread,
      process: s.process,
      file: s.pos ? files[s.pos.file]?.name ?? null : null,
      line: s.pos?.line ?? 0,
      column: s.pos?.col ?? 0,
      op: s.op,
      preemption: s.preemption,
      label: s.label,
    })),
    schedule: result.schedule ?? null,
    options: result.options,
  };
  if (result.loopStart !== undefined) json.loopStart = result.loopStart;
  if (result.limit !== undefined) json.limit = result.limit;
  return json;
}

const LIMITS: Record<NonNullable<CheckResult['limit']>, string> = {
  states: 'the state limit (--max-states)',
  steps: 'the depth limit (--max-steps)',
  time: 'the time limit (--timeout-ms)',
  cancelled: 'a cancellation',
  preemptions: 'the preemption bound',
  sampling: 'the end of sampling: no sampled run failed, which proves nothing',
};

export function toText(result: CheckResult, files: readonly SourceFile[]): string {
  const out: string[] = [];
  const s = result.stats;
  if (result.verdict === 'error') {
    out.push('verdict: error');
    for (const d of result.diagnostics) out.push(formatDiagnostic(d, files.find((f) => f.name === d.file)?.text));
    return out.join('\n');
  }
  for (const d of result.diagnostics) out.push(formatDiagnostic(d, files.find((f) => f.name === d.file)?.text));
  const bound = result.options.preemptions !== undefined ? `, within ${result.options.preemptions} preemption${result.options.preemptions === 1 ? '' : 's'}` : '';
  if (result.verdict === 'pass') out.push(`verdict: pass${bound} — ${result.property}`);
  if (result.verdict === 'inconclusive') out.push(`verdict: inconclusive — the search stopped at ${LIMITS[result.limit!]}; nothing is proven`);
  if (result.verdict === 'fail') {
    const message = result.finding?.message ?? '';
    out.push(`verdict: fail — ${message.startsWith(`${result.property}:`) ? message : `${result.property}: ${message}`}`);
  }
  out.push(`states: ${s.states}  transitions: ${s.transitions}  depth: ${s.maxDepth}  time: ${s.elapsedMs.toFixed(1)} ms  (${s.statesPerSecond} states/s)`);
  out.push(`memory model: ${result.options.memoryModel}  fork: ${result.options.fork}${bound ? `  preemption bound: ${result.options.preemptions}` : ''}`);
  if (result.verdict === 'fail' && result.trace) {
    const preemptions = result.trace.filter((t) => t.preemption).length;
    out.push('');
    out.push(`counterexample: ${result.trace.length} steps, ${preemptions} preemption${preemptions === 1 ? '' : 's'}${result.loopStart !== undefined ? `, repeating from step ${result.loopStart + 1}` : ''}; schedule ${result.schedule || '(empty)'}`);
    const opts = { finding: result.finding!, ...(result.loopStart !== undefined ? { loopStart: result.loopStart } : {}) };
    if (result.trace.length > 0) out.push(renderSwimlane(result.trace, files, opts));
    const lines = offendingLines(result.trace, files, opts);
    if (lines) out.push('', lines);
  }
  return out.join('\n');
}
