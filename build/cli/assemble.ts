// `racecourse assemble TEMPLATE [OUTPUT]`: write a lesson from its template, pulling
// the code in from standalone .c files (build/lesson/assemble.ts has the rules).

import { writeFileSync } from 'node:fs';
import { assemble } from '../lesson/assemble.ts';

const USAGE = `usage: racecourse assemble TEMPLATE [OUTPUT]

Writes the lesson Markdown that TEMPLATE yields to OUTPUT (or prints it). A line
'@@include FILE…@@' or '{{FILE}}' is replaced by the named code, read from the
template's folder: FILE.c (whole), FILE.c#part (after '//@ part part'), FILE.c:A-B (lines).`;

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) { console.log(USAGE); return 0; }
  const bad = args.find((a) => a.startsWith('-'));
  if (bad !== undefined) { console.error(`racecourse assemble: unknown option '${bad}'\n${USAGE}`); return 2; }
  if (args.length < 1 || args.length > 2) { console.error(USAGE); return 2; }
  const [template, output] = args as [string, string | undefined];
  let text: string;
  try {
    text = assemble(template);
  } catch (e) {
    const message = (e as Error).message;
    console.error(message.startsWith(template) ? message : `${template}: ${message}`);
    return 3;
  }
  if (output === undefined) process.stdout.write(text);
  else {
    writeFileSync(output, text);
    console.error(`wrote ${output} (${text.split('\n').length} lines)`);
  }
  return 0;
}
