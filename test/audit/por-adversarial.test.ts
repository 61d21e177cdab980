// Adversarial audit of partial-order reduction (runtime/sim/footprint.ts,
// runtime/check/por.ts): C programs in test/audit/por/ that fail only through
// interleavings a wrong independence argument would leave out (aliasing,
// pointer arithmetic, escaping frames, created threads, locks, invariants...),
// and passing ones next to them. Each file states its verdict in a header:
//   // expect: pass            or   // expect: fail <property>
//   // options: {json}         (optional CheckOptions)
// The reduced check must give that verdict, the same as the full one, with the
// same counterexample, and give it again when run a second time (determinism).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSource } from '../../runtime/check/index.ts';
import type { CheckOptions } from '../../runtime/check/types.ts';

const dir = join(import.meta.dirname, 'por');

interface Case { file: string; text: string; verdict: 'pass' | 'fail'; property?: string; options: CheckOptions }

function load(file: string): Case {
  const text = readFileSync(join(dir, file), 'utf8');
  const expectLine = /^\/\/ expect: (pass|fail)(?: (\S+))?$/m.exec(text);
  if (expectLine === null) throw new Error(`${file}: no "// expect:" header`);
  const optionsLine = /^\/\/ options: (.*)$/m.exec(text);
  const options = optionsLine === null ? {} : (JSON.parse(optionsLine[1]!) as CheckOptions);
  return { file, text, verdict: expectLine[1] as 'pass' | 'fail', property: expectLine[2], options };
}

const cases = readdirSync(dir).filter((f) => f.endsWith('.c')).sort().map(load);

describe('partial-order reduction never passes what the full search fails', () => {
  it('has its programs', () => {
    expect(cases.length).toBeGreaterThanOrEqual(90);
  });

  for (const c of cases) {
    it(c.file, () => {
      const units = [{ name: c.file, text: c.text }];
      const full = checkSource(units, { ...c.options, reduction: false });
      const reduced = checkSource(units, { ...c.options, reduction: true });
      const again = checkSource(units, { ...c.options, reduction: true });
      expect(full.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(full.verdict).toBe(c.verdict);
      if (c.verdict === 'fail') expect(full.property).toBe(c.property);
      expect(reduced.verdict).toBe(full.verdict);
      expect(reduced.property).toBe(full.property);
      expect(reduced.schedule).toBe(full.schedule);
      expect(reduced.finding?.message).toBe(full.finding?.message);
      expect(again.verdict).toBe(reduced.verdict);
      expect(again.schedule).toBe(reduced.schedule);
      expect(again.stats.states).toBe(reduced.stats.states);
    });
  }
});

/**
 * The shape of test/audit/por/branch_shares_registers.c, systematically: a loop whose
 * index reaches an array store only under a branch on a loaded value (which cannot
 * narrow), with or without an else side, for several index expressions and bounds.
 * main reads one element: the verdict with reduction must be the full search's.
 */
function loopFamily(): { name: string; text: string; fails: boolean }[] {
  const out: { name: string; text: string; fails: boolean }[] = [];
  const indexes: [string, (i: number) => number][] = [
    ['i', (i) => i], ['i + 1', (i) => i + 1], ['3 - i', (i) => 3 - i], ['i * 2', (i) => i * 2], ['(i + 2) % 4', (i) => (i + 2) % 4],
  ];
  for (const cond of ['g', 't'])
    for (const otherwise of ['', ' else { t = 0; }'])
      for (const [index, value] of indexes)
        for (const bound of [1, 3, 5]) {
          const text = `int a[8]; int g; int t;
void *w(void *arg) { int i = 0; while (i < ${bound}) { if (${cond}) { a[${index}] = 1; }${otherwise} i = i + 1; } return 0; }
int main(void) { pthread_t h; pthread_create(&h, 0, w, 0); g = 1; t = 1; int r = a[3]; assert(r == 0); pthread_join(h, 0); return 0; }`;
          // main may set g and t before w starts: a[3] is written iff the index takes the value 3
          const fails = Array.from({ length: bound }, (_, i) => value(i)).includes(3);
          out.push({ name: `${cond}|${otherwise.trim() || 'no else'}|a[${index}]|i < ${bound}`, text, fails });
        }
  return out;
}

describe('partial-order reduction on loops with unnarrowed branches', () => {
  for (const { name, text, fails } of loopFamily()) {
    it(name, () => {
      const units = [{ name: 'loop.c', text }];
      const full = checkSource(units, { reduction: false });
      const reduced = checkSource(units, { reduction: true });
      expect(full.verdict).toBe(fails ? 'fail' : 'pass');
      expect(reduced.verdict).toBe(full.verdict);
      expect(reduced.schedule).toBe(full.schedule);
    });
  }
});
