// Static C highlighting at build time: @lezer/cpp parses the block and
// @lezer/highlight's classHighlighter names each token (tok-keyword, tok-string…),
// so the page ships coloured HTML and no highlighter JavaScript. Each source line
// is wrapped in its own element carrying the lesson line number, so that the
// step-through can highlight the line a trace step points at.
import { parser } from '@lezer/cpp';
import { classHighlighter, highlightTree } from '@lezer/highlight';
import { escapeHtml } from './html.ts';

interface Segment {
  text: string;
  cls: string;
}

/** Coloured segments of `code`, covering all of it in order. */
function segments(code: string): Segment[] {
  const out: Segment[] = [];
  let at = 0;
  const tree = parser.parse(code);
  highlightTree(tree, classHighlighter, (from, to, classes) => {
    if (from > at) out.push({ text: code.slice(at, from), cls: '' });
    out.push({ text: code.slice(from, to), cls: classes });
    at = to;
  });
  if (at < code.length) out.push({ text: code.slice(at), cls: '' });
  return out;
}

/**
 * HTML for a C block: one `<span class="line" data-line="N">` per source line,
 * where N counts from `firstLine` (the block's first code line in the lesson file).
 */
export function highlightC(code: string, firstLine = 1): string {
  const lines: string[] = [''];
  for (const seg of segments(code)) {
    const parts = seg.text.split('\n');
    parts.forEach((part, i) => {
      if (i > 0) lines.push('');
      if (part === '') return;
      const text = escapeHtml(part);
      lines[lines.length - 1] += seg.cls ? `<span class="${seg.cls}">${text}</span>` : text;
    });
  }
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines
    .map((html, i) => `<span class="line" data-line="${firstLine + i}">${html}</span>`)
    .join('\n');
}
