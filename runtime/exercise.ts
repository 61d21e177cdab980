// One exercise, checked the same way everywhere: the browser's worker, `racecourse
// check`, the grader and the exported checkers all go through this module, so a
// submission gets the same verdict and the same feedback wherever it is checked.
// Pure TypeScript (no Node APIs): the notebook's Web Worker imports it.
//
// The hostile-input guards live here for the same reason: a 5 MB paste in the
// browser and a 5 MB upload to the grader must get the same 'error' verdict.

import type { Diagnostic } from './diagnostics.ts';
import type { CheckOptions, CheckResult, FaultOptions, ForkMode, MemoryModel } from './check/types.ts';
import { checkSource, checkSourceAsync } from './check/index.ts';

/**
 * A named piece of C-dialect source: the shape runtime/dialect's compile() takes.
 * A model unit is named after the lesson file and keeps the lesson's line numbers;
 * a student's unit is named after the exercise's editor (e.g. `fork_wrapper.c`).
 */
export interface SourceUnit {
  name: string;
  text: string;
  /** the only functions this unit may define (student units) */
  mayDefine?: string[];
  /** builtins this unit may not call (student units) */
  forbid?: string[];
}

/** The built-in property names; invariants add their function names. */
export { BUILTIN_PROPERTIES } from './check/explore.ts';

/**
 * An exercise's check configuration, as written in its ```yaml check=EX block
 * (key names as in the YAML; docs/AUTHORING.md documents each).
 */
export interface ExerciseConfig {
  title?: string;
  /** the model unit the fix is compiled with */
  model: string;
  /** the functions the fix may (and must) define */
  defines: string[];
  /** builtins the fix may not call */
  forbid: string[];
  /** the property the starter must break */
  starter_fails: string;
  /** undefined: everything the model declares plus the built-in properties */
  properties?: string[];
  memory: MemoryModel;
  fork: ForkMode;
  preemptions?: number;
  max_states?: number;
  max_steps?: number;
  /** milliseconds */
  timeout?: number;
  faults?: FaultOptions;
  /** Markdown, shown one at a time */
  hints: string[];
  /** full marks in the grader's outputs (Gradescope, autograding); default 1 */
  points: number;
}

export interface ExerciseSpec {
  /** the lesson's slug */
  lesson: string;
  name: string;
  config: ExerciseConfig;
  /** the model the fix is compiled with, line numbers as in the lesson file */
  modelUnits: SourceUnit[];
  starter: string;
  /** line in the lesson file of the starter's first line */
  starterLine?: number;
  /** reference solutions (absent from student builds) */
  solutions?: { text: string; line: number }[];
  /** the catalogue of wrong fixes, each with the property it must break */
  wrong?: { text: string; line: number; breaks: string; label: string }[];
  hints: string[];
}

/** Hostile-input limits shared by the browser and the grader. */
export const LIMITS = {
  /** bytes of submission text */
  maxSourceBytes: 64 * 1024,
  /** brackets and parentheses open at once */
  maxNesting: 200,
} as const;

/** The name a student's text is compiled under: what the editor is called. */
export function exerciseUnitName(spec: ExerciseSpec): string {
  return `${spec.name}.c`;
}

/** The model units followed by the student's text, under the exercise's rules. */
export function exerciseUnits(spec: ExerciseSpec, studentText: string, unitName = exerciseUnitName(spec)): SourceUnit[] {
  return [
    ...spec.modelUnits,
    { name: unitName, text: studentText, mayDefine: [...spec.config.defines], forbid: [...spec.config.forbid] },
  ];
}

/** The checker's options from the exercise's configuration. */
export function exerciseOptions(spec: ExerciseSpec): CheckOptions {
  const c = spec.config;
  const o: CheckOptions = { memoryModel: c.memory, fork: c.fork };
  if (c.preemptions !== undefined) o.preemptions = c.preemptions;
  if (c.max_states !== undefined) o.maxStates = c.max_states;
  if (c.max_steps !== undefined) o.maxSteps = c.max_steps;
  if (c.timeout !== undefined) o.timeoutMs = c.timeout;
  if (c.faults !== undefined) o.faults = c.faults;
  if (c.properties !== undefined) o.properties = [...c.properties];
  return o;
}

