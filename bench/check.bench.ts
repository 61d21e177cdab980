// The checker's speed: states per second and time to verdict on the standard
// models (bench/models/*.c), next to SPIN on the same models written in Promela
// (bench/models/*.pml) when /usr/bin/spin is installed, plus how states and time
// grow with N. Targets (issue 4): ≥ 1,000,000 states/s on one core.
//
// A second figure isolates the explorer from the simulated machine: a synthetic
// transition system whose step() is nearly free, so its states/s is the search's
// own ceiling (hashing, storing, edges, fairness analysis).

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkProgram, explore, prepareCheck } from '../runtime/check/index.ts';
import type { SearchPlan } from '../runtime/check/search.ts';
import { measureExplorer, type ExplorerSpeed } from './explorer-alone.ts';
import type { CheckOptions, CheckResult } from '../runtime/check/types.ts';
import { compile } from '../runtime/dialect/index.ts';
import { checkExercise, exerciseOptions, exerciseUnits } from '../runtime/exercise.ts';
import { loadLessons } from '../build/lesson/index.ts';

const MODELS = fileURLToPath(new URL('./models/', import.meta.url));
const EXPLORER_ALONE = fileURLToPath(new URL('./explorer-alone.ts', import.meta.url));
const SPIN = '/usr/bin/spin';

interface Case {
  name: string;
  c: string;
  pml: string;
  n?: number;
  options?: CheckOptions;
}

const CASES: Case[] = [
  ...[2, 3, 4, 5].map((n) => ({ name: `mutex N=${n}`, c: 'mutex.c', pml: 'mutex.pml', n })),
  { name: 'peterson sc', c: 'peterson.c', pml: 'peterson.pml' },
  { name: 'peterson tso', c: 'peterson.c', pml: 'peterson_tso.pml', options: { memoryModel: 'tso' } },
  ...[3, 4, 5, 6].map((n) => ({ name: `philosophers N=${n}`, c: 'philosophers.c', pml: 'philosophers.pml', n })),
];

