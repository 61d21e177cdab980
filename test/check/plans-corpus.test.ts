// Differential test on real models: every lesson exercise (starter, solutions,
// wrong fixes, with the exercise's own options) and the audit corpus (unbounded
// and with a preemption bound of 1) give the same verdict, property, schedule
// and lasso with the default search plan as with the plain breadth-first search
// of the whole bounded graph it replaced.
import { describe, expect, it } from 'vitest';
import { lessonCases } from '../../build/grade/validate.ts';
import { loadLessons } from '../../build/lesson/index.ts';
import { explore, prepareCheck } from '../../runtime/check/index.ts';
import type { CheckOptions, CheckResult } from '../../runtime/check/types.ts';
import { compile } from '../../runtime/dialect/index.ts';
import { exerciseOptions, exerciseUnits } from '../../runtime/exercise.ts';
import { CASES, source } from '../audit/cases.ts';

type Units = Parameters<typeof compile>[0];

const seen = (r: CheckResult) => ({ verdict: r.verdict, property: r.property, limit: r.limit, schedule: r.schedule, loopStart: r.loopStart });

function same(units: Units, options: CheckOptions): void {
  const compiled = compile(units);
  if (!compiled.ok || !compiled.program) return;
  const prepared = prepareCheck(compiled.program, options);
  if ('error' in prepared) return;
  const reference = explore(prepared.system, prepared.options, 'breadth-first');
  expect(seen(explore(prepared.system, prepared.options))).toEqual(seen(reference));
}

describe('the default search plan against breadth-first, on the lessons', () => {
  for (const lesson of loadLessons(new URL('../../lessons', import.meta.url).pathname).lessons) {
    it(lesson.slug, () => {
      for (const c of lessonCases(lesson)) {
        const spec = lesson.exercises[c.exercise]!;
        same(exerciseUnits(spec, c.text ?? spec.starter), exerciseOptions(spec));
      }
    }, 120_000);
  }
});

describe('the default search plan against breadth-first, on the audit corpus', () => {
  // (cases that run into a time limit are left out: where they stop depends on the machine's load)
  const exhaustive = CASES.filter((c) => (!c.options?.strategy || c.options.strategy.kind === 'exhaustive') && c.options?.timeoutMs === undefined);
  it('unbounded and with one preemption', () => {
    for (const c of exhaustive) {
      const units = [{ name: c.file, text: source(c) }];
      same(units, c.options ?? {});
      same(units, { ...c.options, preemptions: 1 });
    }
  }, 300_000);
});
