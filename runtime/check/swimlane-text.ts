// A counterexample as a plain-text swimlane: one column per thread, one row
// per step, each cell `file:line op`. Used by `racecourse verify` and the
// grader's feedback, so it depends on nothing but the trace and the sources.

import type { SourcePos } from '../ir.ts';
import type { Finding } from './system.ts';
import type { TraceStep } from './types.ts';

export interface SwimlaneOptions {
  /** index of the first step of the repeating part of a lasso */
  loopStart?: number;
  finding?: Finding;
  /** widest a column may get (longer cells are cut with …); default 48 */
  columnWidth?: number;
}

export interface SourceText {
  name: string;
  text: string;
}

const PREEMPT_MARK = '* ';

/** `name:line` of a position (just `?` when unknown). */
export function placeName(files: readonly SourceText[], pos: SourcePos | undefined): string {
  if (!pos) return '?';
  return `${files[pos.file]?.name ?? `file${pos.file}`}:${pos.line}`;
}

export function renderSwimlane(trace: readonly TraceStep[], files: readonly SourceText[], options: SwimlaneOptions = {}): string {
  const width = options.columnWidth ?? 48;
  // columns in order of first appearance, keyed by (process, thread)
  const columns: { key: string; title: string }[] = [];
  const columnOf = new Map<string, number>();
  for (const step of trace) {
    const key = `${step.process}/${step.thread}`;
    if (!columnOf.has(key)) {
      columnOf.set(key, columns.length);
      columns.push({ key, title: `${step.routine ? `${step.routine} · ` : ''}T${step.thread} (pid ${step.process})` });
    }
  }
  // cells name files without their directories: the columns are narrow
  const short = files.map((f) => ({ name: f.name.slice(f.name.lastIndexOf('/') + 1), text: f.text }));
  const cells = trace.map((step) => {
    const place = step.pos ? `${placeName(short, step.pos)} ` : '';
    const text = `${step.preemption ? PREEMPT_MARK : ''}${place}${step.op}`;
    return text.length > width ? `${text.slice(0, width - 1)}…` : text;
  });
  const widths = columns.map((c) => c.title.length);
  trace.forEach((step, i) => {
    const col = columnOf.get(`${step.process}/${step.thread}`)!;
    widths[col] = Math.max(widths[col]!, cells[i]!.length);
  });
  const stepWidth = Math.max(4, String(trace.length).length);
  const row = (first: string, parts: string[]): string =>
    `${first.padStart(stepWidth)}  ${parts.map((p, i) => p.padEnd(widths[i]!)).join(' │ ')}`.trimEnd();

  const lines: string[] = [];
  lines.push(row('step', columns.map((c) => c.title)));
  lines.push(`${'─'.repeat(stepWidth)}  ${widths.map((w) => '─'.repeat(w)).join('─┼─')}`);
  trace.forEach((step, i) => {
    if (i === options.loopStart) lines.push(`${' '.repeat(stepWidth)}  ↻ from here on the steps repeat forever`);
    const parts = columns.map(() => '');
    parts[columnOf.get(`${step.process}/${step.thread}`)!] = cells[i]!;
    lines.push(row(String(i + 1), parts));
  });
  if (options.loopStart !== undefined && options.loopStart >= trace.length) {
    lines.push(`${' '.repeat(stepWidth)}  ↻ from here on the steps repeat forever`);
  }
  if (trace.some((s) => s.preemption)) lines.push(`${' '.repeat(stepWidth)}  (* = preemption: the previous thread could have gone on running)`);
  return lines.join('\n');
}

/**
 * The source lines a finding is about: where it happened, where each waiting
 * thread waits, and (for a lasso) every line of the repeating part.
 */
export function offendingLines(trace: readonly TraceStep[], files: readonly SourceText[], options: SwimlaneOptions = {}): string {
  const seen = new Set<string>();
  const out: string[] = [];
  const show = (pos: SourcePos | undefined, why: string): void => {
    if (!pos) return;
    const key = `${pos.file}:${pos.line}`;
    if (seen.has(key)) return;
    seen.add(key);
    const text = files[pos.file]?.text.split('\n')[pos.line - 1];
    if (text === undefined) return;
    out.push(`${placeName(files, pos)}:${pos.col}: ${why}`);
    out.push(`${String(pos.line).padStart(5)} | ${text.replace(/\t/g, ' ')}`);
    out.push(`      | ${' '.repeat(Math.max(0, pos.col - 1))}^`);
  };
  const f = options.finding;
  if (f) {
    show(f.pos ?? trace[trace.length - 1]?.pos, f.message);
    for (const w of f.waits ?? []) show(w.pos, `thread ${w.thread} (pid ${w.process}) waits for ${w.waitsFor}${w.heldBy !== undefined ? `, held by thread ${w.heldBy}` : ''}`);
  }
  if (options.loopStart !== undefined) {
    for (const step of trace.slice(options.loopStart)) show(step.pos, `repeats: T${step.thread} ${step.op}`);
  }
  return out.join('\n');
}