function withN(text: string, n: number | undefined): string {
  return n === undefined ? text : text.replace(/^#define N \d+$/m, `#define N ${n}`);
}

interface Ours { verdict: string; states: number; ms: number; checkMs: number; perSecond: number; perCpuSecond: number }

/** CPU milliseconds of this process: the machine is shared, so wall time alone overstates the cost */
function cpuMs(since?: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
}
interface Spin { verdict: string; states: number; panMs: number; totalMs: number }

function runOurs(c: Case): Ours {
  const started = performance.now();
  const compiled = compile([{ name: c.c, text: withN(readFileSync(join(MODELS, c.c), 'utf8'), c.n) }]);
  if (!compiled.ok || !compiled.program) throw new Error(`${c.name}: ${compiled.diagnostics.map((d) => d.message).join('; ')}`);
  const cpu0 = process.cpuUsage();
  const result = checkProgram(compiled.program, { timeoutMs: 120_000, ...c.options });
  const checkCpu = cpuMs(cpu0);
  const ms = performance.now() - started;
  return {
    verdict: result.verdict === 'inconclusive' ? `inconclusive (${result.limit})` : result.verdict === 'fail' ? `fail ${result.property}` : result.verdict,
    states: result.stats.states,
    ms,
    checkMs: result.stats.elapsedMs,
    perSecond: result.stats.statesPerSecond,
    perCpuSecond: result.stats.states / (checkCpu / 1000),
  };
}

function runSpin(c: Case, dir: string): Spin {
  const started = performance.now();
  const pml = join(dir, c.pml);
  writeFileSync(pml, withN(readFileSync(join(MODELS, c.pml), 'utf8'), c.n));
  const opts = { cwd: dir, encoding: 'utf8' as const, timeout: 300_000, stdio: ['ignore', 'pipe', 'pipe'] as ['ignore', 'pipe', 'pipe'] };
  execFileSync(SPIN, ['-a', c.pml], opts);
  execFileSync('gcc', ['-O2', '-w', '-DSAFETY', '-o', 'pan', 'pan.c'], opts);
  const panStarted = performance.now();
  let out: string;
  try {
    out = execFileSync('./pan', [], opts);
  } catch (e) {
    out = String((e as { stdout?: string }).stdout ?? '');
  }
  const end = performance.now();
  const stored = /(\d+) states, stored/.exec(out);
  const errors = /errors: (\d+)/.exec(out);
  const kind = /pan:1: (assertion violated|invalid end state)/.exec(out)?.[1];
  return {
    verdict: errors && errors[1] !== '0' ? `fail ${kind === 'invalid end state' ? 'deadlock' : 'assertion'}` : 'pass',
    states: stored ? Number(stored[1]) : NaN,
    panMs: end - panStarted,
    totalMs: end - started,
  };
}

/** Every lesson exercise: the starter must fail, each reference solution must pass, each wrong fix must fail. */
export function lessonRows(): string[][] {
  const rows: string[][] = [];
  const { lessons } = loadLessons(fileURLToPath(new URL('../lessons/', import.meta.url)));
  for (const lesson of lessons) {
    for (const spec of Object.values(lesson.exercises)) {
      const runs: [string, string, string][] = [['starter', spec.starter, `fail ${spec.config.starter_fails}`]];
      (spec.solutions ?? []).forEach((s, i) => runs.push([`solution ${i + 1}`, s.text, 'pass']));
      (spec.wrong ?? []).forEach((w) => runs.push([`wrong: ${w.label}`.slice(0, 40), w.text, `fail ${w.breaks}`]));
      for (const [what, text, expected] of runs) {
        const started = performance.now();
        const r = checkExercise(spec, text);
        const ms = performance.now() - started;
        const got = r.verdict === 'fail' ? `fail ${r.property}` : r.verdict === 'inconclusive' ? `inconclusive (${r.limit})` : r.verdict;
        rows.push([`${spec.lesson}/${spec.name}`, what, got, got === expected ? 'ok' : `expected ${expected}`, fmt(r.stats.states), fmt(ms, 1), ms < 100 ? '' : '> 100 ms']);
      }
    }
  }
  return rows;
}

/**
 * The exercises checked with a preemption bound, explored with the plain
 * breadth-first search of the whole bounded graph and with the default plan
 * (cost order, early stop, covered nodes): states and CPU ms, best of 3.
 */
export function boundedPlanRows(): string[][] {
  const rows: string[][] = [];
  const { lessons } = loadLessons(fileURLToPath(new URL('../lessons/', import.meta.url)));
  for (const lesson of lessons) {
    for (const spec of Object.values(lesson.exercises)) {
      if (spec.config.preemptions === undefined) continue;
      const runs: [string, string][] = [['starter', spec.starter], ...(spec.solutions ?? []).map((s, i): [string, string] => [`solution ${i + 1}`, s.text]),
        ...(spec.wrong ?? []).map((w): [string, string] => [`wrong: ${w.label}`.slice(0, 40), w.text])];
      for (const [what, text] of runs) {
        const compiled = compile(exerciseUnits(spec, text));
        if (!compiled.ok || !compiled.program) continue;
        const prepared = prepareCheck(compiled.program, exerciseOptions(spec));
        if ('error' in prepared) continue;
        const row = [`${spec.lesson}/${spec.name}`, what];
        for (const plan of ['breadth-first', 'cost+dominance'] as SearchPlan[]) {
          let best = Infinity;
          let states = 0;
          let verdict = '';
          for (let i = 0; i < 3; i++) {
            const cpu0 = process.cpuUsage();
            const r = explore(prepared.system, prepared.options, plan);
            best = Math.min(best, cpuMs(cpu0));
            states = r.stats.states;
            verdict = r.verdict;
          }
          row.push(verdict, fmt(states), fmt(best, 1));
        }
        rows.push(row);
      }
    }
  }
  return rows;
}

/** Each standard model checked with and without partial-order reduction: states and best-of-3 time. */
export function reductionRows(): string[][] {
  const rows: string[][] = [];
  for (const c of CASES) {
    const compiled = compile([{ name: c.c, text: withN(readFileSync(join(MODELS, c.c), 'utf8'), c.n) }]);
    if (!compiled.ok || !compiled.program) throw new Error(`${c.name}: does not compile`);
    const timed = (reduction: boolean): { r: CheckResult; ms: number } => {
      let best: { r: CheckResult; ms: number } | undefined;
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        const r = checkProgram(compiled.program!, { timeoutMs: 120_000, ...c.options, reduction });
        const ms = performance.now() - started;
        if (best === undefined || ms < best.ms) best = { r, ms };
      }
      return best!;
    };
    const full = timed(false);
    const reduced = timed(true);
    const verdict = full.r.verdict === 'fail' ? `fail ${full.r.property}` : full.r.verdict;
    const same = reduced.r.verdict === full.r.verdict && reduced.r.property === full.r.property ? '' : ' (verdicts differ!)';
    rows.push([c.name, verdict + same, fmt(full.r.stats.states), fmt(full.ms, 1), fmt(reduced.r.stats.reducedStates ?? NaN),
      fmt(reduced.r.stats.states), fmt(reduced.ms, 1), fmt(reduced.r.stats.states / full.r.stats.states, 2), fmt(reduced.ms / full.ms, 2)]);
  }
  return rows;
}

const fmt = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '—');

