// The lexer and the little preprocessor of the dialect. It turns one source unit
// into a flat token array, handling the only directives the dialect has:
// object-like `#define NAME tokens…` (expanded here, so the parser never sees a
// macro name), `#undef`, `#pragma` (passed on as one token), and `#include`
// (ignored: lesson code may keep its headers to look like the original).
//
// Expanded tokens carry the position of the macro's use, so a diagnostic about
// FUTEX_WAITERS points at the place the student wrote it.

import type { Reporter } from './report.ts';

export type TokKind = 'id' | 'num' | 'str' | 'op' | 'pragma' | 'eof';

export interface Token {
  kind: TokKind;
  /** identifier or operator text; decoded contents for strings; pragma name for pragmas */
  text: string;
  /** numbers: the 32-bit value (signed view) */
  value: number;
  /** numbers: the literal has an unsigned type (suffix u, or too big for int) */
  unsigned: boolean;
  /** pragmas: the words after the pragma's name */
  args: string[] | null;
  line: number;
  col: number;
  /** offsets of the token's text in the unit (for assert messages) */
  start: number;
  end: number;
  /**
   * eof only: the file ended inside an unclosed comment. The lexer has said so;
   * whatever the end of the file leaves open ('{', '(') is a consequence, and
   * the parser stays quiet about it rather than putting it first.
   */
  cutShort?: boolean;
}

/** Macro table shared by the units of one compilation: later units see earlier defines. */
export type Macros = Map<string, Token[]>;

const MAX_EXPANSION = 200_000;

const PUNCT3 = ['<<=', '>>=', '...'];
const PUNCT2 = ['->', '++', '--', '<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^='];
const PUNCT1 = '+-*/%<>=!&|^~?:;,.()[]{}';
/** Operators by their first character, longest first (maximal munch). */
const PUNCT_BY_FIRST = new Map<number, string[]>();
for (const p of [...PUNCT3, ...PUNCT2, ...PUNCT1]) {
  const list = PUNCT_BY_FIRST.get(p.charCodeAt(0)) ?? [];
  list.push(p);
  PUNCT_BY_FIRST.set(p.charCodeAt(0), list);
}

function isIdStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}
function isIdPart(c: number): boolean {
  return isIdStart(c) || (c >= 48 && c <= 57);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

export interface LexLimits {
  maxTokens: number;
  maxDepth: number;
}

export class Lexer {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  /** true while only white space has been seen on the current line (a `#` there starts a directive) */
  private atLineStart = true;
  private readonly out: Token[] = [];
  private tooMany = false;
  /** an unclosed comment ran to the end of the file (see Token.cutShort) */
  private cutShort = false;
  /** tokens produced by macro expansion so far (bounded: macros can grow exponentially) */
  private expanded = 0;

  constructor(
    private readonly text: string,
    private readonly macros: Macros,
    private readonly report: Reporter,
    private readonly limits: LexLimits,
  ) {}

  tokens(): Token[] {
    for (;;) {
      const t = this.next(false);
      if (t === null) continue;
      if (t.kind === 'eof') {
        this.out.push(t);
        return this.out;
      }
      this.emit(t, 0);
      if (this.tooMany) {
        this.out.push(this.make('eof', '', this.pos, this.pos));
        return this.out;
      }
    }
  }

  /** Push a token, expanding macros (bounded depth; a macro never expands inside itself). */
  private emit(t: Token, depth: number, active?: Set<string>): void {
    if (this.out.length >= this.limits.maxTokens) {
      if (!this.tooMany) this.report.error(t.line, t.col, `the program is too long (more than ${this.limits.maxTokens} tokens after expanding macros)`);
      this.tooMany = true;
      return;
    }
    if (t.kind === 'id') {
      const body = this.macros.get(t.text);
      if (body !== undefined && !(active?.has(t.text) ?? false)) {
        this.expanded += body.length;
        if (this.expanded > MAX_EXPANSION) {
          this.report.error(t.line, t.col, `macros expand to more than ${MAX_EXPANSION} tokens`);
          this.tooMany = true;
          return;
        }
        if (depth >= this.limits.maxDepth) {
          this.report.error(t.line, t.col, `macro expansion deeper than ${this.limits.maxDepth} levels`);
          return;
        }
        // one set for the whole expansion: add while expanding, remove after (expansions nest)
        const inner = active ?? new Set<string>();
        inner.add(t.text);
        for (const b of body) {
          this.emit({ ...b, line: t.line, col: t.col, start: t.start, end: t.end }, depth + 1, inner);
          if (this.tooMany) break;
        }
        inner.delete(t.text);
        return;
      }
    }
    this.out.push(t);
  }

  private make(kind: TokKind, text: string, start: number, end: number, value = 0, unsigned = false): Token {
    const t: Token = { kind, text, value, unsigned, args: null, line: this.line, col: start - this.lineStart + 1, start, end };
    if (kind === 'eof' && this.cutShort) t.cutShort = true;
    return t;
  }

  private newline(at: number): void {
    this.line++;
    this.lineStart = at + 1;
    this.atLineStart = true;
  }

  /**
   * Skip white space and comments. With `stopAtNewline` (inside a directive) a
   * newline ends the skip and is not consumed; backslash-newline always continues.
   */
  private skipSpace(stopAtNewline: boolean): void {
    const s = this.text;
    while (this.pos < s.length) {
      const c = s.charCodeAt(this.pos);
      if (c === 10) {
        if (stopAtNewline) return;
        this.newline(this.pos);
        this.pos++;
      } else if (c === 32 || c === 9 || c === 13 || c === 12 || c === 11) {
        this.pos++;
      } else if (c === 92 && (s.charCodeAt(this.pos + 1) === 10 || (s.charCodeAt(this.pos + 1) === 13 && s.charCodeAt(this.pos + 2) === 10))) {
        this.pos += s.charCodeAt(this.pos + 1) === 13 ? 2 : 1;
        this.line++;
        this.lineStart = this.pos + 1;
        this.pos++;
      } else if (c === 47 && s.charCodeAt(this.pos + 1) === 47) {
        while (this.pos < s.length && s.charCodeAt(this.pos) !== 10) this.pos++;
      } else if (c === 47 && s.charCodeAt(this.pos + 1) === 42) {
        const line = this.line, col = this.pos - this.lineStart + 1;
        this.pos += 2;
        let closed = false;
        while (this.pos < s.length) {
          const d = s.charCodeAt(this.pos);
          if (d === 42 && s.charCodeAt(this.pos + 1) === 47) {
            this.pos += 2;
            closed = true;
            break;
          }
          if (d === 10) {
            this.line++;
            this.lineStart = this.pos + 1;
          }
          this.pos++;
        }
        if (!closed) {
          this.report.error(line, col, 'comment is never closed (missing */)');
          this.cutShort = true;
        }
      } else {
        return;
      }
    }
  }

  /** The next raw token, or null when a directive was consumed. */
  private next(inDirective: boolean): Token | null {
    this.skipSpace(inDirective);
    const s = this.text;
    if (this.pos >= s.length || (inDirective && s.charCodeAt(this.pos) === 10)) {
      return this.make('eof', '', this.pos, this.pos);
    }
    const start = this.pos;
    const c = s.charCodeAt(start);
    if (c === 35 /* # */ && this.atLineStart && !inDirective) {
      this.directive();
      return null;
    }
    this.atLineStart = false;
    if (isIdStart(c)) {
      let p = start + 1;
      while (p < s.length && isIdPart(s.charCodeAt(p))) p++;
      this.pos = p;
      return this.make('id', s.slice(start, p), start, p);
    }
    if (isDigit(c) || (c === 46 && isDigit(s.charCodeAt(start + 1)))) return this.number(start);
    if (c === 34 /* " */) return this.string(start);
    if (c === 39 /* ' */) return this.charLiteral(start);
    const candidates = PUNCT_BY_FIRST.get(c);
    if (candidates !== undefined) {
      for (const p of candidates) if (p.length === 1 || s.startsWith(p, start)) return this.op(p, start);
    }
    this.pos++;
    const shown = c < 32 || c > 126 ? `\\x${c.toString(16).padStart(2, '0')}` : s[start];
    this.report.error(this.line, start - this.lineStart + 1, `unexpected character '${shown}'`);
    return null;
  }

  private op(p: string, start: number): Token {
    this.pos = start + p.length;
    return this.make('op', p, start, this.pos);
  }

  private number(start: number): Token {
    const s = this.text;
    let p = start;
    while (p < s.length && (isIdPart(s.charCodeAt(p)) || s.charCodeAt(p) === 46)) p++;
    this.pos = p;
    const raw = s.slice(start, p);
    const m = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)([uU]?[lL]{0,2}|[lL]{0,2}[uU]?)$/.exec(raw);
    const tok = this.make('num', raw, start, p);
    if (m === null) {
      this.report.error(tok.line, tok.col, `malformed number '${raw}'`, raw.length);
      return tok;
    }
    const digits = m[1]!;
    const big = digits.length > 1 && digits[0] === '0' && (digits[1] === 'x' || digits[1] === 'X')
      ? BigInt(digits)
      : digits.length > 1 && digits[0] === '0' ? BigInt('0o' + digits.slice(1)) : BigInt(digits);
    if (big > 0xffffffffn) {
      this.report.error(tok.line, tok.col, `number '${raw}' does not fit in 32 bits`, raw.length);
      return tok;
    }
    tok.value = Number(big) | 0;
    tok.unsigned = /[uU]/.test(m[2]!) || big > 0x7fffffffn;
    return tok;
  }

  /** One escape after a backslash at this.pos; returns the character code. */
  private escape(): number {
    const s = this.text;
    const c = s[this.pos++];
    switch (c) {
      case 'n': return 10;
      case 't': return 9;
      case 'r': return 13;
      case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
        let v = c.charCodeAt(0) - 48;
        for (let i = 0; i < 2 && /[0-7]/.test(s[this.pos] ?? ''); i++) v = v * 8 + s.charCodeAt(this.pos++) - 48;
        return v & 255;
      }
      case 'x': {
        let v = 0, n = 0;
        while (n < 2 && /[0-9a-fA-F]/.test(s[this.pos] ?? '')) {
          v = v * 16 + parseInt(s[this.pos++]!, 16);
          n++;
        }
        if (n === 0) this.report.error(this.line, this.pos - this.lineStart, '\\x needs hexadecimal digits');
        return v;
      }
      case 'a': return 7;
      case 'b': return 8;
      case 'f': return 12;
      case 'v': return 11;
      case '\\': case '\'': case '"': case '?': return c.charCodeAt(0);
      default: {
        const shown = c === undefined ? '' : c.charCodeAt(0) < 32 || c.charCodeAt(0) > 126 ? `x${c.charCodeAt(0).toString(16).padStart(2, '0')}` : c;
        this.report.error(this.line, this.pos - this.lineStart - 1, `unknown escape '\\${shown}'`);
        return c === undefined ? 0 : c.charCodeAt(0);
      }
    }
  }

  private string(start: number): Token {
    const s = this.text;
    // a string may continue over lines (backslash-newline): keep where it began
    const line = this.line;
    const col = start - this.lineStart + 1;
    this.pos = start + 1;
    let out = '';
    for (;;) {
      if (this.pos >= s.length || s.charCodeAt(this.pos) === 10) {
        this.report.error(line, col, 'string is never closed (missing ")');
        break;
      }
      const c = s[this.pos++]!;
      if (c === '"') break;
      if (c === '\\' && (s[this.pos] === '\n' || (s[this.pos] === '\r' && s[this.pos + 1] === '\n'))) {
        // backslash-newline continues the string on the next line
        this.pos += s[this.pos] === '\r' ? 2 : 1;
        this.line++;
        this.lineStart = this.pos;
        continue;
      }
      out += c === '\\' ? String.fromCharCode(this.escape()) : c;
    }
    const t = this.make('str', out, start, this.pos);
    t.line = line;
    t.col = col;
    return t;
  }

  private charLiteral(start: number): Token {
    const s = this.text;
    this.pos = start + 1;
    let v = 0;
    const c = s[this.pos];
    if (c === undefined || c === '\n' || c === '\'') {
      this.report.error(this.line, start - this.lineStart + 1, 'empty or unclosed character constant');
      if (c === '\'') this.pos++;
      return this.make('num', "''", start, this.pos);
    }
    this.pos++;
    v = c === '\\' ? this.escape() : c.charCodeAt(0);
    if (s[this.pos] === '\'') this.pos++;
    else {
      const close = s.indexOf('\'', this.pos);
      const eol = s.indexOf('\n', this.pos);
      if (close >= 0 && (eol < 0 || close < eol)) {
        this.pos = close + 1;
        this.report.error(this.line, start - this.lineStart + 1, `character constant ${s.slice(start, this.pos)} has more than one character`, this.pos - start);
      } else this.report.error(this.line, start - this.lineStart + 1, 'character constant is never closed (missing \')');
    }
    return this.make('num', s.slice(start, this.pos), start, this.pos, (v << 24) >> 24, false);
  }

  private directive(): void {
    const s = this.text;
    const hashCol = this.pos - this.lineStart + 1;
    const line = this.line;
    this.pos++;
    this.skipSpace(true);
    let p = this.pos;
    while (p < s.length && isIdPart(s.charCodeAt(p))) p++;
    const name = s.slice(this.pos, p);
    this.pos = p;
    this.atLineStart = false;
    switch (name) {
      case 'define': return this.define(line, hashCol);
      case 'undef': {
        const t = this.next(true);
        if (t === null || t.kind !== 'id') this.report.error(line, hashCol, '#undef needs a macro name');
        else this.macros.delete(t.text);
        break;
      }
      case 'pragma': {
        const end = this.restOfLine();
        const words = s.slice(p, end).replace(/\\\r?\n/g, ' ').replace(/\/\/.*$|\/\*.*?\*\//g, ' ').trim().split(/\s+/).filter((w) => w !== '');
        if (words.length === 0) {
          this.report.error(line, hashCol, '#pragma needs a name');
        } else {
          const t: Token = { kind: 'pragma', text: words[0]!, value: 0, unsigned: false, args: words.slice(1), line, col: hashCol, start: p, end };
          this.emit(t, 0);
        }
        this.pos = end;
        return;
      }
      case 'include':
        this.pos = this.restOfLine();
        return;
      case '':
        if (this.pos >= s.length || s.charCodeAt(this.pos) === 10) return; // a lone '#' is allowed by C
        this.report.error(line, hashCol, 'expected a directive name after #');
        break;
      default:
        this.report.error(line, hashCol, `#${name} is not supported (the dialect has #define, #undef, #pragma and #include)`, name.length + 1);
    }
    this.pos = this.restOfLine();
  }

  /** Offset of the end of the current (possibly continued) line. */
  private restOfLine(): number {
    const s = this.text;
    let p = this.pos;
    while (p < s.length && s.charCodeAt(p) !== 10) {
      if (s.charCodeAt(p) === 92 && (s.charCodeAt(p + 1) === 10 || (s.charCodeAt(p + 1) === 13 && s.charCodeAt(p + 2) === 10))) {
        p += s.charCodeAt(p + 1) === 13 ? 3 : 2;
        this.line++;
        this.lineStart = p;
        continue;
      }
      p++;
    }
    return p;
  }

  private define(line: number, hashCol: number): void {
    const nameTok = this.next(true);
    if (nameTok === null || nameTok.kind !== 'id') {
      this.report.error(line, hashCol, '#define needs a macro name');
      this.pos = this.restOfLine();
      return;
    }
    if (this.text[this.pos] === '(') {
      this.report.error(nameTok.line, nameTok.col, `function-like macros are not supported ('${nameTok.text}(…)'); write a function instead`, nameTok.text.length);
      this.pos = this.restOfLine();
      return;
    }
    const body: Token[] = [];
    for (;;) {
      const t = this.next(true);
      if (t === null) continue;
      if (t.kind === 'eof') break;
      body.push(t);
    }
    this.macros.set(nameTok.text, body);
  }
}
