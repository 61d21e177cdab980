// Helpers for the lesson tests that check a counterexample tells the source
// document's story: check an exercise's text, replay the schedule on a machine
// built the same way, and answer questions about steps and states (which thread
// did what, who held which lock, where a thread was blocked).
import { loadLesson, type Lesson } from '../../../../build/lesson/index.ts';
import { replay } from '../../../../runtime/check/index.ts';
import type { State, StateSnapshot, TransitionSystem } from '../../../../runtime/check/system.ts';
import type { CheckResult, TraceStep } from '../../../../runtime/check/types.ts';
import { compile } from '../../../../runtime/dialect/index.ts';
import { checkExercise, exerciseOptions, exerciseUnits, type ExerciseSpec } from '../../../../runtime/exercise.ts';
import type { Program, SourcePos } from '../../../../runtime/ir.ts';
import { createMachine } from '../../../../runtime/sim/index.ts';

export function lesson(path: string): Lesson {
  const { lesson: l, diagnostics } = loadLesson(path);
  if (!l) throw new Error(`${path} does not load: ${diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`).join('; ')}`);
  return l;
}

/** 1-based line of the first line containing `needle` at or after line `from`. */
export function lineOf(text: string, needle: string, from = 1): number {
  const lines = text.split('\n');
  for (let i = from - 1; i < lines.length; i++) if (lines[i]!.includes(needle)) return i + 1;
  throw new Error(`'${needle}' not found after line ${from}`);
}

export class Story {
  readonly result: CheckResult;
  readonly program: Program;
  readonly system: TransitionSystem;
  readonly trace: TraceStep[];
  /** states[0] is the initial state; states[i + 1] is the state after trace[i] */
  readonly states: State[];
  /** thread id → the start routine it was created with (`main` for thread 1) */
  readonly routine = new Map<number, string>([[1, 'main']]);

  constructor(readonly spec: ExerciseSpec, text: string, modelEdit?: (model: string) => string) {
    if (modelEdit) spec = { ...spec, modelUnits: spec.modelUnits.map((u) => ({ ...u, text: modelEdit(u.text) })) };
    this.spec = spec;
    this.result = checkExercise(spec, text);
    const compiled = compile(exerciseUnits(spec, text));
    if (!compiled.program) throw new Error(`does not compile: ${compiled.diagnostics.map((d) => d.message).join('; ')}`);
    this.program = compiled.program;
    const o = exerciseOptions(spec);
    this.system = createMachine(this.program, { memoryModel: o.memoryModel, fork: o.fork, properties: o.properties, faults: o.faults });
    const r = this.result.schedule === undefined ? undefined : replay(this.system, this.result.schedule);
    if (r?.error) throw new Error(`replay: ${r.error}`);
    this.trace = r?.trace ?? [];
    this.states = r?.states ?? [];
    for (const s of this.trace) {
      const m = /pthread_create → thread (\d+) \((\w+)\)/.exec(s.op);
      if (m) this.routine.set(Number(m[1]), m[2]!);
    }
  }

  /** the thread started with `routine` (first one) */
  thread(routine: string): number {
    for (const [tid, name] of this.routine) if (name === routine) return tid;
    throw new Error(`no thread runs ${routine}; threads: ${[...this.routine].join(', ')}`);
  }

  /** index of the first step at or after `from` that matches */
  step(match: (s: TraceStep) => boolean, from = 0): number {
    for (let i = from; i < this.trace.length; i++) if (match(this.trace[i]!)) return i;
    return -1;
  }

  /** the machine's state after trace step i (i = -1: the initial state) */
  after(i: number): StateSnapshot {
    return this.system.snapshot(this.states[i + 1]!);
  }

  get final(): StateSnapshot {
    return this.system.snapshot(this.states[this.states.length - 1]!);
  }

  /** `file:line` of a position, with the unit's name */
  where(pos: SourcePos | undefined): string {
    return pos ? `${this.program.files[pos.file]!.name}:${pos.line}` : '?';
  }
}

/** Every case of every exercise: [exercise, case label, expected verdict/property, text]. */
export function allCases(l: Lesson): [string, string, string, string][] {
  const out: [string, string, string, string][] = [];
  for (const ex of Object.values(l.exercises)) {
    out.push([ex.name, 'starter', ex.config.starter_fails, ex.starter]);
    (ex.solutions ?? []).forEach((s, i) => out.push([ex.name, `solution ${i + 1}`, 'pass', s.text]));
    for (const w of ex.wrong ?? []) out.push([ex.name, `wrong: ${w.label}`, w.breaks, w.text]);
  }
  return out;
}

/** 'pass', or the property a failing result broke, or the verdict otherwise. */
export function outcome(r: CheckResult): string {
  if (r.verdict === 'pass') return 'pass';
  if (r.verdict === 'fail') return r.property ?? 'fail';
  return `${r.verdict}${r.limit ? ` (${r.limit})` : ''}: ${r.diagnostics.map((d) => d.message).join('; ')}`;
}
