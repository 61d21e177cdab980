// What `racecourse check` proves about a lesson: for every exercise, the starter
// fails with the property it is meant to break, every reference solution passes,
// and every catalogued wrong fix is caught with the property it names.

import type { Diagnostic } from '../../runtime/diagnostics.ts';
import { checkExercise, exerciseUnitName, type ExerciseSpec } from '../../runtime/exercise.ts';
import type { CheckResult } from '../../runtime/check/types.ts';
import { DEFAULTS } from '../../runtime/check/search.ts';
import type { Lesson } from '../lesson/types.ts';

export type CaseKind = 'starter' | 'solution' | 'wrong';

export interface Case {
  lesson: string;
  file: string;
  exercise: string;
  kind: CaseKind;
  /** 'starter', 'solution 1', or the wrong fix's label */
  label: string;
  /** lesson line of the case's first line of code (0 when it has none) */
  line: number;
  /** undefined: there is no text (an exercise without a reference solution) */
  text?: string;
  expected: { verdict: 'pass' } | { verdict: 'fail'; property: string };
}

export interface CaseOutcome {
  case: Case;
  /** 'pass', 'fail PROPERTY', 'error', 'inconclusive (LIMIT)' or 'missing' */
  got: string;
  ok: boolean;
  states: number;
  ms: number;
  result?: CheckResult;
  /** compile errors mapped back into the lesson file */
  diagnostics: Diagnostic[];
}

export function lessonCases(lesson: Lesson): Case[] {
  const cases: Case[] = [];
  for (const spec of Object.values(lesson.exercises)) {
    const base = { lesson: lesson.slug, file: lesson.file, exercise: spec.name };
    cases.push({ ...base, kind: 'starter', label: 'starter', line: spec.starterLine ?? 0, text: spec.starter, expected: { verdict: 'fail', property: spec.config.starter_fails } });
    const solutions = spec.solutions ?? [];
    if (solutions.length === 0) cases.push({ ...base, kind: 'solution', label: 'solution', line: spec.starterLine ?? 0, expected: { verdict: 'pass' } });
    solutions.forEach((s, i) => cases.push({ ...base, kind: 'solution', label: solutions.length > 1 ? `solution ${i + 1}` : 'solution', line: s.line, text: s.text, expected: { verdict: 'pass' } }));
    for (const w of spec.wrong ?? []) {
      cases.push({ ...base, kind: 'wrong', label: w.label, line: w.line, text: w.text, expected: { verdict: 'fail', property: w.breaks } });
    }
  }
  return cases;
}

export function expectedText(c: Case): string {
  return c.expected.verdict === 'pass' ? 'pass' : `fail ${c.expected.property}`;
}

export function gotText(r: CheckResult): string {
  switch (r.verdict) {
    case 'pass': return 'pass';
    case 'fail': return `fail ${r.property ?? r.finding?.property ?? '?'}`;
    case 'inconclusive': return `inconclusive (${r.limit ?? 'bound'})`;
    case 'error': return 'error';
  }
}

/** Diagnostics about the case's own unit, moved to where its code sits in the lesson. */
function intoLesson(c: Case, spec: ExerciseSpec, list: Diagnostic[]): Diagnostic[] {
  const unit = exerciseUnitName(spec);
  return list.map((d) => (d.file === unit && d.line > 0 ? { ...d, file: c.file, line: d.line + c.line - 1 } : d));
}

/** Options for a whole `check` run. */
export interface CheckRunOptions {
  /** cap on each case's checker time, below the exercise's own timeout (ms) */
  timeoutCapMs?: number;
}

export function runCase(c: Case, spec: ExerciseSpec, run: CheckRunOptions = {}): CaseOutcome {
  if (c.text === undefined) {
    return {
      case: c, got: 'missing', ok: false, states: 0, ms: 0,
      diagnostics: [{ severity: 'error', file: c.file, line: c.line - 1, column: 1, message: `exercise '${c.exercise}' has no reference solution; add a \`\`\`c solution=${c.exercise} block` }],
    };
  }
  const t0 = performance.now();
  const extra = run.timeoutCapMs === undefined ? undefined : { timeoutMs: Math.min(spec.config.timeout ?? DEFAULTS.timeoutMs, run.timeoutCapMs) };
  const result = checkExercise(spec, c.text, extra);
  const ms = performance.now() - t0;
  const got = gotText(result);
  return { case: c, got, ok: got === expectedText(c), states: result.stats.states, ms, result, diagnostics: intoLesson(c, spec, result.diagnostics) };
}

export function checkLesson(lesson: Lesson, onCase?: (o: CaseOutcome) => void, run: CheckRunOptions = {}): CaseOutcome[] {
  return lessonCases(lesson).map((c) => {
    const o = runCase(c, lesson.exercises[c.exercise]!, run);
    onCase?.(o);
    return o;
  });
}
