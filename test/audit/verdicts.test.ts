// Verdicts of the checker on programs its authors did not write, against the answers
// known from the literature. A case racecourse gets wrong is `it.fails` with its reason.
import { describe, expect, it } from 'vitest';
import { checkSource, machineFor, replay } from '../../runtime/check/index.ts';
import { compile } from '../../runtime/dialect/index.ts';
import type { CheckOptions } from '../../runtime/check/types.ts';
import { readFileSync } from 'node:fs';
import { CASES, MALFORMED, source } from './cases.ts';

const limitOf = (o: CheckOptions | undefined): string =>
  o?.strategy && o.strategy.kind !== 'exhaustive' ? 'sampling' : o?.timeoutMs !== undefined ? 'time' : o?.maxSteps !== undefined ? 'steps' : 'states';

describe('audit: verdicts on unseen programs', () => {
  for (const c of CASES) {
    const test = c.bug ? it.fails : it;
    test(`${c.name}: ${c.verdict}${c.property ? ` (${c.property})` : ''}`, () => {
      const r = checkSource([{ name: c.file, text: source(c) }], c.options ?? {});
      expect(r.verdict).toBe(c.verdict);
      if (c.verdict === 'fail') expect(r.property).toBe(c.property);
      // a non-termination report is a lasso: a stem, then a loop of at least one step
      if (c.verdict === 'fail' && c.property === 'non-termination') {
        expect(r.loopStart).toBeTypeOf('number');
        expect(r.loopStart!).toBeLessThan(r.trace!.length);
      }
      if (c.verdict === 'error') expect(r.diagnostics.some((d) => d.severity === 'error' && d.line > 0)).toBe(true);
      if (c.verdict === 'inconclusive') expect(r.limit).toBe(limitOf(c.options));
    }, 60_000);
  }
});

// Every exhaustive counterexample must replay on a fresh machine to the same finding.
describe('audit: counterexamples replay', () => {
  const replayable = CASES.filter((c) => !c.bug && c.verdict === 'fail' && c.property !== 'non-termination'
    && (c.options?.strategy === undefined || c.options.strategy.kind === 'exhaustive'));
  for (const c of replayable) {
    it(`${c.name}: the schedule replays to ${c.property}`, () => {
      const units = [{ name: c.file, text: source(c) }];
      const r = checkSource(units, c.options ?? {});
      const program = compile(units).program!;
      const again = replay(machineFor(program, c.options ?? {}), r.schedule!);
      expect(again.error).toBeUndefined();
      expect(again.finding?.property).toBe(c.property);
    }, 60_000);
  }
});

describe('audit: malformed programs give error with file:line:col, never a crash', () => {
  for (const m of MALFORMED) {
    it(`${m.file} → error at ${m.at.join(':')}`, () => {
      const text = readFileSync(new URL(`./malformed/${m.file}`, import.meta.url), 'utf8');
      const r = checkSource([{ name: m.file, text }]);
      expect(r.verdict).toBe('error');
      const first = r.diagnostics.find((d) => d.severity === 'error')!;
      expect([first.file, first.line, first.column]).toEqual([m.file, ...m.at]);
      expect(r.diagnostics.map((d) => d.message).join('\n')).toMatch(m.message);
    });
  }
});
