// The checker's side of the notebook, run inside the Web Worker (site/worker.ts)
// and, in tests, directly in Node: compile an exercise with the student's text,
// check it the way the grader does (runtime/exercise.ts), replay a schedule into
// state snapshots, and drive "you are the scheduler" one transition at a time.
// Results are turned into plain data with file names (site/protocol.ts).
import type { DebugType, Program, SourcePos } from '../runtime/ir.ts';
import type { Finding, State, StateSnapshot, TransitionSystem } from '../runtime/check/system.ts';
import type { CheckOptions, CheckResult, TraceStep } from '../runtime/check/types.ts';
import type { Diagnostic } from '../runtime/diagnostics.ts';
import { compile } from '../runtime/dialect/index.ts';
import { encodeSchedule, machineFor as machineForOptions, replay, sampleRuns } from '../runtime/check/index.ts';
import { checkExerciseAsync, exerciseOptions, exerciseUnits, type ExerciseSpec } from '../runtime/exercise.ts';
import type {
  ChoiceView, GraphNode, HeapGraph, Place, ReplayView, ResultView, SampleView, SchedulerView, SnapshotView, StepView,
} from './protocol.ts';

export interface Compiled {
  program?: Program;
  diagnostics: Diagnostic[];
}

export function compileExercise(spec: ExerciseSpec, text: string): Compiled {
  const r = compile(exerciseUnits(spec, text));
  return r.ok && r.program ? { program: r.program, diagnostics: r.diagnostics } : { diagnostics: r.diagnostics };
}

/** The machine the checker explores for this exercise (same options as the check). */
export function machineFor(spec: ExerciseSpec, program: Program): TransitionSystem {
  return machineForOptions(program, exerciseOptions(spec));
}

export function place(program: Program | undefined, pos: SourcePos | undefined): Place | undefined {
  if (!program || !pos) return undefined;
  const file = program.files[pos.file]?.name;
  return file === undefined ? undefined : { file, line: pos.line, col: pos.col };
}

/** A swimlane column's name: the thread's start routine, then its ids ("worker · T3 · pid 1"). */
function actorTitle(s: Pick<TraceStep, 'thread' | 'process' | 'routine'>): string {
  return `${s.routine ? `${s.routine} · ` : ''}T${s.thread} · pid ${s.process}`;
}

function stepView(program: Program | undefined, s: TraceStep, fault?: 'kill' | 'signal'): StepView {
  const view: StepView = {
    index: s.index, label: s.label, thread: s.thread, process: s.process,
    actor: actorTitle(s), op: s.op, preemption: s.preemption,
  };
  const at = place(program, s.pos);
  if (at) view.at = at;
  if (fault) view.fault = fault;
  return view;
}

export async function checkView(spec: ExerciseSpec, text: string, extra: Partial<CheckOptions> = {}): Promise<ResultView> {
  const result: CheckResult = await checkExerciseAsync(spec, text, extra);
  // Positions need the Program's file table; compiling again is cheap next to
  // checking, and only a counterexample has positions to resolve.
  const placed = result.verdict !== 'error' && ((result.trace?.length ?? 0) > 0 || result.finding?.pos !== undefined);
  const program = placed ? compileExercise(spec, text).program : undefined;
  const view: ResultView = {
    ...result,
    files: program ? program.files.map((f) => f.name) : [],
    steps: (result.trace ?? []).map((s) => stepView(program, s)),
  };
  const at = place(program, result.finding?.pos);
  if (at) view.findingAt = at;
  return view;
}

// ---- boxes and arrows -------------------------------------------------------

const MAX_NODES = 48;

function typeName(t: DebugType): string {
  switch (t.kind) {
    case 'int': return t.name;
    case 'ptr': return `${typeName(t.to)} *`;
    case 'struct': return `struct ${t.name}`;
    case 'array': return `${typeName(t.of)}[${t.length}]`;
    case 'fn': return t.name;
    case 'void': return 'void';
  }
}

function pointsToStruct(t: DebugType, depth = 0): boolean {
  if (depth > 4) return false;
  if (t.kind === 'ptr') return t.to.kind === 'struct';
  if (t.kind === 'struct') return t.fields.some((f) => pointsToStruct(f.type, depth + 1));
  if (t.kind === 'array') return pointsToStruct(t.of, depth + 1);
  return false;
}

/** Scalar words of a value of type t at address, with dotted names, arrays capped at 16 elements. */
function flatten(t: DebugType, address: number, name: string, out: { name: string; address: number; type: DebugType }[]): void {
  if (t.kind === 'struct') for (const f of t.fields) flatten(f.type, address + f.offset, name ? `${name}.${f.name}` : f.name, out);
  else if (t.kind === 'array') {
    const size = sizeOf(t.of);
    for (let i = 0; i < Math.min(t.length, 16); i++) flatten(t.of, address + i * size, `${name}[${i}]`, out);
  } else out.push({ name, address, type: t });
}

function sizeOf(t: DebugType): number {
  if (t.kind === 'struct') return t.size;
  if (t.kind === 'array') return t.length * sizeOf(t.of);
  return 1;
}

