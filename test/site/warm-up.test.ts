// An exercise's worker is warmed up after the page's first checks: a few capped
// runs of the editor's text within a time budget, stopped by the student's first
// edit (site/checker.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ExerciseSpec } from '../../runtime/exercise.ts';
import { ExerciseChecker, WARM_BUDGET_MS, WARM_RUNS, WARM_STATES } from '../../site/checker.ts';
import type { ResultView } from '../../site/protocol.ts';
import { checksPosted, settle, withFakeWorkers } from './fake-worker.ts';

const spec = { lesson: 'l', name: 'ex', config: { max_states: 1_000_000, memory: 'sc' } } as unknown as ExerciseSpec;
const inconclusive = { verdict: 'inconclusive', limit: 'states', stats: { states: 3000 } } as unknown as ResultView;

describe('warming an exercise checker up', () => {
  withFakeWorkers();

  const checker = (done: ResultView[] = []) => new ExerciseChecker('worker.js', spec, { started() {}, progress() {}, done: (r) => done.push(r), failed() {} });

  it('runs the text a few times, one run after another, each capped, and shows none of them', async () => {
    const done: ResultView[] = [];
    const c = checker(done);
    const warming = c.warmUp('text');
    const answered: number[] = [];
    for (let i = 0; i < 10; i++) {
      await settle();
      const open = checksPosted().filter(({ r }) => !answered.includes(r.job));
      expect(open.length).toBeLessThanOrEqual(1);
      if (open.length === 0) break;
      const { w, r } = open[0]!;
      expect(r.text).toBe('text');
      expect(r.spec.config.max_states).toBe(WARM_STATES);
      expect(r.spec).not.toBe(spec);
      answered.push(r.job);
      w.answer(r.job, inconclusive);
    }
    await warming;
    expect(answered.length).toBe(WARM_RUNS);
    expect(done).toEqual([]);
    expect(spec.config.max_states).toBe(1_000_000);
  });

  it("keeps an exercise's own smaller state cap", async () => {
    const small = { ...spec, config: { ...spec.config, max_states: 500 } } as ExerciseSpec;
    const c = new ExerciseChecker('worker.js', small, { started() {}, progress() {}, done() {}, failed() {} });
    const warming = c.warmUp('text');
    await settle();
    const [{ w, r }] = checksPosted();
    expect(r!.spec.config.max_states).toBe(500);
    w!.answer(r!.job, inconclusive);
    for (let i = 0; i < 10; i++) {
      await settle();
      for (const { w: x, r: y } of checksPosted().slice(1)) x.answer(y.job, inconclusive);
    }
    await warming;
  });

  describe('with a slow worker', () => {
    afterEach(() => vi.restoreAllMocks());

    it('starts no run once the warm-up has taken WARM_BUDGET_MS', async () => {
      let now = 1000;
      vi.spyOn(performance, 'now').mockImplementation(() => now);
      const c = checker();
      const warming = c.warmUp('text');
      const answered: number[] = [];
      for (let i = 0; i < 10; i++) {
        await settle();
        const open = checksPosted().filter(({ r }) => !answered.includes(r.job));
        if (open.length === 0) break;
        const { w, r } = open[0]!;
        now += WARM_BUDGET_MS * 0.6; // each run takes 60 % of the budget
        answered.push(r.job);
        w.answer(r.job, inconclusive);
      }
      await warming;
      expect(answered.length).toBe(2);
    });
  });

  it("stops at the student's first edit, whose check cancels the run in flight", async () => {
    const c = checker();
    const warming = c.warmUp('text');
    await settle();
    const [{ w, r: warm }] = checksPosted();
    c.checkNow('edited');
    const cancels = w!.posted.filter((r) => r.kind === 'cancel');
    expect(cancels).toEqual([{ kind: 'cancel', job: warm!.job }]);
    w!.answer(warm!.job, { ...inconclusive, limit: 'cancelled' } as ResultView);
    await warming;
    // the warm-up run and the edit's check; no further warm-up runs
    expect(checksPosted().map(({ r }) => r.text)).toEqual(['text', 'edited']);
  });

  // (last: an edit on the page turns warm-ups off for good, in this module)
  it('does not start once the student has edited anything on the page', async () => {
    const c = checker();
    checker().edited('typed in another exercise');
    const posted = checksPosted().length;
    await c.warmUp('text');
    expect(checksPosted()).toHaveLength(posted);
  });
});
