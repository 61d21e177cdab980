// Shared helpers for the dialect tests: compile one unit and fail loudly with
// formatted diagnostics when it does not compile.

import { compile, type SourceUnit } from '../../runtime/dialect/index.ts';
import { formatDiagnostic } from '../../runtime/diagnostics.ts';
import type { Program } from '../../runtime/ir.ts';
import { evaluate } from './evaluate.ts';
import { checkWellFormed } from './wellformed.ts';

export function build(text: string, name = 'test.c'): Program {
  return buildUnits([{ name, text }]);
}

export function buildUnits(units: SourceUnit[]): Program {
  const r = compile(units);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  if (!r.ok || r.program === undefined || errors.length > 0) {
    const byName = new Map(units.map((u) => [u.name, u.text]));
    throw new Error(`does not compile:\n${r.diagnostics.map((d) => formatDiagnostic(d, byName.get(d.file))).join('\n')}`);
  }
  checkWellFormed(r.program);
  return r.program;
}

/** Messages (file:line:col: message) of a program that must not compile. */
export function errorsOf(text: string, name = 'test.c'): string[] {
  const r = compile([{ name, text }]);
  return r.diagnostics.map((d) => `${d.line}:${d.column}: ${d.severity === 'warning' ? 'warning: ' : ''}${d.message}`);
}

/** Compile and run fnName (default main) with the test evaluator; returns its result. */
export function run(text: string, fnName = 'main', args: number[] = []): number | undefined {
  return evaluate(build(text), fnName, args).value;
}
