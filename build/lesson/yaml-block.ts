// YAML embedded in a lesson (front matter, check blocks), parsed so that every
// problem is reported at the line and column of the lesson file, not of the block.

import { isMap, isScalar, isSeq, parseDocument, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { Diagnostic } from '../../runtime/diagnostics.ts';
import { didYouMean } from './suggest.ts';

export class YamlBlock {
  readonly doc: Document.Parsed;
  readonly diagnostics: Diagnostic[] = [];
  private readonly lineStarts: number[] = [0];

  /**
   * @param text the YAML source
   * @param file the lesson file, for diagnostics
   * @param firstLine the lesson line holding the text's first line
   */
  constructor(private readonly text: string, private readonly file: string, private readonly firstLine: number) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
    this.doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, strict: true });
    for (const e of [...this.doc.errors, ...this.doc.warnings]) {
      const first = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      this.report(e.pos[0], `YAML: ${first}`, e.name === 'YAMLWarning' ? 'warning' : 'error');
    }
  }

  /** true when the YAML itself parsed without errors */
  get ok(): boolean {
    return this.doc.errors.length === 0;
  }

  /** Lesson line and column of a character offset in the block. */
  where(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    const at = Math.max(0, Math.min(offset, this.text.length));
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: this.firstLine + lo, column: at - this.lineStarts[lo]! + 1 };
  }

  report(offset: number, message: string, severity: 'error' | 'warning' = 'error'): void {
    this.diagnostics.push({ severity, file: this.file, ...this.where(offset), message });
  }

  /** Report a problem with a node (or at the block's start when there is none). */
  errorAt(node: Node | null | undefined, message: string): void {
    this.report(node?.range?.[0] ?? 0, message);
  }

  /** The top-level mapping, or an error when the block is something else. */
  rootMap(what: string): YAMLMap | undefined {
    const root = this.doc.contents;
    if (root === null) {
      this.report(0, `${what} is empty`);
      return undefined;
    }
    if (!isMap(root)) {
      this.errorAt(root, `${what} must be a mapping of keys to values`);
      return undefined;
    }
    return root;
  }

  /**
   * The pairs of a mapping with string keys; unknown keys are reported with a
   * suggestion from `known`.
   */
  entries(map: YAMLMap, known: readonly string[], what: string): Map<string, { key: Scalar; value: Node | null }> {
    const out = new Map<string, { key: Scalar; value: Node | null }>();
    for (const pair of map.items as Pair<unknown, unknown>[]) {
      const key = pair.key;
      if (!isScalar(key) || typeof key.value !== 'string') {
        this.errorAt(key as Node, `${what}: keys must be plain words`);
        continue;
      }
      if (!known.includes(key.value)) {
        this.errorAt(key, `unknown key '${key.value}' in ${what}${didYouMean(key.value, known)}; known keys: ${known.join(', ')}`);
        continue;
      }
      out.set(key.value, { key, value: (pair.value as Node | null) ?? null });
    }
    return out;
  }

  string(node: Node | null, what: string): string | undefined {
    if (isScalar(node) && typeof node.value === 'string' && node.value.trim() !== '') return node.value;
    this.errorAt(node, `${what} must be a non-empty text`);
    return undefined;
  }

  /** An integer in [min, max]. */
  integer(node: Node | null, what: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    if (isScalar(node) && typeof node.value === 'number' && Number.isInteger(node.value) && node.value >= min && node.value <= max) {
      return node.value;
    }
    const got = isScalar(node) ? ` (got ${JSON.stringify(node.value)})` : '';
    this.errorAt(node, `${what} must be a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ' up'}${got}`);
    return undefined;
  }

  /** One of a fixed set of words. */
  oneOf<T extends string>(node: Node | null, what: string, choices: readonly T[]): T | undefined {
    if (isScalar(node) && typeof node.value === 'string' && (choices as readonly string[]).includes(node.value)) return node.value as T;
    const got = isScalar(node) ? String(node.value) : '';
    this.errorAt(node, `${what} must be ${choices.join(' | ')}${got ? ` (got '${got}')${didYouMean(got, choices)}` : ''}`);
    return undefined;
  }

  /** A list of non-empty strings; a lone string counts as a list of one. */
  strings(node: Node | null, what: string): { values: string[]; nodes: Node[] } | undefined {
    if (isScalar(node) && typeof node.value === 'string' && node.value.trim() !== '') return { values: [node.value], nodes: [node] };
    if (!isSeq(node)) {
      this.errorAt(node, `${what} must be a list, e.g. [a, b]`);
      return undefined;
    }
    const values: string[] = [];
    const nodes: Node[] = [];
    for (const item of node.items as Node[]) {
      const s = this.string(item, `each entry of ${what}`);
      if (s !== undefined) { values.push(s); nodes.push(item); }
    }
    return values.length === node.items.length ? { values, nodes } : undefined;
  }
}
