// Test-only helpers for the machine's tests: compile a C text, and a tiny
// breadth-first explorer that visits every reachable state and collects
// findings, stuck states and the final values of chosen globals. It is not the
// real explorer (runtime/check/): no fairness, no shortest traces, string keys.

import { formatDiagnostic } from '../../runtime/diagnostics.ts';
import { compile } from '../../runtime/dialect/index.ts';
import type { Finding, State, TransitionSystem } from '../../runtime/check/system.ts';
import type { Program } from '../../runtime/ir.ts';
import { createMachine, type MachineOptions } from '../../runtime/sim/index.ts';
import { decode } from '../../runtime/sim/state.ts';

export function build(text: string): Program {
  const r = compile([{ name: 't.c', text }]);
  if (!r.ok || r.program === undefined) {
    throw new Error(r.diagnostics.map((d) => formatDiagnostic(d, text)).join('\n'));
  }
  return r.program;
}

export interface Exploration {
  states: number;
  /** findings from steps and from stuck states, each distinct message once */
  findings: Finding[];
  /** final values of the watched globals in every terminated state, as "a=1 b=0" strings */
  outcomes: Set<string>;
  terminated: number;
}

/** Value of a global (a scalar, or a word offset into it) in the first process of a state. */
export function globalValue(program: Program, state: State, name: string, offset = 0): number {
  const g = program.globals.find((x) => x.name === name);
  if (g === undefined) throw new Error(`no global ${name}`);
  return decode(state).procs[0]!.mem[g.address + offset]!;
}

export function explore(program: Program, options: MachineOptions = {}, watch: string[] = [], limit = 200_000): Exploration {
  const sys = createMachine(program, options);
  return exploreSystem(sys, program, watch, limit);
}

export function exploreSystem(sys: TransitionSystem, program: Program, watch: string[] = [], limit = 200_000): Exploration {
  const seen = new Set<string>();
  const findings = new Map<string, Finding>();
  const outcomes = new Set<string>();
  let terminated = 0;
  const init = sys.initial();
  if (init.finding) findings.set(init.finding.message, init.finding);
  const queue: State[] = init.finding ? [] : [init.state];
  seen.add(init.state.join(','));
  while (queue.length > 0) {
    if (seen.size > limit) throw new Error(`more than ${limit} states`);
    const s = queue.shift()!;
    if (sys.pruned(s)) continue;
    const ts = sys.transitions(s);
    if (ts.length === 0) {
      if (sys.terminated(s)) {
        terminated++;
        outcomes.add(watch.map((n) => `${n}=${globalValue(program, s, n)}`).join(' '));
      } else {
        const f = sys.stuck(s);
        findings.set(f.message, f);
      }
      continue;
    }
    for (const t of ts) {
      const out = sys.step(s, t, false);
      if (out.finding) {
        findings.set(out.finding.message, out.finding);
        continue;
      }
      const k = out.state.join(',');
      if (!seen.has(k)) {
        seen.add(k);
        queue.push(out.state);
      }
    }
  }
  return { states: seen.size, findings: [...findings.values()], outcomes, terminated };
}

/** Run one schedule chosen by `pick` (index into the enabled transitions) until stuck or done. */
export function runOnce(sys: TransitionSystem, pick: (n: number, step: number) => number = () => 0, maxSteps = 10_000) {
  let out = sys.initial();
  const events = [];
  for (let i = 0; i < maxSteps && !out.finding; i++) {
    const ts = sys.transitions(out.state);
    if (ts.length === 0) break;
    out = sys.step(out.state, ts[pick(ts.length, i) % ts.length]!, true);
    events.push(out.event!);
  }
  return { last: out, events };
}

export function kinds(e: Exploration): string[] {
  return [...new Set(e.findings.map((f) => f.kind))].sort();
}
