// The exercise panel's checker against a fake Web Worker: cancellation, a worker
// replaced under a check, cells' checks (site/checker.ts, site/cell-api.ts).
import { describe, expect, it, vi } from 'vitest';
import type { ExerciseSpec } from '../../runtime/exercise.ts';
import { cellBuiltins } from '../../site/cell-api.ts';
import { CellRun, inCellRun } from '../../site/cell-runs.ts';
import { ExerciseChecker } from '../../site/checker.ts';
import type { PageData } from '../../site/data.ts';
import type { ResultView } from '../../site/protocol.ts';
import { SharedChecks } from '../../site/shared-checks.ts';
import { checksPosted, FakeWorker, result, settle, withFakeWorkers } from './fake-worker.ts';

const spec = { lesson: 'l', name: 'ex', config: { max_states: 1_000_000 } } as unknown as ExerciseSpec;

function panel(shared?: SharedChecks) {
  const shown: [string, string][] = [];
  const started: string[] = [];
  const checker = new ExerciseChecker('worker.js', spec, {
    started: (text) => started.push(text), progress() {}, done: (r, text) => shown.push([r.verdict, text]), failed() {},
  }, shared);
  return { checker, shown, started };
}

const open = () => checksPosted().filter(({ w, r }) => !w.posted.some((c) => c.kind === 'cancel' && c.job === r.job));

describe('the exercise checker', () => {
  withFakeWorkers();

  it('a check whose worker is replaced because an older check would not stop is sent again, and its verdict shown', async () => {
    vi.useFakeTimers();
    const p = panel();
    p.checker.checkNow('a');
    p.checker.checkNow('ab');
    const first = FakeWorker.all[0]!;
    expect(first.posted.filter((r) => r.kind === 'cancel')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000); // 'a' never answers its cancel: the watchdog replaces the worker
    const second = FakeWorker.all[1]!;
    const resent = second.posted.filter((r) => r.kind === 'check');
    expect(resent.map((r) => (r as { text: string }).text)).toEqual(['ab']);
    second.answer(resent[0]!.job, result('pass'));
    await vi.advanceTimersByTimeAsync(0);
    expect(p.shown).toEqual([['pass', 'ab']]);
  });

  it("a cell's check is sent again when its worker is replaced under it", async () => {
    vi.useFakeTimers();
    const p = panel();
    const cell = p.checker.ask('cell');
    await vi.advanceTimersByTimeAsync(0);
    p.checker.checkNow('a');
    p.checker.checkNow('ab'); // cancels 'a', which will not stop: the worker is replaced with the cell's check in it
    await vi.advanceTimersByTimeAsync(1000);
    const second = FakeWorker.all[1]!;
    const texts = second.posted.filter((r) => r.kind === 'check').map((r) => (r as { text: string }).text);
    expect(texts.sort()).toEqual(['ab', 'cell']);
    const again = second.posted.find((r) => r.kind === 'check' && (r as { text: string }).text === 'cell')!;
    second.answer(again.job, result('fail'));
    expect((await cell).verdict).toBe('fail');
  });

  it('checking the text already being checked starts nothing and cancels nothing', async () => {
    const p = panel();
    p.checker.checkNow('a');
    p.checker.checkNow('a');
    expect(checksPosted()).toHaveLength(1);
    expect(FakeWorker.all[0]!.posted.filter((r) => r.kind === 'cancel')).toHaveLength(0);
    expect(p.started).toEqual(['a']);
    const [{ w, r }] = checksPosted();
    w!.answer(r!.job, result('pass'));
    await settle();
    expect(p.shown).toEqual([['pass', 'a']]);
  });

  it("the panel checks for itself when the cell's check it waited on ends without an answer", async () => {
    const shared = new SharedChecks();
    const p = panel(shared);
    const cell = p.checker.ask('t');
    await settle();
    p.checker.checkNow('t'); // joins the cell's check
    expect(checksPosted()).toHaveLength(1);
    const [{ w, r }] = checksPosted();
    w!.answer(r!.job, result('inconclusive', 'time'));
    await cell;
    await settle();
    expect(open().map(({ r: x }) => x.text)).toEqual(['t', 't']);
    const mine = checksPosted()[1]!;
    mine.w.answer(mine.r.job, result('pass'));
    await settle();
    expect(p.shown).toEqual([['pass', 't']]);
  });

  it('an answer the panel waited on is not shown once a newer edit came', async () => {
    const shared = new SharedChecks();
    const p = panel(shared);
    const cell = p.checker.ask('old');
    await settle();
    p.checker.checkNow('old');
    p.checker.checkNow('new');
    const old = checksPosted().find(({ r }) => r.text === 'old')!;
    old.w.answer(old.r.job, result('fail'));
    await cell;
    await settle();
    expect(p.shown).toEqual([]);
  });

  it('a warm-up does not run next to a check in flight, and stops when the student edits any exercise', async () => {
    const busy = panel();
    busy.checker.checkNow('a');
    await busy.checker.warmUp('a');
    expect(checksPosted()).toHaveLength(1);

    FakeWorker.all = [];
    const idle = panel();
    const other = panel();
    const warming = idle.checker.warmUp('w');
    await settle();
    const [{ w, r }] = checksPosted();
    other.checker.edited('typed elsewhere');
    w!.answer(r!.job, result('inconclusive', 'states'));
    await warming;
    expect(checksPosted().map(({ r: x }) => x.text)).toEqual(['w', 'typed elsewhere']);
  });
});

