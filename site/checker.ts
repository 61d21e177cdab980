// The page's side of the checker's Web Worker. Checks are debounced while the
// student types, but the first edit after a pause is checked at once (so a
// single keystroke gets its verdict without waiting out the debounce); a newer
// edit cancels the check in flight, and a worker that does not give up within
// a grace period is terminated and replaced, so the page never waits on it.
import type { ExerciseSpec } from '../runtime/exercise.ts';
import type { Reply, ReplayView, Request, ResultView, SampleView, SchedulerView } from './protocol.ts';
import type { SharedAnswer, SharedChecks } from './shared-checks.ts';

const DEBOUNCE_MS = 120;
const CANCEL_GRACE_MS = 800;
/**
 * A warm-up run explores at most this many states (more than any lesson
 * exercise's check, so a run takes the whole path a student's check takes:
 * the finding, the shortest counterexample, its view) ...
 */
export const WARM_STATES = 50_000;
/** ... there are at most this many runs ... */
export const WARM_RUNS = 4;
/** ... and no run starts once the warm-up has taken this long. */
export const WARM_BUDGET_MS = 2000;

type Pending = { resolve(r: Reply): void };

/** What a request in flight answers when its worker was replaced: not an answer, ask again. */
const RESTARTED = 'the checker was restarted';
/** How often a cell's check is sent again after its worker was replaced under it. */
const ASK_ATTEMPTS = 3;

/** When the student last edited any exercise of the page (warm-ups stop then). */
let lastEditOnPage = -Infinity;

/** One worker and its in-flight requests, matched by job number. */
class WorkerLink {
  private worker: Worker;
  private pending = new Map<number, Pending>();
  private next = 1;

  constructor(private url: string, private onProgress?: (job: number, states: number, ms: number) => void) {
    this.worker = this.spawn();
  }

  private spawn(): Worker {
    const w = new Worker(this.url, { type: 'module', name: 'racecourse checker' });
    w.onmessage = (e: MessageEvent<Reply>) => {
      const reply = e.data;
      if (reply.kind === 'progress') { this.onProgress?.(reply.job, reply.states, reply.elapsedMs); return; }
      const p = this.pending.get(reply.job);
      if (p) { this.pending.delete(reply.job); p.resolve(reply); }
    };
    w.onerror = (e) => {
      e.preventDefault();
      // a worker that failed may be dead: the next request goes to a fresh one
      this.worker.terminate();
      for (const [job, p] of this.pending) p.resolve({ kind: 'error', job, message: `the checker stopped: ${e.message || 'worker error'}` });
      this.pending.clear();
      this.worker = this.spawn();
    };
    return w;
  }

  job(): number {
    return this.next++;
  }

  send(req: Request): Promise<Reply> {
    return new Promise((resolve) => {
      if (req.kind !== 'cancel') this.pending.set(req.job, { resolve });
      this.worker.postMessage(req);
      if (req.kind === 'cancel') resolve({ kind: 'error', job: req.job, message: 'cancelled' });
    });
  }

  has(job: number): boolean {
    return this.pending.has(job);
  }

  /** Drop the worker with whatever it is doing; its requests resolve as RESTARTED (their owners may send them again). */
  restart(): void {
    this.worker.terminate();
    for (const [job, p] of this.pending) p.resolve({ kind: 'error', job, message: RESTARTED });
    this.pending.clear();
    this.worker = this.spawn();
  }
}

export interface CheckCallbacks {
  /** a check of this text started (after the debounce) */
  started(text: string): void;
  progress(states: number, elapsedMs: number): void;
  done(result: ResultView, text: string): void;
  failed(message: string): void;
}

export class ExerciseChecker {
  private checks: WorkerLink;
  private explorer?: WorkerLink;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastEdit = -Infinity;
  private current = 0;
  /** the text of the current check, while no answer has come for it */
  private currentText: string | undefined;
  /** a warm-up run in flight (its job), or 0 */
  private warming = 0;
  private watchdog: ReturnType<typeof setTimeout> | undefined;

  constructor(private workerUrl: string, private spec: ExerciseSpec, private callbacks: CheckCallbacks, private shared?: SharedChecks) {
    this.checks = new WorkerLink(workerUrl, (job, states, ms) => { if (job === this.current) callbacks.progress(states, ms); });
  }

