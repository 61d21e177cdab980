// Messages between the page (site/checker.ts) and the checker's Web Worker
// (site/worker.ts). Everything crossing is plain data (structured clone): source
// positions are resolved to file names here, so the page never needs the Program.
import type { Diagnostic } from '../runtime/diagnostics.ts';
import type { CheckResult } from '../runtime/check/types.ts';
import type { Finding, StateSnapshot } from '../runtime/check/system.ts';
import type { ExerciseSpec } from '../runtime/exercise.ts';

/** A source position by file name: the lesson file (model) or the exercise unit. */
export interface Place {
  file: string;
  line: number;
  col: number;
}

export interface StepView {
  index: number;
  label: number;
  thread: number;
  process: number;
  /** the swimlane column: "T1 main (pid 1)" */
  actor: string;
  op: string;
  at?: Place;
  preemption: boolean;
  fault?: 'kill' | 'signal';
}

/** One box of the boxes-and-arrows picture: a struct (or scalar) in memory. */
export interface GraphNode {
  id: string;
  address: number;
  label: string;
  freed?: boolean;
  /** `to`: the box a pointer field points at; `toRow`: the field row it points into (an embedded member) */
  fields: { name: string; value: number; text: string; to?: string; toRow?: number }[];
}

export interface HeapGraph {
  process: number;
  nodes: GraphNode[];
}

export interface SnapshotView extends StateSnapshot {
  /** thread positions resolved to file names */
  places: Record<number, Place | undefined>;
  graphs: HeapGraph[];
}

export interface ResultView extends CheckResult {
  /** the Program's source files by index (positions in `trace` refer to these; empty when nothing needs placing) */
  files: string[];
  steps: StepView[];
  findingAt?: Place;
}

export interface ReplayView {
  steps: StepView[];
  /** snapshots[0] is the initial state; snapshots[i + 1] follows steps[i] */
  snapshots: SnapshotView[];
  finding?: Finding;
  findingAt?: Place;
  error?: string;
  diagnostics: Diagnostic[];
}

export interface ChoiceView {
  label: number;
  actor: string;
  thread: number;
  /** what taking it would do, in words, and where */
  op: string;
  at?: Place;
  fault?: 'kill' | 'signal';
}

export interface SchedulerView {
  steps: StepView[];
  snapshot?: SnapshotView;
  choices: ChoiceView[];
  finding?: Finding;
  findingAt?: Place;
  terminated: boolean;
  /** the schedule so far, as the checker encodes it (for a share URL) */
  schedule: string;
  diagnostics: Diagnostic[];
}

/** Random schedules run to the end: how many of them hit a finding. */
export interface SampleView {
  runs: number;
  failures: number;
  /** the first failing run's finding and schedule */
  property?: string;
  message?: string;
  schedule?: string;
  diagnostics: Diagnostic[];
}

export type Request =
  | { kind: 'check'; job: number; spec: ExerciseSpec; text: string }
  | { kind: 'cancel'; job: number }
  | { kind: 'replay'; job: number; spec: ExerciseSpec; text: string; schedule: string }
  | { kind: 'sched-start'; job: number; spec: ExerciseSpec; text: string }
  | { kind: 'sched-step'; job: number; label: number }
  | { kind: 'sched-undo'; job: number }
  | { kind: 'sample'; job: number; spec: ExerciseSpec; text: string; runs: number; seed: number; maxSteps?: number };

export type Reply =
  /** a check still running (none before PROGRESS_AFTER_MS, then at most one every PROGRESS_EVERY_MS: progress.ts) */
  | { kind: 'progress'; job: number; states: number; elapsedMs: number }
  | { kind: 'result'; job: number; result: ResultView }
  | { kind: 'replay'; job: number; replay: ReplayView }
  | { kind: 'sched'; job: number; view: SchedulerView }
  | { kind: 'sample'; job: number; sample: SampleView }
  | { kind: 'error'; job: number; message: string };
