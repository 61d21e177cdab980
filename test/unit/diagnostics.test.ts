import { describe, expect, it } from 'vitest';
import { formatDiagnostic, sortDiagnostics } from '../../runtime/diagnostics.ts';

describe('diagnostics', () => {
  it('prints file:line:col, the source line and a caret under the column', () => {
    const text = 'int x;\nint y = ;\n';
    const out = formatDiagnostic({ severity: 'error', file: 'fix.c', line: 2, column: 9, message: 'expected an expression' }, text);
    expect(out).toBe('fix.c:2:9: error: expected an expression\n    2 | int y = ;\n      |         ^');
  });
  it('sorts by file, line and column', () => {
    const d = (file: string, line: number, column: number) => ({ severity: 'error' as const, file, line, column, message: '' });
    expect(sortDiagnostics([d('b', 1, 1), d('a', 2, 1), d('a', 1, 5), d('a', 1, 2)]).map((x) => `${x.file}${x.line}${x.column}`))
      .toEqual(['a12', 'a15', 'a21', 'b11']);
  });
});
