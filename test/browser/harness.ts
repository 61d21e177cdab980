// Shared by the browser tests: build a site into memory, serve it under a
// sub-path (so relative URLs are exercised), and drive Debian's chromium through
// playwright-core with a fresh profile. Screenshots go to test/artifacts/.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { Site } from '../../build/site/build.ts';
import { serveStatic, type StaticServer } from '../../build/dev/http.ts';

export const ARTIFACTS = 'test/artifacts';

export interface Harness {
  site: Site;
  server: StaticServer;
  /** a persistent context on a fresh, throw-away profile directory */
  context: BrowserContext;
  /** a new tab with console errors collected */
  page(): Promise<{ page: Page; errors: string[] }>;
  close(): Promise<void>;
}

/** Debian's chromium with a fresh, throw-away profile (playwright passes it as --user-data-dir). */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'racecourse-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1200, height: 900 },
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function startHarness(lessonsDir: string, options: { instructor?: boolean } = {}): Promise<Harness> {
  const site = new Site({ lessonsDir, instructor: options.instructor ?? false });
  await site.buildAll();
  const server = await serveStatic((p) => site.files.get(p), { base: '/course/' });
  const browser = await launchChromium();
  const context = browser.context;
  return {
    site, server, context,
    async page() {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
      return { page, errors };
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** Open a page with no saved exercise text or progress (a new student). */
export async function openFresh(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.evaluate(() => localStorage.clear());
  await page.reload();
}

/** Replace the whole text of the exercise's editor by typing it, as a student would. */
export async function typeInto(page: Page, exercise: string, text: string): Promise<void> {
  const content = page.locator(`${exerciseSelector(exercise)} .cm-content`);
  await content.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  // CodeMirror auto-indents on Enter; insertText keeps the text exactly as given.
  await page.keyboard.insertText(text);
}

/** The exercise's section, by attribute (exercise names need not be CSS identifiers). */
export function exerciseSelector(exercise: string): string {
  return `section.rc-exercise[data-exercise="${exercise.replace(/["\\]/g, '\\$&')}"]`;
}

export async function verdictOf(page: Page, exercise: string, kinds: string[], timeout = 30_000): Promise<string> {
  const section = page.locator(exerciseSelector(exercise));
  await page.waitForFunction(([ex, ks]) => {
    const v = document.getElementById(`ex-${ex}`)?.dataset.verdict;
    return v !== undefined && (ks as string[]).includes(v);
  }, [exercise, kinds] as const, { timeout });
  return (await section.getAttribute('data-verdict')) ?? '';
}
