// Splits a lesson's Markdown into its blocks: prose between fences, and each
// top-level fence classified by its info string. markdown-it's tokenizer finds the
// fences (so a ``` inside an indented code block or an HTML block is not one) and
// token.map gives their lines.

import MarkdownIt from 'markdown-it';
import type { Diagnostic } from '../../runtime/diagnostics.ts';
import { parseInfo, type InfoAttr } from './info.ts';
import { didYouMean } from './suggest.ts';
import type { Block } from './types.ts';

const md = new MarkdownIt({ html: true });

const C_ROLES = ['model', 'exercise', 'solution', 'wrong'] as const;
const C_ATTRS = [...C_ROLES, 'breaks', 'label'] as const;
const NAME = /^[A-Za-z_][\w-]*$/;

/** Blocks whose lines are compiled or parsed as data, so their line numbers must be exact. */
const ROLE_KINDS = new Set(['model', 'exercise', 'solution', 'wrong', 'check']);

/**
 * @param lines the lesson's lines, with the front matter already blanked out
 * @param bodyStart index of the first line after the front matter
 */
export function splitBlocks(lines: string[], bodyStart: number, file: string): { blocks: Block[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const blocks: Block[] = [];
  const tokens = md.parse(lines.join('\n'), {});
  let proseFrom = bodyStart;

  const flushProse = (to: number) => {
    let a = proseFrom;
    let b = to;
    while (a < b && lines[a]!.trim() === '') a++;
    while (b > a && lines[b - 1]!.trim() === '') b--;
    if (a < b) blocks.push({ kind: 'prose', line: a + 1, text: lines.slice(a, b).join('\n') });
  };

  for (const token of tokens) {
    if (token.type !== 'fence' || !token.map) continue;
    const [start, end] = token.map;
    const raw = lines[start]!;
    const info = token.info.trim();
    const infoCol = raw.indexOf(info, raw.indexOf(token.markup) + token.markup.length) + 1;
    const err = (message: string, column = 1, line = start + 1) =>
      diagnostics.push({ severity: 'error', file, line, column, message });
    const block = classify(info, (offset, message) => err(message, infoCol + offset));
    if (token.level > 0) {
      // Nested in a list or quote: part of the prose around it, shown as static code.
      if (block && ROLE_KINDS.has(block.kind)) err(`a \`\`\`${info} block must start at the left margin, not inside a list or quote`, infoCol);
      continue;
    }
    const closing = lines[end - 1] ?? '';
    const closed = end - 1 > start && new RegExp(`^ {0,3}${token.markup[0] === '`' ? '`' : '~'}{${token.markup.length},}\\s*$`).test(closing);
    if (!closed) err(`this ${token.markup} block is never closed`, 1);
    if (block && ROLE_KINDS.has(block.kind) && /^\s/.test(raw)) err(`a \`\`\`${info} block must start at the left margin (its line numbers must match the file)`, 1);
    flushProse(start);
    proseFrom = end;
    if (!block) continue;
    const text = token.content.endsWith('\n') ? token.content.slice(0, -1) : token.content;
    blocks.push({ ...block, fence: start + 1, line: start + 2, text } as Block);
  }
  flushProse(lines.length);
  return { blocks, diagnostics };
}

/** A block without its place and text (distributes over the union). */
type Classified = Block extends infer B ? (B extends Block ? Omit<B, 'line' | 'text' | 'fence'> : never) : never;

/** What a fence is, from its info string; undefined (after reporting) when it is malformed. */
function classify(info: string, report: (offset: number, message: string) => void): Classified | undefined {
  const parsed = parseInfo(info);
  if (parsed.error) {
    report(parsed.error.offset, parsed.error.message);
    return undefined;
  }
  const { lang, attrs } = parsed;
  const seen = new Map<string, InfoAttr>();
  for (const a of attrs) {
    if (seen.has(a.name)) {
      report(a.offset, `'${a.name}' is given twice in the info string`);
      return undefined;
    }
    seen.set(a.name, a);
  }
  const value = (name: string): string | undefined => seen.get(name)?.value;
  const needName = (a: InfoAttr, what: string): string | undefined => {
    if (a.value === undefined) { report(a.offset, `'${a.name}' needs ${what}: ${a.name}=NAME`); return undefined; }
    if (!NAME.test(a.value)) { report(a.offset, `'${a.value}' is not a valid ${what} (letters, digits, _ and -)`); return undefined; }
    return a.value;
  };

  if (lang === 'js') {
    for (const a of attrs) {
      if (a.name !== 'echo' || a.value !== undefined) {
        report(a.offset, `unknown attribute '${a.name}' on a js cell${didYouMean(a.name, ['echo'])}; js cells take only 'echo'`);
        return undefined;
      }
    }
    return { kind: 'js', echo: seen.has('echo') };
  }
  if (lang === 'yaml' && attrs.length > 0) {
    const check = seen.get('check');
    const other = attrs.find((a) => a.name !== 'check');
    if (other || !check) {
      const a = other ?? attrs[0]!;
      report(a.offset, `unknown attribute '${a.name}' on a yaml block${didYouMean(a.name, ['check'])}; yaml blocks take only check=EXERCISE`);
      return undefined;
    }
    const exercise = needName(check, 'exercise name');
    return exercise === undefined ? undefined : { kind: 'check', exercise };
  }
  if (lang === 'c' && attrs.length > 0) {
    for (const a of attrs) {
      if (!(C_ATTRS as readonly string[]).includes(a.name)) {
        report(a.offset, `unknown attribute '${a.name}' on a c block${didYouMean(a.name, C_ATTRS)}; c blocks take model, exercise=, solution=, wrong= (with breaks= and label=)`);
        return undefined;
      }
    }
    const roles = attrs.filter((a) => (C_ROLES as readonly string[]).includes(a.name));
    if (roles.length !== 1) {
      report((roles[1] ?? attrs[0]!).offset, roles.length === 0
        ? `a c block with '${attrs[0]!.name}' needs a role: model, exercise=, solution= or wrong=`
        : `a c block has one role; this one has ${roles.map((r) => r.name).join(' and ')}`);
      return undefined;
    }
    const role = roles[0]!;
    for (const extra of ['breaks', 'label']) {
      if (seen.has(extra) && role.name !== 'wrong') {
        report(seen.get(extra)!.offset, `'${extra}=' belongs to wrong= blocks, not ${role.name}`);
        return undefined;
      }
    }
    if (role.name === 'model') {
      if (role.value === undefined) return { kind: 'model', model: 'default' };
      const model = needName(role, 'model name');
      return model === undefined ? undefined : { kind: 'model', model };
    }
    const exercise = needName(role, 'exercise name');
    if (exercise === undefined) return undefined;
    if (role.name === 'exercise') return { kind: 'exercise', exercise };
    if (role.name === 'solution') return { kind: 'solution', exercise };
    const breaks = seen.get('breaks');
    if (!breaks || breaks.value === undefined) {
      report(role.offset, `a wrong fix needs breaks=PROPERTY: the property the checker must find broken`);
      return undefined;
    }
    return { kind: 'wrong', exercise, breaks: breaks.value, label: value('label') ?? '' };
  }
  if (attrs.length > 0) {
    report(attrs[0]!.offset, `unknown attribute '${attrs[0]!.name}' on a \`\`\`${lang} block; only c, js and yaml blocks take attributes`);
    return undefined;
  }
  return { kind: 'code', lang };
}
