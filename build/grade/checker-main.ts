// The body of an exported check.mjs: `node check.mjs submission.c [--json |
// --gradescope]`. esbuild bundles this with one exercise's spec (model and
// configuration, never its solutions) and the whole checker, so it runs on plain
// node with nothing installed, and grades through the same gradeSubmission as
// `racecourse grade`.

import { readFileSync, statSync } from 'node:fs';
import { LIMITS, sizeDiagnostic, type ExerciseSpec } from '../../runtime/exercise.ts';
import { gradescopeResults, jsonReport, textReport } from './formats.ts';
import { gradeSubmission, limitRecord } from './grade-one.ts';
import type { GradeRecord } from './record.ts';

export async function main(spec: ExerciseSpec, argv: string[]): Promise<number> {
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const files = argv.filter((a) => !a.startsWith('--'));
  const unknown = [...flags].filter((f) => f !== '--json' && f !== '--gradescope' && f !== '--help');
  if (flags.has('--help') || files.length !== 1 || unknown.length > 0) {
    const msg = `usage: node check.mjs SUBMISSION [--json | --gradescope]\n\nChecks a solution of exercise '${spec.name}' (lesson '${spec.lesson}')` +
      `. Exit status: 0 it passes, 1 it does not, 2 bad usage.`;
    (flags.has('--help') ? console.log : console.error)(unknown.length ? `unknown option ${unknown[0]}\n${msg}` : msg);
    return flags.has('--help') ? 0 : 2;
  }
  const file = files[0]!;
  let record: GradeRecord;
  try {
    const size = statSync(file).size;
    record = size > 4 * LIMITS.maxSourceBytes
      ? limitRecord(spec, file, 'error', `error: ${sizeDiagnostic(size, file).message}`, 0)
      : gradeSubmission(spec, file, readFileSync(file, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    record = limitRecord(spec, file, 'error', `error: cannot read the submission: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`, 0);
  }
  if (flags.has('--gradescope')) console.log(JSON.stringify(gradescopeResults([record]), null, 2));
  else if (flags.has('--json')) console.log(jsonReport([record]));
  else console.log(textReport([record]));
  return record.passed ? 0 : 1;
}
