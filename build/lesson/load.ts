// Reading lessons from disk: one file, or every lessons/*.md sorted by the
// front matter's order.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../../runtime/diagnostics.ts';
import { parseLesson } from './parse.ts';
import type { Lesson, ParseResult } from './types.ts';

export function loadLesson(path: string): ParseResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message;
    return { diagnostics: [{ severity: 'error', file: path, line: 0, column: 0, message: `cannot read the lesson: ${why}` }] };
  }
  return parseLesson(text, path);
}

/**
 * Every `*.md` in dir, parsed, sorted by front-matter order. Lessons with errors
 * are left out of `lessons`; their diagnostics (and clashes of order or slug
 * between lessons) are in `diagnostics`.
 */
export function loadLessons(dir = 'lessons'): { lessons: Lesson[]; diagnostics: Diagnostic[] } {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.toLowerCase().endsWith('.md')).sort();
  } catch {
    return { lessons: [], diagnostics: [{ severity: 'error', file: dir, line: 0, column: 0, message: 'cannot read the lessons directory' }] };
  }
  const lessons: Lesson[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const n of names) {
    const r = loadLesson(join(dir, n));
    diagnostics.push(...r.diagnostics);
    if (r.lesson) lessons.push(r.lesson);
  }
  const byOrder = new Map<number, Lesson>();
  const bySlug = new Map<string, Lesson>();
  for (const l of lessons) {
    const o = byOrder.get(l.meta.order);
    if (o) diagnostics.push({ severity: 'error', file: l.file, line: 0, column: 0, message: `order ${l.meta.order} is also used by ${o.file}` });
    byOrder.set(l.meta.order, l);
    const s = bySlug.get(l.slug);
    if (s) diagnostics.push({ severity: 'error', file: l.file, line: 0, column: 0, message: `its name '${l.slug}' is also the name of ${s.file}` });
    bySlug.set(l.slug, l);
  }
  lessons.sort((a, b) => a.meta.order - b.meta.order || (a.file < b.file ? -1 : 1));
  return { lessons, diagnostics };
}
