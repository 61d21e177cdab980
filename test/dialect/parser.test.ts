// The parser on its own: declarators read inside out, typedef names, casts,
// precedence, and error recovery.
import { describe, expect, it } from 'vitest';
import type { Expr, TopItem, TypeSyntax } from '../../runtime/dialect/ast.ts';
import { Lexer } from '../../runtime/dialect/lexer.ts';
import { Parser } from '../../runtime/dialect/parser.ts';
import { Reporter } from '../../runtime/dialect/report.ts';
import type { Diagnostic } from '../../runtime/diagnostics.ts';

function parse(text: string, typedefs: string[] = []): { items: TopItem[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const report = new Reporter('p.c', diagnostics);
  const tokens = new Lexer(text, new Map(), report, { maxTokens: 100_000, maxDepth: 200 }).tokens();
  const { items } = new Parser(tokens, text, new Set(typedefs), report, 200).parseUnit();
  return { items, diagnostics };
}

/** A compact spelling of a written type, outermost first: "ptr fn(ptr void) -> ptr void". */
function shape(t: TypeSyntax): string {
  switch (t.k) {
    case 'base': return t.words.join(' ');
    case 'named': return t.name;
    case 'struct': return `struct ${t.tag}`;
    case 'enum': return `enum ${t.tag}`;
    case 'ptr': return `ptr ${shape(t.to)}`;
    case 'array': return `array ${t.size?.k === 'num' ? t.size.value : '?'} ${shape(t.of)}`;
    case 'fn': return `fn(${t.params.map((p) => shape(p.type)).join(', ')}) -> ${shape(t.ret)}`;
  }
}

function expr(e: Expr): string {
  switch (e.k) {
    case 'num': return String(e.value);
    case 'id': return e.name;
    case 'binary': case 'logical': return `(${expr(e.left)} ${e.op} ${expr(e.right)})`;
    case 'assign': return `(${expr(e.target)} ${e.op} ${expr(e.value)})`;
    case 'unary': return `(${e.op}${expr(e.arg)})`;
    case 'postfix': return `(${expr(e.arg)}${e.op})`;
    case 'cond': return `(${expr(e.test)} ? ${expr(e.then)} : ${expr(e.else)})`;
    case 'cast': return `((${shape(e.type)}) ${expr(e.arg)})`;
    case 'member': return `${expr(e.obj)}${e.arrow ? '->' : '.'}${e.name}`;
    case 'index': return `${expr(e.obj)}[${expr(e.index)}]`;
    case 'call': return `${expr(e.callee)}(${e.args.map(expr).join(', ')})`;
    case 'sizeofType': return `sizeof(${shape(e.type)})`;
    case 'sizeofExpr': return `sizeof ${expr(e.arg)}`;
    case 'comma': return `(${expr(e.left)}, ${expr(e.right)})`;
    default: return e.k;
  }
}

function declType(text: string, typedefs: string[] = []): string {
  const { items, diagnostics } = parse(text, typedefs);
  expect(diagnostics).toEqual([]);
  const it = items[0]!;
  if (it.k !== 'decl') throw new Error('not a declaration');
  return `${it.decls[0]!.name}: ${shape(it.decls[0]!.type)}`;
}

function initExpr(text: string, typedefs: string[] = []): string {
  const { items, diagnostics } = parse(`int x = ${text};`, typedefs);
  expect(diagnostics).toEqual([]);
  const d = (items[0] as Extract<TopItem, { k: 'decl' }>).decls[0]!;
  if (d.init?.k !== 'expr') throw new Error('no initialiser');
  return expr(d.init.e);
}

describe('parser', () => {
  it('reads declarators inside out', () => {
    expect(declType('void *(*start)(void *);')).toBe('start: ptr fn(ptr void) -> ptr void');
    expect(declType('int *a[3];')).toBe('a: array 3 ptr int');
    expect(declType('int (*a)[3];')).toBe('a: ptr array 3 int');
    expect(declType('void (*handlers[2])(int);')).toBe('handlers: array 2 ptr fn(int) -> void');
    expect(declType('int (*(*f)(int))(void);')).toBe('f: ptr fn(int) -> ptr fn() -> int');
    expect(declType('int m[2][3];')).toBe('m: array 2 array 3 int');
    expect(declType('const unsigned long *volatile p;')).toBe('p: ptr unsigned long');
    expect(declType('int pthread_atfork(void (*prepare)(void), void (*parent)(void), void (*child)(void));'))
      .toBe('pthread_atfork: fn(ptr fn() -> void, ptr fn() -> void, ptr fn() -> void) -> int');
  });

  it('uses typedef names to tell declarations from expressions', () => {
    const { items, diagnostics } = parse('typedef int T;\nint f(void) { T * x; int y; y * 2; return 0; }');
    expect(diagnostics).toEqual([]);
    const body = (items[1] as Extract<TopItem, { k: 'fndef' }>).body.body;
    expect(body.map((s) => s.k)).toEqual(['decl', 'decl', 'expr', 'return']);
  });

  it('tells casts from parentheses', () => {
    expect(initExpr('(T) - 1', ['T'])).toBe('((T) (-1))');
    expect(initExpr('(a) - 1')).toBe('(a - 1)');
    expect(initExpr('(struct node *)p->next')).toBe('((ptr struct node) p->next)');
    expect(initExpr('sizeof(struct node) + sizeof x')).toBe('(sizeof(struct node) + sizeof x)');
    expect(initExpr('(void (*)(void))0')).toBe('((ptr fn() -> void) 0)');
  });

  it('follows C precedence and associativity', () => {
    expect(initExpr('a + b * c - d')).toBe('((a + (b * c)) - d)');
    expect(initExpr('a = b = c')).toBe('(a = (b = c))');
    expect(initExpr('a || b && c | d ^ e & f == g < h << i + j')).toBe('(a || (b && (c | (d ^ (e & (f == (g < (h << (i + j)))))))))');
    expect(initExpr('*p++')).toBe('(*(p++))');
    expect(initExpr('-a->b[2].c')).toBe('(-a->b[2].c)');
    expect(initExpr('!x ? y : z ? 1 : 2')).toBe('((!x) ? y : (z ? 1 : 2))');
    expect(initExpr('x & FLAG ? f(1, 2) : (g(), 3)')).toBe('((x & FLAG) ? f(1, 2) : (g(), 3))');
    expect(initExpr('a += b <<= 2')).toBe('(a += (b <<= 2))');
  });

  it('recovers at ; and } and reports several errors', () => {
    const { items, diagnostics } = parse('int a = ;\nint f(void) { x = ; y = 2; if (; }\nint b;');
    expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      "1:9 expected an expression but found ';'",
      "2:19 expected an expression but found ';'",
      "2:32 expected an expression but found ';'",
    ]);
    expect(items.map((i) => (i.k === 'fndef' ? i.name : i.k))).toEqual(['f', 'decl']);
  });

  it('turns #pragma lines into items and keeps their words', () => {
    const { items } = parse('#pragma invariant at_exit lists_ok // why\n#pragma new_page\nint x;');
    expect(items.slice(0, 2)).toMatchObject([
      { k: 'pragma', name: 'invariant', args: ['at_exit', 'lists_ok'], pos: { line: 1, col: 1 } },
      { k: 'pragma', name: 'new_page', args: [], pos: { line: 2, col: 1 } },
    ]);
  });

  it('expands object-like macros where they are used', () => {
    expect(initExpr('0')).toBe('0');
    const { items } = parse('#define WAITERS 0x80000000\n#define BOTH WAITERS | 1\nint x = BOTH;');
    const d = (items[0] as Extract<TopItem, { k: 'decl' }>).decls[0]!;
    expect(d.init?.k === 'expr' && expr(d.init.e)).toBe(`(${0x80000000 | 0} | 1)`);
  });
});
