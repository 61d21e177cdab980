// `racecourse check` over the real lessons/: every starter fails as its config
// says, every solution passes, every wrong fix is caught. With no lessons this
// fails (exit 3, "no lessons found"): nothing is skipped silently.
import { describe, expect, it } from 'vitest';
import { run } from '../../build/cli/check.ts';
import { capture } from './capture.ts';

describe('racecourse check lessons/', () => {
  it('finds every exercise of every lesson sound', async () => {
    // 10 s per case at most: the target is 100 ms per exercise, so a case that
    // needs longer is a finding in itself, and the suite stays bounded.
    const r = await capture(run, ['--json', '--timeout', '10']);
    const j = JSON.parse(r.out) as {
      cases: { lesson: string; exercise: string; label: string; expected: string; got: string; ok: boolean }[];
      diagnostics: { severity: string; file: string; line: number; column: number; message: string }[];
    };
    const errors = j.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`);
    expect(errors).toEqual([]);
    const surprises = j.cases.filter((c) => !c.ok).map((c) => `${c.lesson}/${c.exercise}/${c.label}: expected ${c.expected}, got ${c.got}`);
    expect(surprises).toEqual([]);
    expect(j.cases.length).toBeGreaterThan(0);
    expect(r.status).toBe(0);
  }, 900_000);
});
