// A grading worker: receives submissions one at a time, answers with GradeRecords.
// It runs under resourceLimits set by the pool; if it runs out of memory or time
// the pool kills it and records the verdict itself.

import { parentPort, workerData } from 'node:worker_threads';
import type { CheckOptions } from '../../runtime/check/types.ts';
import type { ExerciseSpec } from '../../runtime/exercise.ts';
import { gradeSubmission } from './grade-one.ts';

export interface WorkerInit {
  spec: ExerciseSpec;
  extra: Partial<CheckOptions>;
}

export interface WorkerJob {
  id: number;
  submission: string;
  content: string;
}

const init = workerData as WorkerInit;
parentPort!.on('message', (job: WorkerJob) => {
  const record = gradeSubmission(init.spec, job.submission, job.content, init.extra);
  parentPort!.postMessage({ id: job.id, record });
});
parentPort!.postMessage({ ready: true });
