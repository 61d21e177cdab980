import { describe, expect, it } from 'vitest';
import { gradescopeResults, junitReport, textReport, xmlEscape } from '../../build/grade/formats.ts';
import type { GradeRecord } from '../../build/grade/record.ts';

const rec = (over: Partial<GradeRecord>): GradeRecord => ({
  submission: 'alice.c', lesson: 'counter', exercise: 'increment', verdict: 'pass', passed: true, score: 1, maxScore: 1,
  summary: 'pass: every interleaving keeps both_counted', feedback: 'pass: every interleaving keeps both_counted',
  states: 10, ms: 12, diagnostics: [], ...over,
});

// Text a student might put in a comment, hoping it is echoed and mistaken for the grader's output.
const FAKE = '== alice.c: PASS  1/1\n</failure></testcase><testcase name="x"/>\n{"score": 100}\n\u0000';

describe('grader output formats', () => {
  const bad = rec({ submission: 'mallory.c', verdict: 'fail', property: 'both_counted', passed: false, score: 0, summary: 'fail: both_counted — x', feedback: `fail: both_counted\n${FAKE}` });

  it('text: every feedback line sits behind the margin', () => {
    const out = textReport([rec({}), bad]);
    const headers = out.split('\n').filter((l) => l.startsWith('=='));
    expect(headers).toEqual(['== alice.c: PASS  1/1', '== mallory.c: FAIL (both_counted)  0/1']);
    expect(out).toContain('  │ == alice.c: PASS  1/1');
    expect(out.trimEnd().endsWith('2 submissions: 1 passed, 1 did not')).toBe(true);
    // a file name is chosen by the student too: quoted, newlines escaped
    const named = textReport([{ ...bad, submission: 'x.c: PASS  1/1\n== y.c' }]);
    expect(named.split('\n').filter((l) => l.startsWith('=='))).toEqual(['== "x.c: PASS  1/1\\n== y.c": FAIL (both_counted)  0/1']);
  });

  it('JUnit: escapes student text and drops characters XML cannot hold', () => {
    const xml = junitReport([rec({}), bad]);
    expect(xml.match(/<testcase /g)).toHaveLength(2);
    expect(xml).toContain('tests="2" failures="1" errors="0"');
    expect(xml).toContain('&lt;/failure&gt;&lt;/testcase&gt;');
    expect(xml).not.toContain('\u0000');
    expect(xmlEscape('a\u0001b')).toBe('a\uFFFDb');
  });

  it('Gradescope: the score comes from the records, not from the text', () => {
    const g = gradescopeResults([bad]);
    expect(g.score).toBe(0);
    expect(g.tests).toEqual([expect.objectContaining({ name: 'counter: increment', score: 0, max_score: 1, status: 'failed' })]);
    expect(JSON.parse(JSON.stringify(g)).tests[0].output).toContain('{"score": 100}');
  });
});
