// `racecourse verify` on the audit's programs: exit codes and where compile errors point.
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../build/cli/verify.ts';

const path = (rel: string): string => fileURLToPath(new URL(rel, import.meta.url));

async function capture(args: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const code = await run(args);
  return { code, out: out.join('\n') };
}
afterEach(() => vi.restoreAllMocks());

describe('audit: racecourse verify exit codes', () => {
  it('exits 3 with file:line:col for a missing semicolon', async () => {
    const file = path('./cases/syntax_err.c');
    const r = await capture([file]);
    expect(r.code).toBe(3);
    expect(r.out).toContain(`${file}:2:12`);
  });

  it('names the second unit in a compile error of a two-file program', async () => {
    const r = await capture([path('./units/a.c'), path('./units/bad.c'), '--json']);
    expect(r.code).toBe(3);
    const json = JSON.parse(r.out) as { verdict: string; diagnostics: { severity: string; file: string; line: number; column: number }[] };
    expect(json.verdict).toBe('error');
    const first = json.diagnostics.find((d) => d.severity === 'error')!;
    expect([first.file.endsWith('bad.c'), first.line, first.column]).toEqual([true, 2, 57]);
  });

  it('passes the same two-file program when it compiles (exit 0)', async () => {
    const r = await capture([path('./units/a.c'), path('./units/b.c')]);
    expect(r.code).toBe(0);
  });

  it('exits 2 (inconclusive, never pass) on a state explosion with --max-states 50', async () => {
    const r = await capture([path('./cases/explode.c'), '--max-states', '50', '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out)).toMatchObject({ verdict: 'inconclusive', limit: 'states' });
  });

  it('exits 1 with deadlock for ABBA under --memory-model pso', async () => {
    const r = await capture([path('./cases/abba.c'), '--memory-model', 'pso', '--json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out)).toMatchObject({ verdict: 'fail', property: 'deadlock' });
  });

  it('exits 3 for an unreadable file and a bad option', async () => {
    expect((await capture([path('./cases/no-such-file.c')])).code).toBe(3);
    expect((await capture([path('./cases/abba.c'), '--memory-model', 'arm'])).code).toBe(3);
  });
});
