// `racecourse dev`: the site served from memory with live reload. Saving a lesson
// re-parses and re-renders that lesson only (plus the index and neighbours when
// its title or order changed) and reloads the pages showing it; saving anything
// under site/ or runtime/ re-bundles the assets and reloads every page. Lesson
// errors (Markdown, cells, TeX, the parser's checks) are shown in the page with
// file:line.
import { watch, type FSWatcher } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatDiagnostic } from '../../runtime/diagnostics.ts';
import { Site } from '../site/build.ts';
import { serveStatic, type StaticServer } from './http.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface DevOptions {
  lessonsDir: string;
  port: number;
  host?: string;
  instructor?: boolean;
  /** watch site/ and runtime/ too (default true) */
  watchSources?: boolean;
  log?: (line: string) => void;
}

export interface DevServer {
  url: string;
  site: Site;
  /** re-render after a lesson file changed; returns the pages that changed */
  lessonChanged(file: string): string[];
  close(): Promise<void>;
}

export async function startDevServer(opts: DevOptions): Promise<DevServer> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const site = new Site({ lessonsDir: opts.lessonsDir, instructor: opts.instructor ?? false, dev: true, minify: false });
  await site.buildAll();
  const clients = new Set<ServerResponse>();
  const notify = (pages: string[]) => {
    for (const res of clients) for (const p of pages) res.write(`data: ${p}\n\n`);
  };
  const server: StaticServer = await serveStatic((path) => site.files.get(path), {
    port: opts.port,
    host: opts.host ?? '127.0.0.1',
    extra: (req, res) => {
      if (!req.url?.endsWith('/__events')) return false;
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      res.write(': connected\n\n');
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return true;
    },
  });
  const report = () => { for (const d of site.diagnostics()) log(formatDiagnostic(d)); };
  report();

  const lessonChanged = (file: string): string[] => {
    const started = performance.now();
    const pages = site.updateLesson(file);
    log(`rebuilt ${pages.join(', ') || '(nothing)'} in ${Math.round(performance.now() - started)} ms`);
    for (const d of site.diagnostics().filter((x) => x.file === file)) log(formatDiagnostic(d));
    notify(pages);
    return pages;
  };

  // Editors save in bursts (write, rename, chmod): settle for a moment first.
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const later = (key: string, fn: () => void) => {
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => { timers.delete(key); fn(); }, 30));
  };
  const watchers: FSWatcher[] = [];
  watchers.push(watch(opts.lessonsDir, (_event, name) => {
    if (!name || !name.toString().toLowerCase().endsWith('.md')) return;
    const file = join(opts.lessonsDir, name.toString());
    later(file, () => lessonChanged(file));
  }));
  if (opts.watchSources ?? true) {
    for (const dir of ['site', 'runtime']) {
      watchers.push(watch(join(root, dir), { recursive: true }, (_event, name) => {
        if (!name || !/\.(ts|css)$/.test(name.toString())) return;
        later('sources', () => {
          const started = performance.now();
          site.rebundle().then(() => {
            log(`re-bundled the page scripts in ${Math.round(performance.now() - started)} ms`);
            notify(['reload']);
          }, (e: unknown) => log(`bundling failed: ${(e as Error).message}`));
        });
      }));
    }
  }
  return {
    url: server.url,
    site,
    lessonChanged,
    close: async () => {
      for (const w of watchers) w.close();
      for (const t of timers.values()) clearTimeout(t);
      for (const c of clients) c.end();
      await server.close();
    },
  };
}
