// The simulated machine's own speed: steps per second (transitions() + step()) on a
// lock-heavy model, and the cost of the parts of a step (decode, encode), so a
// slowdown can be traced to its part. The explorer's end-to-end states/s on the
// standard models is bench/check.bench.ts. Targets (issue 4): the explorer aims at
// 1,000,000 states/s, so every microsecond a step takes is visible there.

import { fileURLToPath } from 'node:url';
import { lessonCases } from '../build/grade/validate.ts';
import { loadLessons } from '../build/lesson/index.ts';
import { machineFor } from '../runtime/check/index.ts';
import { compile } from '../runtime/dialect/index.ts';
import type { State, TransitionSystem } from '../runtime/check/system.ts';
import { exerciseOptions, exerciseUnits } from '../runtime/exercise.ts';
import { createMachine, type Machine } from '../runtime/sim/index.ts';
import { decode, encode } from '../runtime/sim/state.ts';

const LOCKS = (n: number) => `
pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
struct mutex b;
int counter; int other;
void *worker(void *arg) {
  for (int i = 0; i < 2; i++) {
    pthread_mutex_lock(&a);
    int t = counter;
    counter = t + 1;
    pthread_mutex_unlock(&a);
    mutex_lock(&b);
    other = other + 1;
    mutex_unlock(&b);
  }
  return 0;
}
int main(void) {
  pthread_t t[${n}];
  for (int i = 0; i < ${n}; i++) pthread_create(&t[i], 0, worker, 0);
  for (int i = 0; i < ${n}; i++) pthread_join(t[i], 0);
  assert(counter == ${2 * n});
  return 0;
}`;

function machine(n: number, memoryModel: 'sc' | 'tso' | 'pso'): TransitionSystem {
  const r = compile([{ name: 'locks.c', text: LOCKS(n) }]);
  if (!r.ok || !r.program) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return createMachine(r.program, { memoryModel });
}

/** Random walks from the initial state (a fixed LCG, so runs are comparable). */
function walk(sys: TransitionSystem, steps: number): { perSecond: number; cpuPerStepUs: number; states: State[] } {
  let seed = 12345;
  const init = sys.initial().state;
  let s = init;
  const sample: State[] = [];
  const wall = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < steps; i++) {
    const ts = sys.transitions(s);
    if (ts.length === 0) { s = init; continue; }
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const out = sys.step(s, ts[seed % ts.length]!, false);
    s = out.finding ? init : out.state;
    if ((i & 1023) === 0) sample.push(s);
  }
  const ms = performance.now() - wall;
  const cpuUs = process.cpuUsage(cpu).user;
  return { perSecond: steps / (ms / 1000), cpuPerStepUs: cpuUs / steps, states: sample };
}

/**
 * The explorer's pattern: transitions(s), then step(s, t) for every t of the same s
 * (step() reuses the world transitions() decoded). CPU µs per step taken.
 */
function expandCost(sys: TransitionSystem, states: State[], rounds: number): number {
  let steps = 0;
  let sink = 0;
  const t = process.cpuUsage();
  for (let r = 0; r < rounds; r++) {
    for (const s of states) {
      for (const tr of sys.transitions(s)) {
        sink += sys.step(s, tr, false).state.length;
        steps++;
      }
    }
  }
  const us = process.cpuUsage(t).user;
  if (sink < 0) console.log(sink);
  return us / Math.max(steps, 1);
}

/** CPU cost of decoding a state, and of decoding and encoding it again (an untouched round trip). */
function partCost(states: State[], rounds: number): { decodeUs: number; roundTripUs: number; words: number } {
  let sink = 0;
  let t = process.cpuUsage();
  for (let r = 0; r < rounds; r++) for (const s of states) sink += decode(s).threads.length;
  const decodeUs = process.cpuUsage(t).user / (rounds * states.length);
  t = process.cpuUsage();
  for (let r = 0; r < rounds; r++) for (const s of states) sink += encode(decode(s)).length;
  const roundTripUs = process.cpuUsage(t).user / (rounds * states.length);
  if (sink < 0) console.log(sink); // keeps the loops from being optimised away
  const words = Math.round(states.reduce((a, s) => a + s.length, 0) / states.length);
  return { decodeUs, roundTripUs, words };
}

