// A stand-in for the checker's Web Worker in Node: it records the requests a
// page's checkers send and lets a test answer them.
import { afterEach, beforeEach, vi } from 'vitest';
import type { Reply, Request, ResultView } from '../../site/protocol.ts';

export class FakeWorker {
  static all: FakeWorker[] = [];
  posted: Request[] = [];
  onmessage: ((e: { data: Reply }) => void) | null = null;
  onerror: unknown = null;
  constructor() { FakeWorker.all.push(this); }
  postMessage(req: Request): void { this.posted.push(req); }
  terminate(): void {}
  reply(r: Reply): void { this.onmessage?.({ data: r }); }
  /** the check `job` ends with `result` */
  answer(job: number, result: ResultView): void { this.reply({ kind: 'result', job, result }); }
}

/** a check's result, as much of it as the page's checkers look at */
export const result = (verdict: ResultView['verdict'], limit?: ResultView['limit']) =>
  ({ verdict, ...(limit ? { limit } : {}), stats: { states: 1 } }) as unknown as ResultView;

/** every check request any fake worker got, with the worker */
export const checksPosted = () => FakeWorker.all.flatMap((w) => w.posted.filter((r) => r.kind === 'check').map((r) => ({ w, r: r as Extract<Request, { kind: 'check' }> })));

/** lets pending promise callbacks and zero timers run */
export const settle = () => new Promise((r) => setTimeout(r, 0));

/** In the calling describe block: every test gets fresh fake workers as `Worker`, and real timers back. */
export function withFakeWorkers(): void {
  const g = globalThis as unknown as { Worker?: unknown };
  let saved: unknown;
  beforeEach(() => { saved = g.Worker; g.Worker = FakeWorker; FakeWorker.all = []; });
  afterEach(() => { g.Worker = saved; vi.useRealTimers(); });
}