  /** The text changed: check it soon. */
  edited(text: string): void {
    const now = performance.now();
    lastEditOnPage = now;
    const idle = now - this.lastEdit > DEBOUNCE_MS;
    this.lastEdit = now;
    clearTimeout(this.timer);
    if (idle) this.checkNow(text);
    else this.timer = setTimeout(() => this.checkNow(text), DEBOUNCE_MS);
  }

  checkNow(text: string): void {
    clearTimeout(this.timer);
    if (this.warming && this.checks.has(this.warming)) void this.checks.send({ kind: 'cancel', job: this.warming });
    // the text being checked already (an edit undone, "Check now" pressed again): let that check answer
    if (text === this.currentText) return;
    const previous = this.current;
    if (previous && this.checks.has(previous)) {
      void this.checks.send({ kind: 'cancel', job: previous });
      clearTimeout(this.watchdog);
      this.watchdog = setTimeout(() => { if (this.checks.has(previous)) this.checks.restart(); }, CANCEL_GRACE_MS);
    }
    const job = this.checks.job();
    this.current = job;
    this.currentText = text;
    this.callbacks.started(text);
    // a lesson cell may be checking this very text already (shared-checks.ts)
    const asked = this.shared?.find(this.spec, text);
    if (asked) {
      void asked.then((result) => {
        if (job !== this.current) return;
        if (result) this.answered(result, text);
        else this.send(job, text); // it ended without an answer: check here after all
      });
      return;
    }
    this.send(job, text);
  }

  private answered(result: ResultView, text: string): void {
    this.currentText = undefined;
    this.callbacks.done(result, text);
  }

  /**
   * Warms this exercise's worker up. A fresh worker runs its first checks two to
   * three times slower than later ones while V8 compiles the checker's hot code
   * (COW 1b's starter in a Chromium worker: 333, 208, 162, 127 ms, then ~90):
   * a few runs of the editor's text while the student reads make their first
   * edit's verdict come at full speed. Runs of a few thousand states (as this
   * once did) leave the end of a check cold — the finding, the shortest
   * counterexample, its view — and the first edit paid for it (~200 ms against
   * ~120 for 1b). The runs stop as soon as the student edits (the edit's check
   * cancels the one in flight); their results are not kept.
   */
  async warmUp(text: string): Promise<void> {
    // not next to a check the student is waiting for, and not once they have edited anything on the page
    const spec: ExerciseSpec = { ...this.spec, config: { ...this.spec.config, max_states: Math.min(WARM_STATES, this.spec.config.max_states ?? WARM_STATES) } };
    const since = this.current;
    const started = performance.now();
    for (let i = 0; i < WARM_RUNS && this.current === since && this.currentText === undefined && lastEditOnPage === -Infinity; i++) {
      if (performance.now() - started >= WARM_BUDGET_MS) break;
      const job = this.checks.job();
      this.warming = job;
      await this.checks.send({ kind: 'check', job, spec, text });
      this.warming = 0;
    }
  }

  /**
   * A check of `text` for a lesson cell (rc.check): in this exercise's worker,
   * so every check of one exercise warms the same JIT, sharing the page's
   * answers (a cell that follows the editor asks for the text the panel is
   * checking, and waits for that check), and never cancelled by the student's
   * next edit. Rejects if the worker fails.
   */
  ask(text: string, obsolete?: Promise<void>): Promise<ResultView> {
    return askShared(this.checks, this.spec, text, this.shared, obsolete);
  }

  private send(job: number, text: string): void {
    const reply = this.checks.send({ kind: 'check', job, spec: this.spec, text });
    this.shared?.add(this.spec, text, answerOf(reply));
    void reply.then((reply) => {
      if (job !== this.current) return;
      if (reply.kind === 'result') this.answered(reply.result, text);
      // the worker was replaced (an older check would not stop) with this check in it
      else if (reply.kind === 'error' && reply.message === RESTARTED) this.send(job, text);
      else {
        // no answer will come for this text: a later check of it must run
        this.currentText = undefined;
        if (reply.kind !== 'error' || reply.message !== 'cancelled') this.callbacks.failed(reply.kind === 'error' ? reply.message : 'unexpected reply from the checker');
      }
    });
  }

  private explore(): WorkerLink {
    return (this.explorer ??= new WorkerLink(this.workerUrl));
  }

