// The result of grading one submission, built as data by the grader itself: no
// field is ever parsed back out of text a student wrote, so a submission that
// prints something looking like a verdict cannot change its own.

import type { Diagnostic } from '../../runtime/diagnostics.ts';
import type { CheckResult } from '../../runtime/check/types.ts';

export interface GradeRecord {
  /** the submission's file (or name) as given */
  submission: string;
  lesson: string;
  exercise: string;
  verdict: CheckResult['verdict'];
  /** the broken property (fail) */
  property?: string;
  passed: boolean;
  score: number;
  maxScore: number;
  /** one line, the same in every format */
  summary: string;
  /** what the student reads: the summary, then diagnostics or the counterexample */
  feedback: string;
  states: number;
  ms: number;
  /** the counterexample's schedule (fail) */
  schedule?: string;
  diagnostics: Diagnostic[];
}
