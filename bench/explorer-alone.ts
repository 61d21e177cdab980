// The explorer's raw speed on a synthetic graph whose steps cost almost nothing:
// k independent counters each counting to `limit`, (limit + 1)^k states. Run as a
// script (`node --import tsx bench/explorer-alone.ts`) it measures in a process
// that has loaded the explorer and nothing else, and prints JSON; check.bench.ts
// runs it so, and also in its own process, where the compiler, the lessons and
// KaTeX share the heap (the collector then costs the explorer 10–20 %).
import { pathToFileURL } from 'node:url';
import { explore } from '../runtime/check/explore.ts';
import type { Transition, TransitionSystem } from '../runtime/check/system.ts';
import type { CheckResult } from '../runtime/check/types.ts';

/** k independent counters each counting to `limit`: (limit + 1)^k states, a step costs almost nothing */
function counters(k: number, limit: number): TransitionSystem {
  return {
    initial: () => ({ state: new Int32Array(k) }),
    transitions(s) {
      const out: Transition[] = [];
      for (let i = 0; i < k; i++) if (s[i]! < limit) out.push({ label: i, actor: i });
      return out;
    },
    step(s, t) {
      const next = s.slice();
      next[t.actor]!++;
      return { state: next };
    },
    terminated: () => true,
    stuck: () => ({ kind: 'deadlock', property: 'deadlock', message: 'unreachable' }),
    pruned: () => false,
    snapshot: () => ({ processes: [], threads: [] }),
    actorName: (a) => `counter ${a}`,
  };
}

export interface ExplorerSpeed {
  states: number;
  transitions: number;
  /** the fastest run's */
  elapsedMs: number;
  statesPerSecond: number;
  /** the least CPU time of a run (all threads: the collector's too) */
  cpuMs: number;
  /** states/s of each run */
  runs: number[];
}

/** Best of `runs` after a whole warm-up run (a smaller one left the first timed runs still compiling). */
export function measureExplorer(runs = 3): ExplorerSpeed {
  explore(counters(4, 30));
  let best: CheckResult | undefined;
  const all: number[] = [];
  let cpuMs = Infinity;
  for (let i = 0; i < runs; i++) {
    const cpu0 = process.cpuUsage();
    const r = explore(counters(4, 30));
    const cpu = process.cpuUsage(cpu0);
    cpuMs = Math.min(cpuMs, (cpu.user + cpu.system) / 1000);
    all.push(r.stats.statesPerSecond);
    if (best === undefined || r.stats.elapsedMs < best.stats.elapsedMs) best = r;
  }
  const { states, transitions, elapsedMs, statesPerSecond } = best!.stats;
  return { states, transitions, elapsedMs, statesPerSecond, cpuMs, runs: all };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) console.log(JSON.stringify(measureExplorer()));
