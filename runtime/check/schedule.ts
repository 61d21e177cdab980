// Schedules: the list of transition labels a counterexample takes, as a short
// URL-safe string, and replay, which runs a schedule again with recording on to
// produce the trace (and every state along it, for step-through display).
//
// Encoding: a sequence of varints in base64url digits of 5 data bits, least
// significant first; the 6th bit of a digit says "more digits follow". A varint
// v with the low bit clear is a label, zigzag-mapped (so a negative label stays
// short): label = unzigzag(v / 2). With the low bit set it repeats the previous
// label (v - 1) / 2 more times — threads often take several steps in a row, and
// the machine's labels are large numbers. Labels 0…7 cost one character.

import type { Finding, State, TransitionSystem } from './system.ts';
import type { TraceStep } from './types.ts';

const DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const VALUE: Record<string, number> = Object.fromEntries([...DIGITS].map((c, i) => [c, i]));

function varint(v: number): string {
  let out = '';
  do {
    const low = v % 32;
    v = Math.floor(v / 32);
    out += DIGITS[low + (v > 0 ? 32 : 0)];
  } while (v > 0);
  return out;
}

export function encodeSchedule(labels: readonly number[]): string {
  let out = '';
  for (let i = 0; i < labels.length; ) {
    const label = labels[i]!;
    if (!Number.isInteger(label) || label > 0x7fffffff || label < -0x80000000) {
      throw new RangeError(`transition label ${label} is not a 32-bit integer`);
    }
    let run = 1;
    while (i + run < labels.length && labels[i + run] === label) run++;
    const single = varint((label >= 0 ? label * 2 : -label * 2 - 1) * 2);
    out += single;
    // a repeat token pays off unless the label is one digit repeated once
    if (run > 1 && (single.length > 1 || run > 2)) out += varint((run - 1) * 2 + 1);
    else if (run > 1) out += single;
    i += run;
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
    if (scale > 2 ** 45) return undefined; // longer than any label or sane repeat count
    if (d >= 32) {
      open = true;
      continue;
    }
    if (v % 2 === 1) {
      const times = (v - 1) / 2;
      if (labels.length === 0 || times > 1_000_000) return undefined;
      const last = labels[labels.length - 1]!;
      for (let k = 0; k < times; k++) labels.push(last);
    } else {
      const z = v / 2;
      labels.push(z % 2 === 0 ? z / 2 : -(z + 1) / 2);
    }
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
