// The site's figures (issue 5): full build time, rebuild after editing one lesson,
// JS and CSS bytes (gzip) a lesson page loads, and in Chromium the time from a
// keystroke in an exercise editor to the verdict on screen, per exercise.
// Targets: build < 2 s, rebuild < 200 ms, JS < 250 KB gzip, keystroke-to-verdict < 150 ms.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadLessons } from '../build/lesson/index.ts';
import { Site } from '../build/site/build.ts';
import { exerciseSelector, openFresh, startHarness } from '../test/browser/harness.ts';

const LESSONS = 'lessons';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

function mark(ok: boolean): string {
  return ok ? '✓' : '✗';
}

function gz(body: Uint8Array | string | undefined): number {
  return body === undefined ? 0 : gzipSync(body, { level: 9 }).length;
}

async function buildFigures(): Promise<void> {
  const times: number[] = [];
  let site!: Site;
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    site = new Site({ lessonsDir: LESSONS, instructor: false });
    await site.buildAll();
    times.push(performance.now() - t);
  }
  const build = median(times);
  console.log(`full build (${LESSONS}/, student, minified): median ${build.toFixed(0)} ms of 3   target < 2000 ms ${mark(build < 2000)}`);

  const dir = mkdtempSync(join(tmpdir(), 'racecourse-bench-'));
  try {
    cpSync(LESSONS, dir, { recursive: true });
    const copy = new Site({ lessonsDir: dir, instructor: false });
    await copy.buildAll();
    const { lessons } = loadLessons(dir);
    const file = lessons[0]!.file;
    const text = readFileSync(file, 'utf8');
    const rebuilds: number[] = [];
    for (let i = 0; i < 10; i++) {
      writeFileSync(file, `${text}\nEdited paragraph ${i}.\n`);
      const t = performance.now();
      copy.updateLesson(file);
      rebuilds.push(performance.now() - t);
    }
    const r = median(rebuilds);
    console.log(`rebuild after editing ${file.split('/').pop()}: median ${r.toFixed(1)} ms of 10   target < 200 ms ${mark(r < 200)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  console.log('\nbytes a lesson page loads (gzip -9):');
  console.log('page                              html+data   JS (client+worker)   CSS   target JS < 250 KB');
  for (const [name, body] of site.files) {
    if (!name.endsWith('.html') || name === 'index.html') continue;
    const html = String(body);
    const refs = [...html.matchAll(/(?:src|href)="(assets\/[^"]+\.(?:js|css))"/g)].map((m) => m[1]!);
    const worker = /"worker":"(assets\/[^"]+)"/.exec(html)?.[1];
    const js = refs.filter((r) => r.endsWith('.js')).concat(worker ? [worker] : []).reduce((n, r) => n + gz(site.files.get(r)), 0);
    const css = refs.filter((r) => r.endsWith('.css')).reduce((n, r) => n + gz(site.files.get(r)), 0);
    console.log(`${name.padEnd(34)}${(gz(html) / 1024).toFixed(1).padStart(8)} KB${(js / 1024).toFixed(1).padStart(14)} KB${(css / 1024).toFixed(1).padStart(9)} KB   ${mark(js < 250 * 1024)}`);
  }
}

/** Keystroke (a space typed at the end of the editor) to the new verdict on screen. */
async function keystrokeFigures(): Promise<void> {
  const { lessons } = loadLessons(LESSONS);
  const h = await startHarness(LESSONS);
  try {
    console.log('\nkeystroke to verdict in chromium (median of 5, each after a pause, on a settled and warmed-up page):');
    for (const lesson of lessons) {
      for (const name of Object.keys(lesson.exercises)) {
        const { page } = await h.page();
        await openFresh(page, `${h.server.url}${lesson.slug}.html`);
        const sel = exerciseSelector(name);
        await page.waitForFunction((s) => ['pass', 'fail', 'error', 'inconclusive'].includes((document.querySelector(s) as HTMLElement)?.dataset.verdict ?? ''), sel, { timeout: 120_000 });
        // Other exercises' first checks must not compete with this one, nor the
        // lesson's cells still computing what they show on load (the COW lesson's
        // run five checks in a worker of their own): typing starts on a settled page.
        await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('section.rc-exercise')].every((e) => !['queued', 'running'].includes(e.dataset.verdict ?? '')), undefined, { timeout: 300_000 });
        await page.waitForFunction(() => document.querySelector('.rc-cell.running, .rc-inline.running') === null, undefined, { timeout: 300_000 });
        // and its checkers warmed up (site/checker.ts), as they are for a student who has read the exercise
        await page.waitForFunction(() => document.documentElement.dataset.checkers === 'warm', undefined, { timeout: 300_000 });
        await page.evaluate((s) => {
          const w = window as unknown as { __t0: number; __t1: number };
          const section = document.querySelector(s) as HTMLElement;
          section.addEventListener('keydown', () => { w.__t0 = performance.now(); w.__t1 = 0; }, true);
          new MutationObserver(() => {
            const v = section.dataset.verdict ?? '';
            if (w.__t0 && !w.__t1 && ['pass', 'fail', 'error', 'inconclusive'].includes(v)) w.__t1 = performance.now();
          }).observe(section, { attributes: true, attributeFilter: ['data-verdict'] });
        }, sel);
        await page.locator(`${sel} .cm-content`).click();
        await page.keyboard.press('Control+End');
        const times: number[] = [];
        for (let i = 0; i < 5; i++) {
          await page.waitForTimeout(400);
          await page.keyboard.type(' ');
          await page.waitForFunction(() => (window as unknown as { __t1: number }).__t1 > 0, undefined, { timeout: 120_000 });
          times.push(await page.evaluate(() => { const w = window as unknown as { __t0: number; __t1: number }; return w.__t1 - w.__t0; }));
        }
        const verdict = await page.locator(sel).getAttribute('data-verdict');
        const m = median(times);
        console.log(`  ${`${lesson.slug} / ${name}`.padEnd(44)} ${m.toFixed(0).padStart(6)} ms  (${verdict})   target < 150 ms ${mark(m < 150)}`);
        await page.close();
      }
    }
  } finally {
    await h.close();
  }
}

export async function bench(): Promise<void> {
  await buildFigures();
  await keystrokeFigures();
}
