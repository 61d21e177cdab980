// The C dialect's compiler: source units in, a Program (runtime/ir.ts) and
// diagnostics out. Phases: lex and parse every unit (the built-in prelude
// first), declare everything at file scope in unit order (so a unit may call
// functions any unit defines, as a linker would), evaluate global
// initialisers, then generate code function by function.
//
// compile() never throws: an unexpected failure becomes one "internal compiler
// error" diagnostic.

import { BUILTINS, BUILTIN_ID, PRELUDE } from '../builtins.ts';
import type { Diagnostic } from '../diagnostics.ts';
import type { FunctionIR, Program, PropertyDecl } from '../ir.ts';
import type { TopItem, UnitAst } from './ast.ts';
import { Context, type UnitInfo } from './context.ts';
import { Declarer } from './declare.ts';
import { Emitter } from './emitter.ts';
import { ExprCompiler } from './expr.ts';
import { initializeGlobal } from './globals.ts';
import { Lexer, type Macros } from './lexer.ts';
import { closest } from './names.ts';
import { Parser } from './parser.ts';
import { Reporter } from './report.ts';
import { Resolver } from './resolve.ts';
import { FunctionCompiler } from './stmt.ts';

export interface SourceUnit {
  name: string;
  text: string;
  /** the unit may define only these functions, and must define all of them */
  mayDefine?: string[];
  /** builtins the unit may not call */
  forbid?: string[];
}

export interface CompileOptions {
  /** total characters of all units (default 1_000_000) */
  maxSourceChars?: number;
  /** nesting of statements, expressions, declarators and macros (default 200) */
  maxDepth?: number;
}

export interface CompileResult {
  ok: boolean;
  program?: Program;
  diagnostics: Diagnostic[];
}

const PRELUDE_NAME = '<prelude>';
/** Fixed-width names lesson code borrows from <stdint.h>, where the dialect's words can honour them. */
const DIALECT_TYPES = `
typedef signed char int8_t;
typedef unsigned char uint8_t;
typedef int int32_t;
typedef unsigned uint32_t;
typedef int intptr_t;
typedef unsigned uintptr_t;
typedef int ssize_t;
`;
const PRELUDE_TEXT = `${PRELUDE}\n${DIALECT_TYPES}\n${BUILTINS.map((b) => `${b.prototype};`).join('\n')}\n`;

export function compile(units: SourceUnit[], options: CompileOptions = {}): CompileResult {
  const diagnostics: Diagnostic[] = [];
  try {
    return compileUnits(units, options, diagnostics);
  } catch (err) {
    const first = units[0]?.name ?? PRELUDE_NAME;
    const why = err instanceof Error ? err.message : String(err);
    diagnostics.push({ severity: 'error', file: first, line: 1, column: 1, message: `internal compiler error: ${why}` });
    return { ok: false, diagnostics };
  }
}

