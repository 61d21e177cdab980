// `racecourse export`: per exercise, a self-contained check.mjs (esbuild bundle of
// the checker with the exercise's model and configuration, no solutions), a
// Gradescope autograder archive and GitHub Classroom autograding files.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { ExerciseSpec } from '../../runtime/exercise.ts';
import type { Lesson } from '../lesson/types.ts';
import { downloadHeader } from './submission.ts';
import { zip } from './zip.ts';

const here = dirname(fileURLToPath(import.meta.url));

/** The exercise as shipped to graders and students: no reference solutions, no wrong-fix catalogue. */
export function publicSpec(spec: ExerciseSpec): ExerciseSpec {
  const { solutions: _s, wrong: _w, ...rest } = spec;
  return rest;
}

/** Bundles check.mjs for one exercise; returns its text. */
export async function bundleChecker(spec: ExerciseSpec): Promise<string> {
  const entry = [
    `import { main } from ${JSON.stringify(join(here, 'checker-main.ts'))};`,
    `const SPEC = ${JSON.stringify(publicSpec(spec))};`,
    'process.exitCode = await main(SPEC, process.argv.slice(2));',
  ].join('\n');
  const out = await build({
    stdin: { contents: entry, resolveDir: here, sourcefile: 'check-entry.ts', loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node18',
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
    banner: { js: `// racecourse checker for exercise '${spec.name}' of lesson '${spec.lesson}'. Run: node check.mjs SUBMISSION [--json | --gradescope]` },
  });
  return out.outputFiles[0]!.text;
}

const SETUP_SH = `#!/usr/bin/env bash
# Gradescope runs this once when it builds the autograder image: it makes sure
# Node.js 18 or later is present (check.mjs needs nothing else).
set -euo pipefail
if command -v node >/dev/null 2>&1 && [ "$(node -p 'process.versions.node.split(".")[0]')" -ge 18 ]; then
  exit 0
fi
apt-get update
apt-get install -y ca-certificates curl gnupg
curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
apt-get install -y nodejs
`;

function runAutograder(spec: ExerciseSpec, timeoutS: number): string {
  return `#!/usr/bin/env bash
# Gradescope runs this for every submission. It grades the student's
# ${spec.name}.c (or the only .c/.txt/.json file they uploaded) with check.mjs and
# writes /autograder/results/results.json. If the checker itself dies (time or
# memory), the student still gets a result: 0 points and the reason.
set -u
mkdir -p /autograder/results
out=/autograder/results/results.json
sub=/autograder/submission/${spec.name}.c
if [ ! -f "$sub" ]; then
  found=$(find /autograder/submission -type f \\( -name '*.c' -o -name '*.txt' -o -name '*.json' \\) ! -name '.*' | sort | head -n 1)
  [ -n "$found" ] && sub=$found
fi
timeout ${timeoutS} node --max-old-space-size=1024 /autograder/source/check.mjs "$sub" --gradescope > "$out.tmp"
status=$?
if [ $status -le 1 ] && [ -s "$out.tmp" ]; then
  mv "$out.tmp" "$out"
else
  cat > "$out" <<'JSON'
{"score": 0, "output": "inconclusive: the checker was stopped (time or memory limit); simplify the fix", "tests": []}
JSON
fi
`;
}

function classroomFiles(spec: ExerciseSpec, timeoutS: number): { path: string; text: string }[] {
  const run = `node .github/classroom/${spec.name}.check.mjs ${spec.name}.c`;
  const autograding = {
    tests: [{
      name: `${spec.lesson}: ${spec.name}`,
      setup: '',
      run,
      input: '',
      output: '',
      comparison: 'included',
      timeout: Math.ceil(timeoutS / 60),
      points: spec.config.points,
    }],
  };
  const workflow = `name: Autograding Tests
on: [push, repository_dispatch]
permissions:
  checks: write
  actions: read
  contents: read
jobs:
  run-autograding-tests:
    runs-on: ubuntu-latest
    if: github.actor != 'github-classroom[bot]'
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - id: ${spec.name}
        uses: classroom-resources/autograding-command-grader@v1
        with:
          test-name: ${JSON.stringify(`${spec.lesson}: ${spec.name}`)}
          command: ${JSON.stringify(run)}
          timeout: ${Math.ceil(timeoutS / 60)}
          max-score: ${spec.config.points}
      - uses: classroom-resources/autograding-grading-reporter@v1
        env:
          ${spec.name.toUpperCase().replace(/-/g, '_')}_RESULTS: "\${{ steps.${spec.name}.outputs.result }}"
        with:
          runners: ${spec.name}
`;
  return [
    { path: '.github/classroom/autograding.json', text: JSON.stringify(autograding, null, 2) + '\n' },
    { path: '.github/workflows/classroom.yml', text: workflow },
    { path: `${spec.name}.c`, text: `${downloadHeader(spec.lesson, spec.name)}\n${spec.starter}\n` },
  ];
}

export interface ExportedExercise {
  lesson: string;
  exercise: string;
  checker: string;
  gradescope: string;
  classroom: string;
}

/**
 * Writes, for every exercise:
 *   OUT/LESSON/EXERCISE/check.mjs
 *   OUT/LESSON/EXERCISE/gradescope.zip       (setup.sh, run_autograder, check.mjs)
 *   OUT/LESSON/EXERCISE/classroom/…           (a starter repository's files)
 */
export async function exportLessons(lessons: Lesson[], out: string, onExercise?: (e: ExportedExercise) => void): Promise<ExportedExercise[]> {
  const done: ExportedExercise[] = [];
  for (const lesson of lessons) {
    for (const spec of Object.values(lesson.exercises)) {
      const dir = join(out, lesson.slug, spec.name);
      mkdirSync(dir, { recursive: true });
      const checker = await bundleChecker(spec);
      const timeoutS = Math.ceil((spec.config.timeout ?? 20_000) / 1000) + 10;
      writeFileSync(join(dir, 'check.mjs'), checker);
      writeFileSync(join(dir, 'gradescope.zip'), zip([
        { name: 'setup.sh', data: SETUP_SH, mode: 0o755 },
        { name: 'run_autograder', data: runAutograder(spec, timeoutS), mode: 0o755 },
        { name: 'check.mjs', data: checker },
      ]));
      const classroom = join(dir, 'classroom');
      for (const f of [...classroomFiles(spec, timeoutS), { path: `.github/classroom/${spec.name}.check.mjs`, text: checker }]) {
        mkdirSync(dirname(join(classroom, f.path)), { recursive: true });
        writeFileSync(join(classroom, f.path), f.text);
      }
      const e = { lesson: lesson.slug, exercise: spec.name, checker: join(dir, 'check.mjs'), gradescope: join(dir, 'gradescope.zip'), classroom };
      done.push(e);
      onExercise?.(e);
    }
  }
  return done;
}
