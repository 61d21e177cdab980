// Recursive-descent parser for the dialect. It knows typedef names (C's grammar
// needs them to tell `T * x;` from a multiplication) and recovers from a syntax
// error by skipping to the next `;` or `}`, so one run reports several errors.
// Nesting is bounded (options.maxDepth) so that no input can overflow the JS stack.

import type { Designator, EnumItem, Expr, Init, Param, Pos, Stmt, Storage, StructField, TopItem, TypeSyntax, UnitAst, VarDecl } from './ast.ts';
import type { Token } from './lexer.ts';
import { closest } from './names.ts';
import type { Reporter } from './report.ts';

/** Thrown after a syntax error has been reported; caught where the parser resynchronises. */
class SyntaxFailure {}
/** Thrown when nesting is too deep; aborts the unit (reported once). */
class TooDeep {}

const TYPE_WORDS = new Set(['int', 'long', 'short', 'char', 'void', 'unsigned', 'signed', 'bool', '_Bool']);
const QUALIFIERS = new Set(['const', 'volatile', 'inline', '__inline', 'register', 'auto', 'restrict', '__restrict']);
const STORAGE = new Set(['typedef', 'static', 'extern']);
const KEYWORDS = new Set([
  ...TYPE_WORDS, ...QUALIFIERS, ...STORAGE, 'struct', 'union', 'enum', 'if', 'else', 'while', 'do', 'for', 'return',
  'break', 'continue', 'switch', 'case', 'default', 'goto', 'sizeof',
]);

const BINARY_PREC: Record<string, number> = {
  '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '>': 7, '<=': 7, '>=': 7,
  '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10,
};
const POSTFIX_OPS = new Set(['(', '[', '.', '->', '++', '--']);
const ASSIGN_OPS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<=', '>>=']);

export function isKeyword(name: string): boolean {
  return KEYWORDS.has(name);
}

interface Declarator {
  name: string | null;
  pos: Pos;
  type: TypeSyntax;
}

export class Parser {
  private i = 0;
  private depth = 0;
  /** names under `&` in the function body being parsed */
  private addressTaken: Set<string> | null = null;

  constructor(
    private readonly toks: Token[],
    private readonly text: string,
    /** typedef names visible so far (shared by the units of one compilation) */
    private readonly typedefs: Set<string>,
    private readonly report: Reporter,
    private readonly maxDepth: number,
    /** unknown type names reported and then treated as types, so the rest still parses */
    readonly unknownTypes: Set<string> = new Set(),
  ) {}

  /**
   * At the start of a declaration: is this an unknown identifier used as a type
   * (\`lsit_t *p;\`, \`node_t n\`)? Then report it once and treat it as a type from now on.
   */
  private recoverUnknownType(statement: boolean): void {
    const t = this.peek();
    if (t.kind !== 'id' || KEYWORDS.has(t.text) || this.typedefs.has(t.text)) return;
    const n1 = this.peek(1);
    const named = (k: number) => this.peek(k).kind === 'id' && !KEYWORDS.has(this.peek(k).text);
    const after = this.peek(3);
    const looksLike = named(1)
      || (this.isOp('*', 1) && named(2) && (!statement || (after.kind === 'op' && after.text === '=')));
    if (!looksLike || (n1.kind === 'id' && KEYWORDS.has(n1.text))) return;
    this.report.error(t.line, t.col, this.unknownType(t.text), t.text.length);
    this.typedefs.add(t.text);
    this.unknownTypes.add(t.text);
  }

  parseUnit(): UnitAst {
    const items: TopItem[] = [];
    try {
      while (this.peek().kind !== 'eof') {
        try {
          this.topItem(items);
        } catch (e) {
          if (!(e instanceof SyntaxFailure)) throw e;
          this.sync(true);
        }
      }
    } catch (e) {
      if (!(e instanceof TooDeep)) throw e;
    }
    return { items };
  }

  // ---- tokens ----

  private peek(n = 0): Token {
    return this.toks[Math.min(this.i + n, this.toks.length - 1)]!;
  }
  private take(): Token {
    const t = this.peek();
    if (this.i < this.toks.length - 1) this.i++;
    return t;
  }
  private isOp(text: string, n = 0): boolean {
    const t = this.peek(n);
    return t.kind === 'op' && t.text === text;
  }
  private isWord(text: string, n = 0): boolean {
    const t = this.peek(n);
    return t.kind === 'id' && t.text === text;
  }
  private accept(text: string): boolean {
    if (this.isOp(text)) {
      this.take();
      return true;
    }
    return false;
  }
  private expect(text: string, what?: string): Token {
    if (this.isOp(text)) return this.take();
    this.missing(`expected '${text}'${what ? ` ${what}` : ''} but found ${this.describe(this.peek())}`);
  }

