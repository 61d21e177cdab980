// Diagnostics: every problem racecourse reports about a user's text (a syntax
// error in a fix, a malformed lesson, a bad command-line argument that names a
// file) has a place and a one-line message in plain words. Shared by the compiler,
// the lesson loader, the command line and the browser editor.

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  severity: Severity;
  /** file name as the user knows it (a path, or a lesson exercise's name) */
  file: string;
  /** 1-based; 0 when the problem is about the whole file */
  line: number;
  /** 1-based; 0 when the problem is about the whole line or file */
  column: number;
  /** one line, plain words, no trailing period needed */
  message: string;
  /** optional length of the marked span, for carets and editor underlines */
  length?: number;
}

/**
 * `file:line:col: error: message`, then the source line and a caret under the
 * column, the way C compilers print them.
 */
export function formatDiagnostic(d: Diagnostic, source?: string): string {
  const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
  let out = `${where}: ${d.severity}: ${d.message}`;
  if (source !== undefined && d.line > 0) {
    const text = source.split('\n')[d.line - 1];
    if (text !== undefined) {
      const shown = text.replace(/\t/g, ' ');
      const caretAt = Math.max(0, Math.min(d.column - 1, shown.length));
      const width = Math.max(1, Math.min(d.length ?? 1, shown.length - caretAt || 1));
      out += `\n${String(d.line).padStart(5)} | ${shown}\n      | ${' '.repeat(caretAt)}^${'~'.repeat(width - 1)}`;
    }
  }
  return out;
}

/** Sorted by file, line, column: the order people read them in. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column);
}
