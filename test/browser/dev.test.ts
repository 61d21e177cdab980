// racecourse dev in chromium: saving a lesson reloads the open page with the
// new text; an error in the lesson appears in the page with file:line:col.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../build/dev/server.ts';
import { launchChromium } from './harness.ts';

let dir: string;
let dev: DevServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'racecourse-dev-browser-'));
  cpSync('test/fixtures/lessons', dir, { recursive: true });
  dev = await startDevServer({ lessonsDir: dir, port: 0, watchSources: false, log: () => {} });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await dev?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('reloads the open lesson when it is saved, and shows its errors', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${dev.url}counter.html`);
  await page.waitForSelector('#ex-increment .cm-content');
  const file = join(dir, '01-counter.md');
  const good = readFileSync(file, 'utf8');
  // Give the page's EventSource a moment to connect, then save.
  await page.waitForTimeout(500);
  writeFileSync(file, good.replace('A static snippet', 'A freshly saved snippet'));
  await page.waitForFunction(() => document.body.textContent?.includes('A freshly saved snippet'), undefined, { timeout: 15_000 });
  writeFileSync(file, good.replace('```js\nthreads + expected\n```', '```js\nthreads +\n```'));
  await page.waitForSelector('.rc-diagnostics', { timeout: 15_000 });
  expect(await page.locator('.rc-diagnostics li').first().textContent()).toMatch(/01-counter\.md:55:1: error: js cell: Unexpected token/);
  await page.close();
}, 60_000);
