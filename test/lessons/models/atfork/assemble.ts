// Builds a lesson's Markdown from its template: the template holds the prose, and
// each `@@include FILE…@@` line is replaced by the named files (.c program parts or
// cells), read from the template's directory and separated by a blank line. The .c files stay compilable on their own
// (`racecourse verify model-4a.c 4a-starter.c`), and test/lessons checks that the
// lesson in lessons/ is exactly what this produces, so the two never drift apart.
//
//   npx tsx test/lessons/models/atfork/assemble.ts test/lessons/models/atfork/lesson.md.in lessons/04-atfork-deadlock.md
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const INCLUDE = /^@@include ([\w.-]+(?: [\w.-]+)*)@@$/;

/** The lesson text for a template; throws naming the template line of a missing include. */
export function assemble(templatePath: string): string {
  const dir = dirname(templatePath);
  const out: string[] = [];
  readFileSync(templatePath, 'utf8').split('\n').forEach((line, i) => {
    const m = INCLUDE.exec(line);
    if (!m) {
      out.push(line);
      return;
    }
    const parts = m[1]!.split(' ').map((name) => {
      try {
        return readFileSync(join(dir, name), 'utf8').replace(/\n$/, '');
      } catch {
        throw new Error(`${templatePath}:${i + 1}:1: cannot read included file ${name}`);
      }
    });
    out.push(parts.join('\n\n'));
  });
  return out.join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [template, output] = process.argv.slice(2);
  if (!template || !output) {
    console.error('usage: assemble.ts TEMPLATE OUTPUT');
    process.exit(2);
  }
  writeFileSync(output, assemble(template));
  console.log(`wrote ${output}`);
}
