// Helpers for the DAX and robust-futex lesson tests: load a lesson, check an
// exercise text the way the browser and the grader do, and replay the
// counterexample on a machine built with the same options, so a test can ask
// who did what at which step and what the state was afterwards.
import { loadLesson, type Lesson } from '../../../../build/lesson/index.ts';
import { replay } from '../../../../runtime/check/index.ts';
import type { State, StateSnapshot, TransitionSystem } from '../../../../runtime/check/system.ts';
import type { CheckOptions, CheckResult, TraceStep } from '../../../../runtime/check/types.ts';
import { compile } from '../../../../runtime/dialect/index.ts';
import { checkExercise, exerciseOptions, exerciseUnits, type ExerciseSpec } from '../../../../runtime/exercise.ts';
import type { Program, SourcePos } from '../../../../runtime/ir.ts';
import { createMachine } from '../../../../runtime/sim/index.ts';

/** The lesson at path, or an exception listing its diagnostics. */
export function lesson(path: string): Lesson {
  const r = loadLesson(path);
  if (!r.lesson) throw new Error(r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`).join('\n'));
  return r.lesson;
}

/** verdict and property in one word: 'pass', or 'fail lock-misuse' */
export function outcome(r: CheckResult): string {
  return r.verdict === 'fail' ? `fail ${r.property}` : r.verdict;
}

/** [exercise, case label, text, expected outcome] for every starter, solution and wrong fix */
export function allCases(l: Lesson): [string, string, string, string][] {
  const out: [string, string, string, string][] = [];
  for (const [name, spec] of Object.entries(l.exercises)) {
    out.push([name, 'starter', spec.starter, `fail ${spec.config.starter_fails}`]);
    for (const s of spec.solutions ?? []) out.push([name, `solution at line ${s.line}`, s.text, 'pass']);
    for (const w of spec.wrong ?? []) out.push([name, w.label, w.text, `fail ${w.breaks}`]);
  }
  return out;
}

/** 1-based line of the first line containing needle, at or after line `from` */
export function lineOf(text: string, needle: string, from = 1): number {
  const lines = text.split('\n');
  for (let i = from - 1; i < lines.length; i++) if (lines[i]!.includes(needle)) return i + 1;
  throw new Error(`no line contains ${JSON.stringify(needle)}`);
}

/** A checked exercise text and its counterexample, replayed step by step. */
export class Story {
  readonly result: CheckResult;
  readonly trace: TraceStep[];
  readonly program: Program;
  readonly system: TransitionSystem;
  private readonly states: State[];

  constructor(spec: ExerciseSpec, text: string, extra: Partial<CheckOptions> = {}) {
    this.result = checkExercise(spec, text, extra);
    const compiled = compile(exerciseUnits(spec, text));
    if (!compiled.ok || !compiled.program) throw new Error(`does not compile: ${compiled.diagnostics.map((d) => d.message).join('; ')}`);
    this.program = compiled.program;
    const o = { ...exerciseOptions(spec), ...extra };
    const machine: Parameters<typeof createMachine>[1] = {};
    if (o.memoryModel) machine.memoryModel = o.memoryModel;
    if (o.fork) machine.fork = o.fork;
    if (o.faults) machine.faults = o.faults;
    if (o.properties) machine.properties = o.properties;
    this.system = createMachine(this.program, machine);
    if (this.result.verdict !== 'fail' || !this.result.schedule) {
      this.trace = [];
      this.states = [];
      return;
    }
    const r = replay(this.system, this.result.schedule);
    if (r.error) throw new Error(`replay: ${r.error}`);
    this.trace = r.trace;
    this.states = r.states;
  }

  /** index of the first step at or after `from` that satisfies test, or -1 */
  step(test: (t: TraceStep) => boolean, from = 0): number {
    for (let i = from; i < this.trace.length; i++) if (test(this.trace[i]!)) return i;
    return -1;
  }

  /** every step index that satisfies test */
  steps(test: (t: TraceStep) => boolean): number[] {
    return this.trace.flatMap((t, i) => (test(t) ? [i] : []));
  }

  /** the state right after step i (i = -1: the initial state) */
  after(i: number): StateSnapshot {
    return this.system.snapshot(this.states[i + 1]!);
  }

  get final(): StateSnapshot {
    return this.after(this.trace.length - 1);
  }

  /** the tid of the thread whose start routine is `fn` (from the pthread_create steps) */
  thread(fn: string): number {
    const create = this.trace.find((t) => t.op.startsWith('pthread_create') && t.op.endsWith(`(${fn})`));
    const m = create && /thread (\d+)/.exec(create.op);
    if (!m) throw new Error(`no thread runs ${fn} in this trace`);
    return Number(m[1]);
  }

  /** "unit:line" of a position */
  where(pos: SourcePos | undefined): string {
    return pos ? `${this.program.files[pos.file]!.name}:${pos.line}` : '?';
  }

  /** the value of a named word in process 1 after step i */
  word(i: number, name: string): number | undefined {
    return this.after(i).processes[0]!.memory.find((m) => m.name === name)?.value;
  }

  /** who owns the named lock after step i: a tid, or 0 when free */
  owner(i: number, lock: string): number {
    return this.after(i).processes[0]!.locks.find((k) => k.name === lock)?.owner ?? 0;
  }
}
