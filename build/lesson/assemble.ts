// Lessons whose code also lives in standalone .c files (so `racecourse verify` and
// the lesson tests run each starter, solution and wrong fix on its own) are written
// as a template: the prose, with include lines where code goes. This module turns a
// template into the lesson's Markdown; the lesson tests check that each file in
// lessons/ is exactly what its template yields, so the two never drift apart.
//
// An include line is `@@include SPEC…@@` (or the short form `{{SPEC}}`) on a line of
// its own. Each SPEC is read from the template's folder:
//   file.c        the whole file
//   file.c#part   the lines after the marker `//@ part part`, up to the next marker
//   file.c:A-B    lines A to B (1-based, inclusive)
// Blank lines at either end of each piece are dropped, `//@ part` markers never
// appear in the output, and several SPECs on one line are separated by a blank line.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const INCLUDE = /^(?:@@include ((?:[\w.-]+(?:#[\w-]+|:\d+-\d+)?)(?: [\w.-]+(?:#[\w-]+|:\d+-\d+)?)*)@@|\{\{([\w.-]+(?:#[\w-]+|:\d+-\d+)?)\}\})$/;
const SPEC = /^([\w.-]+)(?:#([\w-]+)|:(\d+)-(\d+))?$/;
const PART = /^\/\/@ part ([\w-]+)\s*$/;

/** Blank lines dropped at both ends. */
function trimmed(lines: string[]): string[] {
  let a = 0;
  let b = lines.length;
  while (a < b && lines[a]!.trim() === '') a++;
  while (b > a && lines[b - 1]!.trim() === '') b--;
  return lines.slice(a, b);
}

/** The lines a SPEC names, or an error message. */
function piece(dir: string, spec: string): string[] | string {
  const m = SPEC.exec(spec)!;
  const [, file, part, from, to] = m;
  let text: string;
  try {
    text = readFileSync(join(dir, file!), 'utf8');
  } catch {
    return `cannot read included file ${file}`;
  }
  const lines = text.split('\n');
  if (from !== undefined) {
    const a = Number(from);
    const b = Number(to);
    if (a < 1 || b < a || b > lines.length) return `${file} has no lines ${a}-${b} (it has ${lines.length})`;
    return trimmed(lines.slice(a - 1, b)).filter((l) => !PART.test(l));
  }
  if (part === undefined) return trimmed(lines.filter((l) => !PART.test(l)));
  const start = lines.findIndex((l) => PART.exec(l)?.[1] === part);
  if (start < 0) return `${file} has no part '${part}'`;
  let end = lines.findIndex((l, i) => i > start && PART.test(l));
  if (end < 0) end = lines.length;
  return trimmed(lines.slice(start + 1, end));
}

/** The lesson text a template yields; throws `template:line:col: message` for a bad include. */
export function assemble(templatePath: string): string {
  const dir = dirname(templatePath);
  const out: string[] = [];
  let template: string;
  try {
    template = readFileSync(templatePath, 'utf8');
  } catch {
    throw new Error(`${templatePath}: cannot read the template`);
  }
  template.split('\n').forEach((line, i) => {
    const m = INCLUDE.exec(line);
    if (!m) {
      out.push(line);
      return;
    }
    const pieces = (m[1] ?? m[2]!).split(' ').map((spec) => {
      const p = piece(dir, spec);
      if (typeof p === 'string') throw new Error(`${templatePath}:${i + 1}:${line.indexOf(spec) + 1}: ${p}`);
      return p.join('\n');
    });
    out.push(pieces.join('\n\n'));
  });
  return out.join('\n');
}
