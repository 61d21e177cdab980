// Markdown-it syntax for the two kinds of `$` in lesson prose:
//   `$…$` / `$$…$$`  TeX, rendered to HTML by KaTeX at build time (no KaTeX JS on the page)
//   `${…}`           a live inline expression, evaluated by the page's reactive runtime
// The tokens only carry the text here; build/site/markdown.ts renders them and
// reports errors with the lesson's file:line:col.
import type { MarkdownIt, StateBlock, StateInline } from 'markdown-it';

const DOLLAR = 0x24;
const BRACE = 0x7b;
const BACKSLASH = 0x5c;

/** Index just past the `}` that closes the `{` at `open`, skipping strings; -1 if unbalanced. */
function closingBrace(src: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < src.length; i++) {
    const c = src[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return -1;
}

function inlineExpression(state: StateInline, silent: boolean): boolean {
  const { src, pos } = state;
  if (src.charCodeAt(pos) !== DOLLAR || src.charCodeAt(pos + 1) !== BRACE) return false;
  const end = closingBrace(src, pos + 1);
  if (end < 0) return false;
  if (!silent) {
    const token = state.push('rc_expr', '', 0);
    token.content = src.slice(pos + 2, end - 1);
    token.meta = { offset: pos };
  }
  state.pos = end;
  return true;
}

function inlineMath(state: StateInline, silent: boolean): boolean {
  const { src, pos, posMax } = state;
  if (src.charCodeAt(pos) !== DOLLAR) return false;
  const display = src.charCodeAt(pos + 1) === DOLLAR;
  const open = display ? 2 : 1;
  const start = pos + open;
  if (start >= posMax) return false;
  if (!display && /\s/.test(src[start]!)) return false; // "$ 5" is money, not math
  let end = start;
  for (;;) {
    end = src.indexOf(display ? '$$' : '$', end);
    if (end < 0 || end >= posMax) return false;
    if (src.charCodeAt(end - 1) === BACKSLASH) { end++; continue; }
    if (!display && /\s/.test(src[end - 1]!)) { end++; continue; }
    break;
  }
  if (end === start) return false;
  if (!display && /\d/.test(src[end + 1] ?? '')) return false; // "$5 and $6"
  if (!silent) {
    const token = state.push('math_inline', 'math', 0);
    token.content = src.slice(start, end);
    token.meta = { display, offset: pos };
  }
  state.pos = end + open;
  return true;
}

function blockMath(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  let pos = state.bMarks[startLine]! + state.tShift[startLine]!;
  let max = state.eMarks[startLine]!;
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false;
  if (!state.src.startsWith('$$', pos)) return false;
  const first = state.src.slice(pos + 2, max);
  if (silent) return true;
  let content: string;
  let line = startLine;
  if (first.trim().endsWith('$$') && first.trim().length >= 2) {
    content = first.trim().slice(0, -2);
  } else {
    const parts = [first];
    let closed = false;
    while (++line < endLine) {
      pos = state.bMarks[line]! + state.tShift[line]!;
      max = state.eMarks[line]!;
      const text = state.src.slice(pos, max);
      if (text.trimEnd().endsWith('$$')) {
        parts.push(text.trimEnd().slice(0, -2));
        closed = true;
        break;
      }
      parts.push(text);
    }
    if (!closed) return false;
    content = parts.join('\n');
  }
  state.line = line + 1;
  const token = state.push('math_block', 'math', 0);
  token.block = true;
  token.content = content.trim();
  token.map = [startLine, state.line];
  return true;
}

export function dollarSyntax(md: MarkdownIt): void {
  md.inline.ruler.before('escape', 'rc_expr', inlineExpression);
  md.inline.ruler.after('rc_expr', 'math_inline', inlineMath);
  md.block.ruler.before('fence', 'math_block', blockMath, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
}
