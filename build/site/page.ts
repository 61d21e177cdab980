// The HTML shell of every page: header with the theme toggle, table of contents,
// the lesson, prev/next navigation, the embedded page data and the hashed assets.
// All URLs are relative, so the site works from any directory of any static host.
import type { Diagnostic } from '../../runtime/diagnostics.ts';
import type { IndexData, PageData } from '../../site/data.ts';
import { escapeHtml, jsonForScript } from './html.ts';
import type { TocEntry } from './markdown.ts';

export interface Assets {
  /** file names under assets/, relative to the site root */
  client: string;
  worker: string;
  css: string;
}

export interface PageLink {
  href: string;
  title: string;
}

export interface ShellOptions {
  title: string;
  assets: Assets;
  /** dev server: live reload and the error banner */
  dev?: { diagnostics: Diagnostic[] };
  instructor: boolean;
}

/** Applied before first paint so a dark-theme reader never sees a white flash. */
const THEME_BOOT = `try{var t=localStorage.getItem('racecourse:theme');if(t)document.documentElement.dataset.theme=t}catch(e){}`;

const LIVE_RELOAD = `(function(){var s=new EventSource('__events');s.onmessage=function(e){if(e.data==='reload'||e.data===(location.pathname.split('/').pop()||'index.html'))location.reload()};})();`;

function diagnosticsBanner(list: Diagnostic[]): string {
  if (list.length === 0) return '';
  const items = list.map((d) => {
    const where = d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
    return `<li><code>${escapeHtml(where)}</code>: ${escapeHtml(d.severity)}: ${escapeHtml(d.message)}</li>`;
  }).join('');
  return `<section class="rc-diagnostics" role="alert" aria-label="Lesson errors"><h2>Problems in this lesson</h2><ul>${items}</ul></section>`;
}

function shell(opts: ShellOptions, main: string, dataScript: string): string {
  const dev = opts.dev ? `<script>${LIVE_RELOAD}</script>` : '';
  const banner = opts.dev ? diagnosticsBanner(opts.dev.diagnostics) : '';
  const badge = opts.instructor ? '<span class="badge" title="This build shows reference solutions">instructor</span>' : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<link rel="icon" href="data:,">
<title>${escapeHtml(opts.title)}</title>
<script>${THEME_BOOT}</script>
<link rel="stylesheet" href="assets/${opts.assets.css}">
${dev}
</head>
<body>
<a class="skip" href="#content">Skip to the lesson</a>
<header class="site-header">
  <a class="site-title" href="index.html">racecourse</a>${badge}
  <button type="button" class="theme-toggle" aria-label="Switch between light and dark theme">◐</button>
</header>
${banner}
${main}
${dataScript}
<script type="module" src="assets/${opts.assets.client}"></script>
</body>
</html>
`;
}

export interface LessonPageInput {
  data: PageData;
  html: string;
  toc: TocEntry[];
  summary: string;
  links: { title: string; url: string }[];
  prev?: PageLink;
  next?: PageLink;
}

export function lessonPage(input: LessonPageInput, opts: ShellOptions): string {
  const { data } = input;
  const toc = input.toc.length
    ? `<nav class="toc" aria-label="Contents of this lesson"><h2>Contents</h2><ol>${input.toc
      .map((t) => `<li class="toc-${t.level}"><a href="#${escapeHtml(t.id)}">${escapeHtml(t.text)}</a></li>`).join('')}</ol></nav>`
    : '';
  const links = input.links.length
    ? `<section class="sources" aria-label="Sources"><h2>Sources</h2><ul>${input.links
      .map((l) => `<li><a href="${escapeHtml(l.url)}">${escapeHtml(l.title)}</a></li>`).join('')}</ul></section>`
    : '';
  const nav = `<nav class="prevnext" aria-label="Lessons">${
    input.prev ? `<a rel="prev" href="${escapeHtml(input.prev.href)}">← ${escapeHtml(input.prev.title)}</a>` : '<span></span>'}${
    input.next ? `<a rel="next" href="${escapeHtml(input.next.href)}">${escapeHtml(input.next.title)} →</a>` : '<span></span>'}</nav>`;
  const main = `<div class="layout">
${toc}
<main id="content" tabindex="-1">
<article class="lesson" data-lesson="${escapeHtml(data.lesson.slug)}">
<h1>${escapeHtml(data.lesson.title)}</h1>
<p class="summary">${escapeHtml(input.summary)}</p>
${input.html}
${links}
</article>
${nav}
</main>
</div>`;
  const script = `<script type="application/json" id="rc-data">${jsonForScript(data)}</script>`;
  return shell({ ...opts, title: `${data.lesson.title} · racecourse` }, main, script);
}

export interface IndexEntry {
  href: string;
  slug: string;
  title: string;
  summary: string;
  order: number;
  exercises: string[];
}

export function indexPage(entries: IndexEntry[], opts: ShellOptions): string {
  const items = entries.map((e) => `<li class="lesson-card" data-lesson="${escapeHtml(e.slug)}">
  <a href="${escapeHtml(e.href)}"><span class="order">${e.order}</span> ${escapeHtml(e.title)}</a>
  <p>${escapeHtml(e.summary)}</p>
  <p class="progress" data-progress="${escapeHtml(e.slug)}" aria-live="polite">${e.exercises.length} exercise${e.exercises.length === 1 ? '' : 's'}</p>
</li>`).join('\n');
  const data: IndexData = { lessons: entries.map((e) => ({ slug: e.slug, title: e.title, exercises: e.exercises })) };
  const main = `<main id="content" class="index" tabindex="-1">
<h1>Concurrency bugs, model-checked</h1>
<p class="summary">Each lesson retells a real operating-system concurrency bug. Edit the fix; a model checker in your browser tries every interleaving.</p>
<ol class="lessons">
${items}
</ol>
</main>`;
  const script = `<script type="application/json" id="rc-index">${jsonForScript(data)}</script>`;
  return shell({ ...opts, title: 'racecourse' }, main, script);
}

/** The dev server's page for a lesson that could not be parsed at all. */
export function errorPage(file: string, diagnostics: Diagnostic[], opts: ShellOptions): string {
  const main = `<main id="content" tabindex="-1"><h1>${escapeHtml(file)} has errors</h1><p>Fix them and save; this page reloads.</p></main>`;
  return shell({ ...opts, title: `${file} · errors`, dev: { diagnostics } }, main, '');
}
