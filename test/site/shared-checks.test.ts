// The page runs each (exercise, text) check once: the exercise panel and the
// lesson cells that ask for the same check share its answer (site/shared-checks.ts).
import { describe, expect, it } from 'vitest';
import type { ExerciseSpec } from '../../runtime/exercise.ts';
import { CellChecker, ExerciseChecker } from '../../site/checker.ts';
import type { ResultView } from '../../site/protocol.ts';
import { KEEP_PER_EXERCISE, SharedChecks } from '../../site/shared-checks.ts';
import { checksPosted, FakeWorker, result, settle, withFakeWorkers } from './fake-worker.ts';

const spec = (name: string) => ({ lesson: 'l', name }) as unknown as ExerciseSpec;

describe('SharedChecks', () => {
  it('gives a later asker the answer of the check asked for first', async () => {
    const shared = new SharedChecks();
    const s = spec('a');
    const answer = Promise.resolve(result('pass'));
    shared.add(s, 'int x;', answer);
    expect(shared.find(s, 'int x;')).toBe(answer);
    expect(await shared.find(s, 'int x;')).toEqual(result('pass'));
    expect(shared.find(s, 'int y;')).toBeUndefined();
  });

  it('does not share between different specs, even of the same exercise name', () => {
    const shared = new SharedChecks();
    shared.add(spec('a'), 't', Promise.resolve(result('pass')));
    expect(shared.find(spec('a'), 't')).toBeUndefined();
  });

  it('forgets a check that ended without an answer', async () => {
    const shared = new SharedChecks();
    const s = spec('a');
    const answer = Promise.resolve(undefined);
    shared.add(s, 't', answer);
    await answer;
    await Promise.resolve();
    expect(shared.find(s, 't')).toBeUndefined();
  });

  it(`keeps the last ${KEEP_PER_EXERCISE} texts of an exercise`, () => {
    const shared = new SharedChecks();
    const s = spec('a');
    for (let i = 0; i <= KEEP_PER_EXERCISE; i++) shared.add(s, `t${i}`, Promise.resolve(result('pass')));
    expect(shared.find(s, 't0')).toBeUndefined();
    for (let i = 1; i <= KEEP_PER_EXERCISE; i++) expect(shared.find(s, `t${i}`)).toBeDefined();
  });
});



describe('the panel and the cells share a check', () => {
  withFakeWorkers();

  function panel(s: ExerciseSpec, shared: SharedChecks) {
    const done: ResultView[] = [];
    const checker = new ExerciseChecker('worker.js', s, { started() {}, progress() {}, done: (r) => done.push(r), failed() {} }, shared);
    return { checker, done };
  }

  it('a cell asking for the text the panel is checking gets the panel\'s answer, and no second check runs', async () => {
    const shared = new SharedChecks();
    const s = spec('ex');
    const p = panel(s, shared);
    p.checker.checkNow('fix');
    const cell = new CellChecker('worker.js', shared).check(s, 'fix');
    await settle();
    expect(checksPosted()).toHaveLength(1);
    const [{ w, r }] = checksPosted();
    w!.answer(r!.job, result('fail'));
    expect((await cell).verdict).toBe('fail');
    await settle();
    expect(p.done.map((x) => x.verdict)).toEqual(['fail']);
    expect(checksPosted()).toHaveLength(1);
  });

  it('the panel joins a check a cell started first', async () => {
    const shared = new SharedChecks();
    const s = spec('ex');
    const cell = new CellChecker('worker.js', shared).check(s, 'fix');
    await settle();
    const p = panel(s, shared);
    p.checker.checkNow('fix');
    expect(checksPosted()).toHaveLength(1);
    const [{ w, r }] = checksPosted();
    w!.answer(r!.job, result('pass'));
    expect((await cell).verdict).toBe('pass');
    await settle();
    expect(p.done.map((x) => x.verdict)).toEqual(['pass']);
  });

  it('a check cancelled or out of time is no answer: the one waiting on it checks for itself', async () => {
    for (const limit of ['cancelled', 'time'] as const) {
      FakeWorker.all = [];
      const shared = new SharedChecks();
      const s = spec('ex');
      const p = panel(s, shared);
      p.checker.checkNow('fix');
      const cell = new CellChecker('worker.js', shared).check(s, 'fix');
      const [{ w, r }] = checksPosted();
      w!.answer(r!.job, result('inconclusive', limit));
      await settle();
      const posted = checksPosted();
      expect(posted).toHaveLength(2);
      posted[1]!.w.answer(posted[1]!.r.job, result('pass'));
      expect((await cell).verdict).toBe('pass');
    }
  });

  it("a cell's check of an exercise runs in that exercise's worker and survives the student's next edit", async () => {
    const shared = new SharedChecks();
    const s = spec('ex');
    const p = panel(s, shared);
    const panelWorker = FakeWorker.all[0]!;
    const cell = p.checker.ask('cell text');
    await settle();
    expect(checksPosted().map(({ w, r }) => [w, r.text])).toEqual([[panelWorker, 'cell text']]);
    p.checker.checkNow('typed');
    await settle();
    // the student's edit cancels only the panel's own check, not the cell's
    expect(panelWorker.posted.filter((r) => r.kind === 'cancel')).toHaveLength(0);
    const cellJob = checksPosted()[0]!.r.job;
    panelWorker.answer(cellJob, result('fail'));
    expect((await cell).verdict).toBe('fail');
    // and the panel, asked for the same text later, answers from the cell's check
    p.checker.checkNow('cell text');
    await settle();
    expect(p.done.map((x) => x.verdict)).toEqual(['fail']);
    expect(checksPosted()).toHaveLength(2);
  });

  it('different texts are different checks', async () => {
    const shared = new SharedChecks();
    const s = spec('ex');
    panel(s, shared).checker.checkNow('one');
    void new CellChecker('worker.js', shared).check(s, 'two');
    await settle();
    expect(checksPosted().map(({ r }) => r.text)).toEqual(['one', 'two']);
  });
});
