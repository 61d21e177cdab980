// `racecourse export`: the bundled checker runs with plain node in a directory
// with no node_modules, agrees with `racecourse grade`, and carries no solution.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../build/cli/export.ts';
import { gradeSubmission } from '../../build/grade/grade-one.ts';
import { loadLesson } from '../../build/lesson/index.ts';
import { capture } from '../lesson/capture.ts';

const LESSON = 'test/fixtures/lessons-check/01-counter.md';
const CORPUS = resolve('test/fixtures/submissions');
const tmp = mkdtempSync(join(tmpdir(), 'racecourse-export-'));
const out = join(tmp, 'out');
const bare = join(tmp, 'bare'); // no node_modules anywhere above it
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let status = -1;
beforeAll(async () => {
  status = (await capture(run, ['--out', out, LESSON])).status;
  mkdirSync(bare);
  copyFileSync(join(out, 'counter/increment/check.mjs'), join(bare, 'check.mjs'));
}, 120_000);

function check(file: string, ...flags: string[]) {
  const r = spawnSync(process.execPath, ['check.mjs', join(CORPUS, file), ...flags], { cwd: bare, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('racecourse export', () => {
  it('writes a checker, a Gradescope zip and Classroom files per exercise', () => {
    expect(status).toBe(0);
    const dir = join(out, 'counter/increment');
    for (const f of ['check.mjs', 'gradescope.zip', 'classroom/increment.c', 'classroom/.github/classroom/autograding.json',
      'classroom/.github/classroom/increment.check.mjs', 'classroom/.github/workflows/classroom.yml']) {
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
    const listing = execFileSync('unzip', ['-Z1', join(dir, 'gradescope.zip')]).toString().trim().split('\n');
    expect(listing).toEqual(['setup.sh', 'run_autograder', 'check.mjs']);
    execFileSync('unzip', ['-q', join(dir, 'gradescope.zip'), '-d', join(tmp, 'gs')]);
    expect(statSync(join(tmp, 'gs/run_autograder')).mode & 0o111).not.toBe(0);
    for (const script of ['setup.sh', 'run_autograder']) execFileSync('bash', ['-n', join(tmp, 'gs', script)]);
    const auto = JSON.parse(readFileSync(join(dir, 'classroom/.github/classroom/autograding.json'), 'utf8'));
    expect(auto.tests[0].run).toBe('node .github/classroom/increment.check.mjs increment.c');
  });

  it('contains no reference solution or wrong fix', () => {
    const text = readFileSync(join(bare, 'check.mjs'), 'utf8');
    const spec = loadLesson(LESSON).lesson!.exercises.increment!;
    // esbuild may re-quote strings, so compare line by line: every line only a
    // solution or wrong fix has must be absent; the starter's lines are present.
    const shipped = new Set([...spec.starter.split('\n'), ...spec.modelUnits[0]!.text.split('\n')].map((l) => l.trim()));
    const secret = [...spec.solutions!, ...spec.wrong!].flatMap((s) => s.text.split('\n')).map((l) => l.trim()).filter((l) => l && !shipped.has(l));
    expect(secret.length).toBeGreaterThan(0);
    for (const line of secret) expect(text).not.toContain(line);
    expect(text).not.toContain('lock only the read');
    for (const line of spec.starter.split('\n')) expect(text).toContain(line.trim());
  });

  it('runs on plain node without node_modules and agrees with the grader', () => {
    expect(existsSync(join(bare, 'node_modules'))).toBe(false);
    const spec = loadLesson(LESSON).lesson!.exercises.increment!;
    for (const [file, code] of [['right-lock.c', 0], ['wrong-starter.c', 1], ['hostile-redefine-main.c', 1], ['hostile-compile-error.c', 1]] as const) {
      const r = check(file, '--json');
      expect([file, r.status, r.stderr]).toEqual([file, code, '']);
      const exported = JSON.parse(r.stdout).results[0];
      const local = gradeSubmission(spec, join(CORPUS, file), readFileSync(join(CORPUS, file), 'utf8'));
      expect({ verdict: exported.verdict, feedback: exported.feedback }).toEqual({ verdict: local.verdict, feedback: local.feedback });
    }
  }, 120_000);

  it('writes Gradescope results and readable text', () => {
    const g = JSON.parse(check('wrong-starter.c', '--gradescope').stdout);
    expect(g).toMatchObject({ score: 0, tests: [{ name: 'counter: increment', max_score: 1, status: 'failed' }] });
    expect(g.tests[0].output).toContain('Counterexample');
    const t = check('right-lock.c');
    expect(t.stdout).toMatch(/: PASS {2}1\/1/);
    expect(check('nope.c').stdout).toContain('cannot read the submission: no such file');
    expect(spawnSync(process.execPath, ['check.mjs'], { cwd: bare, encoding: 'utf8' }).status).toBe(2);
  }, 60_000);
  it("Gradescope's run_autograder writes results.json (paths moved under a temporary root)", () => {
    const root = join(tmp, 'autograder');
    mkdirSync(join(root, 'source'), { recursive: true });
    execFileSync('unzip', ['-q', '-o', join(out, 'counter/increment/gradescope.zip'), '-d', join(root, 'source')]);
    const script = readFileSync(join(root, 'source/run_autograder'), 'utf8').replaceAll('/autograder', root);
    const grade = (files: Record<string, string>) => {
      rmSync(join(root, 'submission'), { recursive: true, force: true });
      rmSync(join(root, 'results'), { recursive: true, force: true });
      mkdirSync(join(root, 'submission'), { recursive: true });
      for (const [name, text] of Object.entries(files)) writeFileSync(join(root, 'submission', name), text);
      execFileSync('bash', ['-c', script], { timeout: 60_000 });
      return JSON.parse(readFileSync(join(root, 'results/results.json'), 'utf8'));
    };
    expect(grade({ 'increment.c': readFileSync(join(CORPUS, 'right-lock.c'), 'utf8') })).toMatchObject({ score: 1, tests: [{ status: 'passed' }] });
    // another file name is found too
    expect(grade({ 'my-fix.c': readFileSync(join(CORPUS, 'wrong-starter.c'), 'utf8') })).toMatchObject({ score: 0, tests: [{ status: 'failed' }] });
    // nothing uploaded: still a result, with the reason
    expect(grade({}).tests[0].output).toContain('cannot read the submission: no such file');
  }, 120_000);
});