  /**
   * Report something missing before the next token. When that token starts a
   * new line, the mistake is at the end of the previous line (a forgotten ';'),
   * so point just after the previous token, as C compilers do.
   */
  private missing(message: string): never {
    const next = this.peek();
    const prev = this.i > 0 ? this.toks[this.i - 1]! : null;
    if (prev !== null && prev.line < next.line && prev.kind !== 'pragma') {
      this.report.error(prev.line, prev.col + Math.max(1, prev.end - prev.start), message);
      throw new SyntaxFailure();
    }
    this.fail(next, message);
  }
  private describe(t: Token): string {
    switch (t.kind) {
      case 'eof': return 'the end of the file';
      case 'str': return 'a string';
      case 'pragma': return '#pragma';
      default: {
        // one line, printable, short: the token as the reader would recognise it
        const shown = t.text.replace(/[\x00-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
        return `'${shown.length > 24 ? `${shown.slice(0, 24)}…` : shown}'`;
      }
    }
  }
  private fail(t: Token, message: string): never {
    if (!t.cutShort) this.report.error(t.line, t.col, message, Math.max(1, t.end - t.start));
    throw new SyntaxFailure();
  }
  private unknownType(name: string): string {
    const hint = closest(name, [...this.typedefs].filter((n) => !this.unknownTypes.has(n)));
    return `unknown type name '${name}'${hint ? ` (did you mean '${hint}'?)` : ''}`;
  }
  /** A token is its own position (it has line and col): no copy per syntax node. */
  private pos(t: Token): Pos {
    return t;
  }
  private enter(): void {
    if (++this.depth > this.maxDepth) {
      const t = this.peek();
      this.report.error(t.line, t.col, `nesting deeper than ${this.maxDepth} levels`);
      throw new TooDeep();
    }
  }
  private leave(): void {
    this.depth--;
  }

  /** Skip to a likely start of the next declaration or statement. */
  private sync(topLevel: boolean): void {
    let braces = 0;
    for (;;) {
      const t = this.peek();
      if (t.kind === 'eof') return;
      if (t.kind === 'pragma' && topLevel && braces === 0) return;
      if (t.kind === 'op') {
        if (t.text === ';' && braces === 0) {
          this.take();
          return;
        }
        if (t.text === '{') braces++;
        if (t.text === '}') {
          if (braces === 0) {
            if (topLevel) this.take();
            return;
          }
          braces--;
          if (braces === 0) {
            this.take();
            return;
          }
        }
      }
      this.take();
    }
  }

  // ---- declarations ----

  private isTypeStart(n = 0): boolean {
    const t = this.peek(n);
    if (t.kind !== 'id') return false;
    return TYPE_WORDS.has(t.text) || QUALIFIERS.has(t.text) || STORAGE.has(t.text) || t.text === 'struct'
      || t.text === 'union' || t.text === 'enum' || this.typedefs.has(t.text);
  }

  private specifiers(): { base: TypeSyntax; storage: Storage } {
    const storage: Storage = { typedef: false, static: false, extern: false };
    const words: string[] = [];
    let base: TypeSyntax | null = null;
    const first = this.peek();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'id') break;
      if (STORAGE.has(t.text)) {
        this.take();
        storage[t.text as keyof Storage] = true;
      } else if (QUALIFIERS.has(t.text)) {
        this.take();
      } else if (TYPE_WORDS.has(t.text)) {
        if (base !== null) this.fail(t, `'${t.text}' cannot be combined with the type before it`);
        this.take();
        words.push(t.text === '_Bool' ? 'bool' : t.text);
      } else if (t.text === 'struct' || t.text === 'enum' || t.text === 'union') {
        if (base !== null || words.length > 0) this.fail(t, `'${t.text}' cannot be combined with the type before it`);
        base = t.text === 'enum' ? this.enumSpec() : this.structSpec();
      } else if (this.typedefs.has(t.text) && base === null && words.length === 0) {
        this.take();
        base = { k: 'named', name: t.text, pos: this.pos(t) };
      } else {
        break;
      }
    }
    if (base === null) {
      if (words.length === 0) {
        const t = this.peek();
        this.fail(t, t.kind === 'id' && !KEYWORDS.has(t.text) ? this.unknownType(t.text) : `expected a type but found ${this.describe(t)}`);
      }
      base = { k: 'base', words, pos: this.pos(first) };
    }
    return { base, storage };
  }

