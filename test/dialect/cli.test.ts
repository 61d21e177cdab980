// `racecourse compile`: exit codes, summary, diagnostics and --json, via run().
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../build/cli/compile.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => out.push(s), err: (s: string) => err.push(s) }, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'rc-compile-'));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('racecourse compile', () => {
  it('prints a one-line summary and exits 0 when the files compile together', async () => {
    const model = file('model.c', 'int counter;\nint bump(void);\nint main(void) { bump(); return counter; }\n');
    const fix = file('fix.c', 'int bump(void) { counter++; return counter; }\n');
    const c = capture();
    expect(await run([model, fix], c.io)).toBe(0);
    expect(c.err).toEqual([]);
    expect(c.out.join('\n')).toMatch(/ok: 2 functions, 1 global \(1 word\), \d+ instructions$/);
  });

  it('prints diagnostics with a caret and exits 3 when it does not compile', async () => {
    const bad = file('bad.c', 'int main(void) {\n  return fooo;\n}\n');
    const c = capture();
    expect(await run([bad], c.io)).toBe(3);
    expect(c.err[0]).toBe(`${bad}:2:10: error: unknown name 'fooo'\n    2 |   return fooo;\n      |          ^~~~`);
    expect(c.err[1]).toBe('1 error; the program does not compile');
  });

  it('a program with warnings compiles (exit 0) and says how many', async () => {
    const warn = file('warn.c', 'int f(int x) {\n  if (x) return 1;\n}\n');
    const c = capture();
    expect(await run([warn], c.io)).toBe(0);
    expect(c.err[0]).toMatch(/warn\.c:3:1: warning: 'f' can reach its end without returning a value/);
    expect(c.out.at(-1)).toMatch(/ok: 1 function, .*; 1 warning$/);
  });

  it('--json prints ok and the diagnostics as objects', async () => {
    const bad = file('bad2.c', 'int main(void) { int x = ; return 0; }\n');
    const c = capture();
    expect(await run([bad, '--json'], c.io)).toBe(3);
    const parsed = JSON.parse(c.out.join(''));
    expect(parsed).toEqual({ ok: false, diagnostics: [{ file: bad, line: 1, column: 26, severity: 'error', message: "expected an expression but found ';'" }] });
  });

  it('exits 3 with a clear message for a file that cannot be read', async () => {
    const c = capture();
    const missing = join(dir, 'missing.c');
    expect(await run([missing], c.io)).toBe(3);
    expect(c.err[0]).toBe(`${missing}: error: cannot read this file: no such file`);
  });

  it('--ir lists each function with positions', async () => {
    const src = file('ir.c', 'int g;\nint main(void) {\n  g = 1;\n  return g;\n}\n');
    const c = capture();
    expect(await run([src, '--ir'], c.io)).toBe(0);
    expect(c.out[0]).toBe([
      'main: 0 params, 0 registers, 0 frame words',
      '    0  PUSH 8                       ; 3:3',
      '    2  PUSH 1                       ; 3:7',
      '    4  STORE                        ; 3:5',
      '    5  PUSH 8                       ; 4:10',
      '    7  LOAD                         ; 4:10',
      '    8  RETV                         ; 4:3',
      '',
    ].join('\n'));
  });

  it('exits 2 without files or with an unknown option', async () => {
    expect(await run([], capture().io)).toBe(2);
    expect(await run(['--fast', 'x.c'], capture().io)).toBe(2);
  });
});
