// The notebook in real Chromium on the fixture lesson: the starter fails with a
// swimlane, stepping moves the highlighted line, a typed fix passes and survives
// a reload, a shared counterexample URL replays, cells run, and the student build
// holds no solution text.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLesson } from '../../build/lesson/index.ts';
import { ARTIFACTS, openFresh, startHarness, typeInto, verdictOf, type Harness } from './harness.ts';

const DIR = 'test/fixtures/lessons';
const FILE = `${DIR}/01-counter.md`;
const lesson = parseLesson(readFileSync(FILE, 'utf8'), FILE).lesson!;
const solution = lesson.exercises.increment!.solutions![0]!.text;

let h: Harness;
beforeAll(async () => { h = await startHarness(DIR); });
afterAll(async () => { await h?.close(); });

describe('a lesson page in chromium', () => {
  it('runs the cells and inline expressions', async () => {
    const { page, errors } = await h.page();
    await openFresh(page, `${h.server.url}counter.html`);
    await page.waitForFunction(() => document.getElementById('inline-i2')?.textContent === '2');
    expect(await page.locator('#inline-i1').textContent()).toBe('2');
    expect(await page.locator('#cell-c2').textContent()).toBe('4');
    // view(): a slider drives a cell that samples random schedules in the worker.
    await expect.poll(() => page.locator('#cell-c4 .sampled').textContent(), { timeout: 30_000 }).toMatch(/^\d+ of 10 random runs lose an update\.$/);
    await page.locator('#cell-c3 input[type=range]').fill('20');
    await expect.poll(() => page.locator('#cell-c4 .sampled').textContent(), { timeout: 30_000 }).toMatch(/^\d+ of 20 random runs lose an update\.$/);
    // A failing cell shows its error in place, with the lesson line; the others keep working.
    expect(await page.locator('#cell-c5 .rc-error').textContent()).toBe('test/fixtures/lessons/01-counter.md:106: undefinedThing is not defined');
    expect(await page.locator('#cell-c6 .rc-error').textContent()).toBe("test/fixtures/lessons/01-counter.md:111:27: TypeError: Cannot read properties of undefined (reading 'deeper')");
    expect(errors).toEqual([]);
    await page.close();
  });

  it('switches themes, remembers the choice, and fits a phone screen', async () => {
    const { page } = await h.page();
    await openFresh(page, `${h.server.url}counter.html`);
    const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const light = await background();
    await page.locator('.theme-toggle').click();
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    const dark = await background();
    expect(dark).not.toBe(light);
    await page.reload();
    expect(await background()).toBe(dark);
    expect(await page.locator('.theme-toggle').getAttribute('aria-label')).toBe('Switch to the light theme');
    await page.setViewportSize({ width: 375, height: 740 });
    await verdictOf(page, 'increment', ['fail']);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: `${ARTIFACTS}/fixture-counter-phone-dark.png`, fullPage: false });
    await page.locator('.theme-toggle').click();
    await page.close();
  });

  it('can be used from the keyboard: the swimlane steps with the arrow keys', async () => {
    const { page } = await h.page();
    await openFresh(page, `${h.server.url}counter.html`);
    await verdictOf(page, 'increment', ['fail']);
    await page.locator('#ex-increment .swimlane-wrap').focus();
    await page.keyboard.press('Home');
    await expect.poll(() => page.locator('#ex-increment .step-counter').textContent()).toMatch(/^Initial state/);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.locator('#ex-increment .step-counter').textContent()).toMatch(/^After step 2 of/);
    expect(await page.locator('#ex-increment tr.current').getAttribute('data-step')).toBe('1');
    // The state panel says which step it follows, and quotes the step's source line.
    await expect.poll(() => page.locator('#ex-increment .state-caption').textContent())
      .toMatch(/^After step 2 of \d+: main · T1 · pid 1 — pthread_create → thread 3 \(worker\) — model line 30: pthread_create\(&b, 0, worker, 0\);$/);
    await page.close();
  });

  it('shows the starter failing with a timeline, steps through it, passes a typed fix, keeps it on reload', async () => {
    const { page, errors } = await h.page();
    await openFresh(page, `${h.server.url}counter.html`);
    expect(await verdictOf(page, 'increment', ['fail', 'pass', 'error', 'inconclusive'])).toBe('fail');
    await expect.poll(() => page.locator('#ex-increment .verdict').textContent()).toContain('assertion');
    const rows = page.locator('#ex-increment .trace table.swimlane tr[data-step]');
    expect(await rows.count()).toBeGreaterThan(3);
    expect(await page.locator('#ex-increment .trace table.swimlane th').count()).toBeGreaterThanOrEqual(3);
    // Step through: the current row moves and a code line is highlighted.
    await page.locator('#ex-increment .step-first').click();
    await page.locator('#ex-increment .step-next').click();
    await page.locator('#ex-increment .step-next').click();
    await expect.poll(() => page.locator('#ex-increment tr.current').getAttribute('data-step')).toBe('1');
    const lineOf = () => page.evaluate(() => {
      const model = document.querySelector('.rc-model .line.trace-line') as HTMLElement | null;
      const editor = document.querySelector('#ex-increment .cm-trace-line');
      return model ? `model:${model.dataset.line}` : editor ? `editor:${editor.textContent}` : 'none';
    });
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) { seen.add(await lineOf()); await page.locator('#ex-increment .step-next').click(); }
    expect(seen.size).toBeGreaterThan(1);
    await expect.poll(() => page.locator('#ex-increment .state-panel').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${ARTIFACTS}/fixture-counter-fail.png`, fullPage: true });

    await typeInto(page, 'increment', solution);
    await verdictOf(page, 'increment', ['pass']);
    await expect.poll(() => page.locator('#ex-increment .trace tr').count()).toBe(0);
    await page.reload();
    expect(await verdictOf(page, 'increment', ['fail', 'pass', 'error', 'inconclusive'])).toBe('pass');
    expect(await page.locator('#ex-increment .cm-content').innerText()).toContain('pthread_mutex_lock(&m);');
    await page.screenshot({ path: `${ARTIFACTS}/fixture-counter-pass.png`, fullPage: true });
    // The index counts it as passed.
    await page.goto(`${h.server.url}`);
    await expect.poll(() => page.locator('[data-progress="counter"]').textContent()).toBe('1 of 1 exercise passed');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a compile error as a mark in the editor', async () => {
    const { page } = await h.page();
    await openFresh(page, `${h.server.url}counter.html`);
    await verdictOf(page, 'increment', ['fail', 'pass']);
    await typeInto(page, 'increment', 'void increment(void) {\n  no_such_variable = 1;\n}\n');
    // Typing passes through other texts (the empty one first): wait for this one's verdict.
    await expect.poll(() => page.locator('#ex-increment .verdict').textContent()).toMatch(/increment\.c:2:3: .*no_such_variable/);
    await expect.poll(() => page.locator('#ex-increment .cm-lintRange-error').count()).toBeGreaterThan(0);
    await page.locator('#ex-increment button', { hasText: 'Reset to starter' }).click();
    await verdictOf(page, 'increment', ['fail']);
    await page.close();
  });

  it('replays a shared counterexample URL', async () => {
    const { page } = await h.page();
    await openFresh(page, `${h.server.url}counter.html`);
    await verdictOf(page, 'increment', ['fail']);
    const href = await page.locator('#ex-increment .share a').getAttribute('href');
    expect(href).toMatch(/#ex=increment&s=/);
    const fresh = await h.context.newPage();
    await fresh.goto(href!);
    await fresh.waitForSelector('#ex-increment .shared table.swimlane');
    expect(await fresh.locator('#ex-increment .shared .finding-row').textContent()).toContain('assertion');
    await expect.poll(() => fresh.locator('#ex-increment .shared .state-panel').count()).toBeGreaterThan(0);
    await fresh.close();
    await page.close();
  });

  it('lets the student be the scheduler', async () => {
    const { page } = await h.page();
    await openFresh(page, `${h.server.url}counter.html`);
    await verdictOf(page, 'increment', ['fail']);
    await page.locator('#ex-increment button', { hasText: 'You are the scheduler' }).click();
    await page.waitForSelector('#ex-increment .scheduler .choice');
    // Always pick the first enabled move until the run ends one way or another.
    for (let i = 0; i < 200; i++) {
      const done = await page.locator('#ex-increment .scheduler .verdict').count();
      if (done) break;
      const before = await page.locator('#ex-increment .scheduler table.swimlane tr[data-step]').count();
      await page.locator('#ex-increment .scheduler .choice').first().click();
      await expect.poll(() => page.locator('#ex-increment .scheduler table.swimlane tr[data-step]').count()).toBe(before + 1);
    }
    expect(await page.locator('#ex-increment .scheduler .verdict').textContent()).toMatch(/finished|found it/);
    await page.close();
  });

  it('unfolds the hints one at a time', async () => {
    const { page } = await h.page();
    await openFresh(page, `${h.server.url}counter.html`);
    const button = page.locator('#ex-increment .hint-button');
    expect(await page.locator('#ex-increment .hint-list li').count()).toBe(0);
    await button.click();
    expect(await page.locator('#ex-increment .hint-list li').allTextContents()).toEqual(['Both threads can read the old value before either writes.']);
    expect(await button.textContent()).toBe('Show another hint (2 of 2)');
    await button.click();
    expect(await page.locator('#ex-increment .hint-list li').count()).toBe(2);
    expect(await button.isDisabled()).toBe(true);
    await page.close();
  });

  it('cancels a long check when a newer edit arrives', async () => {
    const { page } = await h.page();
    await openFresh(page, `${h.server.url}counter.html`);
    await verdictOf(page, 'increment', ['fail']);
    // Hundreds of unsynchronised increments per thread: a search far longer than this test waits.
    const slow = 'void increment(void) {\n  for (int i = 0; i < 400; i++) {\n    int v = counter;\n    counter = v + 1;\n  }\n}\n';
    await typeInto(page, 'increment', slow);
    await expect.poll(() => page.locator('#ex-increment .verdict').textContent(), { timeout: 10_000 }).toMatch(/Checking… [\d,]+ states/);
    const started = Date.now();
    await typeInto(page, 'increment', solution);
    await verdictOf(page, 'increment', ['pass']);
    expect(Date.now() - started).toBeLessThan(10_000);
    // The abandoned search never reports over the newer verdict.
    await page.waitForTimeout(1500);
    expect(await page.locator('#ex-increment').getAttribute('data-verdict')).toBe('pass');
    await page.close();
  });

  it('student build holds no solution text anywhere; the instructor build shows it', async () => {
    for (const [name, body] of h.site.files) {
      const text = typeof body === 'string' ? body : Buffer.from(body).toString('latin1');
      expect(text.includes('SOLUTION-MARKER-7f3a'), name).toBe(false);
      expect(text.includes('WRONG-MARKER-91c2'), name).toBe(false);
    }
    const { page } = await h.page();
    await openFresh(page, `${h.server.url}counter.html`);
    expect(await page.content()).not.toContain('SOLUTION-MARKER');
    expect(await page.locator('.rc-solution, .rc-wrong').count()).toBe(0);
    await page.close();

    // The instructor build: solutions and the wrong-fix catalogue on the page, loadable into the editor.
    const teacher = await startHarness(DIR, { instructor: true });
    try {
      const { page: tab } = await teacher.page();
      await openFresh(tab, `${teacher.server.url}counter.html`);
      expect(await tab.locator('details.rc-solution').count()).toBe(1);
      expect(await tab.locator('details.rc-wrong summary').textContent()).toContain('lock only the read');
      await verdictOf(tab, 'increment', ['fail']);
      await tab.locator('#ex-increment select').selectOption({ label: 'reference solution 1' });
      await verdictOf(tab, 'increment', ['pass']);
      await tab.locator('#ex-increment select').selectOption({ label: 'wrong: lock only the read (breaks assertion)' });
      await expect.poll(() => tab.locator('#ex-increment .verdict').textContent()).toMatch(/^✗ Fail — assertion/);
      await tab.close();
    } finally {
      await teacher.close();
    }
  });
});