  private structSpec(): TypeSyntax {
    const kw = this.take();
    if (kw.text === 'union') this.fail(kw, 'unions are not supported in the dialect; use a struct');
    let tag: string | null = null;
    if (this.peek().kind === 'id' && !KEYWORDS.has(this.peek().text)) tag = this.take().text;
    let fields: StructField[] | null = null;
    if (this.accept('{')) {
      this.enter();
      fields = [];
      while (!this.isOp('}')) {
        if (this.peek().kind === 'eof') this.fail(this.peek(), `expected '}' to close struct ${tag ?? ''} but found the end of the file`);
        const { base, storage } = this.specifiers();
        if (storage.typedef || storage.static || storage.extern) this.fail(this.peek(), 'struct fields cannot have a storage class');
        for (;;) {
          const d = this.declarator(base, false);
          fields.push({ name: d.name!, type: d.type, pos: d.pos });
          if (!this.accept(',')) break;
        }
        this.expect(';', 'after a struct field');
      }
      this.take();
      this.leave();
    } else if (tag === null) {
      this.fail(this.peek(), `expected a struct name or '{' after 'struct'`);
    }
    return { k: 'struct', tag, fields, pos: this.pos(kw) };
  }

  private enumSpec(): TypeSyntax {
    const kw = this.take();
    let tag: string | null = null;
    if (this.peek().kind === 'id' && !KEYWORDS.has(this.peek().text)) tag = this.take().text;
    let items: EnumItem[] | null = null;
    if (this.accept('{')) {
      items = [];
      while (!this.isOp('}')) {
        const t = this.peek();
        if (t.kind !== 'id' || KEYWORDS.has(t.text)) this.fail(t, `expected an enumerator name but found ${this.describe(t)}`);
        this.take();
        const value = this.accept('=') ? this.assignment() : null;
        items.push({ name: t.text, value, pos: this.pos(t) });
        if (!this.accept(',')) break;
      }
      this.expect('}', 'to close the enum');
    } else if (tag === null) {
      this.fail(this.peek(), `expected an enum name or '{' after 'enum'`);
    }
    return { k: 'enum', tag, items, pos: this.pos(kw) };
  }

  /**
   * A declarator: pointers, then a name (or a parenthesised declarator), then
   * array and function suffixes. C reads them inside out; `wrap` builds the
   * type from the base outward.
   */
  private declarator(base: TypeSyntax, abstract: boolean): Declarator {
    this.enter();
    // every '*', '[…]' and '(…)' wraps the type once more: it counts as nesting
    let wraps = 0;
    let t = base;
    while (this.isOp('*')) {
      this.enter();
      wraps++;
      const star = this.take();
      while (this.peek().kind === 'id' && QUALIFIERS.has(this.peek().text)) this.take();
      t = { k: 'ptr', to: t, pos: this.pos(star) };
    }
    let name: string | null = null;
    let pos = this.pos(this.peek());
    let innerStart = -1;
    const nameTok = this.peek();
    if (nameTok.kind === 'id' && !KEYWORDS.has(nameTok.text)) {
      this.take();
      name = nameTok.text;
    } else if (this.isOp('(') && (this.isOp('*', 1) || this.isOp('(', 1) || (this.peek(1).kind === 'id' && !this.isTypeStart(1)))) {
      // A parenthesised declarator such as (*start): parse it later against the full outer type.
      this.take();
      innerStart = this.i;
      this.skipBalanced();
    } else if (!abstract) {
      this.fail(nameTok, nameTok.kind === 'id' ? `'${nameTok.text}' is a keyword and cannot be a name` : `expected a name but found ${this.describe(nameTok)}`);
    }
    const suffixes: ((inner: TypeSyntax) => TypeSyntax)[] = [];
    for (;;) {
      if (this.isOp('[') || this.isOp('(')) {
        this.enter();
        wraps++;
      }
      if (this.isOp('[')) {
        const open = this.take();
        const size = this.isOp(']') ? null : this.expression();
        this.expect(']');
        suffixes.push((inner) => ({ k: 'array', of: inner, size, pos: this.pos(open) }));
      } else if (this.isOp('(')) {
        const open = this.take();
        const { params, varargs } = this.parameters();
        suffixes.push((inner) => ({ k: 'fn', ret: inner, params, varargs, pos: this.pos(open) }));
      } else {
        break;
      }
    }
    for (let s = suffixes.length - 1; s >= 0; s--) t = suffixes[s]!(t);
    if (innerStart >= 0) {
      const resume = this.i;
      this.i = innerStart;
      const inner = this.declarator(t, abstract);
      this.expect(')');
      this.i = resume;
      name = inner.name;
      pos = inner.pos;
      t = inner.type;
    }
    this.depth -= wraps;
    this.leave();
    return { name, pos, type: t };
  }

