// Runs a lesson's js cells in Node against the real checker, with a stand-in for
// the page's `rc` bridge (site/cell-api.ts) and its `html` template, so a test can
// assert what a picture shows without a browser. The stand-in keeps rc's shapes:
// check → a result with `schedule`; replay → { steps, snapshots } with
// snapshots[0] the initial state; word(snapshot, name, pid?); timeline(replay,
// columns) → here the rows as data; plot(spec) → the spec itself.
//
// `sample(exercise, { text?, runs, seed, maxSteps?, edit? })` mirrors the page's
// rc.sample: sample the exercise's program (its model, rewritten by `edit`, plus
// the text) with the checker's sampleRuns and return { runs, failures }.
import { transpileCell } from '../../../../build/site/cells.ts';
import type { Lesson } from '../../../../build/lesson/index.ts';
import { replay as replaySchedule, sampleRuns } from '../../../../runtime/check/index.ts';
import type { StateSnapshot } from '../../../../runtime/check/system.ts';
import type { TraceStep } from '../../../../runtime/check/types.ts';
import { compile } from '../../../../runtime/dialect/index.ts';
import { checkExercise, exerciseOptions, exerciseUnits, type ExerciseSpec } from '../../../../runtime/exercise.ts';
import { createMachine } from '../../../../runtime/sim/index.ts';

export interface StepView extends TraceStep { actor: string }
export interface ReplayView { steps: StepView[]; snapshots: StateSnapshot[] }
export type Html = { html: string };

const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...a: unknown[]) => Promise<unknown>;

/** html`…` as plain text: values are escaped, nested results and arrays spliced in. */
function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  const piece = (v: unknown): string =>
    Array.isArray(v) ? v.map(piece).join('') : typeof v === 'object' && v !== null && 'html' in v ? (v as Html).html
      : String(v ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  return { html: strings.reduce((out, s, i) => out + s + (i < values.length ? piece(values[i]) : ''), '') };
}

function withModel(spec: ExerciseSpec, edit?: (model: string) => string): ExerciseSpec {
  return edit ? { ...spec, modelUnits: spec.modelUnits.map((u) => ({ ...u, text: edit(u.text) })) } : spec;
}

function machine(spec: ExerciseSpec, text: string) {
  const compiled = compile(exerciseUnits(spec, text));
  if (!compiled.program) throw new Error(compiled.diagnostics.map((d) => d.message).join('; '));
  const o = exerciseOptions(spec);
  return createMachine(compiled.program, { memoryModel: o.memoryModel, fork: o.fork, properties: o.properties, faults: o.faults });
}

/** The stand-in for the page's `rc`; `texts` plays the editors (default: the starters). */
export function fakeRc(lesson: Lesson, texts: Record<string, string> = {}) {
  const spec = (name: string) => {
    const s = lesson.exercises[name];
    if (!s) throw new Error(`rc: this lesson has no exercise '${name}'`);
    return s;
  };
  const textOf = (name: string, text?: string) => text ?? texts[name] ?? spec(name).starter;
  return {
    exercises: Object.keys(lesson.exercises),
    async check(name: string, text?: string) {
      return checkExercise(spec(name), textOf(name, text));
    },
    async replay(name: string, schedule: string, text?: string): Promise<ReplayView> {
      const system = machine(spec(name), textOf(name, text));
      const r = replaySchedule(system, schedule);
      if (r.error) throw new Error(r.error);
      return {
        steps: r.trace.map((t) => ({ ...t, actor: `${t.routine ? `${t.routine} · ` : ''}T${t.thread} · pid ${t.process}` })),
        snapshots: r.states.map((s) => system.snapshot(s)),
      };
    },
    word(snapshot: StateSnapshot, name: string, pid?: number): number | undefined {
      const proc = pid === undefined ? snapshot.processes[0] : snapshot.processes.find((p) => p.pid === pid);
      return proc?.memory.find((m) => m.name === name)?.value;
    },
    timeline(replay: ReplayView, columns: Record<string, (snap: StateSnapshot, step?: StepView) => unknown>) {
      return {
        timeline: replay.snapshots.map((snap, i) => {
          const step = replay.steps[i - 1];
          const row: Record<string, unknown> = { step: step ? `${step.actor}: ${step.op}` : 'start' };
          for (const [name, f] of Object.entries(columns)) row[name] = f(snap, step);
          return row;
        }),
      };
    },
    plot<T>(plotSpec: T): T {
      return plotSpec;
    },
    async sample(name: string, o: { text?: string; runs: number; seed: number; maxSteps?: number; edit?: (model: string) => string }) {
      const system = machine(withModel(spec(name), o.edit), textOf(name, o.text));
      const r = sampleRuns(system, { seed: o.seed, runs: o.runs, maxSteps: o.maxSteps ?? 10_000 });
      return { runs: r.runs, failures: r.failures };
    },
  };
}

/** Run every js cell of the lesson in page order; returns what each displayed (or its error). */
export async function runCells(lesson: Lesson, rc: ReturnType<typeof fakeRc>): Promise<{ line: number; shown: unknown[]; error?: string }[]> {
  const scope: Record<string, unknown> = { rc, html };
  const out: { line: number; shown: unknown[]; error?: string }[] = [];
  for (const [i, block] of lesson.blocks.entries()) {
    if (block.kind !== 'js') continue;
    const cell = transpileCell(block.text, `c${i}`, lesson.file, block.line, []);
    const shown: unknown[] = [];
    if (cell.error) {
      out.push({ line: block.line, shown, error: cell.error });
      continue;
    }
    try {
      const fn = new AsyncFunction('display', 'view', ...cell.inputs, cell.body);
      // as in the page: earlier cells' names first, then the builtins, then globals
      const args = cell.inputs.map((name) => {
        if (name in scope) return scope[name];
        if (name in globalThis) return (globalThis as Record<string, unknown>)[name];
        throw new Error(`cell reads '${name}', which no earlier cell defines`);
      });
      const value = await fn((v: unknown) => shown.push(v), (v: unknown) => shown.push(v), ...args);
      if (cell.expression) shown.push(value);
      else for (const name of cell.declares) scope[name] = (value as Record<string, unknown>)[name];
      out.push({ line: block.line, shown });
    } catch (e) {
      out.push({ line: block.line, shown, error: (e as Error).message });
    }
  }
  return out;
}
