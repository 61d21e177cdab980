// The static site: every lesson page, the index and the hashed assets, kept in
// memory as path → contents so the dev server can serve them directly and
// rebuild one lesson without touching the others; `write` puts them on disk.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { lessonSlug, parseLesson, type Lesson } from '../lesson/index.ts';
import type { Diagnostic } from '../../runtime/diagnostics.ts';
import { compile } from '../../runtime/dialect/index.ts';
import { exerciseUnits } from '../../runtime/exercise.ts';
import type { PageData } from '../../site/data.ts';
import { bundleAssets, type BundledAssets } from './assets.ts';
import { renderMarkdown } from './markdown.ts';
import { errorPage, indexPage, lessonPage, type ShellOptions } from './page.ts';
import { exerciseData, rolesOf } from './page-data.ts';

export interface SiteOptions {
  lessonsDir: string;
  instructor: boolean;
  /** dev server: live-reload script and error banners in pages */
  dev?: boolean;
  minify?: boolean;
}

interface LessonEntry {
  file: string;
  text: string;
  lesson?: Lesson;
  diagnostics: Diagnostic[];
  /** page file name (relative to the site root) */
  href: string;
}

export function pageName(lesson: { slug: string }): string {
  return `${lesson.slug}.html`;
}

/**
 * Every exercise's model with its starter, compiled: an error there is an
 * authoring error the page would only show once a student opened it.
 */
