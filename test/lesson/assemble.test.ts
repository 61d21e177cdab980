// build/lesson/assemble.ts: a lesson template plus standalone .c files → the lesson.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble } from '../../build/lesson/assemble.ts';

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'rc-assemble-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const C = '\nint a;\n//@ part lock\nstruct mutex m;\n\n//@ part body\nint f(void) { return a; }\n\n';

describe('assemble', () => {
  it('includes whole files, parts and line ranges, trimming blank ends and dropping part markers', () => {
    const dir = folder({
      'm.c': C,
      'x.c': 'int x;\n',
      't.md': '# T\n@@include m.c@@\n---\n@@include m.c#lock x.c@@\n---\n{{m.c:2-4}}\n{{m.c#body}}\nend',
    });
    expect(assemble(join(dir, 't.md'))).toBe(
      '# T\nint a;\nstruct mutex m;\n\nint f(void) { return a; }\n---\nstruct mutex m;\n\nint x;\n---\nint a;\nstruct mutex m;\nint f(void) { return a; }\nend',
    );
  });

  it('leaves lines that only mention an include alone', () => {
    const dir = folder({ 't.md': 'see `@@include m.c@@` in the docs\n' });
    expect(assemble(join(dir, 't.md'))).toBe('see `@@include m.c@@` in the docs\n');
  });

  it('names the template line and column of a bad include', () => {
    const dir = folder({ 'm.c': C, 't.md': 'a\n@@include m.c gone.c@@\n', 'u.md': '{{m.c#nope}}', 'v.md': '{{m.c:3-99}}' });
    expect(() => assemble(join(dir, 't.md'))).toThrow(/t\.md:2:15: cannot read included file gone\.c/);
    expect(() => assemble(join(dir, 'u.md'))).toThrow(/u\.md:1:3: m\.c has no part 'nope'/);
    expect(() => assemble(join(dir, 'v.md'))).toThrow(/v\.md:1:3: m\.c has no lines 3-99/);
    expect(() => assemble(join(dir, 'missing.md'))).toThrow(/missing\.md: cannot read the template/);
  });
});
