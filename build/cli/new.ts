// `racecourse new <name> [--dir DIR]`: scaffold lessons/NN-name.md, a lesson that
// already passes `racecourse check`, and point the author to docs/AUTHORING.md.

import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadLessons } from '../lesson/load.ts';
import { LESSON_NAME, scaffoldLesson } from '../lesson/scaffold.ts';

const USAGE = `usage: racecourse new <name> [--dir DIR]

Writes DIR/NN-<name>.md (DIR defaults to lessons/): a small complete lesson with one
exercise, a reference solution and a wrong fix, which 'racecourse check' accepts.
<name> is lower-case words joined by hyphens, e.g. atfork-deadlock.`;

export async function run(args: string[]): Promise<number> {
  let dir = 'lessons';
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--help' || a === '-h') { console.log(USAGE); return 0; }
    if (a === '--dir') {
      const d = args[++i];
      if (d === undefined) { console.error('racecourse new: --dir needs a directory\n' + USAGE); return 2; }
      dir = d;
    } else if (a.startsWith('-')) { console.error(`racecourse new: unknown option '${a}'\n${USAGE}`); return 2; }
    else names.push(a);
  }
  if (names.length !== 1) { console.error(USAGE); return 2; }
  const name = names[0]!;
  if (!LESSON_NAME.test(name)) {
    console.error(`racecourse new: '${name}' is not a lesson name: use lower-case words joined by hyphens, e.g. atfork-deadlock`);
    return 2;
  }
  mkdirSync(dir, { recursive: true });
  const files = readdirSync(dir).filter((f) => f.endsWith('.md'));
  const taken = files.find((f) => f.replace(/^\d+[-_]/, '') === `${name}.md`);
  if (taken) {
    console.error(`racecourse new: ${join(dir, taken)} already exists`);
    return 1;
  }
  // Next file number and next order after what is there (broken lessons count by file name only).
  const numbers = files.map((f) => /^(\d+)[-_]/.exec(f)?.[1]).filter((n) => n !== undefined).map(Number);
  const next = numbers.length ? Math.max(...numbers) + 1 : 1;
  const orders = loadLessons(dir).lessons.map((l) => l.meta.order);
  const order = orders.length ? Math.max(...orders) + 1 : next;
  const path = join(dir, `${String(next).padStart(2, '0')}-${name}.md`);
  if (existsSync(path)) { console.error(`racecourse new: ${path} already exists`); return 1; }
  writeFileSync(path, scaffoldLesson(name, order));
  console.log(`wrote ${path}
Next: edit the story, the model and the exercise (the format is in docs/AUTHORING.md),
then run: racecourse check ${path}`);
  return 0;
}
