// An exercise's worker is warmed up after the page's first checks: a few capped
// runs of the editor's text within a time budget, stopped by the student's first
// edit (site/checker.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ExerciseSpec } from '../../runtime/exercise.ts';
import { ExerciseChecker, WARM_BUDGET_MS, WARM_RUNS, WARM_STATES } from '../../site/checker.ts';
import type { ResultView } from '../../site/protocol.ts';
import { checksPosted, result, settle, withFakeWorkers } from './fake-worker.ts';

const spec = { lesson: 'l', name: 'ex', config: { max_states: 1_000_000, memory: 'sc' } } as unknown as ExerciseSpec;
const inconclusive = result('inconclusive', 'states');

describe('warming an exercise checker up', () => {
  withFakeWorkers();

  const checker = (done: ResultView[] = [], s: ExerciseSpec = spec) =>
    new ExerciseChecker('worker.js', s, { started() {}, progress() {}, done: (r) => done.push(r), failed() {} });
  type CheckRequest = ReturnType<typeof checksPosted>[number]['r'];

  /** answers each warm-up run once it is posted (`before` first), one at a time, until no more come; the runs */
  async function answerRuns(before: (r: CheckRequest) => void = () => {}): Promise<CheckRequest[]> {
    const answered: CheckRequest[] = [];
    for (let i = 0; i < 10; i++) {
      await settle();
      const open = checksPosted().filter(({ r }) => !answered.includes(r));
      expect(open.length).toBeLessThanOrEqual(1);
      if (open.length === 0) break;
      const { w, r } = open[0]!;
      before(r);
      answered.push(r);
      w.answer(r.job, inconclusive);
    }
    return answered;
  }

  it('runs the text a few times, one run after another, each capped, and shows none of them', async () => {
    const done: ResultView[] = [];
    const warming = checker(done).warmUp('text');
    const runs = await answerRuns((r) => {
      expect(r.text).toBe('text');
      expect(r.spec.config.max_states).toBe(WARM_STATES);
      expect(r.spec).not.toBe(spec);
    });
    await warming;
    expect(runs.length).toBe(WARM_RUNS);
    expect(done).toEqual([]);
    expect(spec.config.max_states).toBe(1_000_000);
  });

  it("keeps an exercise's own smaller state cap", async () => {
    const small = { ...spec, config: { ...spec.config, max_states: 500 } } as ExerciseSpec;
    const warming = checker([], small).warmUp('text');
    const runs = await answerRuns();
    await warming;
    expect(runs.length).toBeGreaterThan(0);
    for (const r of runs) expect(r.spec.config.max_states).toBe(500);
  });

  describe('with a slow worker', () => {
    afterEach(() => vi.restoreAllMocks());

    it('starts no run once the warm-up has taken WARM_BUDGET_MS', async () => {
      let now = 1000;
      vi.spyOn(performance, 'now').mockImplementation(() => now);
      const warming = checker().warmUp('text');
      const runs = await answerRuns(() => { now += WARM_BUDGET_MS * 0.6; }); // each run takes 60 % of the budget
      await warming;
      expect(runs.length).toBe(2);
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
    w!.answer(warm!.job, result('inconclusive', 'cancelled'));
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
