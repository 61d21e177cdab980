// Schedules: the list of transition labels a counterexample takes, as a short
// URL-safe string, and replay, which runs a schedule again with recording on to
// produce the trace (and every state along it, for step-through display).
//
// Encoding: each label is zigzag-mapped (so a negative label stays short) and
// written as base64url digits of 5 data bits, least significant first; the 6th
// bit of a digit says "more digits follow". Labels below 32 cost one character.

import type { Finding, State, TransitionSystem } from './system.ts';
import type { TraceStep } from './types.ts';

const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE: Record<string, number> = Object.fromEntries([...DIGITS].map((c, i) => [c, i]));

export function encodeSchedule(labels: readonly number[]): string {
  let out = '';
  for (const label of labels) {
    if (!Number.isInteger(label) || label > 0x7fffffff || label < -0x80000000) {
      throw new RangeError(`transition label ${label} is not a 32-bit integer`);
    }
    let v = label >= 0 ? label * 2 : -label * 2 - 1;
    do {
      const low = v % 32;
      v = Math.floor(v / 32);
      out += DIGITS[low + (v > 0 ? 32 : 0)];
    } while (v > 0);
  }
  return out;
}

/** The labels of a schedule string, or undefined when it is not one. */
export function decodeSchedule(s: string): number[] | undefined {
  const labels: number[] = [];
  let v = 0;
  let scale = 1;
  let open = false;
  for (const ch of s) {
    const d = VALUE[ch];
    if (d === undefined) return undefined;
    v += (d % 32) * scale;
    scale *= 32;
    if (scale > 2 ** 40) return undefined; // longer than any 32-bit label
    if (d >= 32) {
      open = true;
      continue;
    }
    labels.push(v % 2 === 0 ? v / 2 : -(v + 1) / 2);
    v = 0;
    scale = 1;
    open = false;
  }
  return open ? undefined : labels;
}

export interface Replay {
  trace: TraceStep[];
  /** states[0] is the initial state; states[i + 1] follows trace[i] */
  states: State[];
  finding?: Finding;
  error?: string;
}

/** Runs a schedule (a string or the labels themselves) from the initial state, recording every step. */
export function replay(system: TransitionSystem, schedule: string | readonly number[]): Replay {
  const labels = typeof schedule === 'string' ? decodeSchedule(schedule) : schedule;
  if (labels === undefined) {
    return { trace: [], states: [], error: `'${schedule as string}' is not a schedule string` };
  }
  const first = system.initial();
  const states: State[] = [first.state];
  const trace: TraceStep[] = [];
  if (first.finding) {
    const result: Replay = { trace, states, finding: first.finding };
    if (labels.length > 0) result.error = 'the initial state already violates a property; the schedule has steps after it';
    return result;
  }
  let state = first.state;
  let last = -1;
  for (let i = 0; i < labels.length; i++) {
    const moves = system.transitions(state);
    const t = moves.find((m) => m.label === labels[i]);
    if (!t) {
      const enabled = moves.map((m) => `${m.label} (${system.actorName(m.actor)})`).join(', ') || 'none';
      return { trace, states, error: `step ${i + 1}: transition ${labels[i]} is not enabled here; enabled: ${enabled}` };
    }
    const background = system.isBackground?.(t.actor) ?? false;
    const preemption = !background && last >= 0 && t.actor !== last && moves.some((m) => m.actor === last);
    const out = system.step(state, t, true);
    const event = out.event ?? { thread: t.actor, process: 0, op: system.actorName(t.actor), reads: [], writes: [] };
    trace.push({ ...event, index: i, label: t.label, preemption });
    states.push(out.state);
    state = out.state;
    if (!background) last = t.actor;
    if (out.finding) {
      const result: Replay = { trace, states, finding: out.finding };
      if (i + 1 < labels.length) result.error = `step ${i + 1} violates ${out.finding.property}; the schedule has ${labels.length - i - 1} more steps`;
      return result;
    }
    if (system.pruned(state)) {
      return { trace, states, error: `step ${i + 1} leads into a state discarded by assume()` };
    }
  }
  if (system.transitions(state).length === 0 && !system.terminated(state)) {
    return { trace, states, finding: system.stuck(state) };
  }
  return { trace, states };
}
