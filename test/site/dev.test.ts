// racecourse dev: serves the site from memory, pushes a reload event when a
// lesson is saved (re-rendering only that lesson), and shows lesson errors in the
// page with file:line.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../build/dev/server.ts';

let dir: string;
let dev: DevServer;
const logs: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'racecourse-dev-'));
  cpSync('test/fixtures/lessons', dir, { recursive: true });
  dev = await startDevServer({ lessonsDir: dir, port: 0, watchSources: false, log: (l) => logs.push(l) });
}, 60_000);

afterAll(async () => {
  await dev?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function fetchText(path: string): Promise<{ status: number; text: string }> {
  const res = await fetch(new URL(path, dev.url));
  return { status: res.status, text: await res.text() };
}

/** Collect server-sent events until `until` returns true (or 10 s pass). */
function events(until: (seen: string[]) => boolean): { done: Promise<string[]>; ready: Promise<void> } {
  const seen: string[] = [];
  let ready!: () => void;
  const readyP = new Promise<void>((r) => { ready = r; });
  const done = new Promise<string[]>((resolve, reject) => {
    const req = get(new URL('__events', dev.url), (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        if (chunk.startsWith(': connected')) ready();
        for (const m of chunk.matchAll(/^data: (.*)$/gm)) seen.push(m[1]!);
        if (until(seen)) { req.destroy(); resolve(seen); }
      });
    });
    req.on('error', (e) => { if (!until(seen)) reject(e); });
    setTimeout(() => { req.destroy(); resolve(seen); }, 10_000);
  });
  return { done, ready: readyP };
}

describe('the dev server', () => {
  it('serves the index, the lesson and the assets, with the live-reload script', async () => {
    const index = await fetchText('');
    expect(index.status).toBe(200);
    expect(index.text).toContain('href="counter.html"');
    const page = await fetchText('counter.html');
    expect(page.text).toContain('new EventSource');
    const asset = /src="(assets\/client-[^"]+)"/.exec(page.text)![1]!;
    expect((await fetchText(asset)).status).toBe(200);
    expect((await fetchText('nope.html')).status).toBe(404);
  });

  it('re-renders only the saved lesson and tells its page to reload', async () => {
    const file = join(dir, '01-counter.md');
    const { done, ready } = events((seen) => seen.includes('counter.html'));
    await ready;
    writeFileSync(file, readFileSync(file, 'utf8').replace('A static snippet', 'A STATIC SNIPPET'));
    const seen = await done;
    expect(seen).toContain('counter.html');
    expect(seen).not.toContain('index.html');
    expect((await fetchText('counter.html')).text).toContain('A STATIC SNIPPET');
    expect(logs.some((l) => /^rebuilt counter\.html in \d+ ms$/.test(l))).toBe(true);
  });

  it('shows a lesson error in the page with file:line:col', async () => {
    const file = join(dir, '01-counter.md');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace('```js\nthreads + expected\n```', '```js\nthreads +\n```'));
    const pages = dev.lessonChanged(file);
    expect(pages).toEqual(['counter.html']);
    const page = (await fetchText('counter.html')).text;
    expect(page).toContain('class="rc-diagnostics"');
    expect(page).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:55:1</code>: error: js cell: Unexpected token`));
    writeFileSync(file, good);
    dev.lessonChanged(file);
    expect((await fetchText('counter.html')).text).not.toContain('class="rc-diagnostics"');
  });

  it('shows a lesson that cannot be parsed as an error page, and re-renders the index when the title changes', async () => {
    const file = join(dir, '01-counter.md');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace('title: The lost update\n', ''));
    dev.lessonChanged(file);
    const broken = (await fetchText('counter.html')).text;
    expect(broken).toContain('has errors');
    expect(broken).toMatch(/title/);
    writeFileSync(file, good.replace('title: The lost update', 'title: The vanishing increment'));
    const pages = dev.lessonChanged(file);
    expect(pages).toContain('index.html');
    expect((await fetchText('')).text).toContain('The vanishing increment');
  });
});

describe('dialect errors in a lesson', () => {
  it('are listed in the page with the lesson line', async () => {
    const file = join(dir, '01-counter.md');
    const good = readFileSync(file, 'utf8');
    writeFileSync(file, good.replace('int counter;\npthread_mutex_t m;', 'int counter;\npthread_mutex_t m\n'));
    dev.lessonChanged(file);
    const page = (await fetchText('counter.html')).text;
    expect(page).toContain('class="rc-diagnostics"');
    expect(page).toMatch(/01-counter\.md:1[78]:\d+<\/code>: error: C: /);
    writeFileSync(file, good);
    dev.lessonChanged(file);
    expect((await fetchText('counter.html')).text).not.toContain('class="rc-diagnostics"');
  });
});
