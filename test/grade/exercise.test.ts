// runtime/exercise.ts: the checks the browser and the grader share.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadLesson } from '../../build/lesson/index.ts';
import { checkExercise, checkExerciseAsync, exerciseOptions, exerciseUnits, judge, screenSubmission } from '../../runtime/exercise.ts';

const spec = loadLesson('test/fixtures/lessons-check/01-counter.md').lesson!.exercises.increment!;
const sub = (f: string) => readFileSync(`test/fixtures/submissions/${f}`, 'utf8');

describe('runtime/exercise', () => {
  it('builds the units and options from the spec', () => {
    const units = exerciseUnits(spec, 'void increment(void) {}');
    expect(units.map((u) => u.name)).toEqual(['test/fixtures/lessons-check/01-counter.md', 'increment.c']);
    expect(units[1]).toMatchObject({ mayDefine: ['increment'], forbid: ['atomic_fetch_add'] });
    expect(exerciseOptions(spec)).toEqual({ memoryModel: 'sc', fork: 'atomic', maxStates: 20000 });
  });

  it('refuses oversized and over-nested text before compiling, with the same words everywhere', () => {
    const big = checkExercise(spec, '/*' + 'x'.repeat(70_000) + '*/');
    expect(big.verdict).toBe('error');
    expect(big.diagnostics[0]!.message).toBe('submission is 68.4 KB; the limit is 64 KB');
    expect(screenSubmission('x'.repeat(5 * 1024 * 1024), 'f.c')[0]!.message).toBe('submission is 5.0 MB; the limit is 64 KB');
    const deep = checkExercise(spec, `void increment(void) { counter = ${'('.repeat(300)}1${')'.repeat(300)}; }`);
    // '{' is depth 1 at column 22; the 200th '(' (column 233) makes 201
    expect(deep.diagnostics[0]).toMatchObject({ file: 'increment.c', line: 1, column: 233 });
    // brackets in comments and strings do not count
    expect(screenSubmission(`// ${'('.repeat(500)}\n/* ${'{'.repeat(500)} */ char *s = "${'['.repeat(500)}";`, 'f.c')).toEqual([]);
  });

  it('judges: pass only on pass, with the exercise points', async () => {
    const right = checkExercise(spec, sub('right-lock.c'));
    expect(judge(spec, right)).toEqual({ passed: true, score: 1, summary: expect.stringMatching(/^pass: every interleaving keeps .*both_counted/) });
    const wrong = checkExercise(spec, sub('wrong-starter.c'));
    expect(judge(spec, wrong)).toEqual({ passed: false, score: 0, summary: 'fail: both_counted — invariant both_counted does not hold when process 1 exits' });
    const broken = checkExercise(spec, sub('hostile-compile-error.c'));
    expect(judge(spec, broken).summary).toBe("error: increment.c:2:22: expected an expression but found ';'");
    const big = checkExercise(spec, sub('hostile-state-explosion.c'), { maxStates: 500 });
    expect(judge(spec, big)).toEqual({ passed: false, score: 0, summary: "inconclusive: the state space exceeded the exercise's state limit" });
    // the async variant the browser uses agrees
    const again = await checkExerciseAsync(spec, sub('wrong-starter.c'));
    expect([again.verdict, again.property, again.schedule]).toEqual([wrong.verdict, wrong.property, wrong.schedule]);
  });
});
