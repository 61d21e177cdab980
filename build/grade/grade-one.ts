// Grading one submission: decode the file, check it as the browser would, judge,
// and write the feedback. The grader's workers and the exported checker both
// call this, so they cannot disagree.

import type { CheckOptions } from '../../runtime/check/types.ts';
import { checkExercise, errorResult, exerciseUnitName, exerciseUnits, judge, type ExerciseSpec } from '../../runtime/exercise.ts';
import { feedbackText } from './feedback.ts';
import type { GradeRecord } from './record.ts';
import { decodeSubmission } from './submission.ts';

export function gradeSubmission(spec: ExerciseSpec, submission: string, content: string, extra?: Partial<CheckOptions>): GradeRecord {
  const t0 = performance.now();
  const unit = exerciseUnitName(spec);
  const decoded = decodeSubmission(content, spec.lesson, spec.name);
  const text = 'text' in decoded ? decoded.text : '';
  const result = 'text' in decoded
    ? checkExercise(spec, text, extra)
    : errorResult(spec, [{ severity: 'error', file: unit, line: 0, column: 0, message: decoded.error }]);
  const j = judge(spec, result);
  const record: GradeRecord = {
    submission,
    lesson: spec.lesson,
    exercise: spec.name,
    verdict: result.verdict,
    passed: j.passed,
    score: j.score,
    maxScore: spec.config.points,
    summary: j.summary,
    feedback: feedbackText(result, j, exerciseUnits(spec, text)),
    states: result.stats.states,
    ms: performance.now() - t0,
    diagnostics: result.diagnostics,
  };
  if (result.verdict === 'fail') record.property = result.property ?? result.finding?.property ?? '';
  if (result.schedule) record.schedule = result.schedule;
  return record;
}

/** A record for a submission the worker could not finish (killed for time or memory). */
export function limitRecord(spec: ExerciseSpec, submission: string, verdict: 'inconclusive' | 'error', summary: string, ms: number): GradeRecord {
  return {
    submission, lesson: spec.lesson, exercise: spec.name, verdict, passed: false, score: 0, maxScore: spec.config.points,
    summary, feedback: summary, states: 0, ms, diagnostics: [],
  };
}
