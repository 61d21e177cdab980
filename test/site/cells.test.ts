import { describe, expect, it } from 'vitest';
import { transpileCell, transpileInline } from '../../build/site/cells.ts';
import type { Diagnostic } from '../../runtime/diagnostics.ts';

function cell(code: string) {
  const diagnostics: Diagnostic[] = [];
  const def = transpileCell(code, 'c1', 'l.md', 10, diagnostics);
  return { def, diagnostics };
}

describe('cell transpilation', () => {
  it('finds top-level declarations of every kind', () => {
    const { def } = cell('const a = 1, {b, c: [d]} = o;\nlet e;\nvar f;\nfunction g() {}\nclass H {}\nif (x) { var i = 2; let notTop = 3; }');
    expect(def.declares.sort()).toEqual(['a', 'b', 'd', 'e', 'f', 'g', 'H', 'i'].sort());
    expect(def.inputs).toEqual(['o', 'x']);
    expect(def.body.endsWith('return {a, b, d, e, g, H, f, i};')).toBe(true);
  });

  it('does not count names bound inside functions, blocks, loops and catch as inputs', () => {
    const { def } = cell([
      'function f(p, {q = dflt}, ...rest) { const local = p + q; return local + rest.length + outer1; }',
      'const g = (m) => m * k;',
      'for (let i = 0; i < n; i++) total += i;',
      'try { risky(); } catch (err) { console.log(err); }',
      '{ const hidden = 1; use(hidden); }',
      'const obj = { key: value, [computed]: 1, short };',
      'obj.prop; label: for (;;) { break label; }',
    ].join('\n'));
    expect(def.inputs).toEqual(['computed', 'console', 'dflt', 'k', 'n', 'outer1', 'risky', 'short', 'total', 'use', 'value']);
  });

  it('lets a function read the cell\'s own declarations without making them inputs', () => {
    const { def } = cell('const size = 3;\nfunction area() { return size * size; }');
    expect(def.inputs).toEqual([]);
    expect(def.declares).toEqual(['size', 'area']);
  });

  it('shadowing a cell name inside a function keeps the outer reference an input', () => {
    const { def } = cell('function f(x) { return x; }\nf(x);');
    expect(def.inputs).toEqual(['x']);
  });

  it('makes a lone expression an expression cell whose value is displayed', () => {
    const { def } = cell('a + b');
    expect(def.expression).toBe(true);
    expect(def.inputs).toEqual(['a', 'b']);
    expect(new Function('a', 'b', def.body)(2, 3)).toBe(5);
  });

  it('marks top-level await as async, but not await inside an async function', () => {
    expect(cell('const r = await fetchIt();').def.async).toBe(true);
    expect(cell('async function f() { await g(); }').def.async).toBe(false);
  });

  it('never passes display and view as inputs (each cell gets its own)', () => {
    expect(cell('display(view(x))').def.inputs).toEqual(['x']);
  });

  it('a body runs as a function of its inputs and returns its declarations', () => {
    const { def } = cell('const double = n * 2;\nfunction half() { return n / 2; }');
    const out = new Function('display', 'view', ...def.inputs, def.body)(null, null, 8) as { double: number; half: () => number };
    expect(out.double).toBe(16);
    expect(out.half()).toBe(4);
  });

  it('reports a syntax error at the lesson position', () => {
    const { def, diagnostics } = cell('const ok = 1;\nconst bad = ;');
    expect(diagnostics).toEqual([{ severity: 'error', file: 'l.md', line: 11, column: 13, message: 'js cell: Unexpected token' }]);
    expect(def.error).toBe('l.md:11:13: Unexpected token');
  });

  it('analyses inline expressions and rejects trailing junk', () => {
    const diagnostics: Diagnostic[] = [];
    expect(transpileInline('n * m', 'i1', 'l.md', 4, diagnostics).inputs).toEqual(['m', 'n']);
    const bad = transpileInline('n m', 'i2', 'l.md', 4, diagnostics);
    expect(bad.error).toMatch(/^l\.md:4:\d+: /);
    expect(diagnostics).toHaveLength(1);
  });
});