function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${bytes % 1024 === 0 ? bytes / 1024 : (bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/** UTF-8 length without TextEncoder allocation of a huge buffer. */
function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) { n += 4; i++; }
    else n += 3;
  }
  return n;
}

/** The message for a submission over the size limit (also used before reading a huge file). */
export function sizeDiagnostic(bytes: number, unitName: string): Diagnostic {
  return {
    severity: 'error', file: unitName, line: 0, column: 0,
    message: `submission is ${sizeText(bytes)}; the limit is ${sizeText(LIMITS.maxSourceBytes)}`,
  };
}

/**
 * Problems found before the compiler sees the text: too big, nested too deep for a
 * recursive-descent parser to be safe. Returns diagnostics (empty: fine).
 */
export function screenSubmission(text: string, unitName: string): Diagnostic[] {
  const bytes = utf8Length(text);
  if (bytes > LIMITS.maxSourceBytes) return [sizeDiagnostic(bytes, unitName)];
  // Count nesting of ( [ { outside comments, strings and character literals.
  let depth = 0;
  let line = 1;
  let col = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    col++;
    if (ch === '\n') { line++; col = 0; continue; }
    if (ch === '/' && text[i + 1] === '/') {
      while (i + 1 < text.length && text[i + 1] !== '\n') i++;
      continue;
    }
    if (ch === '/' && text[i + 1] === '*') {
      i += 2; col += 2;
      while (i < text.length && !(text[i] === '*' && text[i + 1] === '/')) {
        if (text[i] === '\n') { line++; col = 0; } else col++;
        i++;
      }
      i++; col++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      while (i + 1 < text.length && text[i + 1] !== ch && text[i + 1] !== '\n') {
        if (text[i + 1] === '\\') { i++; col++; }
        i++; col++;
      }
      i++; col++;
      continue;
    }
    if (ch === '(' || ch === '[' || ch === '{') {
      depth++;
      if (depth > LIMITS.maxNesting) {
        return [{
          severity: 'error', file: unitName, line, column: col,
          message: `brackets are nested more than ${LIMITS.maxNesting} deep here; simplify the expression`,
        }];
      }
    } else if (ch === ')' || ch === ']' || ch === '}') {
      depth = Math.max(0, depth - 1);
    }
  }
  return [];
}

/** A result that never reached the checker (screening failure, internal error). */
export function errorResult(spec: ExerciseSpec, diagnostics: Diagnostic[]): CheckResult {
  return {
    verdict: 'error',
    propertiesChecked: [],
    stats: { states: 0, transitions: 0, maxDepth: 0, elapsedMs: 0, statesPerSecond: 0 },
    diagnostics,
    options: { memoryModel: spec.config.memory, fork: spec.config.fork, ...(spec.config.preemptions !== undefined ? { preemptions: spec.config.preemptions } : {}) },
  };
}

export interface Judgement {
  passed: boolean;
  /** 0 or the exercise's points: a fix is right or it is not */
  score: number;
  /** one line in plain words, the same in every output format */
  summary: string;
}

const LIMIT_WORDS: Record<string, string> = {
  states: 'the state space exceeded the exercise\'s state limit',
  steps: 'a schedule grew longer than the step limit',
  time: 'the check ran out of time',
  cancelled: 'the check was cancelled',
  preemptions: 'the preemption bound cut the search',
  sampling: 'random sampling cannot prove the fix correct',
};

/** Pass exactly when the checker proved every property; anything else scores 0. */
export function judge(spec: ExerciseSpec, result: CheckResult): Judgement {
  const points = spec.config.points;
  switch (result.verdict) {
    case 'pass':
      return { passed: true, score: points, summary: `pass: every interleaving keeps ${result.propertiesChecked.join(', ') || 'the properties'}` };
    case 'fail': {
      const what = result.finding?.message ?? 'a property is violated';
      return { passed: false, score: 0, summary: `fail: ${result.property ?? result.finding?.property ?? 'property'} — ${what}` };
    }
    case 'inconclusive':
      return { passed: false, score: 0, summary: `inconclusive: ${LIMIT_WORDS[result.limit ?? ''] ?? 'the search was cut short'}` };
    case 'error': {
      const first = result.diagnostics.find((d) => d.severity === 'error') ?? result.diagnostics[0];
      const where = first && first.line > 0 ? `${first.file}:${first.line}:${first.column}: ` : first ? `${first.file}: ` : '';
      return { passed: false, score: 0, summary: `error: ${first ? where + first.message : 'the submission could not be checked'}` };
    }
  }
}