/**
 * The machine's share of checking each lesson exercise's starter: CPU µs per
 * expanded state (transitions + every step, on a fresh copy of the state, as the
 * explorer does) over its first `cap` states in breadth-first order, and how many
 * invariant evaluations a state still runs (runtime/sim/invariant-memo.ts).
 */
function lessonCosts(cap: number, rounds: number): void {
  const { lessons } = loadLessons(fileURLToPath(new URL('../lessons', import.meta.url)));
  console.log('lesson exercise (starter)             states   µs/state   invariant runs/state');
  for (const lesson of lessons) {
    for (const c of lessonCases(lesson)) {
      if (c.kind !== 'starter' || c.text === undefined) continue;
      const spec = lesson.exercises[c.exercise]!;
      const r = compile(exerciseUnits(spec, c.text));
      if (!r.ok || !r.program) continue;
      const sys = machineFor(r.program, exerciseOptions(spec)) as Machine;
      const first = sys.initial();
      const seen = new Set<string>([first.state.join()]);
      const queue: State[] = first.finding ? [] : [first.state];
      // invariant runs are counted on this first expansion of each state, as a check makes it
      const runs = sys.core.invariantRuns;
      let expanded = 0;
      for (let i = 0; i < queue.length && queue.length < cap; i++, expanded++) {
        for (const tr of sys.transitions(queue[i]!)) {
          const out = sys.step(queue[i]!, tr, false);
          if (out.finding || sys.pruned(out.state)) continue;
          const k = out.state.join();
          if (!seen.has(k)) { seen.add(k); queue.push(out.state); }
        }
      }
      const perState = (sys.core.invariantRuns - runs) / Math.max(expanded, 1);
      let best = Infinity;
      for (let round = 0; round < rounds; round++) {
        const t = process.cpuUsage();
        for (const stored of queue) {
          const s = stored.slice();
          for (const tr of sys.transitions(s)) sys.step(s, tr, false);
        }
        const u = process.cpuUsage(t);
        best = Math.min(best, (u.user + u.system) / queue.length);
      }
      console.log(`${`${lesson.slug} ${c.exercise}`.padEnd(36)} ${String(queue.length).padStart(7)}   ${best.toFixed(2).padStart(8)}   ${perState.toFixed(3).padStart(20)}`);
    }
  }
}

export async function bench(): Promise<void> {
  const steps = 200_000;
  console.log('lock-heavy model: N workers, each twice: pthread mutex, then a kernel mutex (random walks)');
  console.log('model              steps/s (wall)   cpu µs/step   expand µs/step   state words   decode µs   decode+encode µs');
  for (const [n, mm] of [[2, 'sc'], [4, 'sc'], [4, 'tso'], [4, 'pso'], [8, 'sc']] as const) {
    const sys = machine(n, mm);
    walk(sys, 20_000); // warm up
    const w = walk(sys, steps);
    const parts = partCost(w.states, 300);
    const expand = expandCost(sys, w.states, 100);
    console.log(
      `${`N=${n} ${mm}`.padEnd(18)} ${Math.round(w.perSecond).toLocaleString('en').padStart(14)}   ${w.cpuPerStepUs.toFixed(2).padStart(11)}   ${expand.toFixed(2).padStart(14)}   ${String(parts.words).padStart(11)}   ${parts.decodeUs.toFixed(2).padStart(9)}   ${parts.roundTripUs.toFixed(2).padStart(16)}`,
    );
  }
  console.log('(wall-clock figures move with machine load; cpu µs/step is the steadier figure)');
  console.log('(cpu µs/step: random walk, transitions + one step; expand: transitions + every step of a state, as the explorer does)');
  console.log('');
  lessonCosts(20_000, 3);
  console.log('(best of 3 rounds; the rest of a check is the explorer: npm run bench -- lessons)');
}
