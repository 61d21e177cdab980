import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLesson, loadLesson, lessonSlug } from '../../build/lesson/index.ts';
import { formatDiagnostic } from '../../runtime/diagnostics.ts';

const FIXTURE = 'test/fixtures/lessons-check/01-counter.md';
const fixtureText = readFileSync(FIXTURE, 'utf8');
const fixtureLines = fixtureText.split('\n');

/** Errors as `line:col: message` so tests read like the compiler's output. */
function errors(text: string, file = 'lessons/x.md'): string[] {
  const r = parseLesson(text, file);
  return r.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}:${d.column}: ${d.message}`);
}

const FM = '---\ntitle: T\norder: 1\nsummary: S\n---\n';
const MODEL = '```c model\n#pragma invariant ok\nint ok(void) { return 1; }\nint f(void);\nint main(void) { return f(); }\n```\n';
const CHECK = (body: string) => '```c exercise=ex\nint f(void) { return 0; }\n```\n```yaml check=ex\n' + body + '\n```\n';
const GOOD_CHECK = 'defines: [f]\nstarter_fails: ok';

describe('parseLesson on the fixture lesson', () => {
  const r = loadLesson(FIXTURE);
  const lesson = r.lesson!;

  it('parses without diagnostics', () => {
    expect(r.diagnostics).toEqual([]);
    expect(lesson.slug).toBe('counter');
    expect(lesson.meta).toEqual({
      title: 'Two increments, one counter', order: 1,
      summary: 'Two threads add one to a shared counter; without a lock one update is lost.',
      links: [{ title: 'The C standard on data races', url: 'https://en.cppreference.com/w/c/language/memory_model' }],
    });
  });

  it('keeps every block in page order with its first content line', () => {
    expect(lesson.blocks.map((b) => b.kind)).toEqual(['prose', 'model', 'prose', 'model', 'prose', 'exercise', 'check', 'solution', 'wrong']);
    for (const b of lesson.blocks) {
      expect(fixtureLines.slice(b.line - 1, b.line - 1 + b.text.split('\n').length).join('\n')).toBe(b.text);
    }
    expect(lesson.blocks[0]!.text.startsWith('# Two increments')).toBe(true);
  });

  it('builds the model unit with every line on its lesson line number', () => {
    const unit = lesson.models.default!;
    expect(unit.name).toBe(FIXTURE);
    const unitLines = unit.text.split('\n');
    for (const needle of ['int counter;', '#pragma invariant at_exit both_counted', '  pthread_join(b, 0);']) {
      const inFile = fixtureLines.indexOf(needle);
      expect(inFile).toBeGreaterThan(0);
      expect(unitLines[inFile]).toBe(needle);
    }
    // prose between model blocks is blank in the unit; the exercise is not in it
    expect(unitLines[fixtureLines.indexOf('The property, checked when the process exits:')]).toBe('');
    expect(unit.text).not.toContain('int v = counter;');
  });

  it('collects the exercise with its config, starter, solution and wrong fix', () => {
    const ex = lesson.exercises.increment!;
    expect(ex.lesson).toBe('counter');
    expect(ex.config).toMatchObject({
      title: 'Make the increment atomic', model: 'default', defines: ['increment'], forbid: ['atomic_fetch_add'],
      starter_fails: 'both_counted', memory: 'sc', fork: 'atomic', max_states: 20000, points: 1,
    });
    expect(ex.hints).toHaveLength(2);
    expect(ex.modelUnits).toEqual([lesson.models.default]);
    expect(ex.starter).toBe('void increment(void) {\n  int v = counter;\n  counter = v + 1;\n}');
    expect(ex.starterLine).toBe(fixtureLines.indexOf('void increment(void) {') + 1);
    expect(ex.solutions).toHaveLength(1);
    expect(ex.wrong).toEqual([expect.objectContaining({ breaks: 'both_counted', label: 'lock only the read' })]);
  });
});

