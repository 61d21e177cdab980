import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../build/cli/check.ts';
import { run as runNew } from '../../build/cli/new.ts';
import { capture } from './capture.ts';

const FIXTURES = 'test/fixtures/lessons-check';
const tmp = mkdtempSync(join(tmpdir(), 'racecourse-check-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface JsonCase { lesson: string; label: string; expected: string; got: string; ok: boolean; states: number }

describe('racecourse check', () => {
  it('confirms a sound lesson: starter fails as configured, solution passes, wrong fix caught', async () => {
    const r = await capture(run, [`${FIXTURES}/01-counter.md`, '--json']);
    const cases = JSON.parse(r.out).cases as JsonCase[];
    expect(cases.map((c) => [c.label, c.expected, c.got, c.ok])).toEqual([
      ['starter', 'fail both_counted', 'fail both_counted', true],
      ['solution', 'pass', 'pass', true],
      ['lock only the read', 'fail both_counted', 'fail both_counted', true],
    ]);
    expect(cases.every((c) => c.states > 0)).toBe(true);
    expect(r.status).toBe(0);
  });

  it('prints a table and exits 1 on every kind of surprise', async () => {
    const r = await capture(run, ['surprise', '--dir', FIXTURES]);
    expect(r.status).toBe(1);
    const rows = r.out.split('\n').filter((l) => l.startsWith('surprise '));
    expect(rows.map((l) => l.replace(/\s+\d+\s+\d+\s+([✓✗])$/, ' $1').replace(/\s{2,}/g, ' | '))).toEqual([
      'surprise | increment | starter | fail deadlock | fail both_counted ✗',
      'surprise | increment | solution | pass | fail both_counted ✗',
      'surprise | increment | actually correct | fail both_counted | pass ✗',
      'surprise | increment | loses an update instead | fail deadlock | fail both_counted ✗',
    ]);
    expect(r.out).toMatch(/1 lesson, 4 cases: 4 surprises/);
    expect(r.out).toContain(`✗ surprise / increment / actually correct (${FIXTURES}/02-surprise.md:`);
  });

  it('checks every lesson of a directory when none is named', async () => {
    const r = await capture(run, ['--dir', FIXTURES, '--json']);
    const j = JSON.parse(r.out) as { ok: boolean; lessons: { slug: string }[] };
    expect(j.lessons.map((l) => l.slug)).toEqual(['counter', 'surprise']);
    expect(r.status).toBe(1);
  });

  it('exits 3 with file:line:col diagnostics for a malformed lesson, 2 for an unknown name', async () => {
    const bad = join(tmp, '01-bad.md');
    writeFileSync(bad, '---\ntitle: T\norder: 1\nsummary: S\n---\n```c exercise=ex\nint f(void);\n```\n');
    const r = await capture(run, [bad]);
    expect(r.status).toBe(3);
    expect(r.err).toContain(`${bad}:6:1: error: exercise 'ex' has no check configuration`);
    const u = await capture(run, ['countr', '--dir', FIXTURES]);
    expect(u.status).toBe(2);
    expect(u.err).toContain("no lesson 'countr' (did you mean 'counter'?)");
  });

  it('points compiler errors in a solution at the lesson line', async () => {
    const src = readFileSync(`${FIXTURES}/01-counter.md`, 'utf8').replace('  counter = v + 1;\n  pthread_mutex_unlock(&lock);\n}\n```\n\n```c wrong', '  counter = v + ;\n  pthread_mutex_unlock(&lock);\n}\n```\n\n```c wrong');
    const file = join(tmp, '05-typo.md');
    writeFileSync(file, src);
    const line = src.split('\n').indexOf('  counter = v + ;') + 1;
    expect(line).toBeGreaterThan(60);
    const r = await capture(run, [file]);
    expect(r.status).toBe(1);
    expect(r.out).toContain(`${file}:${line}:17: error: expected an expression but found ';'`);
  });

  it('fails when there are no lessons at all', async () => {
    const empty = mkdtempSync(join(tmp, 'empty-'));
    const r = await capture(run, ['--dir', empty]);
    expect(r.status).toBe(3);
    expect(r.err).toContain('no lessons found');
  });

  it('accepts what `racecourse new` scaffolds', async () => {
    const dir = mkdtempSync(join(tmp, 'new-'));
    expect((await capture(runNew, ['lost-update', '--dir', dir])).status).toBe(0);
    const r = await capture(run, ['lost-update', '--dir', dir, '--json']);
    expect(JSON.parse(r.out).cases.map((c: JsonCase) => c.ok)).toEqual([true, true, true]);
    expect(r.status).toBe(0);
  });
});