function compileErrors(lesson: Lesson): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const spec of Object.values(lesson.exercises)) {
    for (const d of compile(exerciseUnits(spec, spec.starter)).diagnostics) {
      if (d.severity !== 'error') continue;
      const key = `${d.file}:${d.line}:${d.column}:${d.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ ...d, message: `C: ${d.message}${d.file === lesson.file ? '' : ` (starter of ${spec.name})`}` });
    }
  }
  return out;
}

export class Site {
  readonly files = new Map<string, Uint8Array | string>();
  private lessons = new Map<string, LessonEntry>();
  private bundled?: BundledAssets;

  constructor(readonly options: SiteOptions) {}

  /** Bundles the assets (again) and renders every lesson found in lessonsDir. */
  async buildAll(): Promise<void> {
    let names: string[];
    try {
      names = readdirSync(this.options.lessonsDir);
    } catch {
      throw new Error(`cannot read the lessons directory '${this.options.lessonsDir}'`);
    }
    await this.rebundle(false);
    this.lessons.clear();
    for (const name of names.filter((n) => n.toLowerCase().endsWith('.md')).sort()) {
      this.load(join(this.options.lessonsDir, name));
    }
    this.renderAll();
  }

  /** After a change under site/ or runtime/: new bundles, new hashes, every page again. */
  async rebundle(render = true): Promise<void> {
    this.bundled = await bundleAssets({ minify: this.options.minify ?? !this.options.dev });
    for (const key of [...this.files.keys()]) if (key.startsWith('assets/')) this.files.delete(key);
    for (const f of this.bundled.files) this.files.set(`assets/${f.name}`, f.contents);
    if (render) this.renderAll();
  }

  /**
   * A lesson file was saved, created or deleted: parse it alone and render its
   * page; other pages are rendered again only when the lesson list changed
   * (titles, order, exercises: what the index and prev/next links show).
   * Returns the page names that changed.
   */
  updateLesson(file: string): string[] {
    const before = this.outline();
    const old = this.lessons.get(file);
    let exists = true;
    try { readFileSync(file); } catch { exists = false; }
    if (!exists) {
      this.lessons.delete(file);
      if (old) this.files.delete(old.href);
    } else {
      const entry = this.load(file);
      if (old && old.href !== entry.href) this.files.delete(old.href);
    }
    if (this.outline() !== before) return this.renderAll();
    const entry = this.lessons.get(file);
    if (!entry) return [];
    this.renderLesson(entry);
    return [entry.href];
  }

  diagnostics(): Diagnostic[] {
    return [...this.ordered(true)].flatMap((e) => e.diagnostics);
  }

  /**
   * Replace the site in outDir. Only a directory that holds nothing but a
   * previous build (pages and assets/) is cleared; anything else is refused, so a
   * mistyped --out never deletes someone's files.
   */
  write(outDir: string): void {
    if (existsSync(outDir)) {
      if (!statSync(outDir).isDirectory()) throw new Error(`'${outDir}' exists and is not a directory`);
      const entries = readdirSync(outDir);
      const foreign = entries.filter((e) => !(e.endsWith('.html') || (e === 'assets' && statSync(join(outDir, e)).isDirectory())));
      if (foreign.length > 0) {
        throw new Error(`refusing to replace '${outDir}': it holds ${foreign.slice(0, 3).map((f) => `'${f}'`).join(', ')}${foreign.length > 3 ? '…' : ''}, which a site build never writes; choose another --out or empty it`);
      }
      for (const e of entries) rmSync(join(outDir, e), { recursive: true, force: true });
    }
    for (const [name, contents] of this.files) {
      const path = join(outDir, name);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, contents);
    }
  }

  private load(file: string): LessonEntry {
    const text = readFileSync(file, 'utf8');
    const parsed = parseLesson(text, file);
    // A lesson that does not parse keeps its page name, so the dev server can show its errors there.
    const slug = parsed.lesson?.slug ?? lessonSlug(file);
    const entry: LessonEntry = { file, text, diagnostics: parsed.diagnostics, href: pageName({ slug }) };
    if (parsed.lesson) entry.lesson = parsed.lesson;
    this.lessons.set(file, entry);
    return entry;
  }

  /** Lessons in page order; with `all`, those that failed to parse too (at the end). */
  private ordered(all = false): LessonEntry[] {
    const list = [...this.lessons.values()];
    const good = list.filter((e) => e.lesson).sort((a, b) => a.lesson!.meta.order - b.lesson!.meta.order || (a.file < b.file ? -1 : 1));
    return all ? [...good, ...list.filter((e) => !e.lesson)] : good;
  }

  /** What other pages show about the lessons; a change here re-renders everything. */
  private outline(): string {
    return JSON.stringify(this.ordered(true).map((e) => [e.file, e.href, e.lesson?.meta.title, e.lesson?.meta.order, e.lesson?.meta.summary, Object.keys(e.lesson?.exercises ?? {})]));
  }

  private shell(diagnostics: Diagnostic[]): ShellOptions {
    if (!this.bundled) throw new Error('assets are not bundled yet');
    const opts: ShellOptions = { title: 'racecourse', assets: this.bundled.assets, instructor: this.options.instructor };
    if (this.options.dev) opts.dev = { diagnostics };
    return opts;
  }

  private renderAll(): string[] {
    for (const key of [...this.files.keys()]) if (key.endsWith('.html')) this.files.delete(key);
    const ordered = this.ordered();
    const names: string[] = [];
    for (const entry of this.ordered(true)) { this.renderLesson(entry); names.push(entry.href); }
    const index = ordered.map((e) => ({
      href: e.href, slug: e.lesson!.slug, title: e.lesson!.meta.title, summary: e.lesson!.meta.summary,
      order: e.lesson!.meta.order, exercises: Object.keys(e.lesson!.exercises),
    }));
    this.files.set('index.html', indexPage(index, this.shell(this.options.dev ? this.ordered(true).flatMap((e) => e.diagnostics) : [])));
    names.push('index.html');
    return names;
  }

  private renderLesson(entry: LessonEntry): void {
    const lesson = entry.lesson;
    if (!lesson) {
      if (this.options.dev) this.files.set(entry.href, errorPage(entry.file, entry.diagnostics, this.shell(entry.diagnostics)));
      return;
    }
    const ordered = this.ordered();
    const at = ordered.findIndex((e) => e.file === entry.file);
    const rendered = renderMarkdown(entry.text, { file: lesson.file, instructor: this.options.instructor, roles: rolesOf(lesson.blocks) });
    // Parser diagnostics first, then what only rendering finds (cell syntax, TeX),
    // then the dialect's errors in the model and starters.
    const parsed = entry.diagnostics.filter((d) => !d.message.startsWith('js cell:') && !d.message.startsWith('math:') && !d.message.startsWith('C: '));
    entry.diagnostics = [...parsed, ...rendered.diagnostics, ...compileErrors(lesson)];
    const data: PageData = {
      lesson: { slug: lesson.slug, file: lesson.file, title: lesson.meta.title, order: lesson.meta.order },
      instructor: this.options.instructor,
      cells: rendered.cells,
      inlines: rendered.inlines,
      exercises: exerciseData(lesson, rendered.exercises, this.options.instructor),
      worker: `assets/${this.bundled!.assets.worker}`,
    };
    const prev = ordered[at - 1];
    const next = ordered[at + 1];
    const html = lessonPage({
      data, html: rendered.html, toc: rendered.toc, summary: lesson.meta.summary, links: lesson.meta.links,
      ...(prev ? { prev: { href: prev.href, title: prev.lesson!.meta.title } } : {}),
      ...(next ? { next: { href: next.href, title: next.lesson!.meta.title } } : {}),
    }, this.shell(entry.diagnostics));
    this.files.set(entry.href, html);
  }
}