  /** Skip to just after the ')' matching an already consumed '('. */
  private skipBalanced(): void {
    let level = 1;
    for (;;) {
      const t = this.take();
      if (t.kind === 'eof') this.fail(t, `expected ')' but found the end of the file`);
      if (t.kind === 'op' && (t.text === '(' || t.text === '[')) level++;
      if (t.kind === 'op' && (t.text === ')' || t.text === ']')) level--;
      if (level === 0) return;
    }
  }

  private parameters(): { params: Param[]; varargs: boolean } {
    const params: Param[] = [];
    let varargs = false;
    if (this.isWord('void') && this.isOp(')', 1)) {
      this.take();
      this.take();
      return { params, varargs };
    }
    while (!this.isOp(')')) {
      if (this.accept('...')) {
        varargs = true;
        break;
      }
      const start = this.peek();
      this.recoverUnknownType(false);
      const { base } = this.specifiers();
      const d = this.declarator(base, true);
      params.push({ name: d.name, type: d.type, pos: d.name === null ? this.pos(start) : d.pos });
      if (!this.accept(',')) break;
    }
    this.expect(')', 'to close the parameter list');
    return { params, varargs };
  }

  private topItem(items: TopItem[]): void {
    const t = this.peek();
    if (t.kind === 'pragma') {
      this.take();
      items.push({ k: 'pragma', name: t.text, args: t.args ?? [], pos: this.pos(t) });
      return;
    }
    if (this.accept(';')) return;
    this.recoverUnknownType(false);
    if (!this.isTypeStart()) {
      if (t.kind === 'id' && !KEYWORDS.has(t.text) && (this.isOp('(', 1) || this.peek(1).kind === 'id' || this.isOp('*', 1))) {
        this.fail(t, this.peek(1).kind === 'id' || this.isOp('*', 1) ? this.unknownType(t.text) : `function '${t.text}' needs a return type (C has no implicit int)`);
      }
      this.fail(t, `expected a declaration but found ${this.describe(t)}`);
    }
    const { base, storage } = this.specifiers();
    const tags: TypeSyntax[] = [];
    if (this.accept(';')) {
      tags.push(base);
      items.push({ k: 'decl', decls: [], tags, pos: this.pos(t) });
      return;
    }
    const first = this.declarator(base, false);
    if (first.type.k === 'fn' && this.isOp('{')) {
      if (storage.typedef) this.fail(this.peek(), 'a typedef cannot have a body');
      const addressTaken = new Set<string>();
      this.addressTaken = addressTaken;
      try {
        const body = this.block();
        items.push({ k: 'fndef', name: first.name!, type: first.type, storage, body, addressTaken, pos: first.pos });
      } finally {
        this.addressTaken = null;
      }
      return;
    }
    const decls = this.declRest(first, base, storage);
    items.push({ k: 'decl', decls, tags, pos: this.pos(t) });
  }

  /** The rest of a declaration after its first declarator: initialisers, more declarators, ';'. */
  private declRest(first: Declarator, base: TypeSyntax, storage: Storage): VarDecl[] {
    const decls: VarDecl[] = [];
    let d = first;
    for (;;) {
      let init: Init | null = null;
      if (this.accept('=')) {
        if (storage.typedef) this.fail(this.peek(), 'a typedef cannot have an initialiser');
        init = this.initializer();
      }
      decls.push({ name: d.name!, type: d.type, init, storage, pos: d.pos });
      if (storage.typedef) this.typedefs.add(d.name!);
      if (!this.accept(',')) break;
      d = this.declarator(base, false);
    }
    if (!this.isOp(';')) {
      const t = this.peek();
      if (d.type.k === 'fn' && this.isOp('{')) this.fail(t, 'a function cannot be defined here');
      this.missing(`expected ';' after the declaration of '${d.name}' but found ${this.describe(t)}`);
    }
    this.take();
    return decls;
  }

