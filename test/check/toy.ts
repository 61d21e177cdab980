// Small hand-written transition systems for testing the explorer without the
// C compiler or the simulated machine. A toy has integer variables and a few
// threads, each a list of steps with a guard (blocked while false) and an
// effect. State layout: [pruned flag, pc of each thread…, variables…].

import type { Finding, State, StepOutcome, Transition, TransitionSystem } from '../../runtime/check/system.ts';

export interface ToyStep {
  op: string;
  /** the thread may take the step only while this holds (default: always) */
  guard?: (v: Int32Array) => boolean;
  /**
   * Changes the variables (a fresh copy). Returns a string to fail an assertion
   * with that message, or 'prune' to discard the state like assume(false).
   */
  run?: (v: Int32Array, choice: number) => void | string;
  /** how many variants (a nondet choice): run() gets 0…choices-1 */
  choices?: number;
  /** next pc (default pc + 1; the thread finishes past its last step) */
  next?: (v: Int32Array, pc: number) => number;
  line?: number;
}

export interface ToyOptions {
  /** an 'always' invariant named `inv` */
  invariant?: (v: Int32Array) => boolean;
  /** human names of the actors (default `thread i+1 (pid 1)`) */
  names?: string[];
  /** actors that are not threads (store buffers): isBackground() says so */
  background?: number[];
}

export function toy(vars: number[], threads: ToyStep[][], options: ToyOptions = {}): TransitionSystem & { stepCalls: number } {
  const n = threads.length;
  const base = 1 + n;
  const finished = (s: State, i: number): boolean => s[1 + i]! >= threads[i]!.length;
  const system = {
    stepCalls: 0,
    initial(): StepOutcome {
      const s = new Int32Array(base + vars.length);
      s.set(vars, base);
      return { state: s };
    },
    transitions(s: State): Transition[] {
      const out: Transition[] = [];
      if (s[0]) return out;
      for (let i = 0; i < n; i++) {
        if (finished(s, i)) continue;
        const step = threads[i]![s[1 + i]!]!;
        if (step.guard && !step.guard(s.subarray(base))) continue;
        for (let c = 0; c < (step.choices ?? 1); c++) out.push({ label: i * 8 + c, actor: i });
      }
      return out;
    },
    step(s: State, t: Transition, record: boolean): StepOutcome {
      system.stepCalls++;
      const i = t.actor;
      const pc = s[1 + i]!;
      const step = threads[i]![pc]!;
      const next = s.slice();
      const v = next.subarray(base);
      const said = step.run?.(v, t.label % 8);
      next[1 + i] = step.next ? step.next(v, pc) : pc + 1;
      const out: StepOutcome = { state: next };
      const pos = { file: 0, line: step.line ?? pc + 1, col: 1 };
      if (said === 'prune') next[0] = 1;
      else if (typeof said === 'string') {
        out.finding = { kind: 'assertion', property: 'assertion', message: said, pos, thread: i + 1, process: 1 };
      } else if (options.invariant && !options.invariant(v)) {
        out.finding = { kind: 'invariant', property: 'inv', message: 'inv does not hold', pos, thread: i + 1, process: 1 };
      }
      if (record) out.event = { thread: i + 1, process: 1, pos, op: step.op, reads: [], writes: [] };
      return out;
    },
    terminated(s: State): boolean {
      for (let i = 0; i < n; i++) if (!finished(s, i)) return false;
      return true;
    },
    stuck(s: State): Finding {
      const waits = [];
      for (let i = 0; i < n; i++) {
        if (!finished(s, i)) waits.push({ thread: i + 1, process: 1, waitsFor: threads[i]![s[1 + i]!]!.op });
      }
      return { kind: 'deadlock', property: 'deadlock', message: `${waits.length} threads wait forever`, waits };
    },
    pruned(s: State): boolean {
      return s[0] === 1;
    },
    snapshot(): never {
      throw new Error('toy systems have no snapshot');
    },
    actorName(a: number): string {
      return options.names?.[a] ?? `thread ${a + 1} (pid 1)`;
    },
    ...(options.background ? { isBackground: (a: number) => options.background!.includes(a) } : {}),
  };
  return system;
}

/** A thread that takes a lock word (index `lock`), blocking while it is held. */
export function acquire(lock: number, line?: number): ToyStep {
  return { op: `lock ${lock}`, guard: (v) => v[lock] === 0, run: (v) => void (v[lock] = 1), ...(line ? { line } : {}) };
}

export function release(lock: number): ToyStep {
  return { op: `unlock ${lock}`, run: (v) => void (v[lock] = 0) };
}

/** Two threads do x = x + 1 in two steps (load, store), optionally under lock word 1; then thread 3 checks x == 2. */
export function counterRace(locked: boolean): TransitionSystem {
  const inc = (tmp: number): ToyStep[] => [
    ...(locked ? [acquire(1)] : []),
    { op: 'load x', run: (v) => void (v[tmp] = v[0]!) },
    { op: 'store x', run: (v) => void (v[0] = v[tmp]! + 1) },
    ...(locked ? [release(1)] : []),
    { op: 'done', run: (v) => void (v[4]! += 1) },
  ];
  return toy([0, 0, 0, 0, 0], [
    inc(2),
    inc(3),
    [{ op: 'assert x == 2', guard: (v) => v[4] === 2, run: (v) => (v[0] === 2 ? undefined : `x is ${v[0]}, not 2`) }],
  ]);
}