describe('parseLesson diagnostics', () => {
  it('accepts a minimal lesson', () => {
    const r = parseLesson(FM + MODEL + CHECK(GOOD_CHECK), 'lessons/07-mini.md');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.lesson?.slug).toBe('mini');
    expect(r.lesson?.exercises.ex?.config.properties).toBeUndefined();
  });

  it('requires front matter with title, order and summary', () => {
    expect(errors('# hello\n')).toEqual(['1:1: a lesson starts with front matter: a --- line, title, order and summary, then a --- line']);
    expect(errors('---\ntitle: T\n')).toEqual(['1:1: the front matter is never closed: add a --- line after it']);
    expect(errors('---\ntitle: T\norder: 1\n---\n')).toEqual(["1:1: the front matter has no 'summary' (title, order and summary are required)"]);
    expect(errors('---\ntitle: T\norder: one\nsummary: S\n---\n')).toEqual(["3:8: 'order' must be a whole number from 0 up (got \"one\")"]);
    expect(errors('---\ntitle: T\norder: 1\nsumary: S\n---\n')[0]).toBe("4:1: unknown key 'sumary' in the front matter (did you mean 'summary'?); known keys: title, order, summary, source, links");
  });

  it('reports YAML syntax errors at the lesson line', () => {
    const text = FM + MODEL + CHECK('defines: [f\nstarter_fails: ok');
    const errs = errors(text);
    expect(errs.length).toBeGreaterThan(0);
    const checkLine = text.split('\n').indexOf('```yaml check=ex') + 1;
    // the unclosed [ is noticed on the block's second line, line checkLine + 2 of the lesson
    expect(errs[0]).toBe(`${checkLine + 2}:1: YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`);
  });

  it('names unknown config keys and bad values with did-you-mean', () => {
    const text = FM + MODEL + CHECK(GOOD_CHECK + '\nmemroy: tso\nfork: perpage');
    const lines = text.split('\n');
    expect(errors(text)).toEqual([
      `${lines.indexOf('memroy: tso') + 1}:1: unknown key 'memroy' in the check configuration of 'ex' (did you mean 'memory'?); known keys: title, model, defines, forbid, starter_fails, properties, memory, fork, preemptions, max_states, max_steps, timeout, faults, hints, points`,
      `${lines.indexOf('fork: perpage') + 1}:7: 'fork' must be atomic | per-page (got 'perpage') (did you mean 'per-page'?)`,
    ]);
    expect(errors(FM + MODEL + CHECK(GOOD_CHECK + '\nmemory: arm'))[0]).toMatch(/:9: 'memory' must be sc \| tso \| pso \(got 'arm'\)$/);
  });

  it('checks property names against the model', () => {
    expect(errors(FM + MODEL + CHECK('defines: [f]\nstarter_fails: deadlok'))[0]).toMatch(/unknown property 'deadlok' \(did you mean 'deadlock'\?\)/);
    expect(errors(FM + MODEL + CHECK('defines: [f]\nstarter_fails: ok\nproperties: [deadlock]'))[0]).toMatch(/not among the checked 'properties'/);
  });

  it('checks forbid against the builtins and requires defines', () => {
    expect(errors(FM + MODEL + CHECK('defines: [f]\nstarter_fails: ok\nforbid: [pthread_mutex_lok]'))[0])
      .toMatch(/'pthread_mutex_lok' in 'forbid' is not a builtin \(did you mean 'pthread_mutex_lock'\?\)/);
    expect(errors(FM + MODEL + CHECK('starter_fails: ok'))[0]).toMatch(/has no 'defines' \(required\)/);
  });

  it('pairs exercises, checks, solutions and wrong fixes', () => {
    const noCheck = FM + MODEL + '```c exercise=ex\nint f(void) { return 0; }\n```\n';
    expect(errors(noCheck)).toEqual([`${noCheck.split('\n').indexOf('```c exercise=ex') + 1}:1: exercise 'ex' has no check configuration: add a \`\`\`yaml check=ex block`]);
    const orphan = FM + MODEL + '```yaml check=ex\ndefines: [f]\nstarter_fails: ok\n```\n';
    expect(errors(orphan)[0]).toMatch(/check for 'ex', but there is no ```c exercise=ex block/);
    const dup = FM + MODEL + CHECK(GOOD_CHECK) + '```c exercise=ex\nint f(void) { return 1; }\n```\n';
    expect(errors(dup)[0]).toMatch(/exercise 'ex' already has a starter at line \d+/);
    const sol = FM + MODEL + CHECK(GOOD_CHECK) + '```c solution=exx\nint f(void) { return 1; }\n```\n';
    expect(errors(sol)[0]).toMatch(/solution for 'exx', but there is no ```c exercise=exx block \(did you mean 'ex'\?\)/);
  });

  it('requires breaks= on a wrong fix and checks its property', () => {
    const base = FM + MODEL + CHECK(GOOD_CHECK);
    const noBreaks = base + '```c wrong=ex label="x"\nint f(void) { return 1; }\n```\n';
    const line = noBreaks.split('\n').indexOf('```c wrong=ex label="x"') + 1;
    expect(errors(noBreaks)).toEqual([`${line}:6: a wrong fix needs breaks=PROPERTY: the property the checker must find broken`]);
    const badProp = base + '```c wrong=ex breaks=okk\nint f(void) { return 1; }\n```\n';
    expect(errors(badProp)).toEqual([`${line}:15: wrong fix breaks 'okk', which this exercise does not check (did you mean 'ok'?); it checks: assertion, deadlock, lost-wakeup, non-termination, lock-misuse, memory-fault, runtime-error, ok`]);
    const twice = base + '```c wrong=ex breaks=ok label="same"\nint f(void) { return 1; }\n```\n```c wrong=ex breaks=ok label="same"\nint f(void) { return 2; }\n```\n';
    expect(errors(twice)[0]).toMatch(/two wrong fixes of 'ex' are labelled 'same'/);
  });

  it('rejects unknown info-string attributes with did-you-mean', () => {
    expect(errors(FM + '```c modle\nint x;\n```\n')).toEqual([
      "6:6: unknown attribute 'modle' on a c block (did you mean 'model'?); c blocks take model, exercise=, solution=, wrong= (with breaks= and label=)",
    ]);
    expect(errors(FM + '```c model exercise=a\nint x;\n```\n')[0]).toMatch(/^6:12: a c block has one role; this one has model and exercise/);
    expect(errors(FM + '```c label="x\nint x;\n```\n')[0]).toMatch(/^6:12: the quoted value of 'label' is never closed/);
    expect(errors(FM + '```python check=x\nx\n```\n')[0]).toMatch(/^6:11: unknown attribute 'check' on a ```python block/);
    expect(errors(FM + '```js echoo\nx\n```\n')[0]).toMatch(/did you mean 'echo'/);
  });

  it('accepts static code in any language and js cells', () => {
    const r = parseLesson(FM + '```sh\nls\n```\n\n```js echo\nconst x = 1;\n```\n\n```c\nint x;\n```\n', 'x.md');
    expect(r.diagnostics).toEqual([]);
    expect(r.lesson!.blocks).toEqual([
      { kind: 'code', lang: 'sh', fence: 6, line: 7, text: 'ls' },
      { kind: 'js', echo: true, fence: 10, line: 11, text: 'const x = 1;' },
      { kind: 'code', lang: 'c', fence: 14, line: 15, text: 'int x;' },
    ]);
  });

  it('reports an unclosed fence and role blocks that are not at the margin', () => {
    expect(errors(FM + '```c model\nint x;\n')).toEqual(['6:1: this ``` block is never closed']);
    expect(errors(FM + '- item\n\n  ```c model\n  int x;\n  ```\n')[0]).toMatch(/^8:6: a ```c model block must start at the left margin, not inside a list or quote/);
  });

  it('needs a model for an exercise', () => {
    expect(errors(FM + CHECK(GOOD_CHECK))[0]).toMatch(/exercise 'ex' needs a model, but the lesson has no ```c model block/);
    expect(errors(FM + MODEL + CHECK(GOOD_CHECK + '\nmodel: other'))[0]).toMatch(/no model named 'other'; the lesson's models: default/);
  });

  it('warns when an exercise has no reference solution', () => {
    const r = parseLesson(FM + MODEL + CHECK(GOOD_CHECK), 'x.md');
    expect(r.diagnostics.map((d) => d.severity)).toEqual(['warning']);
  });

  it('prints diagnostics as file:line:col with the lesson line', () => {
    const text = FM + MODEL + CHECK(GOOD_CHECK + '\nmemory: arm');
    const d = parseLesson(text, 'lessons/x.md').diagnostics.find((x) => x.severity === 'error')!;
    expect(formatDiagnostic(d, text)).toMatch(/^lessons\/x\.md:\d+:9: error: 'memory' must be sc \| tso \| pso \(got 'arm'\)\n +\d+ \| memory: arm\n +\| +\^$/);
  });

  it('parses faults, timeouts and CRLF files', () => {
    const body = GOOD_CHECK + '\nfaults:\n  kill: { threads: [owner], max: 1 }\n  signal: { signal: SIGUSR2, max: 2 }\ntimeout: 2s\npreemptions: 2';
    const r = parseLesson((FM + MODEL + CHECK(body)).replace(/\n/g, '\r\n'), 'x.md');
    expect(r.lesson!.exercises.ex!.config).toMatchObject({
      faults: { kill: { threads: ['owner'], max: 1 }, signal: { signal: 12, max: 2 } }, timeout: 2000, preemptions: 2,
    });
  });

  it('derives slugs from file names', () => {
    expect(lessonSlug('lessons/04-atfork-deadlock.md')).toBe('atfork-deadlock');
    expect(lessonSlug('x/intro.md')).toBe('intro');
  });
});
