import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { highlightC } from '../../build/site/highlight.ts';
import { renderMarkdown, slugify } from '../../build/site/markdown.ts';

const FIXTURE = 'test/fixtures/lessons/01-counter.md';
const text = readFileSync(FIXTURE, 'utf8');

describe('static C highlighting', () => {
  it('colours tokens and numbers lines from the given lesson line', () => {
    const html = highlightC('int x = 1; // note\nvoid f(void) {}\n', 40);
    expect(html).toContain('<span class="line" data-line="40"><span class="tok-typeName">int</span>');
    expect(html).toContain('<span class="tok-comment">// note</span>');
    expect(html).toContain('data-line="41"');
    expect(html).not.toContain('data-line="42"');
  });

  it('escapes HTML in code', () => {
    expect(highlightC('if (a < b && c > d) {}')).toContain('&lt;');
    expect(highlightC('char *s = "</script>";')).not.toContain('</script>');
  });
});

// Without `roles` the renderer classifies fences itself; test/site/page-data.test.ts
// renders with the lesson parser's roles and checks both agree.
describe('markdown pipeline on the fixture lesson', () => {
  const student = renderMarkdown(text, { file: FIXTURE, instructor: false });
  const instructor = renderMarkdown(text, { file: FIXTURE, instructor: true });

  it('renders TeX at build time with KaTeX', () => {
    expect(student.html).toContain('class="katex"');
    expect(student.html).toContain('<annotation encoding="application/x-tex">n = 2</annotation>');
    expect(student.html).toContain('class="katex-display"');
    expect(student.html).not.toMatch(/\$n = 2\$/);
  });

  it('gives headings anchors and collects a table of contents', () => {
    expect(student.toc.map((t) => t.id)).toEqual(['the-model', 'a-live-cell', 'the-exercise', 'playing-with-it']);
    expect(student.html).toContain('<h2 id="the-model"');
  });

  it('turns js blocks into cells with their declarations and inputs, and ${…} into inline cells', () => {
    expect(student.cells.map((c) => [c.declares, c.inputs, c.line])).toEqual([
      [['threads', 'expected'], [], 47],
      [[], ['expected', 'threads'], 54],
      [['runs'], ['html'], 97],
      [['sampled'], ['html', 'increment', 'rc', 'runs'], 101],
      [['broken'], ['undefinedThing'], 106],
      [['fine', 'boom'], [], 110],
    ]);
    expect(student.cells[3]!.async).toBe(true);
    expect(student.cells[1]!.expression).toBe(true);
    expect(student.inlines.map((c) => c.inputs)).toEqual([['threads'], ['expected']]);
    expect(student.html).toContain('<div class="rc-cell" id="cell-c1" data-line="47"');
    expect(student.html).toContain('<span class="rc-inline" id="inline-i1"');
  });

  it('shows model code read-only with lesson line numbers and mounts the exercise', () => {
    expect(student.html).toContain('<figure class="rc-model" data-unit="default"');
    expect(student.html).toContain('data-line="16"');
    expect(student.exercises).toEqual(['increment']);
    expect(student.html).toContain('data-exercise="increment" data-line="60"');
  });

  it('never puts a solution or a wrong fix in the student page', () => {
    expect(student.html).not.toContain('SOLUTION-MARKER-7f3a');
    expect(student.html).not.toContain('WRONG-MARKER-91c2');
    expect(student.html).not.toContain('rc-solution');
    expect(instructor.html).toContain('SOLUTION-MARKER-7f3a');
    expect(instructor.html).toContain('WRONG-MARKER-91c2');
    expect(instructor.html).toContain('lock only the read');
  });

  it('matches the snapshot pages', () => {
    expect(student.html).toMatchSnapshot('student');
    expect(instructor.html).toMatchSnapshot('instructor');
  });
});

describe('errors point into the lesson', () => {
  it('reports a cell syntax error at file:line:col and shows it in the cell', () => {
    const md = 'Intro\n\n```js\nconst a = 1;\nconst = 2;\n```\n';
    const out = renderMarkdown(md, { file: 'l.md', instructor: false });
    expect(out.diagnostics).toEqual([{ severity: 'error', file: 'l.md', line: 5, column: 7, message: 'js cell: Unexpected token' }]);
    expect(out.html).toContain('l.md:5:7: Unexpected token');
  });

  it('reports bad TeX at its line and column', () => {
    const md = 'one\n\ntwo $\\frac{1}{$ three\nfour $x$\n';
    const out = renderMarkdown(md, { file: 'l.md', instructor: false });
    expect(out.diagnostics).toHaveLength(1);
    expect(out.diagnostics[0]).toMatchObject({ file: 'l.md', line: 3, column: 5 });
    expect(out.diagnostics[0]!.message).toMatch(/^math: /);
    expect(out.html).toContain('class="katex"');
  });

  it('does not read money as math', () => {
    const out = renderMarkdown('It costs $5 and $6 today.\n', { file: 'l.md', instructor: false });
    expect(out.html).not.toContain('katex');
    expect(out.html).toContain('$5 and $6');
  });

  it('rejects import in a cell with a clear message', () => {
    const out = renderMarkdown('```js\nimport x from "y";\n```\n', { file: 'l.md', instructor: false });
    expect(out.diagnostics[0]).toMatchObject({ file: 'l.md', line: 2, column: 1 });
    expect(out.diagnostics[0]!.message).toContain('import/export is not supported');
  });

  it('keeps line numbers when the lesson has front matter', () => {
    const md = '---\ntitle: t\n---\n\n```js\nx +\n```\n';
    const out = renderMarkdown(md, { file: 'l.md', instructor: false });
    expect(out.diagnostics[0]!.line).toBe(7);
  });
});

describe('slugs', () => {
  it('are lower-case words joined by dashes', () => {
    expect(slugify('The atfork deadlock: why?')).toBe('the-atfork-deadlock-why');
    expect(slugify('Ünïcode Ωmega')).toBe('unicode-ωmega');
  });
});
