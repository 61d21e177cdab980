// Grading many submissions in parallel on worker threads. Each worker runs one
// submission at a time under a heap limit; a submission that outlives its time
// (plus a grace period for the checker to notice its own timeout) gets its worker
// terminated and an 'inconclusive' verdict, one that exhausts the heap likewise.
// A fresh worker takes the dead one's place, so one hostile submission costs only
// its own slot's time.

import { Worker } from 'node:worker_threads';
import type { CheckOptions } from '../../runtime/check/types.ts';
import type { ExerciseSpec } from '../../runtime/exercise.ts';
import { limitRecord } from './grade-one.ts';
import type { GradeRecord } from './record.ts';
import type { WorkerInit, WorkerJob } from './worker.ts';

export interface PoolOptions {
  jobs: number;
  /** per submission: the checker's own timeout; the worker is killed a grace period later */
  timeoutMs: number;
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

const GRACE_MS = 3000;
const BOOT = new URL('./worker-boot.mjs', import.meta.url);

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
  const init: WorkerInit = { spec, extra: { ...o.extra, timeoutMs: o.timeoutMs } };

  const slot = () => new Promise<void>((resolveSlot) => {
    let worker: Worker;
    let current: { index: number; started: number; timer: NodeJS.Timeout } | undefined;
    let exiting = false;

    const next = () => {
      const index = queue.shift();
      if (index === undefined) {
        exiting = true;
        void worker.terminate().then(() => resolveSlot());
        return;
      }
      const item = items[index]!;
      const job: WorkerJob = { id: index, submission: item.submission, content: item.content as string };
      current = {
        index,
        started: performance.now(),
        timer: setTimeout(() => fail('inconclusive', `inconclusive: the check took longer than ${(o.timeoutMs / 1000).toFixed(0)} s and was stopped`), o.timeoutMs + GRACE_MS),
      };
      worker.postMessage(job);
    };

    // The current submission killed or hung its worker: record it, start afresh.
    const fail = (verdict: 'inconclusive' | 'error', summary: string) => {
      const c = current;
      current = undefined;
      if (c) {
        clearTimeout(c.timer);
        finish(c.index, limitRecord(spec, items[c.index]!.submission, verdict, summary, performance.now() - c.started));
      }
      exiting = true;
      void worker.terminate().then(start);
    };

    const start = () => {
      exiting = false;
      worker = new Worker(BOOT, {
        workerData: init,
        resourceLimits: { maxOldGenerationSizeMb: o.memoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.max(8, o.memoryMb >> 3)), stackSizeMb: 8 },
        stdout: true, // a submission cannot print (the dialect has no I/O), but keep the grader's output clean regardless
      });
      worker.on('message', (m: { ready?: true; id?: number; record?: GradeRecord }) => {
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
        if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') fail('inconclusive', `inconclusive: the check needed more than ${o.memoryMb} MB of memory and was stopped`);
        else fail('error', `error: the checker stopped unexpectedly (${e.message.split('\n')[0]})`);
      });
      worker.on('exit', () => {
        if (!exiting) fail('error', 'error: the checker stopped unexpectedly');
      });
    };
    start();
  });

  const slots = Math.max(1, Math.min(o.jobs, queue.length));
  await Promise.all(Array.from({ length: queue.length === 0 ? 0 : slots }, slot));
  return results;
}