/** Screening, then the checker; any exception becomes an 'error' verdict, never a crash. */
function prepare(spec: ExerciseSpec, studentText: string, extra: Partial<CheckOptions> | undefined, unitName: string) {
  const screened = screenSubmission(studentText, unitName);
  if (screened.length > 0) return { early: errorResult(spec, screened) };
  return { units: exerciseUnits(spec, studentText, unitName), options: { ...exerciseOptions(spec), ...extra } };
}

function internalError(spec: ExerciseSpec, unitName: string, e: unknown): CheckResult {
  const why = e instanceof RangeError ? 'the submission is too deeply nested or too large to process' : `internal error: ${(e as Error)?.message ?? String(e)}`;
  return errorResult(spec, [{ severity: 'error', file: unitName, line: 0, column: 0, message: why }]);
}

/** Check a student's text for an exercise, exactly as the browser and the grader do. */
export function checkExercise(spec: ExerciseSpec, studentText: string, extra?: Partial<CheckOptions>, unitName = exerciseUnitName(spec)): CheckResult {
  const p = prepare(spec, studentText, extra, unitName);
  if (p.early) return p.early;
  try {
    return checkSource(p.units, p.options);
  } catch (e) {
    return internalError(spec, unitName, e);
  }
}

/** The same, yielding to the event loop so a newer edit can cancel it (options.signal). */
export async function checkExerciseAsync(spec: ExerciseSpec, studentText: string, extra?: Partial<CheckOptions>, unitName = exerciseUnitName(spec)): Promise<CheckResult> {
  const p = prepare(spec, studentText, extra, unitName);
  if (p.early) return p.early;
  try {
    return await checkSourceAsync(p.units, p.options);
  } catch (e) {
    return internalError(spec, unitName, e);
  }
}

// ---------------------------------------------------------------------------
// Submission files. A submission is the raw text of the exercise's editor, or the
// file the editor's Download button saves; both are accepted by the grader and
// the exported checkers, and a download that names another lesson or exercise is
// refused rather than graded wrongly. Downloaded forms:
//   - C text whose first line is `// racecourse: LESSON/EXERCISE` (the comment
//     compiles, so the file is also valid raw text; it is dropped before checking,
//     so line numbers are the editor's) — what the editor should save;
//   - JSON `{ "lesson": "…", "exercise": "…", "text": "…" }`.

export type Decoded = { text: string } | { error: string };

const HEADER = /^\uFEFF?[ \t]*\/\/[ \t]*racecourse:[ \t]*([\w-]+)\/([\w-]+)[ \t]*\r?$/m;

export function decodeSubmission(content: string, lesson: string, exercise: string): Decoded {
  const trimmed = content.trimStart();
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try { parsed = JSON.parse(trimmed); } catch { parsed = undefined; }
    if (parsed && typeof parsed === 'object' && typeof (parsed as { text?: unknown }).text === 'string') {
      const p = parsed as { lesson?: unknown; exercise?: unknown; text: string };
      const mismatch = mismatchOf(p.lesson, p.exercise, lesson, exercise);
      return mismatch ? { error: mismatch } : { text: p.text };
    }
    // Not our JSON: grade it as C text, where it will not compile.
  }
  const text = content.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
  const newline = text.indexOf('\n');
  const m = HEADER.exec(newline < 0 ? text : text.slice(0, newline));
  if (m) {
    const mismatch = mismatchOf(m[1], m[2], lesson, exercise);
    if (mismatch) return { error: mismatch };
    // Drop the header so line numbers are the editor's, as in the browser.
    return { text: newline < 0 ? '' : text.slice(newline + 1) };
  }
  return { text };
}

function mismatchOf(l: unknown, e: unknown, lesson: string, exercise: string): string | undefined {
  if ((typeof l === 'string' && l !== lesson) || (typeof e === 'string' && e !== exercise)) {
    return `this file was downloaded from exercise '${String(e)}' of lesson '${String(l)}', not '${exercise}' of '${lesson}'`;
  }
  return undefined;
}

/** The first line the editor's Download button writes. */
export function downloadHeader(lesson: string, exercise: string): string {
  return `// racecourse: ${lesson}/${exercise}`;
}
