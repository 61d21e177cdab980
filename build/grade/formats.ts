// The grader's output formats: readable text, JSON, JUnit XML and Gradescope's
// results.json. All are rendered from GradeRecords; student text only ever
// appears inside escaped strings (JSON, XML) or behind a margin (text), so it
// cannot pass for the grader's own lines.

import type { GradeRecord } from './record.ts';

/** Every feedback line behind a margin, so a line a student wrote cannot start a record. */
function indent(text: string): string {
  return text.split('\n').map((l) => `  │ ${l}`).join('\n');
}

/** A file name as the header shows it: quoted (newlines escaped) unless plainly safe, since students may choose it. */
function shownName(name: string): string {
  return /^[\w./@+-]+$/.test(name) ? name : JSON.stringify(name);
}

export function textReport(records: GradeRecord[]): string {
  const out: string[] = [];
  for (const r of records) {
    out.push(`== ${shownName(r.submission)}: ${r.verdict.toUpperCase()}${r.property ? ` (${r.property})` : ''}  ${r.score}/${r.maxScore}`);
    out.push(indent(r.feedback));
  }
  const passed = records.filter((r) => r.passed).length;
  out.push(`\n${records.length} submission${records.length === 1 ? '' : 's'}: ${passed} passed, ${records.length - passed} did not`);
  return out.join('\n');
}

export function jsonReport(records: GradeRecord[]): string {
  return JSON.stringify({ results: records }, null, 2);
}

/** Characters XML 1.0 cannot carry at all, even escaped. */
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlEscape(s: string): string {
  return s.replace(XML_INVALID, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** One testsuite per lesson/exercise, one testcase per submission. */
export function junitReport(records: GradeRecord[]): string {
  const groups = new Map<string, GradeRecord[]>();
  for (const r of records) groups.set(`${r.lesson}/${r.exercise}`, [...(groups.get(`${r.lesson}/${r.exercise}`) ?? []), r]);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<testsuites>'];
  for (const [name, list] of groups) {
    const failures = list.filter((r) => r.verdict === 'fail').length;
    const errors = list.filter((r) => r.verdict === 'error' || r.verdict === 'inconclusive').length;
    const time = list.reduce((t, r) => t + r.ms, 0) / 1000;
    lines.push(`  <testsuite name="${xmlEscape(name)}" tests="${list.length}" failures="${failures}" errors="${errors}" time="${time.toFixed(3)}">`);
    for (const r of list) {
      const open = `    <testcase name="${xmlEscape(r.submission)}" classname="${xmlEscape(name.replace('/', '.'))}" time="${(r.ms / 1000).toFixed(3)}"`;
      if (r.passed) { lines.push(`${open}/>`); continue; }
      const tag = r.verdict === 'fail' ? 'failure' : 'error';
      lines.push(`${open}>`);
      lines.push(`      <${tag} message="${xmlEscape(r.summary)}" type="${r.verdict}">${xmlEscape(r.feedback)}</${tag}>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}

export interface GradescopeResults {
  score: number;
  output: string;
  output_format: 'text';
  stdout_visibility: 'hidden';
  tests: { name: string; score: number; max_score: number; status: 'passed' | 'failed'; output: string; output_format: 'text' }[];
}

/** Gradescope's results.json for one student's submission (one test per exercise graded). */
export function gradescopeResults(records: GradeRecord[]): GradescopeResults {
  return {
    score: records.reduce((s, r) => s + r.score, 0),
    output: records.map((r) => `${r.exercise}: ${r.summary}`).join('\n'),
    output_format: 'text',
    stdout_visibility: 'hidden',
    tests: records.map((r) => ({
      name: `${r.lesson}: ${r.exercise}`,
      score: r.score,
      max_score: r.maxScore,
      status: r.passed ? 'passed' : 'failed',
      output: r.feedback,
      output_format: 'text',
    })),
  };
}
