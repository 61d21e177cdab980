// `racecourse grade` on the corpus of right, wrong and hostile submissions, in
// every output format, through the real worker pool.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../build/cli/grade.ts';
import type { GradeRecord } from '../../build/grade/record.ts';
import { capture } from '../lesson/capture.ts';

const CORPUS = 'test/fixtures/submissions';
const expected = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8')) as Record<string, { verdict: string; property?: string; says?: string }>;
delete expected._about;

const tmp = mkdtempSync(join(tmpdir(), 'racecourse-grade-'));
const subs = join(tmp, 'subs');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let records: GradeRecord[] = [];
let status = -1;
let text = '';

beforeAll(async () => {
  // The corpus, plus the two files too big to keep in the repository.
  const { mkdirSync } = await import('node:fs');
  mkdirSync(subs);
  for (const f of readdirSync(CORPUS)) if (f !== 'expected.json') copyFileSync(join(CORPUS, f), join(subs, f));
  writeFileSync(join(subs, 'hostile-huge.c'), `void increment(void) {\n${'  counter = counter;\n'.repeat(262_144)}}\n`.slice(0, 5 * 1024 * 1024));
  writeFileSync(join(subs, 'hostile-deep-nesting.c'), `void increment(void) {\n  counter = ${'('.repeat(5000)}1${')'.repeat(5000)};\n}\n`);
  const args = ['counter', '--exercise', 'increment', subs, '--dir', 'test/fixtures/lessons-check', '--jobs', '2', '--timeout', '10',
    '--junit', join(tmp, 'junit.xml'), '--gradescope', join(tmp, 'gradescope.json')];
  const j = await capture(run, [...args, '--json']);
  status = j.status;
  records = (JSON.parse(j.out) as { results: GradeRecord[] }).results;
  text = (await capture(run, [...args.slice(0, 3), join(subs, 'wrong-starter.c'), join(subs, 'hostile-fake-grader-output.c'), '--dir', 'test/fixtures/lessons-check'])).out;
}, 240_000);

describe('racecourse grade on the submission corpus', () => {
  it('gives every submission its expected verdict, and no hostile one a pass', () => {
    const got = Object.fromEntries(records.map((r) => [basename(r.submission), r]));
    expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort());
    for (const [file, e] of Object.entries(expected)) {
      const r = got[file]!;
      const summary = `${file}: ${r.verdict}${r.property ? ' ' + r.property : ''} — ${r.summary}`;
      expect(summary).toMatch(new RegExp(`^${file.replace(/\./g, '\\.')}: ${e.verdict}${e.property ? ' ' + e.property : ''} — `));
      if (e.says) expect(r.summary + '\n' + r.feedback).toContain(e.says);
      if (file.startsWith('hostile-')) expect(r.passed).toBe(false);
      expect(r.score).toBe(r.verdict === 'pass' ? 1 : 0);
    }
    expect(status).toBe(1);
  });

  it('shows a failing submission its counterexample as a swimlane with source lines', () => {
    const r = records.find((x) => basename(x.submission) === 'wrong-starter.c')!;
    expect(r.feedback).toMatch(/Counterexample \(\d+ steps?\):/);
    expect(r.feedback).toMatch(/T\d+ \(pid \d+\)/);
    expect(r.feedback).toContain('counter = v + 1;');
    expect(r.schedule).toBeTruthy();
  });

  it('text output: one header per submission, student text kept behind the margin', () => {
    const headers = text.split('\n').filter((l) => l.startsWith('=='));
    expect(headers).toEqual([
      expect.stringMatching(/^== .*wrong-starter\.c: FAIL \(both_counted\)  0\/1$/),
      expect.stringMatching(/^== .*hostile-fake-grader-output\.c: FAIL \(both_counted\)  0\/1$/),
    ]);
  });

  it('JUnit XML: a testcase per submission, failures and errors as such', () => {
    const xml = readFileSync(join(tmp, 'junit.xml'), 'utf8');
    const cases = [...xml.matchAll(/<testcase name="([^"]+)"[^>]*?(\/>|>\s*<(failure|error) [^>]*type="(\w+)")/g)]
      .map((m) => [basename(m[1]!), m[3] ?? 'ok', m[4] ?? 'pass']);
    expect(cases).toHaveLength(Object.keys(expected).length);
    for (const [file, kind, verdict] of cases) {
      const e = expected[file!]!;
      expect([file, kind, verdict]).toEqual([file, e.verdict === 'pass' ? 'ok' : e.verdict === 'fail' ? 'failure' : 'error', e.verdict]);
    }
    expect(xml).not.toContain('<testcase name="x"/>'); // the fake in a comment stays escaped
  });

  it('Gradescope results: one result per submission with the right score', () => {
    const g = JSON.parse(readFileSync(join(tmp, 'gradescope.json'), 'utf8')) as Record<string, { score: number; tests: { status: string; max_score: number }[] }>;
    for (const [path, res] of Object.entries(g)) {
      const e = expected[basename(path)]!;
      expect([basename(path), res.score, res.tests[0]!.status]).toEqual([basename(path), e.verdict === 'pass' ? 1 : 0, e.verdict === 'pass' ? 'passed' : 'failed']);
    }
    expect(Object.keys(g)).toHaveLength(Object.keys(expected).length);
  });

  it('grades the same submission the same way every time', async () => {
    const again = await capture(run, ['counter', join(subs, 'wrong-starter.c'), join(subs, 'hostile-compile-error.c'), '--dir', 'test/fixtures/lessons-check', '--json', '--jobs', '1']);
    const second = (JSON.parse(again.out) as { results: GradeRecord[] }).results;
    for (const r of second) {
      const first = records.find((x) => basename(x.submission) === basename(r.submission))!;
      expect(r.feedback).toBe(first.feedback);
    }
  }, 60_000);

  it('refuses bad usage with status 2', async () => {
    expect((await capture(run, ['counter', '--dir', 'test/fixtures/lessons-check'])).status).toBe(2);
    const r = await capture(run, ['counter', '--exercise', 'incremnt', join(subs, 'right-lock.c'), '--dir', 'test/fixtures/lessons-check']);
    expect(r.status).toBe(2);
    expect(r.err).toContain("no exercise 'incremnt' (did you mean 'increment'?)");
  });
});