describe('a cell that runs again', () => {
  withFakeWorkers();

  it('has the check its last run asked for cancelled, and that run asks for nothing more', async () => {
    const p = panel(new SharedChecks());
    const run = new CellRun();
    const stale = p.checker.ask('old', run.obsolete);
    await settle();
    const [{ w, r }] = checksPosted();
    run.finish();
    await settle();
    expect(w!.posted).toContainEqual({ kind: 'cancel', job: r!.job });
    w!.answer(r!.job, result('inconclusive', 'cancelled'));
    await stale;
    expect(checksPosted()).toHaveLength(1);
  });

  it('whose joined check was cancelled by the panel does not search that text again once it is obsolete', async () => {
    const shared = new SharedChecks();
    const p = panel(shared);
    p.checker.checkNow('a');
    const run = new CellRun();
    const stale = p.checker.ask('a', run.obsolete);
    await settle();
    p.checker.checkNow('ab'); // cancels 'a'; the cell runs again with 'ab'
    run.finish();
    const a = checksPosted().find(({ r }) => r.text === 'a')!;
    a.w.answer(a.r.job, result('inconclusive', 'cancelled'));
    await expect(stale).rejects.toThrow(/superseded/);
    expect(checksPosted().map(({ r }) => r.text)).toEqual(['a', 'ab']);
  });

  it("after a worker is replaced, a cell waiting on the panel's check joins the check sent again instead of sending its own", async () => {
    vi.useFakeTimers();
    const shared = new SharedChecks();
    const p = panel(shared);
    p.checker.checkNow('a');
    p.checker.checkNow('ab');
    const cell = p.checker.ask('ab');
    await vi.advanceTimersByTimeAsync(1000); // 'a' will not stop: the worker is replaced under 'ab'
    const second = FakeWorker.all[1]!;
    const sent = second.posted.filter((r) => r.kind === 'check');
    expect(sent.map((r) => (r as { text: string }).text)).toEqual(['ab']);
    second.answer(sent[0]!.job, result('pass'));
    expect((await cell).verdict).toBe('pass');
  });

  it('a worker that fails is replaced: the failure is shown, and the next check goes to a fresh worker', async () => {
    const failed: string[] = [];
    const c = new ExerciseChecker('worker.js', spec, { started() {}, progress() {}, done() {}, failed: (m) => failed.push(m) });
    c.checkNow('a');
    const first = FakeWorker.all[0]! as unknown as { onerror: (e: unknown) => void };
    first.onerror({ message: 'boom', preventDefault() {} });
    await settle();
    expect(failed).toEqual(['the checker stopped: boom']);
    c.checkNow('a'); // the same text again: not dropped as "already being checked"
    expect(FakeWorker.all).toHaveLength(2);
    expect(FakeWorker.all[1]!.posted.map((r) => (r as { text?: string }).text)).toEqual(['a']);
  });
});

describe('rc.check', () => {
  it("runs in the exercise panel's checker, on the editor's text by default", async () => {
    const asked: string[] = [];
    const checker = { ask: async (text: string) => { asked.push(text); return result('pass'); } } as unknown as ExerciseChecker;
    const data = { worker: 'worker.js', exercises: [{ name: 'ex', spec }] } as unknown as PageData;
    const rc = cellBuiltins(data, { editorText: () => 'in the editor', checker: () => checker }).rc as { check(ex: string, text?: string): Promise<ResultView> };
    expect((await rc.check('ex')).verdict).toBe('pass');
    await rc.check('ex', 'given');
    expect(asked).toEqual(['in the editor', 'given']);
    expect(() => rc.check('nope')).toThrow(/no exercise 'nope'/);
  });

  it("hands the checker the run of the cell that asked, so the run's check can be cancelled when it runs again", async () => {
    const obsoletes: (Promise<void> | undefined)[] = [];
    const checker = { ask: async (_t: string, obsolete?: Promise<void>) => { obsoletes.push(obsolete); return result('pass'); } } as unknown as ExerciseChecker;
    const data = { worker: 'worker.js', exercises: [{ name: 'ex', spec }] } as unknown as PageData;
    const rc = cellBuiltins(data, { editorText: () => 'x', checker: () => checker }).rc as { check(ex: string): Promise<ResultView> };
    const run = new CellRun();
    await inCellRun(run, () => rc.check('ex'));
    await rc.check('ex'); // outside any cell run
    expect(obsoletes).toEqual([run.obsolete, undefined]);
  });
});
