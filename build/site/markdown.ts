// Lesson Markdown to HTML: the pipeline of issue 5. markdown-it renders prose;
// KaTeX renders `$…$` and `$$…$$` now, at build time; headings get anchors and a
// table of contents; fenced blocks are rendered by their role (build/site/info.ts):
// js cells become placeholders plus a CellDef for the page's reactive runtime,
// C blocks are highlighted statically, exercises become mount points for the
// editor, and solutions and wrong fixes are rendered ONLY in the instructor build.
import MarkdownIt from 'markdown-it';
import type { Env as MdEnv, MarkdownIt as Markdown, Token } from 'markdown-it';
import anchor from 'markdown-it-anchor';
import katex from 'katex';
import type { Diagnostic } from '../../runtime/diagnostics.ts';
import { transpileCell, transpileInline, type CellDef } from './cells.ts';
import { highlightC } from './highlight.ts';
import { escapeHtml } from './html.ts';
import { fenceRole, type FenceRole } from './info.ts';
import { dollarSyntax } from './math.ts';

export interface TocEntry {
  level: number;
  id: string;
  text: string;
}

export interface RenderOptions {
  /** the lesson file as the author knows it, used in every message */
  file: string;
  instructor: boolean;
  /**
   * Roles of the fenced blocks by the line of their opening fence (1-based), as
   * the lesson parser classified them; blocks not in it are classified here.
   */
  roles?: Map<number, FenceRole>;
}

export interface RenderedMarkdown {
  html: string;
  toc: TocEntry[];
  cells: CellDef[];
  inlines: CellDef[];
  /** exercise names in the order their editors appear */
  exercises: string[];
  diagnostics: Diagnostic[];
}

interface Env extends RenderOptions, MdEnv {
  cells: CellDef[];
  inlines: CellDef[];
  exercises: string[];
  diagnostics: Diagnostic[];
}

export function slugify(text: string): string {
  const slug = text.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '').trim().replace(/\s+/g, '-');
  return slug || 'section';
}

function renderTex(tex: string, display: boolean, env: Env, line: number, column: number): string {
  try {
    return katex.renderToString(tex, { displayMode: display, throwOnError: true, output: 'htmlAndMathml', strict: 'ignore' });
  } catch (e) {
    const message = (e as Error).message.replace(/^KaTeX parse error: /, '');
    env.diagnostics.push({ severity: 'error', file: env.file, line, column, message: `math: ${message}` });
    return `<span class="rc-error" role="alert">${escapeHtml(`${env.file}:${line}:${column}: ${message}`)}</span>`;
  }
}

/**
 * After parsing: give inline math and `${…}` their lesson line (the block's first
 * line plus the line breaks before them), render the TeX, and analyse cells.
 */
function annotate(tokens: Token[], env: Env): void {
  let cellCount = 0;
  for (const token of tokens) {
    if (token.type === 'inline' && token.children && token.map) {
      let line = token.map[0] + 1;
      let lineStart = 0; // offset in token.content where the current line starts
      for (const child of token.children) {
        if (child.type === 'softbreak' || child.type === 'hardbreak') {
          line++;
          lineStart = token.content.indexOf('\n', lineStart) + 1;
          continue;
        }
        const meta = (child.meta ?? {}) as { offset?: number; display?: boolean };
        const offset = meta.offset;
        const column = offset !== undefined ? Math.max(1, offset - lineStart + 1) : 1;
        if (child.type === 'math_inline') {
          child.meta = { ...meta, html: renderTex(child.content, meta.display === true, env, line, column) };
        } else if (child.type === 'rc_expr') {
          const def = transpileInline(child.content, `i${env.inlines.length + 1}`, env.file, line, env.diagnostics);
          env.inlines.push(def);
          child.meta = { ...meta, id: def.id, error: def.error };
        }
      }
    } else if (token.type === 'math_block') {
      token.meta = { html: renderTex(token.content, true, env, (token.map?.[0] ?? 0) + 1, 1) };
    } else if (token.type === 'fence') {
      const role = env.roles?.get((token.map?.[0] ?? -1) + 1) ?? fenceRole(token.info);
      const firstLine = (token.map?.[0] ?? 0) + 2; // the line after the opening fence
      let cell: CellDef | undefined;
      if (role.role === 'cell') {
        cell = transpileCell(token.content, `c${++cellCount}`, env.file, firstLine, env.diagnostics);
        env.cells.push(cell);
      }
      if (role.role === 'exercise') env.exercises.push(role.exercise);
      token.meta = { role, firstLine, cell };
    }
  }
}

function codeBlock(code: string, lang: string, firstLine: number): string {
  const body = lang === 'c' ? highlightC(code, firstLine) : escapeHtml(code.replace(/\n$/, ''));
  return `<pre class="code lang-${escapeHtml(lang || 'text')}"><code>${body}</code></pre>`;
}

