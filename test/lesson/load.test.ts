import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadLesson, loadLessons } from '../../build/lesson/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'racecourse-lessons-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const lesson = (title: string, order: number) => `---\ntitle: ${title}\norder: ${order}\nsummary: s\n---\n\nText.\n`;

describe('loadLessons', () => {
  it('sorts by front-matter order, not by file name', () => {
    writeFileSync(join(dir, '01-b.md'), lesson('B', 2));
    writeFileSync(join(dir, '02-a.md'), lesson('A', 1));
    writeFileSync(join(dir, 'notes.txt'), 'not a lesson');
    const r = loadLessons(dir);
    expect(r.diagnostics).toEqual([]);
    expect(r.lessons.map((l) => l.meta.title)).toEqual(['A', 'B']);
    expect(r.lessons.map((l) => l.slug)).toEqual(['a', 'b']);
  });

  it('reports clashing orders and broken lessons, keeping the good ones', () => {
    writeFileSync(join(dir, '03-c.md'), lesson('C', 2));
    writeFileSync(join(dir, '04-d.md'), '# no front matter\n');
    const r = loadLessons(dir);
    expect(r.lessons.map((l) => l.meta.title)).toEqual(['A', 'B', 'C']);
    expect(r.diagnostics.map((d) => `${d.file}: ${d.message}`)).toEqual([
      `${join(dir, '04-d.md')}: a lesson starts with front matter: a --- line, title, order and summary, then a --- line`,
      `${join(dir, '03-c.md')}: order 2 is also used by ${join(dir, '01-b.md')}`,
    ]);
  });

  it('says so when a file or directory cannot be read', () => {
    expect(loadLesson(join(dir, 'missing.md')).diagnostics[0]!.message).toBe('cannot read the lesson: no such file');
    expect(loadLessons(join(dir, 'nope')).diagnostics[0]!.message).toBe('cannot read the lessons directory');
  });
});
