// The lesson's front matter: title, order, summary (required), source, links.

import { isMap, isSeq, type Node } from 'yaml';
import type { Diagnostic } from '../../runtime/diagnostics.ts';
import type { LessonLink, LessonMeta } from './types.ts';
import { YamlBlock } from './yaml-block.ts';

const KEYS = ['title', 'order', 'summary', 'source', 'links'] as const;

/**
 * Splits `---\n…\n---` off the top of the text. Returns the YAML text and the
 * 1-based line of its first line, plus the line after the closing fence; or
 * undefined when the file has no front matter.
 */
export function findFrontMatter(lines: string[]): { yaml: string; firstLine: number; endLine: number } | 'unclosed' | undefined {
  if (lines[0]?.trimEnd() !== '---') return undefined;
  for (let i = 1; i < lines.length; i++) {
    if (lines[i]!.trimEnd() === '---' || lines[i]!.trimEnd() === '...') {
      return { yaml: lines.slice(1, i).join('\n'), firstLine: 2, endLine: i + 1 };
    }
  }
  return 'unclosed';
}

export function parseFrontMatter(yaml: string, file: string, firstLine: number): { meta?: LessonMeta; diagnostics: Diagnostic[] } {
  const y = new YamlBlock(yaml, file, firstLine);
  const map = y.ok ? y.rootMap('the front matter') : undefined;
  if (!map) return { diagnostics: y.diagnostics };
  const e = y.entries(map, KEYS, 'the front matter');
  const missing = (['title', 'order', 'summary'] as const).filter((k) => !e.has(k));
  for (const k of missing) {
    y.diagnostics.push({ severity: 'error', file, line: firstLine - 1, column: 1, message: `the front matter has no '${k}' (title, order and summary are required)` });
  }
  const title = e.has('title') ? y.string(e.get('title')!.value, "'title'") : undefined;
  const order = e.has('order') ? y.integer(e.get('order')!.value, "'order'", 0) : undefined;
  const summary = e.has('summary') ? y.string(e.get('summary')!.value, "'summary'") : undefined;
  const source = e.has('source') ? y.string(e.get('source')!.value, "'source'") : undefined;
  const links = e.has('links') ? parseLinks(y, e.get('links')!.value) : [];
  if (title === undefined || order === undefined || summary === undefined || links === undefined || y.diagnostics.some((d) => d.severity === 'error')) {
    return { diagnostics: y.diagnostics };
  }
  const meta: LessonMeta = { title, order, summary, links };
  if (source !== undefined) meta.source = source;
  return { meta, diagnostics: y.diagnostics };
}

function parseLinks(y: YamlBlock, node: Node | null): LessonLink[] | undefined {
  if (!isSeq(node)) {
    y.errorAt(node, "'links' must be a list of { title, url }");
    return undefined;
  }
  const out: LessonLink[] = [];
  for (const item of node.items as Node[]) {
    if (!isMap(item)) {
      y.errorAt(item, "each link must be a mapping with 'title' and 'url'");
      continue;
    }
    const e = y.entries(item, ['title', 'url'], 'a link');
    if (!e.has('title') || !e.has('url')) {
      y.errorAt(item, "each link needs both 'title' and 'url'");
      continue;
    }
    const title = y.string(e.get('title')!.value, "a link's 'title'");
    const url = y.string(e.get('url')!.value, "a link's 'url'");
    if (url !== undefined && !/^(https?:\/\/|\.{0,2}\/|#)/.test(url)) {
      y.errorAt(e.get('url')!.value, `a link's 'url' must start with http://, https://, /, ./ or # (got '${url}')`);
      continue;
    }
    if (title !== undefined && url !== undefined) out.push({ title, url });
  }
  return out;
}
