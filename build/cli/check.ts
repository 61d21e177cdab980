// `racecourse check [lesson…] [--json] [--dir DIR]`: prove every exercise sound
// (starter fails as configured, solutions pass, wrong fixes are caught).
// Exit: 0 all as expected, 1 a surprise, 2 bad usage, 3 a malformed lesson.

import { readFileSync } from 'node:fs';
import { formatDiagnostic, sortDiagnostics, type Diagnostic } from '../../runtime/diagnostics.ts';
import { resolveLessons } from '../grade/resolve.ts';
import { table } from '../grade/table.ts';
import { checkLesson, expectedText, type CaseOutcome } from '../grade/validate.ts';

const USAGE = `usage: racecourse check [lesson…] [--json] [--dir DIR] [--timeout SECONDS]

For every exercise of every named lesson (a path, or a name such as atfork-deadlock;
none: every lesson in DIR, default lessons/), confirms that the starter fails with its
starter_fails property, that every reference solution passes, and that every wrong fix
fails with the property it names. --timeout caps each case's check (below the
exercise's own timeout); a case cut short is a surprise. Exit status: 0 as expected, 1 a surprise,
3 a malformed lesson (its diagnostics are printed).`;

/** Diagnostics with the offending line of the file underneath, read once per file. */
export function printDiagnostics(list: Diagnostic[], write: (s: string) => void): void {
  const texts = new Map<string, string | undefined>();
  for (const d of sortDiagnostics(list)) {
    if (!texts.has(d.file)) {
      try { texts.set(d.file, readFileSync(d.file, 'utf8')); } catch { texts.set(d.file, undefined); }
    }
    write(formatDiagnostic(d, texts.get(d.file)));
  }
}

function row(o: CaseOutcome): string[] {
  return [o.case.lesson, o.case.exercise, o.case.label, expectedText(o.case), o.got, String(o.states), o.ms.toFixed(0), o.ok ? '✓' : '✗'];
}

export async function run(args: string[]): Promise<number> {
  let json = false;
  let dir = 'lessons';
  let timeoutCapMs: number | undefined;
  const names: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--help' || a === '-h') { console.log(USAGE); return 0; }
    else if (a === '--json') json = true;
    else if (a === '--dir') {
      const d = args[++i];
      if (d === undefined) { console.error('racecourse check: --dir needs a directory'); return 2; }
      dir = d;
    } else if (a === '--timeout') {
      const n = Number(args[++i]);
      if (!(n > 0)) { console.error('racecourse check: --timeout needs a positive number of seconds'); return 2; }
      timeoutCapMs = n * 1000;
    } else if (a.startsWith('-')) { console.error(`racecourse check: unknown option '${a}'\n${USAGE}`); return 2; }
    else names.push(a);
  }
  const resolved = resolveLessons(names, dir);
  if (resolved.unknown.length > 0) {
    for (const u of resolved.unknown) console.error(`racecourse check: ${u}`);
    return 2;
  }
  const errors = resolved.diagnostics.filter((d) => d.severity === 'error');
  const outcomes: CaseOutcome[] = [];
  // A progress line on a terminal only; logs and pipes get just the table.
  const tty = !json && process.stderr.isTTY === true;
  for (const lesson of resolved.lessons) {
    const progress = tty ? (o: CaseOutcome) => { process.stderr.write(`\r${o.case.lesson} ${o.case.exercise} ${o.case.label}\x1b[K`); } : undefined;
    outcomes.push(...checkLesson(lesson, progress, timeoutCapMs === undefined ? {} : { timeoutCapMs }));
  }
  if (tty) process.stderr.write('\r\x1b[K');
  const surprises = outcomes.filter((o) => !o.ok);
  const status = errors.length > 0 ? 3 : surprises.length > 0 ? 1 : 0;

  if (json) {
    console.log(JSON.stringify({
      ok: status === 0,
      lessons: resolved.lessons.map((l) => ({ file: l.file, slug: l.slug, title: l.meta.title, exercises: Object.keys(l.exercises) })),
      cases: outcomes.map((o) => ({
        lesson: o.case.lesson, file: o.case.file, exercise: o.case.exercise, kind: o.case.kind, label: o.case.label, line: o.case.line,
        expected: expectedText(o.case), got: o.got, ok: o.ok, states: o.states, ms: Math.round(o.ms * 10) / 10,
        ...(o.result?.schedule ? { schedule: o.result.schedule } : {}),
        ...(o.result?.finding ? { finding: o.result.finding.message } : {}),
        diagnostics: o.diagnostics,
      })),
      diagnostics: resolved.diagnostics,
    }, null, 2));
    return status;
  }

  if (resolved.diagnostics.length > 0) printDiagnostics(resolved.diagnostics, (s) => console.error(s));
  if (outcomes.length > 0) {
    console.log(table(['lesson', 'exercise', 'case', 'expected', 'got', 'states', 'ms', ''], outcomes.map(row), new Set([5, 6])));
  }
  for (const o of surprises) {
    const where = o.case.line > 0 ? `${o.case.file}:${o.case.line}` : o.case.file;
    console.log(`\n✗ ${o.case.lesson} / ${o.case.exercise} / ${o.case.label} (${where}): expected ${expectedText(o.case)}, got ${o.got}`);
    if (o.result?.finding) console.log(`  ${o.result.finding.message}`);
    if (o.result?.verdict === 'inconclusive') console.log(`  the search stopped at a bound (${o.result.limit}); raise max_states or timeout, or shrink the model`);
    printDiagnostics(o.diagnostics, (s) => console.log(s.replace(/^/gm, '  ')));
  }
  const lessons = resolved.lessons.length;
  const summary = `${lessons} lesson${lessons === 1 ? '' : 's'}, ${outcomes.length} case${outcomes.length === 1 ? '' : 's'}: ${surprises.length === 0 ? 'all as expected' : `${surprises.length} surprise${surprises.length === 1 ? '' : 's'}`}${errors.length ? `, ${errors.length} lesson error${errors.length === 1 ? '' : 's'}` : ''}`;
  console.log(`\n${summary}`);
  return status;
}
