// Grading many submissions in parallel on worker threads. Each worker runs one
// submission at a time under a heap limit; a submission that outlives its time
// (plus a grace period for the checker to notice its own timeout) gets its worker
// terminated and an 'inconclusive' verdict, one that exhausts the heap likewise.
// A fresh worker takes the dead one's place, so one hostile submission costs only
// its own slot's time. A worker that cannot even start costs the next queued
// submission an 'error' verdict, so the pool always makes progress.

import { Worker } from 'node:worker_threads';
import type { CheckOptions } from '../../runtime/check/types.ts';
import type { ExerciseSpec } from '../../runtime/exercise.ts';
import { limitRecord } from './grade-one.ts';
import type { GradeRecord } from './record.ts';
import type { WorkerInit, WorkerJob } from './worker.ts';

export interface PoolOptions {
  jobs: number;
  /** per submission: the checker's own timeout; the worker is killed graceMs later */
  timeoutMs: number;
  /** default 3000 */
  graceMs?: number;
  /** per worker heap limit */
  memoryMb: number;
  extra?: Partial<CheckOptions>;
  onDone?: (record: GradeRecord, done: number, total: number) => void;
}

export interface PoolItem {
  submission: string;
  /** the file's content, or a record already decided (unreadable, too large to read) */
  content: string | GradeRecord;
}

const BOOT = new URL('./worker-boot.mjs', import.meta.url);

function seconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(ms % 1000 === 0 ? 0 : 1)} s`;
}

export async function gradeAll(spec: ExerciseSpec, items: PoolItem[], o: PoolOptions): Promise<GradeRecord[]> {
  const results: GradeRecord[] = new Array(items.length);
  let done = 0;
  const finish = (i: number, r: GradeRecord) => {
    results[i] = r;
    done++;
    o.onDone?.(r, done, items.length);
  };
  const queue: number[] = [];
  items.forEach((it, i) => (typeof it.content === 'string' ? queue.push(i) : finish(i, it.content)));
  const init: WorkerInit = { spec, extra: { timeoutMs: o.timeoutMs, ...o.extra } };
  const grace = o.graceMs ?? 3000;

  const slot = () => new Promise<void>((resolveSlot) => {
    /** Starts one worker; it takes jobs until the queue is empty or it dies. */
    const start = (): void => {
      let current: { index: number; started: number; timer: NodeJS.Timeout } | undefined;
      let over = false; // this worker has been told to stop, or has died and been handled
      const worker = new Worker(BOOT, {
        workerData: init,
        resourceLimits: { maxOldGenerationSizeMb: o.memoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(4, o.memoryMb >> 3)), stackSizeMb: 8 },
        stdout: true, // the dialect has no I/O, but keep the grader's own output clean regardless
        stderr: true,
      });

      const next = (): void => {
        const index = queue.shift();
        if (index === undefined) {
          over = true;
          void worker.terminate().then(() => resolveSlot());
          return;
        }
        const item = items[index]!;
        const job: WorkerJob = { id: index, submission: item.submission, content: item.content as string };
        current = {
          index,
          started: performance.now(),
          timer: setTimeout(() => die('inconclusive', `inconclusive: the check took longer than ${seconds(o.timeoutMs)} and was stopped`), o.timeoutMs + grace),
        };
        worker.postMessage(job);
      };

      // The worker is gone or must go: record the submission it held (or, if it
      // died before taking one, charge the next queued submission), then replace it.
      const die = (verdict: 'inconclusive' | 'error', summary: string, beforeJob = 'error: the grading worker could not start') => {
        if (over) return;
        over = true;
        let c = current;
        current = undefined;
        if (c) clearTimeout(c.timer);
        else {
          const index = queue.shift();
          if (index !== undefined) { c = { index, started: performance.now(), timer: setTimeout(() => {}, 0) }; verdict = 'error'; summary = `${beforeJob} (${summary.replace(/^\w+: /, '')})`; }
        }
        if (c) finish(c.index, limitRecord(spec, items[c.index]!.submission, verdict, summary, performance.now() - c.started));
        void worker.terminate().then(() => (queue.length > 0 ? start() : resolveSlot()));
      };

      worker.on('message', (m: { ready?: true; id?: number; record?: GradeRecord }) => {
        if (over) return;
        if (m.ready) return next();
        if (current && m.id === current.index && m.record) {
          clearTimeout(current.timer);
          const index = current.index;
          current = undefined;
          finish(index, m.record);
          next();
        }
      });
      worker.on('error', (e: Error & { code?: string }) => {
        if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') die('inconclusive', `inconclusive: the check needed more than ${o.memoryMb} MB of memory and was stopped`);
        else die('error', `error: the checker stopped unexpectedly (${e.message.split('\n')[0]})`);
      });
      worker.on('exit', (code) => die('error', `error: the checker stopped unexpectedly (exit ${code})`));
    };
    start();
  });

  const slots = Math.min(Math.max(1, o.jobs), queue.length);
  await Promise.all(Array.from({ length: slots }, slot));
  return results;
}