export async function bench(): Promise<void> {
  // the explorer alone: in a process of its own (what the target is about), and in this one
  const alone = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', EXPLORER_ALONE], { encoding: 'utf8' })) as ExplorerSpeed;
  const here = measureExplorer();
  const speed = (m: ExplorerSpeed): string =>
    `${fmt(m.statesPerSecond)} states/s wall, ${fmt(m.states / (m.cpuMs / 1000))} states per CPU-second; ${fmt(m.elapsedMs, 1)} ms (runs: ${m.runs.map((r) => fmt(r)).join(', ')})`;
  console.log(`explorer alone (synthetic, ${fmt(alone.states)} states, ${fmt(alone.transitions)} transitions, fairness analysis included; best of 3 after a warm-up run; target ≥ 1,000,000 states/s on one core):`);
  console.log(`  in a process of its own: ${speed(alone)}   ${alone.statesPerSecond >= 1_000_000 ? '✓' : '✗'}`);
  console.log(`  in this process (the compiler, lessons and KaTeX loaded too): ${speed(here)}`);

  const haveSpin = existsSync(SPIN);
  if (!haveSpin) console.log('spin not installed: apt-get install -y spin (the SPIN columns are skipped)');
  const dir = mkdtempSync(join(tmpdir(), 'racecourse-spin-'));
  runOurs(CASES[0]!); // warm-up

  const header = ['model', 'verdict', 'states', 'check ms', 'e2e ms', 'states/s', 'st/cpu-s', ...(haveSpin ? ['spin verdict', 'spin states', 'pan ms', 'spin e2e ms', 'states ×', 'e2e time ×'] : [])];
  const rows: string[][] = [];
  const ours = new Map<string, Ours>();
  for (const c of CASES) {
    const o = runOurs(c);
    ours.set(c.name, o);
    const row = [c.name, o.verdict, fmt(o.states), fmt(o.checkMs, 1), fmt(o.ms, 1), fmt(o.perSecond), fmt(o.perCpuSecond)];
    if (haveSpin) {
      const s = runSpin(c, dir);
      row.push(s.verdict, fmt(s.states), fmt(s.panMs, 1), fmt(s.totalMs, 1), fmt(o.states / s.states, 2), fmt(o.ms / s.totalMs, 2));
    }
    rows.push(row);
  }
  rmSync(dir, { recursive: true, force: true });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((x, i) => (i < 2 ? x.padEnd(widths[i]!) : x.padStart(widths[i]!))).join('  ');
  console.log('');
  console.log(line(header));
  for (const r of rows) console.log(line(r));
  if (haveSpin) {
    console.log('(states ×, e2e time ×: ours divided by SPIN\'s; e2e = compile + check, for SPIN spin -a + gcc + pan.');
    console.log(' Both stop at the first error; we then search again within its preemption count for the trace with the fewest preemptions,');
    console.log(' and our states for a failure count both searches.)');
  }

  console.log('\npartial-order reduction (default on; --no-reduction is the full graph):');
  const porTable = [['model', 'verdict', 'full states', 'full ms', 'reduced states', 'all states', 'ms', 'states ×', 'time ×'], ...reductionRows()];
  const pw = porTable[0]!.map((_, i) => Math.max(...porTable.map((r) => r[i]!.length)));
  for (const r of porTable) console.log(r.map((x, i) => (i < 2 ? x.padEnd(pw[i]!) : x.padStart(pw[i]!))).join('  '));
  console.log('(reduced states: the reduced search; all states: with the full search that follows it for a failure or a cycle.');
  console.log(' ms: best of 3 checks, compile excluded; ×: with reduction divided by without)');

  console.log(`\nload average ${loadavg().map((x) => x.toFixed(1)).join(' ')} on ${cpus().length} cores: wall times include waiting for a core.`);
  console.log('\nlesson exercises (target: each full check under 100 ms):');
  const lessonTable = [['exercise', 'text', 'verdict', 'as expected', 'states', 'ms', ''], ...lessonRows()];
  const lw = lessonTable[0]!.map((_, i) => Math.max(...lessonTable.map((r) => r[i]!.length)));
  for (const r of lessonTable) console.log(r.map((x, i) => (i >= 4 && i <= 5 ? x.padStart(lw[i]!) : x.padEnd(lw[i]!))).join('  ').trimEnd());

  console.log('\nexercises with a preemption bound: the whole bounded graph breadth-first (the search before cost order) vs the default plan, CPU ms best of 3:');
  const planTable = [['exercise', 'text', 'breadth-first', 'states', 'cpu ms', 'default', 'states', 'cpu ms'], ...boundedPlanRows()];
  const planWidths = planTable[0]!.map((_, i) => Math.max(...planTable.map((r) => r[i]!.length)));
  for (const r of planTable) console.log(r.map((x, i) => (i === 3 || i === 4 || i >= 6 ? x.padStart(planWidths[i]!) : x.padEnd(planWidths[i]!))).join('  ').trimEnd());

  console.log('\ngrowth with N (states, time to verdict relative to the previous N):');
  for (const family of ['mutex', 'philosophers']) {
    const runs = CASES.filter((c) => c.name.startsWith(family)).map((c) => [c.n!, ours.get(c.name)!] as const);
    const parts = runs.map(([n, o], i) => {
      const prev = runs[i - 1]?.[1];
      return `N=${n}: ${fmt(o.states)} states, ${fmt(o.checkMs, 0)} ms${prev ? ` (×${fmt(o.states / prev.states, 1)} states, ×${fmt(o.checkMs / prev.checkMs, 1)} time)` : ''}`;
    });
    console.log(`  ${family}: ${parts.join('; ')}`);
  }
}
