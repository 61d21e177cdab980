// The page's JavaScript and CSS, bundled by esbuild with content-hashed names
// (assets/client-3F2A….js) so any static host may cache them forever, and a new
// build never mixes with an old one. Three entries: the page client, the checker's
// Web Worker (which bundles runtime/ and so the whole checker), and the styles
// (KaTeX's stylesheet and fonts included, since math is rendered at build time).
import * as esbuild from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Assets } from './page.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface BundledAssets {
  assets: Assets;
  /** every output file: path relative to assets/ and its bytes */
  files: { name: string; contents: Uint8Array }[];
}

export async function bundleAssets(options: { minify?: boolean } = {}): Promise<BundledAssets> {
  const minify = options.minify ?? true;
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: { client: 'site/client.ts', worker: 'site/worker.ts', style: 'site/style.css' },
    bundle: true,
    format: 'esm',
    target: ['es2022', 'chrome110', 'firefox115', 'safari16'],
    minify,
    sourcemap: false,
    write: false,
    outdir: 'assets',
    entryNames: '[name]-[hash]',
    assetNames: 'fonts/[name]-[hash]',
    loader: { '.woff2': 'file', '.woff': 'file', '.ttf': 'file' },
    metafile: true,
    legalComments: 'none',
    logLevel: 'silent',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const files = result.outputFiles.map((f) => ({ name: relative(join(root, 'assets'), f.path), contents: f.contents }));
  const entry = (name: string): string => {
    for (const [out, meta] of Object.entries(result.metafile.outputs)) {
      if (meta.entryPoint && basename(meta.entryPoint).replace(/\.(ts|css)$/, '') === name) return relative('assets', out);
    }
    throw new Error(`esbuild produced no output for ${name}`);
  };
  return { assets: { client: entry('client'), worker: entry('worker'), css: entry('style') }, files };
}

export function writeAssets(outDir: string, bundled: BundledAssets): void {
  for (const f of bundled.files) {
    const path = join(outDir, 'assets', f.name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, f.contents);
  }
}