function renderFence(token: Token, env: Env): string {
  const { role, firstLine, cell } = token.meta as unknown as { role: FenceRole; firstLine: number; cell?: CellDef };
  const code = token.content;
  switch (role.role) {
    case 'cell': {
      const source = role.echo ? codeBlock(code, 'js', firstLine) : '';
      const error = cell?.error ? `<div class="rc-error" role="alert">${escapeHtml(cell.error)}</div>` : '';
      return `${source}<div class="rc-cell" id="cell-${cell!.id}" data-line="${firstLine}" aria-live="polite">${error}</div>\n`;
    }
    case 'static':
      return codeBlock(code, role.lang, firstLine) + '\n';
    case 'model':
      return `<figure class="rc-model" data-unit="${escapeHtml(role.unit)}" aria-label="Model code (read-only)">${codeBlock(code, 'c', firstLine)}</figure>\n`;
    case 'exercise':
      // The client mounts the editor here; without JavaScript the starter still reads.
      return `<section class="rc-exercise" id="ex-${escapeHtml(role.exercise)}" data-exercise="${escapeHtml(role.exercise)}" data-line="${firstLine}" aria-label="Exercise ${escapeHtml(role.exercise)}">`
        + `<div class="rc-exercise-static">${codeBlock(code, 'c', firstLine)}</div></section>\n`;
    case 'solution':
      if (!env.instructor) return '';
      return `<details class="rc-solution" data-exercise="${escapeHtml(role.exercise)}"><summary>Reference solution of <code>${escapeHtml(role.exercise)}</code> (instructor build)</summary>${codeBlock(code, 'c', firstLine)}</details>\n`;
    case 'wrong':
      if (!env.instructor) return '';
      return `<details class="rc-wrong" data-exercise="${escapeHtml(role.exercise)}"><summary>Wrong fix of <code>${escapeHtml(role.exercise)}</code>: ${escapeHtml(role.label || 'unlabelled')} — breaks <code>${escapeHtml(role.breaks)}</code></summary>${codeBlock(code, 'c', firstLine)}</details>\n`;
    case 'check':
      if (!env.instructor) return '';
      return `<details class="rc-check" data-exercise="${escapeHtml(role.exercise)}"><summary>Check configuration of <code>${escapeHtml(role.exercise)}</code></summary>${codeBlock(code, 'yaml', firstLine)}</details>\n`;
  }
}

function createMarkdown(): Markdown {
  const md = new MarkdownIt({ html: true, linkify: false, typographer: true });
  md.use(dollarSyntax);
  md.use(anchor, {
    slugify,
    permalink: anchor.permalink.linkInsideHeader({ symbol: '#', placement: 'after', ariaHidden: true, class: 'anchor' }),
  });
  md.renderer.rules.math_inline = (tokens, i) => tokens[i]!.meta!.html as string;
  md.renderer.rules.math_block = (tokens, i) => `<div class="math-display">${tokens[i]!.meta!.html as string}</div>\n`;
  md.renderer.rules.rc_expr = (tokens, i) => {
    const { id, error } = tokens[i]!.meta as unknown as { id: string; error?: string };
    return error
      ? `<span class="rc-error" role="alert">${escapeHtml(error)}</span>`
      : `<span class="rc-inline" id="inline-${id}" aria-live="polite"></span>`;
  };
  md.renderer.rules.fence = (tokens, i, _options, env) => renderFence(tokens[i]!, env as Env);
  return md;
}

let shared: Markdown | undefined;
function markdown(): Markdown {
  return (shared ??= createMarkdown());
}

function tableOfContents(tokens: Token[]): TocEntry[] {
  const toc: TocEntry[] = [];
  tokens.forEach((t, i) => {
    if (t.type !== 'heading_open') return;
    const level = Number(t.tag.slice(1));
    const id = t.attrGet('id');
    const inline = tokens[i + 1];
    if (level < 2 || level > 3 || !id || !inline) return;
    const text = (inline.children ?? []).filter((c) => c.type === 'text' || c.type === 'code_inline').map((c) => c.content).join('').trim();
    toc.push({ level, id: String(id), text });
  });
  return toc;
}

/**
 * Render a lesson's Markdown. `text` is the whole file; front matter (if any) is
 * blanked line for line first, so token line numbers are the file's.
 */
export function renderMarkdown(text: string, options: RenderOptions): RenderedMarkdown {
  const body = blankFrontMatter(text);
  const env: Env = { ...options, cells: [], inlines: [], exercises: [], diagnostics: [] };
  const md = markdown();
  const tokens = md.parse(body, env);
  annotate(tokens, env);
  const html = md.renderer.render(tokens, md.options, env);
  return { html, toc: tableOfContents(tokens), cells: env.cells, inlines: env.inlines, exercises: env.exercises, diagnostics: env.diagnostics };
}

/** Markdown (inline) for short texts such as hints, with KaTeX. */
export function renderInlineMarkdown(text: string, file: string): string {
  const env: Env = { file, instructor: false, cells: [], inlines: [], exercises: [], diagnostics: [] };
  const md = markdown();
  const tokens = md.parseInline(text, env);
  annotate(tokens, env);
  return md.renderer.render(tokens, md.options, env);
}

export function blankFrontMatter(text: string): string {
  const m = /^---\r?\n[\s\S]*?\r?\n---[ \t]*(\r?\n|$)/.exec(text);
  if (!m) return text;
  return m[0].replace(/[^\n]/g, '') + text.slice(m[0].length);
}
