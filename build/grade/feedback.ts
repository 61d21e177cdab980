// The feedback a student reads, identical wherever the submission is graded (the
// grader, the exported checker, Gradescope): the judgement's one line, then the
// compiler's messages with their source lines, or the counterexample as a
// plain-text swimlane with the lines it is about. Nothing time-dependent goes in,
// so the same submission always gets the same text.

import { formatDiagnostic, sortDiagnostics } from '../../runtime/diagnostics.ts';
import type { CheckResult } from '../../runtime/check/types.ts';
import { offendingLines, renderSwimlane, type SourceText } from '../../runtime/check/swimlane-text.ts';
import type { Judgement } from '../../runtime/exercise.ts';

/** At most this many diagnostics are shown; the rest are counted. */
const MAX_DIAGNOSTICS = 20;

export function feedbackText(result: CheckResult, judgement: Judgement, files: readonly SourceText[]): string {
  const out = [judgement.summary];
  if (result.verdict === 'error') {
    const list = sortDiagnostics(result.diagnostics);
    for (const d of list.slice(0, MAX_DIAGNOSTICS)) out.push(formatDiagnostic(d, files.find((f) => f.name === d.file)?.text));
    if (list.length > MAX_DIAGNOSTICS) out.push(`… and ${list.length - MAX_DIAGNOSTICS} more`);
  }
  if (result.verdict === 'fail' && result.trace) {
    const options = { ...(result.loopStart !== undefined ? { loopStart: result.loopStart } : {}), ...(result.finding ? { finding: result.finding } : {}) };
    out.push('', `Counterexample (${result.trace.length} step${result.trace.length === 1 ? '' : 's'}):`, renderSwimlane(result.trace, files, options));
    const lines = offendingLines(result.trace, files, options);
    if (lines) out.push('', lines);
    const mine = studentLines(result, files);
    if (mine) out.push('', mine);
    if (result.schedule) out.push('', `schedule: ${result.schedule}`);
  }
  if (result.verdict === 'inconclusive') {
    out.push(`explored ${result.stats.states} states before stopping; a correct fix keeps the search within the exercise's bounds`);
  }
  return out.join('\n');
}

/** The lines of the student's own unit (the last one) that the counterexample runs, in order of first use. */
function studentLines(result: CheckResult, files: readonly SourceText[]): string {
  const index = files.length - 1;
  const unit = files[index];
  if (!unit || !result.trace) return '';
  const source = unit.text.split('\n');
  const seen = new Set<number>();
  const out: string[] = [];
  for (const step of result.trace) {
    if (step.pos?.file !== index || seen.has(step.pos.line)) continue;
    seen.add(step.pos.line);
    const text = source[step.pos.line - 1];
    if (text !== undefined) out.push(`${String(step.pos.line).padStart(5)} | ${text.replace(/\t/g, ' ')}`);
  }
  return out.length ? `Lines of ${unit.name} in this counterexample:\n${out.join('\n')}` : '';
}