  async replay(text: string, schedule: string): Promise<ReplayView> {
    const link = this.explore();
    const reply = await link.send({ kind: 'replay', job: link.job(), spec: this.spec, text, schedule });
    if (reply.kind === 'replay') return reply.replay;
    throw new Error(reply.kind === 'error' ? reply.message : 'unexpected reply from the checker');
  }

  async scheduler(req: { kind: 'sched-start'; text: string } | { kind: 'sched-step'; label: number } | { kind: 'sched-undo' }): Promise<SchedulerView> {
    const link = this.explore();
    const job = link.job();
    const full: Request = req.kind === 'sched-start' ? { kind: 'sched-start', job, spec: this.spec, text: req.text }
      : req.kind === 'sched-step' ? { kind: 'sched-step', job, label: req.label } : { kind: 'sched-undo', job };
    const reply = await link.send(full);
    if (reply.kind === 'sched') return reply.view;
    throw new Error(reply.kind === 'error' ? reply.message : 'unexpected reply from the checker');
  }
}

/** For lesson cells: checks that never cancel each other (rc.check). */
export class CellChecker {
  private link: WorkerLink;
  constructor(workerUrl: string, private shared?: SharedChecks) {
    this.link = new WorkerLink(workerUrl);
  }

  check(spec: ExerciseSpec, text: string): Promise<ResultView> {
    return askShared(this.link, spec, text, this.shared);
  }

  async sample(spec: ExerciseSpec, text: string, options: { runs: number; seed: number; maxSteps?: number }): Promise<SampleView> {
    const req: Request = { kind: 'sample', job: this.link.job(), spec, text, runs: options.runs, seed: options.seed };
    if (options.maxSteps !== undefined) req.maxSteps = options.maxSteps;
    const reply = await this.link.send(req);
    if (reply.kind === 'sample') return reply.sample;
    throw new Error(reply.kind === 'error' ? reply.message : 'unexpected reply from the checker');
  }

  async replay(spec: ExerciseSpec, text: string, schedule: string): Promise<ReplayView> {
    const reply = await this.link.send({ kind: 'replay', job: this.link.job(), spec, text, schedule });
    if (reply.kind === 'replay') return reply.replay;
    throw new Error(reply.kind === 'error' ? reply.message : 'unexpected reply from the checker');
  }
}

/**
 * A check for a lesson cell, on `link`'s worker: the answer of the same check
 * asked for on the page already (shared-checks.ts), else a check of its own,
 * sent again if its worker is replaced under it. `obsolete` resolving (the cell
 * ran again) cancels that check. Rejects if the worker fails.
 */
async function askShared(link: WorkerLink, spec: ExerciseSpec, text: string, shared?: SharedChecks, obsolete?: Promise<void>): Promise<ResultView> {
  let gone = false;
  let job = 0;
  void obsolete?.then(() => {
    gone = true;
    // the cell has run again: its check of this text is no use to anyone else either
    if (job && link.has(job)) void link.send({ kind: 'cancel', job });
  });
  const seen = new Set<SharedAnswer>();
  for (let attempt = 1; ; ) {
    // the panel (or another cell) may be checking this very text already: wait for that
    const asked = shared?.find(spec, text);
    if (asked && !seen.has(asked)) {
      seen.add(asked);
      const answer = await asked;
      if (answer) return answer;
      continue; // it ended without an answer; whoever ran it may have sent it again
    }
    if (gone) throw new Error('superseded: the cell ran again');
    if (attempt++ > ASK_ATTEMPTS) throw new Error(RESTARTED);
    job = link.job();
    const pending = link.send({ kind: 'check', job, spec, text });
    const answer = answerOf(pending);
    seen.add(answer);
    shared?.add(spec, text, answer);
    const reply = await pending;
    if (reply.kind === 'result') return reply.result;
    // a stuck check of the panel's made it replace the worker, with this job in it: again
    if (reply.kind === 'error' && reply.message === RESTARTED) continue;
    throw new Error(reply.kind === 'error' ? reply.message : 'unexpected reply from the checker');
  }
}

/**
 * What a check request gives to others who ask for the same check: its result,
 * or nothing when it has none that another run would repeat — cancelled, out of
 * time (a matter of the machine's load), or the worker failed.
 */
function answerOf(reply: Promise<Reply>): SharedAnswer {
  return reply.then((r) => (r.kind === 'result' && r.result.limit !== 'cancelled' && r.result.limit !== 'time' ? r.result : undefined));
}
