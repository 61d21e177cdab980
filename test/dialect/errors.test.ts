// The corpus of broken programs: each test/dialect/errors/NAME.c compiles to
// exactly the diagnostics in NAME.expected (file snapshots; review changes to them).
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile } from '../../runtime/dialect/index.ts';
import { formatDiagnostic, sortDiagnostics } from '../../runtime/diagnostics.ts';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'errors');
const files = readdirSync(dir).filter((f) => f.endsWith('.c')).sort();

describe('broken programs give exact messages', () => {
  it('the corpus is not empty', () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
  });
  for (const file of files) {
    it(file, async () => {
      const text = readFileSync(join(dir, file), 'utf8');
      const r = compile([{ name: file, text }]);
      expect(r.ok).toBe(false);
      for (const d of r.diagnostics) {
        expect(d.message).not.toMatch(/internal compiler error/);
        expect(d.line).toBeGreaterThanOrEqual(1);
        expect(d.column).toBeGreaterThanOrEqual(1);
      }
      const shown = sortDiagnostics(r.diagnostics).map((d) => formatDiagnostic(d, text)).join('\n');
      await expect(`${shown}\n`).toMatchFileSnapshot(join(dir, file.replace(/\.c$/, '.expected')));
    });
  }
});