function compileUnits(units: SourceUnit[], options: CompileOptions, diagnostics: Diagnostic[]): CompileResult {
  const maxChars = options.maxSourceChars ?? 1_000_000;
  const maxDepth = options.maxDepth ?? 200;
  let total = 0;
  for (const u of units) {
    total += u.text.length;
    if (total > maxChars) {
      diagnostics.push({ severity: 'error', file: u.name, line: 1, column: 1, message: `the program is too long (more than ${maxChars} characters)` });
      return { ok: false, diagnostics };
    }
  }

  // User units keep their indices (Program.files and SourcePos.file); the prelude comes last but is read first.
  const infos: UnitInfo[] = units.map((u) => ({
    name: u.name, text: u.text, report: new Reporter(u.name, diagnostics),
    mayDefine: u.mayDefine ? new Set(u.mayDefine) : null, forbid: new Set(u.forbid ?? []), user: true,
  }));
  const preludeDiagnostics: Diagnostic[] = [];
  const prelude = units.length;
  infos.push({ name: PRELUDE_NAME, text: PRELUDE_TEXT, report: new Reporter(PRELUDE_NAME, preludeDiagnostics), mayDefine: null, forbid: new Set(), user: false });
  const ctx = new Context(infos, diagnostics, maxDepth);
  const unknownTypes = new Set<string>();
  const res = new Resolver(ctx, unknownTypes);
  const order = [prelude, ...units.map((_, i) => i)];

  // Lex and parse, in order: defines and typedefs of a unit apply to the units after it.
  const macros: Macros = new Map();
  const typedefNames = new Set<string>();
  const asts: UnitAst[] = [];
  for (const u of order) {
    const info = infos[u]!;
    // the prelude is ours: the caller's (possibly tiny) limits are for their own text
    const depth = info.user ? maxDepth : Math.max(maxDepth, 200);
    const tokens = new Lexer(info.text, macros, info.report, { maxTokens: info.user ? maxChars : 1_000_000, maxDepth: depth }).tokens();
    asts[u] = new Parser(tokens, info.text, typedefNames, info.report, depth, unknownTypes).parseUnit();
  }

  configure(ctx, asts, infos);

  const namesBy = infos.map((_, u) => topNames(asts[u]!.items));
  const declarer = new Declarer(ctx, res, namesBy);
  res.typeOfExpr = (e, unit) => new ExprCompiler(ctx, res, unit, new Emitter()).typeOf(e);
  registerBuiltins(ctx, res, asts[prelude]!, prelude, declarer);
  for (const u of order) declarer.unit(u, asts[u]!.items);

  for (const p of declarer.inits) initializeGlobal(ctx, res, p.unit, p.decl.name, p.sym.address, p.sym.type, p.decl.init!);

  const missing = new Set<string>();
  infos.forEach((info, u) => {
    if (info.mayDefine === null) return;
    for (const name of info.mayDefine) {
      if (declarer.definedBy[u]!.has(name)) continue;
      info.report.error(1, 1, `exercise must define ${name}`);
      missing.add(`function '${name}' is declared but never defined`);
    }
  });

  const functions: FunctionIR[] = declarer.defined.map((fn) => new FunctionCompiler(ctx, res, fn.unit, fn).compile());
  const properties = propertiesOf(ctx, declarer);
  const pragmas: Record<string, string[]> = {};
  for (const p of declarer.pragmas) {
    if (p.name === 'invariant' || p.name === 'page_size' || p.name === 'stack_words') continue;
    if (p.name === 'thread_exit_hook') checkFunctionName(ctx, p.unit, p.args[0], p.pos, '#pragma thread_exit_hook');
    pragmas[p.name] = p.args;
  }

  for (const d of preludeDiagnostics) {
    diagnostics.push({ severity: 'error', file: units[0]?.name ?? PRELUDE_NAME, line: 1, column: 1, message: `internal compiler error: prelude ${d.line}:${d.column}: ${d.message}` });
  }
  // the exercise's missing definition is the one error to show, not every call to it
  const sorted = orderDiagnostics(diagnostics.filter((d) => !missing.has(d.message)), units);
  diagnostics.length = 0;
  diagnostics.push(...sorted);
  const ok = !diagnostics.some((d) => d.severity === 'error');
  const functionIndex: Record<string, number> = {};
  for (const f of functions) functionIndex[f.name] = f.index;
  const structs: Program['structs'] = {};
  for (const [tag, s] of ctx.structs) if (s.fields !== null) structs[tag] = s.debug;
  const program: Program = {
    files: units.map((u) => ({ name: u.name, text: u.text })),
    functions,
    functionIndex,
    entry: functionIndex['main'] ?? -1,
    globals: ctx.globalInfos,
    memory: { pageSize: ctx.pageSize, globalsBase: ctx.globalsBase, init: Int32Array.from(ctx.init), stackWords: ctx.stackWords },
    strings: ctx.strings,
    properties,
    structs,
    pragmas,
  };
  return ok ? { ok, program, diagnostics } : { ok, diagnostics };
}

/**
 * Declare the prelude's types, then turn its builtin prototypes into builtin
 * symbols (called with Op.BUILTIN); leaves nothing of the prelude to declare.
 */
function registerBuiltins(ctx: Context, res: Resolver, ast: UnitAst, unit: number, declarer: Declarer): void {
  const types: TopItem[] = [];
  const protos: TopItem[] = [];
  for (const item of ast.items) {
    const d = item.k === 'decl' && item.decls.length === 1 ? item.decls[0]! : null;
    if (d !== null && d.type.k === 'fn' && BUILTIN_ID[d.name] !== undefined) protos.push(item);
    else types.push(item);
  }
  declarer.unit(unit, types);
  for (const item of protos) {
    const d = (item as Extract<TopItem, { k: 'decl' }>).decls[0]!;
    const id = BUILTIN_ID[d.name]!;
    const t = res.type(d.type, unit);
    if (t.k === 'fn') ctx.globals.set(d.name, { k: 'builtin', name: d.name, type: t, id, noreturn: BUILTINS[id]!.noreturn === true });
  }
  ast.items = [];
}

