// A small static HTTP server over a lookup function (path → contents), used by
// the dev server (pages kept in memory) and the browser tests (a built site,
// optionally under a sub-path, to prove the site works from any directory).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.svg': 'image/svg+xml', '.woff2': 'font/woff2', '.woff': 'font/woff', '.ttf': 'font/ttf',
  '.png': 'image/png',
};

export type Lookup = (path: string) => Uint8Array | string | undefined;

export interface StaticServer {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

/**
 * Serve `lookup` under `base` (e.g. '/' or '/course/'); a directory path serves
 * its index.html. `extra` may answer a request first (the dev server's events).
 */
export function serveStatic(lookup: Lookup, options: { port?: number; host?: string; base?: string; extra?: (req: IncomingMessage, res: ServerResponse) => boolean } = {}): Promise<StaticServer> {
  const base = options.base ?? '/';
  const server = createServer((req, res) => {
    if (options.extra?.(req, res)) return;
    let path: string;
    try { path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname); } catch { res.writeHead(400).end('bad URL'); return; }
    if (!path.startsWith(base)) {
      if (base !== '/' && `${path}/` === base) { res.writeHead(301, { location: base }).end(); return; }
      res.writeHead(404).end('not found'); return;
    }
    let rel = path.slice(base.length);
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    if (rel.split('/').includes('..')) { res.writeHead(400).end('bad path'); return; }
    const body = lookup(rel);
    if (body === undefined) { res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${rel}`); return; }
    res.writeHead(200, { 'content-type': TYPES[extname(rel)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
    res.end(body);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        server, port, url: `http://${options.host ?? '127.0.0.1'}:${port}${base}`,
        close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
      });
    });
  });
}