function hex(n: number): string {
  return `0x${(n >>> 0).toString(16)}`;
}

/**
 * The linked structures of one process: start from globals and thread locals
 * that (may) point to structs, follow every non-null struct pointer using the
 * compiler's debug types, one box per struct reached.
 */
export function heapGraph(program: Program, snap: StateSnapshot, processIndex: number): HeapGraph {
  const proc = snap.processes[processIndex]!;
  const memory = new Map<number, number>();
  for (const m of proc.memory) memory.set(m.address, m.value);
  const nodes = new Map<string, GraphNode>();
  const allocationAt = (address: number) => proc.heap.find((h) => address >= h.address && address < h.address + h.size);
  const globalAt = (address: number) => program.globals.find((g) => address >= g.address && address < g.address + g.size);
  const labelFor = (address: number, t: DebugType): string => {
    const g = globalAt(address);
    if (g) return g.address === address ? g.name : `${g.name}+${address - g.address}`;
    const h = allocationAt(address);
    if (h) return `heap #${h.id}${h.address === address ? '' : `+${address - h.address}`} (${typeName(t)})`;
    return `${hex(address)} (${typeName(t)})`;
  };

  /** every box drawn: the words it covers, so a pointer into its middle finds it */
  const spans: { id: string; address: number; size: number; words: number[] }[] = [];

  /**
   * Where a pointer to a `t` at `value` should point: into the global struct that
   * contains it (a list_head embedded in a task), into a box already drawn that
   * covers it, or at a new box of its own.
   */
  const target = (value: number, t: DebugType): { id: string; row?: number } => {
    const size = sizeOf(t);
    const g = globalAt(value);
    if (g && g.type.kind === 'struct' && (g.address !== value || g.size > size) && value + size <= g.address + g.size) visit(g.address, g.type, g.name);
    const span = spans.find((s) => value >= s.address && value + size <= s.address + s.size);
    if (span) {
      const row = span.words.indexOf(value);
      return value !== span.address && row >= 0 ? { id: span.id, row } : { id: span.id };
    }
    return { id: visit(value, t) };
  };

  const visit = (address: number, t: DebugType, label?: string): string => {
    const id = `n${address}:${t.kind === 'struct' ? t.name : typeName(t)}`;
    if (nodes.has(id) || nodes.size >= MAX_NODES) return id;
    const node: GraphNode = { id, address, label: label ?? labelFor(address, t), fields: [] };
    const h = allocationAt(address);
    if (h?.freed) node.freed = true;
    nodes.set(id, node);
    const words: { name: string; address: number; type: DebugType }[] = [];
    flatten(t, address, '', words);
    spans.push({ id, address, size: sizeOf(t), words: words.map((w) => w.address) });
    for (const w of words) {
      const value = memory.get(w.address) ?? 0;
      const field: GraphNode['fields'][number] = { name: w.name || typeName(t), value, text: String(value) };
      if (w.type.kind === 'ptr') {
        field.text = value === 0 ? 'NULL' : hex(value);
        if (value !== 0 && w.type.to.kind === 'struct' && (allocationAt(value) || globalAt(value))) {
          const to = target(value, w.type.to);
          field.to = to.id;
          if (to.row !== undefined) field.toRow = to.row;
        }
      } else if (w.type.kind === 'fn') field.text = value === 0 ? 'NULL' : `fn ${value}`;
      node.fields.push(field);
    }
    return id;
  };

  for (const g of program.globals) if (pointsToStruct(g.type)) visit(g.address, g.type, g.name);
  for (const th of snap.threads) {
    if (th.pid !== proc.pid) continue;
    for (const l of th.locals) {
      const m = /struct\s+(\w+)\s*\*$/.exec(l.type.trim());
      const st = m ? program.structs[m[1]!] : undefined;
      if (st && l.value !== 0 && (allocationAt(l.value) || globalAt(l.value))) {
        const id = `l${th.tid}:${l.name}`;
        const to = target(l.value, st);
        if (!nodes.has(id) && nodes.size < MAX_NODES) {
          const field: GraphNode['fields'][number] = { name: l.name, value: l.value, text: hex(l.value), to: to.id };
          if (to.row !== undefined) field.toRow = to.row;
          nodes.set(id, { id, address: 0, label: `T${th.tid} local`, fields: [field] });
        }
      }
    }
  }
  return { process: proc.pid, nodes: [...nodes.values()] };
}

export function snapshotView(program: Program, system: TransitionSystem, state: State): SnapshotView {
  const snap = system.snapshot(state);
  const places: Record<number, Place | undefined> = {};
  for (const t of snap.threads) places[t.tid] = place(program, t.pos);
  const graphs = snap.processes.map((_, i) => heapGraph(program, snap, i)).filter((g) => g.nodes.length > 0);
  return { ...snap, places, graphs };
}

