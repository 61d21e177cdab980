// The checker's Web Worker. A 'cancel' sets the named job's abort flag, which the
// asynchronous checker polls while it yields to this event loop every few
// milliseconds (the page also terminates a worker that does not answer a cancel
// in time: site/checker.ts). Checks the page did not cancel all run to the end.
import { checkView, replayView, sampleView, SchedulerSession } from './engine.ts';
import { progressGate } from './progress.ts';
import type { Reply, Request } from './protocol.ts';

// The asynchronous checker yields with setTimeout(…, 0) every few milliseconds so a
// cancel can get in. Browsers clamp nested zero-delay timers to 4 ms, which would
// add a third to a search's time; in this worker a zero-delay timeout is a
// MessageChannel message instead, which is not clamped.
{
  const channel = new MessageChannel();
  const queue: (() => void)[] = [];
  channel.port1.onmessage = () => queue.shift()?.();
  const original = self.setTimeout.bind(self);
  (self as unknown as { setTimeout: unknown }).setTimeout = (fn: TimerHandler, delay?: number, ...args: unknown[]) => {
    if ((delay ?? 0) > 0 || typeof fn !== 'function') return original(fn, delay, ...args);
    queue.push(() => (fn as (...a: unknown[]) => void)(...args));
    channel.port2.postMessage(0);
    return 0;
  };
}

const scope = self as unknown as { postMessage(m: Reply): void; onmessage: ((e: MessageEvent<Request>) => void) | null };

const running = new Map<number, { aborted: boolean }>();
let session: SchedulerSession | undefined;

function post(m: Reply): void {
  scope.postMessage(m);
}

async function handle(req: Request): Promise<void> {
  switch (req.kind) {
    case 'cancel': {
      const signal = running.get(req.job);
      if (signal) signal.aborted = true;
      return;
    }
    case 'check': {
      const signal = { aborted: false };
      running.set(req.job, signal);
      const shown = progressGate();
      try {
        const result = await checkView(req.spec, req.text, {
          signal,
          onProgress: (p) => { if (shown(p.elapsedMs)) post({ kind: 'progress', job: req.job, states: p.states, elapsedMs: p.elapsedMs }); },
        });
        post({ kind: 'result', job: req.job, result });
      } finally {
        running.delete(req.job);
      }
      return;
    }
    case 'replay':
      post({ kind: 'replay', job: req.job, replay: replayView(req.spec, req.text, req.schedule) });
      return;
    case 'sample': {
      const opts: { runs: number; seed: number; maxSteps?: number } = { runs: req.runs, seed: req.seed };
      if (req.maxSteps !== undefined) opts.maxSteps = req.maxSteps;
      post({ kind: 'sample', job: req.job, sample: sampleView(req.spec, req.text, opts) });
      return;
    }
    case 'sched-start':
      session = new SchedulerSession(req.spec, req.text);
      post({ kind: 'sched', job: req.job, view: session.view() });
      return;
    case 'sched-step':
    case 'sched-undo':
      if (!session) { post({ kind: 'error', job: req.job, message: 'no scheduler session; start one first' }); return; }
      post({ kind: 'sched', job: req.job, view: req.kind === 'sched-step' ? session.step(req.label) : session.undo() });
      return;
  }
}

scope.onmessage = (e) => {
  handle(e.data).catch((err: unknown) => {
    post({ kind: 'error', job: e.data.job, message: err instanceof Error ? `${err.message}` : String(err) });
  });
};
