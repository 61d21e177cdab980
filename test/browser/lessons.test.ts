// Every lesson in lessons/, every exercise, in real Chromium: the starter fails
// with a swimlane, stepping through the counterexample moves the highlighted
// line, the lesson's first reference solution (read from the .md here, on the
// Node side: the page itself never contains it) typed into the editor passes.
// One screenshot per lesson goes to test/artifacts/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLessons } from '../../build/lesson/index.ts';
import { ARTIFACTS, exerciseSelector, openFresh, startHarness, typeInto, verdictOf, type Harness } from './harness.ts';

const DIR = 'lessons';
const { lessons, diagnostics } = loadLessons(DIR);

let h: Harness;
beforeAll(async () => { h = await startHarness(DIR); }, 180_000);
afterAll(async () => { await h?.close(); });

describe('the lessons', () => {
  it('exist and parse without errors', () => {
    expect(lessons.length).toBeGreaterThan(0);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  for (const lesson of lessons) {
    const page = `${lesson.slug}.html`;
    it(`${lesson.slug}: every js cell and inline expression runs without an error`, async () => {
      const { page: tab, errors } = await h.page();
      await openFresh(tab, `${h.server.url}${page}`);
      // Cells that check or sample wait for the worker; give them time to settle.
      await tab.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('section.rc-exercise')]
        .every((e) => ['pass', 'fail', 'error', 'inconclusive'].includes(e.dataset.verdict ?? '')), undefined, { timeout: 180_000 });
      await tab.waitForFunction(() => document.querySelectorAll('.rc-cell.running, .rc-inline.running').length === 0, undefined, { timeout: 180_000 });
      const cellErrors = await tab.locator('.rc-cell .rc-error, .rc-inline .rc-error, .rc-error[role=alert]').allTextContents();
      expect(cellErrors).toEqual([]);
      expect(await tab.locator('.rc-cell').count()).toBeGreaterThan(0);
      await tab.screenshot({ path: `${ARTIFACTS}/${lesson.slug}-cells.png`, fullPage: true });
      expect(errors).toEqual([]);
      await tab.close();
    }, 400_000);

    for (const [name, spec] of Object.entries(lesson.exercises)) {
      it(`${lesson.slug} / ${name}: starter fails with a timeline, steps move the line, the reference solution passes`, async () => {
        const { page: tab, errors } = await h.page();
        const sel = exerciseSelector(name);
        await openFresh(tab, `${h.server.url}${page}`);
        expect(await verdictOf(tab, name, ['fail', 'pass', 'error', 'inconclusive'], 90_000), await tab.locator(`${sel} .verdict`).textContent() ?? '').toBe('fail');
        expect(await tab.locator(`${sel} .verdict`).textContent()).toContain(spec.config.starter_fails);
        if (spec.config.starter_fails === 'deadlock') {
          // Who waits for what, and who holds it.
          expect(await tab.locator(`${sel} .trace .waits li`).count()).toBeGreaterThan(0);
        }
        const rows = tab.locator(`${sel} .trace table.swimlane tr[data-step]`);
        const steps = await rows.count();
        expect(steps).toBeGreaterThan(0);
        // Step from the start: the current row follows, and the highlighted code line changes.
        await tab.locator(`${sel} .step-first`).click();
        const lines = new Set<string>();
        for (let i = 0; i < Math.min(steps, 12); i++) {
          await tab.locator(`${sel} .step-next`).click();
          await expect.poll(() => tab.locator(`${sel} .trace tr.current`).getAttribute('data-step')).toBe(String(i));
          lines.add(await tab.evaluate((s) => {
            const model = document.querySelector('.rc-model .line.trace-line') as HTMLElement | null;
            const editor = document.querySelector(`${s} .cm-trace-line`);
            return model ? `model:${model.dataset.line}` : editor ? `editor:${editor.textContent}` : 'none';
          }, sel));
        }
        if (steps > 1) expect(lines.size).toBeGreaterThan(1);
        await expect.poll(() => tab.locator(`${sel} .state-panel`).count(), { timeout: 30_000 }).toBeGreaterThan(0);
        await tab.locator(sel).screenshot({ path: `${ARTIFACTS}/${lesson.slug}-${name}-fail.png` });

        const solution = spec.solutions?.[0]?.text;
        expect(solution, 'every exercise has a reference solution').toBeTruthy();
        expect(await tab.content()).not.toContain(solution!.trim());
        await typeInto(tab, name, solution!.endsWith('\n') ? solution! : `${solution}\n`);
        await expect.poll(async () => (await tab.locator(sel).getAttribute('data-verdict')) === 'pass'
          ? 'pass' : await tab.locator(`${sel} .verdict`).textContent(), { timeout: 90_000, interval: 250 }).toBe('pass');
        await tab.screenshot({ path: `${ARTIFACTS}/${lesson.slug}.png`, fullPage: true });
        expect(errors).toEqual([]);
        await tab.close();
      }, 240_000);
    }
  }
});
