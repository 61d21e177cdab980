// `racecourse export --out DIR [lesson…]`: self-contained checkers, Gradescope
// autograders and GitHub Classroom files for every exercise (docs/GRADING.md).

import { exportLessons } from '../grade/export.ts';
import { resolveLessons } from '../grade/resolve.ts';
import { printDiagnostics } from './check.ts';

const USAGE = `usage: racecourse export --out DIR [lesson…] [--dir LESSONS]

For every exercise of the named lessons (none: all of lessons/) writes
DIR/LESSON/EXERCISE/check.mjs (run: node check.mjs SUBMISSION [--json|--gradescope]),
DIR/LESSON/EXERCISE/gradescope.zip (upload as the autograder) and
DIR/LESSON/EXERCISE/classroom/ (files for a GitHub Classroom starter repository).
No reference solution is included in any of them. See docs/GRADING.md.`;

export async function run(args: string[]): Promise<number> {
  let out: string | undefined;
  let dir = 'lessons';
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--help' || a === '-h') { console.log(USAGE); return 0; }
    if (a === '--out' || a === '--dir') {
      const v = args[++i];
      if (!v) { console.error(`racecourse export: ${a} needs a directory\n\n${USAGE}`); return 2; }
      if (a === '--out') out = v; else dir = v;
    } else if (a.startsWith('-')) { console.error(`racecourse export: unknown option '${a}'\n\n${USAGE}`); return 2; }
    else names.push(a);
  }
  if (!out) { console.error(`racecourse export: --out DIR is required\n\n${USAGE}`); return 2; }
  const resolved = resolveLessons(names, dir);
  if (resolved.unknown.length) { for (const u of resolved.unknown) console.error(`racecourse export: ${u}`); return 2; }
  if (resolved.diagnostics.some((d) => d.severity === 'error')) {
    printDiagnostics(resolved.diagnostics, (s) => console.error(s));
    return 3;
  }
  const done = await exportLessons(resolved.lessons, out, (e) => console.log(`${e.lesson}/${e.exercise}: ${e.checker}, ${e.gradescope}, ${e.classroom}/`));
  console.log(`exported ${done.length} exercise${done.length === 1 ? '' : 's'} to ${out}`);
  return 0;
}