  private initializer(): Init {
    const t = this.peek();
    if (!this.isOp('{')) return { k: 'expr', e: this.assignment(), pos: this.pos(t) };
    this.enter();
    this.take();
    const items: { designator: Designator | null; init: Init }[] = [];
    while (!this.isOp('}')) {
      let designator: Designator | null = null;
      const d = this.peek();
      if (this.isOp('.') && this.peek(1).kind === 'id') {
        this.take();
        designator = { field: this.take().text, pos: this.pos(d) };
        this.expect('=', 'after the field designator');
      } else if (this.isOp('[')) {
        this.take();
        designator = { index: this.conditional(), pos: this.pos(d) };
        this.expect(']');
        this.expect('=', 'after the index designator');
      }
      items.push({ designator, init: this.initializer() });
      if (!this.accept(',')) break;
    }
    this.expect('}', 'to close the initialiser');
    this.leave();
    return { k: 'list', items, pos: this.pos(t) };
  }

  // ---- statements ----

  private block(): Extract<Stmt, { k: 'block' }> {
    const open = this.expect('{');
    this.enter();
    const body: Stmt[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'op' && t.text === '}') break;
      if (t.kind === 'eof') {
        if (!t.cutShort) this.report.error(open.line, open.col, `this '{' is never closed`);
        throw new SyntaxFailure();
      }
      try {
        body.push(this.statement());
      } catch (e) {
        if (!(e instanceof SyntaxFailure)) throw e;
        this.sync(false);
      }
    }
    const close = this.take();
    this.leave();
    return { k: 'block', body, pos: this.pos(open), end: this.pos(close) };
  }

  private statement(): Stmt {
    this.enter();
    try {
      return this.statementInner();
    } finally {
      this.leave();
    }
  }

  private statementInner(): Stmt {
    const t = this.peek();
    const pos = this.pos(t);
    if (t.kind === 'pragma') this.fail(t, '#pragma must be outside functions');
    if (t.kind === 'op') {
      if (t.text === '{') return this.block();
      if (t.text === ';') {
        this.take();
        return { k: 'empty', pos };
      }
    }
    if (t.kind === 'id') {
      switch (t.text) {
        case 'if': {
          this.take();
          this.expect('(', "after 'if'");
          const test = this.expression();
          this.expect(')', 'after the condition');
          const then = this.statement();
          const els = this.isWord('else') ? (this.take(), this.statement()) : null;
          return { k: 'if', test, then, else: els, pos };
        }
        case 'while': {
          this.take();
          this.expect('(', "after 'while'");
          const test = this.expression();
          this.expect(')', 'after the condition');
          return { k: 'while', test, body: this.statement(), pos };
        }
        case 'do': {
          this.take();
          const body = this.statement();
          if (!this.isWord('while')) this.fail(this.peek(), `expected 'while' after the body of 'do' but found ${this.describe(this.peek())}`);
          this.take();
          this.expect('(', "after 'while'");
          const test = this.expression();
          this.expect(')', 'after the condition');
          this.expect(';', "after 'do … while (…)'");
          return { k: 'do', body, test, pos };
        }
        case 'for': {
          this.take();
          this.expect('(', "after 'for'");
          let init: Stmt | null = null;
          if (this.isTypeStart()) init = this.declaration();
          else if (!this.accept(';')) {
            const e = this.expression();
            this.expect(';', 'after the loop initialisation');
            init = { k: 'expr', e, pos };
          }
          const test = this.isOp(';') ? null : this.expression();
          this.expect(';', 'after the loop condition');
          const step = this.isOp(')') ? null : this.expression();
          this.expect(')', 'to close the for header');
          return { k: 'for', init, test, step, body: this.statement(), pos };
        }
        case 'return': {
          this.take();
          const value = this.isOp(';') ? null : this.expression();
          this.expect(';', "after 'return'");
          return { k: 'return', value, pos };
        }
        case 'break':
        case 'continue':
          this.take();
          this.expect(';', `after '${t.text}'`);
          return { k: t.text, pos };
        case 'goto': {
          this.take();
          const l = this.peek();
          if (l.kind !== 'id' || KEYWORDS.has(l.text)) this.fail(l, `expected a label name after 'goto' but found ${this.describe(l)}`);
          this.take();
          this.expect(';', "after 'goto'");
          return { k: 'goto', label: l.text, pos };
        }
        case 'switch': {
          this.take();
          this.expect('(', "after 'switch'");
          const test = this.expression();
          this.expect(')', 'after the switch value');
          return { k: 'switch', test, body: this.statement(), pos };
        }
        case 'case': {
          this.take();
          const value = this.conditional();
          this.expect(':', 'after the case value');
          return { k: 'case', value, body: this.labelled(), pos };
        }
        case 'default':
          this.take();
          this.expect(':', "after 'default'");
          return { k: 'default', body: this.labelled(), pos };
        case 'else':
          this.fail(t, "'else' without a matching 'if'");
      }
      if (this.isOp(':', 1) && !KEYWORDS.has(t.text)) {
        this.take();
        this.take();
        return { k: 'label', name: t.text, body: this.labelled(), pos };
      }
      this.recoverUnknownType(true);
      if (this.isTypeStart()) return this.declaration();
    }
    const e = this.expression();
    if (!this.isOp(';')) {
      const n = this.peek();
      if (t.kind === 'id' && e.k === 'id' && n.kind === 'id') this.fail(t, this.unknownType(t.text));
      this.missing(`expected ';' after the expression but found ${this.describe(n)}`);
    }
    this.take();
    return { k: 'expr', e, pos };
  }

  /** The statement a label or case labels (as in C, `if (x) out: y++;` labels `y++` inside the if); none before '}'. */
  private labelled(): Stmt | null {
    return this.isOp('}') ? null : this.statement();
  }

  private declaration(): Stmt {
    const t = this.peek();
    const { base, storage } = this.specifiers();
    if (this.accept(';')) return { k: 'decl', decls: [], tags: [base], pos: this.pos(t) };
    const first = this.declarator(base, false);
    return { k: 'decl', decls: this.declRest(first, base, storage), tags: [], pos: this.pos(t) };
  }

  // ---- expressions ----

  expression(): Expr {
    let e = this.assignment();
    // A chain of operators builds a tree as deep as it is long; it counts as nesting.
    let chain = 0;
    while (this.isOp(',')) {
      const op = this.take();
      this.enter();
      chain++;
      e = { k: 'comma', left: e, right: this.assignment(), pos: this.pos(op) };
    }
    this.depth -= chain;
    return e;
  }

  private assignment(): Expr {
    this.enter();
    const target = this.conditional();
    const t = this.peek();
    let e = target;
    if (t.kind === 'op' && ASSIGN_OPS.has(t.text)) {
      this.take();
      e = { k: 'assign', op: t.text, target, value: this.assignment(), pos: this.pos(t) };
    }
    this.leave();
    return e;
  }

  private conditional(): Expr {
    const test = this.binary(1);
    if (!this.isOp('?')) return test;
    const q = this.take();
    this.enter();
    const then = this.expression();
    this.expect(':', "in the '?:' expression");
    const els = this.conditional();
    this.leave();
    return { k: 'cond', test, then, else: els, pos: this.pos(q) };
  }

  private binary(minPrec: number): Expr {
    let left = this.unary();
    // A chain of operators builds a tree as deep as it is long; it counts as nesting.
    let chain = 0;
    for (;;) {
      const t = this.peek();
      const prec = t.kind === 'op' ? BINARY_PREC[t.text] : undefined;
      if (prec === undefined || prec < minPrec) {
        this.depth -= chain;
        return left;
      }
      this.take();
      this.enter();
      chain++;
      const right = this.binary(prec + 1);
      left = t.text === '&&' || t.text === '||'
        ? { k: 'logical', op: t.text, left, right, pos: this.pos(t) }
        : { k: 'binary', op: t.text, left, right, pos: this.pos(t) };
    }
  }

  private unary(): Expr {
    this.enter();
    try {
      return this.unaryInner();
    } finally {
      this.leave();
    }
  }

  private unaryInner(): Expr {
    const t = this.peek();
    const pos = this.pos(t);
    if (t.kind === 'op') {
      switch (t.text) {
        case '-': case '+': case '!': case '~': case '*': case '&': case '++': case '--': {
          this.take();
          const arg = this.unary();
          if (t.text === '&') this.noteAddressTaken(arg);
          return { k: 'unary', op: t.text, arg, pos };
        }
        case '(':
          if (this.isTypeStart(1)) {
            this.take();
            const type = this.typeName();
            this.expect(')', 'to close the cast');
            if (this.isOp('{')) this.fail(this.peek(), 'compound literals are not supported');
            return { k: 'cast', type, arg: this.unary(), pos };
          }
      }
    }
    if (t.kind === 'id' && t.text === 'sizeof') {
      this.take();
      if (this.isOp('(') && this.isTypeStart(1)) {
        this.take();
        const type = this.typeName();
        this.expect(')', 'to close sizeof');
        return { k: 'sizeofType', type, pos };
      }
      return { k: 'sizeofExpr', arg: this.unary(), pos };
    }
    return this.postfix();
  }

  /**
   * `&x`, `&x.f`, `&x[i]`: the variable x must live in memory, not in a register.
   * Collected while parsing a function body (by name, so conservatively).
   */
  private noteAddressTaken(arg: Expr): void {
    let base = arg;
    while ((base.k === 'member' && !base.arrow) || base.k === 'index') base = base.obj;
    if (base.k === 'id') this.addressTaken?.add(base.name);
  }

  private typeName(): TypeSyntax {
    const { base, storage } = this.specifiers();
    if (storage.typedef || storage.extern || storage.static) this.fail(this.peek(), 'a type name cannot have a storage class');
    const d = this.declarator(base, true);
    if (d.name !== null) this.fail(this.peek(), `unexpected name '${d.name}' in a type`);
    return d.type;
  }

  private postfix(): Expr {
    let e = this.primary();
    let chain = 0;
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' || !POSTFIX_OPS.has(t.text)) {
        this.depth -= chain;
        return e;
      }
      const pos = this.pos(t);
      this.enter();
      chain++;
      switch (t.text) {
        case '(': {
          this.take();
          const args: Expr[] = [];
          while (!this.isOp(')')) {
            args.push(this.assignment());
            if (!this.accept(',')) break;
          }
          this.expect(')', 'to close the argument list');
          e = { k: 'call', callee: e, args, pos: e.k === 'id' ? e.pos : pos };
          break;
        }
        case '[': {
          this.take();
          const index = this.expression();
          this.expect(']');
          e = { k: 'index', obj: e, index, pos };
          break;
        }
        case '.':
        case '->': {
          this.take();
          const n = this.peek();
          if (n.kind !== 'id') this.fail(n, `expected a field name after '${t.text}' but found ${this.describe(n)}`);
          this.take();
          e = { k: 'member', obj: e, name: n.text, arrow: t.text === '->', pos: this.pos(n) };
          break;
        }
        case '++':
        case '--':
          this.take();
          e = { k: 'postfix', op: t.text, arg: e, pos };
          break;
      }
    }
  }

  private primary(): Expr {
    const t = this.peek();
    const pos = this.pos(t);
    switch (t.kind) {
      case 'num':
        this.take();
        return { k: 'num', value: t.value, unsigned: t.unsigned, pos };
      case 'str': {
        this.take();
        let value = t.text;
        while (this.peek().kind === 'str') value += this.take().text;
        return { k: 'str', value, pos };
      }
      case 'id':
        if (t.text === 'assert' && this.isOp('(', 1)) return this.assertCall();
        if (KEYWORDS.has(t.text)) this.fail(t, `expected an expression but found '${t.text}'`);
        this.take();
        return { k: 'id', name: t.text, pos };
      case 'op':
        if (t.text === '(') {
          this.take();
          this.enter();
          const e = this.expression();
          this.leave();
          this.expect(')', 'to close the parenthesis');
          if (e.k === 'assign') e.parenthesized = true; // `if ((x = f()))`: the assignment is meant
          return e;
        }
        break;
      default:
        break;
    }
    this.fail(t, `expected an expression but found ${this.describe(t)}`);
  }

  private assertCall(): Expr {
    const kw = this.take();
    this.take();
    const first = this.peek();
    const arg = this.expression();
    const last = this.toks[this.i - 1]!;
    this.expect(')', 'to close assert');
    const text = first.start < last.end ? this.text.slice(first.start, last.end).replace(/\s+/g, ' ') : '';
    return { k: 'assert', arg, text, pos: this.pos(kw) };
  }
}
