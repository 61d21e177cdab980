// Finding the lessons a command names: a path to a .md file, or a lesson's slug
// (or file name) under lessons/. No names: every lesson in lessons/.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Diagnostic } from '../../runtime/diagnostics.ts';
import { loadLesson, loadLessons } from '../lesson/load.ts';
import { lessonSlug } from '../lesson/parse.ts';
import { didYouMean } from '../lesson/suggest.ts';
import type { Lesson } from '../lesson/types.ts';

export interface Resolved {
  lessons: Lesson[];
  /** lesson problems (malformed lessons): exit status 3 */
  diagnostics: Diagnostic[];
  /** a name that matches nothing: a usage error */
  unknown: string[];
}

export function resolveLessons(names: string[], dir = 'lessons'): Resolved {
  if (names.length === 0) {
    const r = loadLessons(dir);
    const none = r.lessons.length === 0 && r.diagnostics.length === 0;
    return {
      lessons: r.lessons,
      diagnostics: none ? [{ severity: 'error', file: dir, line: 0, column: 0, message: 'no lessons found (no *.md files)' }] : r.diagnostics,
      unknown: [],
    };
  }
  const out: Resolved = { lessons: [], diagnostics: [], unknown: [] };
  let files: string[] = [];
  try { files = readdirSync(dir).filter((f) => f.endsWith('.md')); } catch { /* no lessons dir: only paths can match */ }
  for (const name of names) {
    let path: string | undefined;
    if (existsSync(name) && statSync(name).isFile()) path = name;
    else {
      const hit = files.find((f) => lessonSlug(f) === name || f === name || f === `${name}.md` || basename(f, '.md') === name);
      if (hit) path = join(dir, hit);
    }
    if (!path) {
      out.unknown.push(`no lesson '${name}'${didYouMean(name, files.map((f) => lessonSlug(f)))}`);
      continue;
    }
    const r = loadLesson(path);
    out.diagnostics.push(...r.diagnostics);
    if (r.lesson) out.lessons.push(r.lesson);
  }
  return out;
}
