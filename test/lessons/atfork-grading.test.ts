// Grading the atfork lesson the way a course would: the exported, self-contained
// checker of each exercise (run by plain `node` in a directory without
// node_modules) gives every reference solution full marks and fails every
// catalogued wrong fix, with the broken property and the counterexample in the
// feedback.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleChecker } from '../../build/grade/export.ts';
import { lesson } from './models/atfork/story.ts';

interface Graded { verdict: string; passed: boolean; score: number; maxScore: number; summary: string; feedback: string }

const l = lesson('lessons/04-atfork-deadlock.md');
const dir = mkdtempSync(join(tmpdir(), 'racecourse-atfork-grading-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function grade(checker: string, name: string, text: string): Graded {
  const file = join(dir, name);
  writeFileSync(file, text);
  let out: string;
  try {
    out = execFileSync(process.execPath, [checker, file, '--json'], { cwd: dir, encoding: 'utf8' });
  } catch (e) {
    // a failing submission exits non-zero; its report is still on stdout
    out = (e as { stdout: string }).stdout;
  }
  return (JSON.parse(out) as { results: Graded[] }).results[0]!;
}

describe.each(Object.values(l.exercises).map((ex) => [ex.name, ex] as const))('exported checker of %s', (name, ex) => {
  let checker = '';
  it('bundles', async () => {
    checker = join(dir, `${name}.check.mjs`);
    writeFileSync(checker, await bundleChecker(ex));
  }, 60_000);

  it('gives each reference solution full marks', () => {
    for (const [i, s] of (ex.solutions ?? []).entries()) {
      const g = grade(checker, `${name}-solution-${i}.c`, s.text);
      expect(g).toMatchObject({ verdict: 'pass', passed: true, score: g.maxScore });
      expect(g.maxScore).toBeGreaterThan(0);
    }
  }, 60_000);

  it('fails each catalogued wrong fix, naming the property and showing the counterexample', () => {
    for (const [i, w] of (ex.wrong ?? []).entries()) {
      const g = grade(checker, `${name}-wrong-${i}.c`, w.text);
      expect(g).toMatchObject({ verdict: 'fail', passed: false, score: 0 });
      expect(g.summary).toContain(`fail: ${w.breaks}`);
      expect(g.feedback).toContain('Counterexample');
    }
  }, 60_000);
});
