// Verdicts of the checker on programs its authors did not write, against the answers
// known from the literature. A case racecourse gets wrong is `it.fails` with its reason.
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../runtime/check/index.ts';
import type { CheckOptions } from '../../runtime/check/types.ts';
import { CASES, source } from './cases.ts';

const limitOf = (o: CheckOptions | undefined): string =>
  o?.strategy && o.strategy.kind !== 'exhaustive' ? 'sampling' : o?.timeoutMs !== undefined ? 'time' : o?.maxSteps !== undefined ? 'steps' : 'states';

describe('audit: verdicts on unseen programs', () => {
  for (const c of CASES) {
    const test = c.bug ? it.fails : it;
    test(`${c.name}: ${c.verdict}${c.property ? ` (${c.property})` : ''}`, () => {
      const r = checkSource([{ name: c.file, text: source(c) }], c.options ?? {});
      expect(r.verdict).toBe(c.verdict);
      if (c.verdict === 'fail') expect(r.property).toBe(c.property);
      if (c.verdict === 'error') expect(r.diagnostics.some((d) => d.severity === 'error' && d.line > 0)).toBe(true);
      if (c.verdict === 'inconclusive') expect(r.limit).toBe(limitOf(c.options));
    }, 60_000);
  }
});
