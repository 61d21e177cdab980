import { describe, expect, it } from 'vitest';
import { replay } from '../../runtime/check/schedule.ts';
import { sample, sampleRuns } from '../../runtime/check/sampling.ts';
import { Prng } from '../../runtime/check/prng.ts';
import { counterRace, toy } from './toy.ts';

describe('seeded PRNG', () => {
  it('repeats for a seed and differs between seeds', () => {
    const take = (seed: number) => Array.from({ length: 5 }, ((g) => () => g.nextUint32())(new Prng(seed)));
    expect(take(7)).toEqual(take(7));
    expect(take(7)).not.toEqual(take(8));
    const g = new Prng(1);
    for (let i = 0; i < 1000; i++) {
      const x = g.below(6);
      expect(x >= 0 && x < 6 && Number.isInteger(x)).toBe(true);
    }
  });
});

describe('random and PCT sampling', () => {
  it('finds the lost update and reports a replayable trace', () => {
    for (const kind of ['random', 'pct'] as const) {
      const r = sample(counterRace(false), { strategy: { kind, seed: 1, runs: 200 } });
      expect(r.verdict).toBe('fail');
      expect(r.property).toBe('assertion');
      const again = replay(counterRace(false), r.schedule!);
      expect(again.finding?.property).toBe('assertion');
      expect(again.trace.length).toBe(r.trace!.length);
    }
  });

  it('is inconclusive, never pass, when no run fails', () => {
    const r = sample(counterRace(true), { strategy: { kind: 'random', seed: 3, runs: 50 } });
    expect(r.verdict).toBe('inconclusive');
    expect(r.limit).toBe('sampling');
    expect(r.stats.states).toBeGreaterThan(5);
  });

  it('gives the same result for the same seed', () => {
    const a = sample(counterRace(false), { strategy: { kind: 'pct', seed: 42, runs: 100 } });
    const b = sample(counterRace(false), { strategy: { kind: 'pct', seed: 42, runs: 100 } });
    expect(a.schedule).toBe(b.schedule);
    expect(a.stats.transitions).toBe(b.stats.transitions);
  });

  it('counts how many random runs hit a bug', () => {
    // the bug needs T2 to run between T1's load and store: a fraction of runs
    const r = sampleRuns(counterRace(false), { seed: 5, runs: 400 });
    expect(r.runs).toBe(400);
    expect(r.failures).toBeGreaterThan(0);
    expect(r.failures).toBeLessThan(400);
    expect(r.firstFailure?.finding.property).toBe('assertion');
    expect(replay(counterRace(false), r.firstFailure!.schedule).finding?.property).toBe('assertion');
    expect(sampleRuns(counterRace(false), { seed: 5, runs: 400 }).failures).toBe(r.failures);
    expect(sampleRuns(counterRace(true), { seed: 5, runs: 100 }).failures).toBe(0);
  });

  it('counts a run that blocks forever as a failure', () => {
    const stuck = toy([0], [[{ op: 'wait', guard: () => false }]]);
    expect(sampleRuns(stuck, { seed: 1, runs: 3 }).failures).toBe(3);
  });
});
