// Collects the diagnostics of one source unit. Every message goes through here so
// that each has the unit's name, a line and a column (never 0 for a user's text).

import type { Diagnostic } from '../diagnostics.ts';

/** Diagnostics kept per compilation. */
export const MAX_DIAGNOSTICS = 200;

export class Reporter {
  constructor(
    readonly file: string,
    private readonly sink: Diagnostic[],
  ) {}

  /** no more messages will be kept (so callers can skip work such as finding suggestions) */
  get full(): boolean {
    return this.sink.length >= MAX_DIAGNOSTICS;
  }

  error(line: number, column: number, message: string, length?: number): void {
    this.add('error', line, column, message, length);
  }

  warning(line: number, column: number, message: string, length?: number): void {
    this.add('warning', line, column, message, length);
  }

  private add(severity: 'error' | 'warning', line: number, column: number, message: string, length?: number): void {
    // like a C compiler's error limit: past it, one last message and silence
    if (this.sink.length >= MAX_DIAGNOSTICS) {
      if (this.sink.length === MAX_DIAGNOSTICS) {
        this.sink.push({ severity: 'error', file: this.file, line: Math.max(1, line), column: Math.max(1, column), message: `too many problems (more than ${MAX_DIAGNOSTICS}); stopping here` });
      }
      return;
    }
    const d: Diagnostic = { severity, file: this.file, line: Math.max(1, line), column: Math.max(1, column), message };
    if (length !== undefined && length > 1) d.length = length;
    this.sink.push(d);
  }
}
