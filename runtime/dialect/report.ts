// Collects the diagnostics of one source unit. Every message goes through here so
// that each has the unit's name, a line and a column (never 0 for a user's text).

import type { Diagnostic } from '../diagnostics.ts';

export class Reporter {
  constructor(
    readonly file: string,
    private readonly sink: Diagnostic[],
  ) {}

  error(line: number, column: number, message: string, length?: number): void {
    this.add('error', line, column, message, length);
  }

  warning(line: number, column: number, message: string, length?: number): void {
    this.add('warning', line, column, message, length);
  }

  private add(severity: 'error' | 'warning', line: number, column: number, message: string, length?: number): void {
    const d: Diagnostic = { severity, file: this.file, line: Math.max(1, line), column: Math.max(1, column), message };
    if (length !== undefined && length > 1) d.length = length;
    this.sink.push(d);
  }
}
