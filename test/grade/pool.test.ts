// The grading pool's last line of defence: a worker that hangs, runs out of
// memory or cannot start costs only its own submission, never the run.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { gradeAll, type PoolItem } from '../../build/grade/pool.ts';
import { loadLesson } from '../../build/lesson/index.ts';

const spec = loadLesson('test/fixtures/lessons-check/01-counter.md').lesson!.exercises.increment!;
const item = (name: string): PoolItem => ({ submission: name, content: readFileSync(`test/fixtures/submissions/${name}`, 'utf8') });

describe('gradeAll', () => {
  it('kills a submission that outlives its time and goes on with a fresh worker', async () => {
    const records = await gradeAll(spec, [item('hostile-state-explosion.c'), item('right-lock.c')], {
      jobs: 1, timeoutMs: 300, graceMs: 0, memoryMb: 256,
      extra: { timeoutMs: 600_000, maxStates: 10_000_000 }, // the checker would not stop by itself
    });
    expect(records.map((r) => [r.submission, r.verdict, r.summary])).toEqual([
      ['hostile-state-explosion.c', 'inconclusive', 'inconclusive: the check took longer than 300 ms and was stopped'],
      ['right-lock.c', 'pass', expect.stringMatching(/^pass: /)],
    ]);
  }, 60_000);

  it('finishes with an error for each submission when workers cannot even start', async () => {
    const records = await gradeAll(spec, [item('right-lock.c'), item('wrong-starter.c')], { jobs: 2, timeoutMs: 5000, memoryMb: 1 });
    expect(records.map((r) => r.verdict)).toEqual(['error', 'error']);
    expect(records[0]!.summary).toMatch(/^error: the grading worker could not start \(/);
  }, 60_000);

  it('keeps results in input order and passes decided records through', async () => {
    const decided = { ...(await gradeAll(spec, [item('right-lock.c')], { jobs: 1, timeoutMs: 5000, memoryMb: 256 }))[0]!, submission: 'decided' };
    const records = await gradeAll(spec, [item('wrong-starter.c'), { submission: 'decided', content: decided }, item('right-lock.c')], { jobs: 2, timeoutMs: 5000, memoryMb: 256 });
    expect(records.map((r) => [r.submission, r.verdict])).toEqual([['wrong-starter.c', 'fail'], ['decided', 'pass'], ['right-lock.c', 'pass']]);
  }, 60_000);
});
