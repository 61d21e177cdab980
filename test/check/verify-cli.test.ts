import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseArgs, run } from '../../build/cli/verify.ts';

let dir = '';
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const models = new URL('../../bench/models/', import.meta.url).pathname;

async function capture(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const code = await run(args);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'verify-'));
});
afterEach(() => vi.restoreAllMocks());

describe('racecourse verify', () => {
  it('exits 0 on pass and prints the verdict and statistics', async () => {
    const r = await capture([join(models, 'mutex.c')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^verdict: pass — assertion, deadlock/);
    expect(r.out).toMatch(/states: \d+ {2}transitions: \d+/);
  });

  it('exits 1 on fail with a swimlane and the offending line', async () => {
    const r = await capture([join(models, 'philosophers.c')]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^verdict: fail — deadlock/);
    expect(r.out).toMatch(/step {2}main · T1 \(pid 1\) +│ \w+ · T2 \(pid 1\)/);
    expect(r.out).toMatch(/\* philosophers\.c:\d+ /);
    expect(r.out).toContain('pthread_mutex_lock(&forks[(i + 1) % N]);');
  });

  it('prints the JSON the graders read', async () => {
    const r = await capture([join(models, 'peterson.c'), '--memory-model', 'tso', '--json']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out);
    expect(json).toMatchObject({ verdict: 'fail', property: 'assertion', diagnostics: [] });
    expect(json.states).toBeGreaterThan(0);
    expect(typeof json.schedule).toBe('string');
    expect(json.trace[0]).toEqual(expect.objectContaining({ thread: 1, process: 1, line: expect.any(Number), op: expect.any(String) }));
    expect(json.options.memoryModel).toBe('tso');
  });

  it('exits 2 when a bound cuts the search', async () => {
    const r = await capture([join(models, 'mutex.c'), '--max-states', '10']);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/^verdict: inconclusive — the search stopped at the state limit/);
  });

  it('states the preemption bound of a bounded pass', async () => {
    const r = await capture([join(models, 'mutex.c'), '--preemptions', '1']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^verdict: pass, within 1 preemption — /);
  });

  it('exits 3 on a compile error, printing file:line:col and the line', async () => {
    const bad = file('bad.c', 'int main(void) {\n  return nope;\n}\n');
    const r = await capture([bad, '--json']);
    expect(r.code).toBe(3);
    const json = JSON.parse(r.out);
    expect(json.verdict).toBe('error');
    expect(json.diagnostics[0]).toMatchObject({ line: 2, column: expect.any(Number) });
    const text = await capture([bad]);
    expect(text.out).toMatch(new RegExp(`${bad}:2:\\d+: error: .*nope`));
    expect(text.out).toContain('  return nope;');
  });

  it('exits 3 on an unreadable file or a bad option', async () => {
    expect((await capture([join(dir, 'missing.c')])).out).toMatch(/missing\.c: error: cannot read the file: no such file/);
    for (const args of [[], ['m.c', '--memory-model', 'arm'], ['m.c', '--max-states', '-4'], ['m.c', '--frobnicate', '1'], ['m.c', '--runs', '5']]) {
      const r = await capture(args);
      expect(r.code, args.join(' ')).toBe(3);
      expect(r.err).toMatch(/^racecourse verify: /);
    }
  });

  it('replays a schedule from a verdict, and rejects one that does not fit', async () => {
    const failed = JSON.parse((await capture([join(models, 'philosophers.c'), '--json'])).out);
    const again = await capture([join(models, 'philosophers.c'), '--replay', failed.schedule, '--json']);
    expect(again.code).toBe(1);
    const json = JSON.parse(again.out);
    expect(json.property).toBe('deadlock');
    expect(json.trace.map((s: { op: string }) => s.op)).toEqual(failed.trace.map((s: { op: string }) => s.op));
    const bad = await capture([join(models, 'mutex.c'), '--replay', 'gggQ']);
    expect(bad.code).toBe(3);
    expect(bad.out).toMatch(/the schedule does not fit this model: step \d+: transition \d+ is not enabled/);
  });

  it('parses sampling options', () => {
    expect(parseArgs(['m.c', '--pct', '7', '--runs', '20'])).toMatchObject({ options: { strategy: { kind: 'pct', seed: 7, runs: 20 } } });
    expect(parseArgs(['m.c', '--random=3'])).toMatchObject({ options: { strategy: { kind: 'random', seed: 3, runs: 1000 } } });
  });

  it('sets the process exit status through bin/racecourse.js', () => {
    const bin = new URL('../../bin/racecourse.js', import.meta.url).pathname;
    let status = 0;
    try {
      execFileSync(process.execPath, [bin, 'verify', join(models, 'philosophers.c'), '--json'], { encoding: 'utf8' });
    } catch (e) {
      status = (e as { status: number }).status;
      expect(JSON.parse((e as { stdout: string }).stdout).verdict).toBe('fail');
    }
    expect(status).toBe(1);
    expect(readFileSync(join(models, 'philosophers.c'), 'utf8')).toContain('#define N 3');
  });
});
