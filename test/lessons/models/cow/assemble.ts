// Builds lessons/01-cow-fork-ordering.md from lesson.md.in. The template holds
// the prose; a line `@@include FILE@@` is replaced by FILE, and
// `@@include FILE#PART@@` by the lines of FILE between its `//@ part PART` marker
// and the next marker (markers themselves never reach the lesson). So the .c
// files stay whole programs that `racecourse verify model.c a-starter.c` runs,
// the lesson shows the model in pieces with prose between them, and
// test/lessons/cow-lesson.test.ts checks that the lesson is exactly what this
// produces.
//
//   npx tsx test/lessons/models/cow/assemble.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
export const TEMPLATE = join(HERE, 'lesson.md.in');
export const LESSON = resolve(HERE, '../../../../lessons/01-cow-fork-ordering.md');

const INCLUDE = /^@@include ([\w.-]+)(?:#([\w-]+))?@@$/;
const PART = /^\/\/@ part ([\w-]+)\s*$/;

/** The lines of `text` in part `name` (all parts when name is undefined), markers dropped. */
export function extractPart(text: string, name: string | undefined): string[] | undefined {
  const lines = text.replace(/\n$/, '').split('\n');
  if (name === undefined) return lines.filter((l) => !PART.test(l));
  const start = lines.findIndex((l) => PART.exec(l)?.[1] === name);
  if (start < 0) return undefined;
  let end = lines.findIndex((l, i) => i > start && PART.test(l));
  if (end < 0) end = lines.length;
  const part = lines.slice(start + 1, end);
  while (part.length > 0 && part[part.length - 1]!.trim() === '') part.pop();
  return part;
}

/** The lesson text for a template; throws with the template's line for a bad include. */
export function assemble(templatePath = TEMPLATE): string {
  const dir = dirname(templatePath);
  const out: string[] = [];
  readFileSync(templatePath, 'utf8').split('\n').forEach((line, i) => {
    const m = INCLUDE.exec(line);
    if (!m) {
      out.push(line);
      return;
    }
    let text: string;
    try {
      text = readFileSync(join(dir, m[1]!), 'utf8');
    } catch {
      throw new Error(`${templatePath}:${i + 1}:1: cannot read included file ${m[1]}`);
    }
    const part = extractPart(text, m[2]);
    if (!part) throw new Error(`${templatePath}:${i + 1}:1: ${m[1]} has no part '${m[2]}'`);
    out.push(...part);
  });
  return out.join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  writeFileSync(LESSON, assemble());
  console.log(`wrote ${LESSON}`);
}
