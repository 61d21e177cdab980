import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../build/lesson/index.ts';
import { renderMarkdown } from '../../build/site/markdown.ts';
import { exerciseData, publicSpec, rolesOf } from '../../build/site/page-data.ts';

const FIXTURE = 'test/fixtures/lessons/01-counter.md';
const text = readFileSync(FIXTURE, 'utf8');

function fixture() {
  const parsed = parseLesson(text, FIXTURE);
  expect(parsed.diagnostics).toEqual([]);
  return parsed.lesson!;
}

describe('page data from a parsed lesson', () => {
  const lesson = fixture();
  const student = renderMarkdown(text, { file: FIXTURE, instructor: false, roles: rolesOf(lesson.blocks) });

  it('renders the same page with the parser\'s roles as with the renderer\'s own', () => {
    expect(student.html).toBe(renderMarkdown(text, { file: FIXTURE, instructor: false }).html);
    expect(renderMarkdown(text, { file: FIXTURE, instructor: true, roles: rolesOf(lesson.blocks) }).html)
      .toBe(renderMarkdown(text, { file: FIXTURE, instructor: true }).html);
  });

  it('embeds exercise data without solutions in the student build', () => {
    const data = exerciseData(lesson, student.exercises, false);
    expect(data).toHaveLength(1);
    expect(data[0]!.title).toBe('Make the increment atomic');
    expect(data[0]!.unitName).toBe('increment.c');
    expect(data[0]!.hintsHtml[0]).toContain('<strong>old</strong>');
    const json = JSON.stringify(data);
    expect(json).not.toContain('SOLUTION-MARKER');
    expect(json).not.toContain('WRONG-MARKER');
    expect(json).toContain('int v = counter;');
    const full = exerciseData(lesson, student.exercises, true);
    expect(JSON.stringify(full)).toContain('SOLUTION-MARKER-7f3a');
  });

  it('copies specs by allow-list, so unknown fields stay out', () => {
    const spec = { ...lesson.exercises.increment!, secret: 'x' };
    expect(JSON.stringify(publicSpec(spec, false))).not.toContain('secret');
  });
});