export function replayView(spec: ExerciseSpec, text: string, schedule: string): ReplayView {
  const compiled = compileExercise(spec, text);
  if (!compiled.program) return { steps: [], snapshots: [], diagnostics: compiled.diagnostics, error: 'the code does not compile' };
  const program = compiled.program;
  const system = machineFor(spec, program);
  const r = replay(system, schedule);
  const view: ReplayView = {
    steps: r.trace.map((s) => stepView(program, s)),
    snapshots: r.states.map((s) => snapshotView(program, system, s)),
    diagnostics: compiled.diagnostics,
  };
  if (r.finding) {
    view.finding = r.finding;
    const at = place(program, r.finding.pos);
    if (at) view.findingAt = at;
  }
  if (r.error) view.error = r.error;
  return view;
}

/**
 * Random scheduling, for the lesson cells that show how rarely testing hits a
 * bug: `runs` seeded random runs of the exercise's machine, counting failures.
 */
export function sampleView(spec: ExerciseSpec, text: string, options: { runs: number; seed: number; maxSteps?: number }): SampleView {
  const compiled = compileExercise(spec, text);
  if (!compiled.program) return { runs: 0, failures: 0, diagnostics: compiled.diagnostics };
  const opts: { runs: number; seed: number; maxSteps?: number } = { runs: options.runs, seed: options.seed };
  if (options.maxSteps !== undefined) opts.maxSteps = options.maxSteps;
  const r = sampleRuns(machineFor(spec, compiled.program), opts);
  const view: SampleView = { runs: r.runs, failures: r.failures, diagnostics: compiled.diagnostics };
  if (r.firstFailure) {
    view.property = r.firstFailure.finding.property;
    view.message = r.firstFailure.finding.message;
    view.schedule = r.firstFailure.schedule;
  }
  return view;
}

// ---- you are the scheduler ----------------------------------------------------

/** A hand-driven run: the student picks each transition; undo goes back one. */
export class SchedulerSession {
  private states: State[] = [];
  private labels: number[] = [];
  private steps: StepView[] = [];
  private findings: (Finding | undefined)[] = [];
  /** who took each step, for counting preemptions */
  private actors: number[] = [];
  private system?: TransitionSystem;
  private program?: Program;
  private diagnostics: Diagnostic[] = [];

  constructor(spec: ExerciseSpec, text: string) {
    const compiled = compileExercise(spec, text);
    this.diagnostics = compiled.diagnostics;
    if (!compiled.program) return;
    this.program = compiled.program;
    this.system = machineFor(spec, compiled.program);
    const first = this.system.initial();
    this.states.push(first.state);
    this.findings.push(first.finding);
  }

  step(label: number): SchedulerView {
    const system = this.system;
    const state = this.states[this.states.length - 1];
    if (system && state && !this.findings[this.findings.length - 1]) {
      const moves = system.transitions(state);
      const t = moves.find((m) => m.label === label);
      if (t) {
        const lastActor = this.actors[this.actors.length - 1] ?? -1;
        const preemption = lastActor >= 0 && t.actor !== lastActor && moves.some((m) => m.actor === lastActor);
        const out = system.step(state, t, true);
        const event = out.event ?? { thread: t.actor, process: 0, op: system.actorName(t.actor), reads: [], writes: [] };
        this.steps.push(stepView(this.program, { ...event, index: this.steps.length, label, preemption }, t.fault));
        this.actors.push(t.actor);
        this.labels.push(label);
        this.states.push(out.state);
        this.findings.push(out.finding);
      }
    }
    return this.view();
  }

  undo(): SchedulerView {
    if (this.labels.length > 0) {
      this.labels.pop(); this.steps.pop(); this.states.pop(); this.findings.pop(); this.actors.pop();
    }
    return this.view();
  }

  view(): SchedulerView {
    const system = this.system;
    const program = this.program;
    const state = this.states[this.states.length - 1];
    if (!system || !program || !state) {
      return { steps: [], choices: [], terminated: false, schedule: '', diagnostics: this.diagnostics };
    }
    let finding = this.findings[this.findings.length - 1];
    const choices: ChoiceView[] = [];
    if (!finding) {
      for (const t of system.transitions(state)) {
        // Taking the move on a copy tells the student what it would do.
        const out = system.step(state, t, true);
        const choice: ChoiceView = { label: t.label, actor: system.actorName(t.actor), thread: out.event?.thread ?? t.actor, op: out.event?.op ?? '' };
        const at = place(program, out.event?.pos);
        if (at) choice.at = at;
        if (t.fault) choice.fault = t.fault;
        choices.push(choice);
      }
    }
    const terminated = choices.length === 0 && !finding && system.terminated(state);
    if (choices.length === 0 && !finding && !terminated) finding = system.stuck(state);
    const view: SchedulerView = {
      steps: [...this.steps],
      snapshot: snapshotView(program, system, state),
      choices,
      terminated,
      schedule: encodeSchedule(this.labels),
      diagnostics: this.diagnostics,
    };
    if (finding) {
      view.finding = finding;
      const at = place(program, finding.pos);
      if (at) view.findingAt = at;
    }
    return view;
  }
}