/** Pragmas that shape memory must be known before any global is laid out. */
function configure(ctx: Context, asts: UnitAst[], infos: UnitInfo[]): void {
  asts.forEach((ast, u) => {
    for (const item of ast.items) {
      if (item.k !== 'pragma' || (item.name !== 'page_size' && item.name !== 'stack_words')) continue;
      const n = item.args.length === 1 && /^[0-9]+$/.test(item.args[0]!) ? Number(item.args[0]) : NaN;
      const [lo, hi] = item.name === 'page_size' ? [1, 4096] : [1, 1_000_000];
      if (!(n >= lo && n <= hi)) {
        infos[u]!.report.error(item.pos.line, item.pos.col, `#pragma ${item.name} needs a whole number from ${lo} to ${hi}`);
        continue;
      }
      if (item.name === 'page_size') ctx.pageSize = n;
      else ctx.stackWords = n;
    }
  });
}

function topNames(items: TopItem[]): Set<string> {
  const s = new Set<string>();
  for (const it of items) {
    if (it.k === 'fndef') s.add(it.name);
    else if (it.k === 'decl') for (const d of it.decls) s.add(d.name);
  }
  return s;
}

function checkFunctionName(ctx: Context, unit: number, name: string | undefined, pos: { line: number; col: number }, what: string): number {
  const report = ctx.report(unit);
  if (name === undefined) {
    report.error(pos.line, pos.col, `${what} needs a function name`);
    return -1;
  }
  const g = ctx.globals.get(name);
  if (g?.k !== 'fn' || !g.defined) {
    const fns = [...ctx.globals.values()].filter((x) => x.k === 'fn').map((x) => x.name);
    const hint = closest(name, fns);
    report.error(pos.line, pos.col, `${what}: no function named '${name}' is defined${hint ? ` (did you mean '${hint}'?)` : ''}`);
    return -1;
  }
  return g.index;
}

function propertiesOf(ctx: Context, declarer: Declarer): PropertyDecl[] {
  const out: PropertyDecl[] = [];
  for (const p of declarer.pragmas) {
    if (p.name !== 'invariant') continue;
    const report = ctx.report(p.unit);
    let when: 'always' | 'at_exit' = 'always';
    let args = p.args;
    if (args[0] === 'at_exit' || args[0] === 'always') {
      when = args[0];
      args = args.slice(1);
    }
    if (args.length !== 1) {
      report.error(p.pos.line, p.pos.col, "write '#pragma invariant NAME' or '#pragma invariant at_exit NAME'");
      continue;
    }
    const index = checkFunctionName(ctx, p.unit, args[0], p.pos, '#pragma invariant');
    if (index < 0) continue;
    const g = ctx.globals.get(args[0]!);
    if (g?.k === 'fn' && (g.type.params.length !== 0 || g.type.ret.k !== 'int')) {
      report.error(p.pos.line, p.pos.col, `invariant '${args[0]}' must be a function 'int ${args[0]}(void)'`);
      continue;
    }
    if (out.some((x) => x.name === args[0])) continue;
    out.push({ name: args[0]!, function: index, when, pos: { file: p.unit, line: p.pos.line, col: p.pos.col } });
  }
  return out;
}

/** In unit order, then by position; a message repeated at the same place is shown once. */
function orderDiagnostics(list: Diagnostic[], units: SourceUnit[]): Diagnostic[] {
  const unitOf = new Map(units.map((u, i) => [u.name, i]));
  const seen = new Set<string>();
  const unique = list.filter((d) => {
    const key = `${d.file}\0${d.line}\0${d.column}\0${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique
    .map((d, i) => ({ d, i }))
    .sort((a, b) => (unitOf.get(a.d.file) ?? 0) - (unitOf.get(b.d.file) ?? 0) || a.d.line - b.d.line || a.d.column - b.d.column || a.i - b.i)
    .map((x) => x.d);
}
