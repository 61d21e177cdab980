// Partial-order reduction against the full search, on every model the project
// has: the audit's programs, the litmus tests turned into assertions about their
// final values, the benchmark models and every lesson case. The verdict, the
// property and the counterexample must be the same with and without reduction,
// and a pass must not need more states with it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadLessons } from '../../build/lesson/index.ts';
import { lessonCases } from '../../build/grade/validate.ts';
import { checkSource } from '../../runtime/check/index.ts';
import type { CheckOptions, CheckResult } from '../../runtime/check/types.ts';
import { checkExercise } from '../../runtime/exercise.ts';
import { CASES, source } from '../audit/cases.ts';

function same(reduced: CheckResult, full: CheckResult): void {
  expect(reduced.verdict).toBe(full.verdict);
  expect(reduced.property).toBe(full.property);
  expect(reduced.limit).toBe(full.limit);
  expect(reduced.schedule).toBe(full.schedule);
  expect(reduced.loopStart).toBe(full.loopStart);
  expect(reduced.finding?.message).toBe(full.finding?.message);
  // the reduced graph is part of the full one; when the reduced search answered, its states are all the work
  if (reduced.stats.reducedStates !== undefined) expect(reduced.stats.reducedStates).toBeLessThanOrEqual(full.stats.states);
  if (reduced.stats.reducedStates === reduced.stats.states) expect(reduced.verdict).toBe('pass');
}

function compare(text: string, options: CheckOptions = {}, name = 'm.c'): { reduced: CheckResult; full: CheckResult } {
  const units = [{ name, text }];
  const reduced = checkSource(units, { ...options, reduction: true });
  const full = checkSource(units, { ...options, reduction: false });
  same(reduced, full);
  return { reduced, full };
}

describe('reduced verdicts equal full verdicts: audit programs', () => {
  // time limits and sampling are not deterministic in what they cover
  const cases = CASES.filter((c) => c.options?.timeoutMs === undefined && c.options?.strategy === undefined);
  for (const c of cases) {
    it(c.name, () => void compare(source(c), c.options ?? {}, c.file), 60_000);
  }
});

// The classic litmus tests (as in test/sim/litmus.test.ts), each with an assertion
// that one combination of final values is not reached: every combination must be
// reachable with reduction exactly when it is without.
function litmus(threads: string[], check: string): string {
  const fns = threads.map((body, i) => `void *t${i + 1}(void *arg) { ${body} return 0; }`).join('\n');
  const create = threads.map((_, i) => `pthread_create(&h${i + 1}, 0, t${i + 1}, 0);`).join(' ');
  const join = threads.map((_, i) => `pthread_join(h${i + 1}, 0);`).join(' ');
  const handles = threads.map((_, i) => `h${i + 1}`).join(', ');
  return `int x; int y; int r1; int r2; int r3; int r4;
${fns}
int main(void) { pthread_t ${handles}; ${create} ${join} assert(!(${check})); return 0; }`;
}

const LITMUS: [string, string[], string[]][] = [
  ['SB', ['x = 1; r1 = y;', 'y = 1; r2 = x;'], ['r1', 'r2']],
  ['SB+mb', ['x = 1; smp_mb(); r1 = y;', 'y = 1; smp_mb(); r2 = x;'], ['r1', 'r2']],
  ['MP', ['x = 1; y = 1;', 'r1 = y; r2 = x;'], ['r1', 'r2']],
  ['MP+wmb', ['x = 1; smp_wmb(); y = 1;', 'r1 = y; r2 = x;'], ['r1', 'r2']],
  ['LB', ['r1 = x; y = 1;', 'r2 = y; x = 1;'], ['r1', 'r2']],
  ['2+2W', ['x = 1; y = 2;', 'y = 1; x = 2;'], ['x', 'y']],
  ['IRIW', ['x = 1;', 'y = 1;', 'r1 = x; r2 = y;', 'r3 = y; r4 = x;'], ['r1', 'r2', 'r3', 'r4']],
];

describe('reduced verdicts equal full verdicts: litmus outcomes', () => {
  for (const [name, threads, watch] of LITMUS) {
    for (const model of ['sc', 'tso'] as const) {
      it(`${name} under ${model}: every combination of final values`, () => {
        let reachable = 0;
        for (let bits = 0; bits < 3 ** watch.length; bits++) {
          const values = watch.map((_, i) => Math.floor(bits / 3 ** i) % 3);
          const check = watch.map((v, i) => `${v} == ${values[i]}`).join(' && ');
          if (compare(litmus(threads, check), { memoryModel: model }).full.verdict === 'fail') reachable++;
        }
        expect(reachable).toBeGreaterThan(0);
      }, 60_000);
    }
  }
});

describe('reduced verdicts equal full verdicts: benchmark models', () => {
  const models = new URL('../../bench/models/', import.meta.url);
  const read = (file: string, n?: number) => {
    const text = readFileSync(new URL(file, models), 'utf8');
    return n === undefined ? text : text.replace(/^#define N \d+$/m, `#define N ${n}`);
  };
  for (const [file, n, options] of [
    ['mutex.c', 2, {}], ['mutex.c', 3, {}], ['mutex.c', 4, {}], ['peterson.c', undefined, {}],
    ['peterson.c', undefined, { memoryModel: 'tso' }], ['philosophers.c', 3, {}], ['philosophers.c', 4, {}],
  ] as [string, number | undefined, CheckOptions][]) {
    it(`${file}${n === undefined ? '' : ` N=${n}`} ${options.memoryModel ?? 'sc'}`, () => void compare(read(file, n), options, file), 60_000);
  }
});

describe('reduced verdicts equal full verdicts: lesson cases', () => {
  const { lessons } = loadLessons(new URL('../../lessons', import.meta.url).pathname);
  for (const lesson of lessons) {
    it(lesson.slug, () => {
      const cases = lessonCases(lesson).filter((c) => c.text !== undefined);
      expect(cases.length).toBeGreaterThan(0);
      for (const c of cases) {
        const spec = lesson.exercises[c.exercise]!;
        same(checkExercise(spec, c.text!, { reduction: true }), checkExercise(spec, c.text!, { reduction: false }));
      }
    }, 300_000);
  }
});
