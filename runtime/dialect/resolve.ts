// Compile-time meaning of declarations: turns written types into resolved ones
// (defining structs and enums on the way) and evaluates constant expressions
// (array lengths, enum values, case labels, global initialisers).

import { FN_PTR_BASE } from '../ir.ts';
import type { Expr, Pos, TypeSyntax } from './ast.ts';
import type { Context } from './context.ts';
import { closest } from './names.ts';
import type { Reporter } from './report.ts';
import type { Type } from './types.ts';
import { BAD, BOOL, CHAR, CHAR_PTR, INT, UNSIGNED, VOID, VOID_PTR, debugType, isPtr, isUnsigned, sizeOf, typeName } from './types.ts';

export interface ConstValue {
  value: number;
  type: Type;
}

/** Why an expression is not constant; the caller words the message for its context. */
export class NotConstant {
  constructor(readonly pos: Pos, readonly why: string) {}
}

const BASE_TYPES: Record<string, Type> = {
  'void': VOID,
  'int': INT, 'signed': INT, 'signed int': INT, 'long': INT, 'long int': INT, 'signed long': INT, 'long long': INT,
  'long long int': INT, 'signed long long': INT, 'short': INT, 'short int': INT, 'signed short': INT, 'signed long int': INT,
  'unsigned': UNSIGNED, 'unsigned int': UNSIGNED, 'unsigned long': UNSIGNED, 'unsigned long int': UNSIGNED,
  'unsigned long long': UNSIGNED, 'unsigned long long int': UNSIGNED, 'unsigned short': UNSIGNED, 'unsigned short int': UNSIGNED,
  'long unsigned': UNSIGNED, 'long unsigned int': UNSIGNED,
  'char': CHAR, 'signed char': CHAR,
  'unsigned char': { k: 'int', kind: 'uchar', name: 'unsigned char' },
  'bool': BOOL,
};

export class Resolver {
  /** a hook for `sizeof expr` in constant expressions (set by the driver) */
  typeOfExpr: (e: Expr, unit: number) => Type | null = () => null;
  private depth = 0;

  constructor(
    private readonly ctx: Context,
    /** unknown type names the parser reported and then treated as types to recover */
    private readonly unknownTypes: ReadonlySet<string> = new Set(),
  ) {}

  /** Resolve a written type; reports problems and returns int as a stand-in. */
  type(t: TypeSyntax, unit: number): Type {
    const report = this.ctx.report(unit);
    switch (t.k) {
      case 'base': {
        const key = [...t.words].sort(order).join(' ');
        const found = BASE_TYPES[key];
        if (found === undefined) {
          report.error(t.pos.line, t.pos.col, `'${t.words.join(' ')}' is not a type`);
          return INT;
        }
        return found;
      }
      case 'named': {
        const td = this.ctx.typedefs.get(t.name);
        if (td === undefined && this.unknownTypes.has(t.name)) return BAD; // the parser reported it
        if (td === undefined) {
          const hint = closest(t.name, this.ctx.typedefs.keys());
          report.error(t.pos.line, t.pos.col, `unknown type name '${t.name}'${hint ? ` (did you mean '${hint}'?)` : ''}`);
          return INT;
        }
        return td.type;
      }
      case 'struct': return t.cache ?? (t.cache = this.struct(t, unit, report));
      case 'enum': return t.cache ?? (t.cache = this.enumType(t, unit, report));
      case 'ptr': return { k: 'ptr', to: this.type(t.to, unit) };
      case 'array': {
        const of = this.type(t.of, unit);
        if (of.k === 'void' || of.k === 'fn') {
          report.error(t.pos.line, t.pos.col, `cannot make an array of ${of.k === 'void' ? 'void' : 'functions'}`);
          return INT;
        }
        if (of.k === 'struct' && of.fields === null) {
          report.error(t.pos.line, t.pos.col, `struct ${of.tag} is used before its fields are defined`);
        }
        if (t.size === null) return { k: 'array', of, len: -1 };
        const n = this.constInt(t.size, unit, 'an array length');
        if (n === null) return { k: 'array', of, len: 1 };
        if (n <= 0 || n > 1_000_000) {
          report.error(t.size.pos.line, t.size.pos.col, `array length must be between 1 and 1000000, got ${n}`);
          return { k: 'array', of, len: 1 };
        }
        return { k: 'array', of, len: n };
      }
      case 'fn': {
        const ret = this.type(t.ret, unit);
        if (ret.k === 'array' || ret.k === 'fn' || ret.k === 'struct') {
          report.error(t.pos.line, t.pos.col, `a function cannot return ${ret.k === 'struct' ? 'a struct (return a pointer to it)' : ret.k === 'array' ? 'an array' : 'a function'}`);
        }
        const params = t.params.map((p) => this.param(this.type(p.type, unit), p.pos, report));
        return { k: 'fn', ret, params, varargs: t.varargs };
      }
    }
  }

  /** Parameter types adjust as in C: arrays and functions become pointers; structs are not allowed. */
  param(t: Type, pos: Pos, report: Reporter): Type {
    if (t.k === 'array') return { k: 'ptr', to: t.of };
    if (t.k === 'fn') return { k: 'ptr', to: t };
    if (t.k === 'struct') {
      report.error(pos.line, pos.col, `struct parameters are not supported; pass a pointer (struct ${t.tag} *)`);
    }
    if (t.k === 'void') report.error(pos.line, pos.col, `a parameter cannot have type void`);
    return t;
  }

  private struct(t: Extract<TypeSyntax, { k: 'struct' }>, unit: number, report: Reporter): Type {
    let s = t.tag === null ? undefined : this.ctx.structs.get(t.tag);
    if (s === undefined) {
      s = this.ctx.newStruct(t.tag);
      if (t.tag !== null) this.ctx.structs.set(s.tag, s);
    }
    if (t.fields === null) return s;
    if (s.fields !== null || s.defined !== null) {
      const d = s.defined;
      report.error(t.pos.line, t.pos.col, `struct ${s.tag} is already defined${d ? ` (at ${d.file}:${d.line}:${d.col})` : ''}`);
      return s;
    }
    const unitInfo = this.ctx.units[unit]!;
    s.defined = { file: unitInfo.user ? unitInfo.name : '<prelude>', line: t.pos.line, col: t.pos.col };
    const fields: { name: string; type: Type; offset: number }[] = [];
    let offset = 0;
    const names = new Set<string>();
    for (const f of t.fields) {
      const ft = this.type(f.type, unit);
      if (names.has(f.name)) {
        report.error(f.pos.line, f.pos.col, `struct ${s.tag} has two fields named '${f.name}'`);
        continue;
      }
      if (ft === s || (ft.k === 'struct' && ft.fields === null)) {
        report.error(f.pos.line, f.pos.col, ft === s ? `struct ${s.tag} cannot contain itself (use a pointer: struct ${s.tag} *${f.name})` : `field '${f.name}' has type struct ${(ft as { tag: string }).tag}, whose fields are not defined yet`);
        continue;
      }
      if (ft.k === 'void' || ft.k === 'fn') {
        report.error(f.pos.line, f.pos.col, `field '${f.name}' cannot have type ${typeName(ft)}`);
        continue;
      }
      if (ft.k === 'array' && ft.len < 0) {
        report.error(f.pos.line, f.pos.col, `field '${f.name}' needs an array length`);
        continue;
      }
      fields.push({ name: f.name, type: ft, offset });
      names.add(f.name);
      offset += sizeOf(ft);
    }
    s.fields = fields;
    s.size = Math.max(1, offset);
    s.debug.size = s.size;
    s.debug.fields = fields.map((f) => ({ name: f.name, offset: f.offset, type: debugType(f.type) }));
    return s;
  }

  private enumType(t: Extract<TypeSyntax, { k: 'enum' }>, unit: number, report: Reporter): Type {
    const type: Type = { k: 'int', kind: 'int', name: t.tag === null ? 'int' : `enum ${t.tag}` };
    if (t.items === null) return type;
    let next = 0;
    for (const item of t.items) {
      if (item.value !== null) {
        const v = this.constInt(item.value, unit, 'an enum value');
        if (v !== null) next = v;
      }
      if (this.ctx.globals.has(item.name)) {
        report.error(item.pos.line, item.pos.col, `'${item.name}' is already defined`);
      } else {
        this.ctx.globals.set(item.name, { k: 'const', name: item.name, type: INT, value: next, pos: item.pos, unit });
      }
      next = (next + 1) | 0;
    }
    return type;
  }

  /** A constant integer (array length, enum value, case label) or null after reporting why not. */
  constInt(e: Expr, unit: number, what: string): number | null {
    try {
      return this.constant(e, unit).value;
    } catch (err) {
      if (!(err instanceof NotConstant)) throw err;
      this.ctx.report(unit).error(err.pos.line, err.pos.col, `${what} must be a constant: ${err.why}`);
      return null;
    }
  }

  /** Evaluate a constant expression; throws NotConstant. Addresses of globals and functions count as constants. */
  constant(e: Expr, unit: number): ConstValue {
    if (++this.depth > this.ctx.maxDepth * 4) {
      this.depth = 0;
      throw new NotConstant(e.pos, `nesting deeper than ${this.ctx.maxDepth} levels`);
    }
    try {
      return this.constantInner(e, unit);
    } finally {
      this.depth--;
    }
  }

  private constantInner(e: Expr, unit: number): ConstValue {
    switch (e.k) {
      case 'num': return { value: e.value, type: e.unsigned ? UNSIGNED : INT };
      case 'str': return { value: this.ctx.literal(e.value, e.pos, unit), type: CHAR_PTR };
      case 'id': {
        const g = this.ctx.globals.get(e.name);
        if (g === undefined) {
          if (e.name === 'NULL') return { value: 0, type: VOID_PTR };
          if (e.name === 'true' || e.name === 'false') return { value: e.name === 'true' ? 1 : 0, type: BOOL };
          const hint = closest(e.name, this.ctx.globals.keys());
          throw new NotConstant(e.pos, `unknown name '${e.name}'${hint ? ` (did you mean '${hint}'?)` : ''}`);
        }
        switch (g.k) {
          case 'const': return { value: g.value, type: g.type };
          case 'fn':
            if (!g.defined) throw new NotConstant(e.pos, `function '${e.name}' is declared but never defined`);
            return { value: FN_PTR_BASE + g.index, type: { k: 'ptr', to: g.type } };
          case 'builtin': throw new NotConstant(e.pos, `builtin '${e.name}' can only be called`);
          case 'var':
            if (g.type.k === 'array') return { value: g.address, type: { k: 'ptr', to: g.type.of } };
            throw new NotConstant(e.pos, `'${e.name}' is a variable`);
        }
        break;
      }
      case 'unary': {
        if (e.op === '&') return this.address(e.arg, unit);
        if (e.op === '++' || e.op === '--') throw new NotConstant(e.pos, `'${e.op}' changes a variable`);
        if (e.op === '*') throw new NotConstant(e.pos, 'it reads memory');
        const a = this.constant(e.arg, unit);
        switch (e.op) {
          case '-': return { value: -a.value | 0, type: a.type };
          case '+': return a;
          case '!': return { value: a.value === 0 ? 1 : 0, type: INT };
          case '~': return { value: ~a.value, type: a.type };
        }
        break;
      }
      case 'binary': {
        const a = this.constant(e.left, unit);
        const b = this.constant(e.right, unit);
        return binaryConst(e.op, a, b, e.pos);
      }
      case 'logical': {
        const a = this.constant(e.left, unit);
        if (e.op === '&&' ? a.value === 0 : a.value !== 0) return { value: e.op === '&&' ? 0 : 1, type: INT };
        const b = this.constant(e.right, unit);
        return { value: b.value !== 0 ? 1 : 0, type: INT };
      }
      case 'cond': {
        const t = this.constant(e.test, unit);
        return t.value !== 0 ? this.constant(e.then, unit) : this.constant(e.else, unit);
      }
      case 'cast': {
        const to = this.type(e.type, unit);
        const a = this.constant(e.arg, unit);
        return { value: normalise(a.value, to), type: to };
      }
      case 'sizeofType': return { value: this.sizeofType(this.type(e.type, unit), e.pos, unit), type: UNSIGNED };
      case 'sizeofExpr': {
        const t = this.typeOfExpr(e.arg, unit);
        if (t === null) throw new NotConstant(e.pos, 'its operand has errors');
        return { value: this.sizeofType(t, e.pos, unit), type: UNSIGNED };
      }
      case 'comma': throw new NotConstant(e.pos, "the ',' operator");
      case 'assign': throw new NotConstant(e.pos, 'it assigns a variable');
      case 'call': throw new NotConstant(e.pos, 'it calls a function');
      case 'postfix': throw new NotConstant(e.pos, `'${e.op}' changes a variable`);
      case 'assert': throw new NotConstant(e.pos, 'assert is a statement');
      case 'member': case 'index': throw new NotConstant(e.pos, 'it reads memory');
    }
    throw new NotConstant(e.pos, 'not a constant expression');
  }

  sizeofType(t: Type, pos: Pos, unit: number): number {
    const report = this.ctx.report(unit);
    if (t.k === 'fn') report.error(pos.line, pos.col, 'sizeof cannot be applied to a function');
    else if (t.k === 'struct' && t.fields === null) report.error(pos.line, pos.col, `sizeof struct ${t.tag}, whose fields are not defined yet`);
    else if (t.k === 'array' && t.len < 0) report.error(pos.line, pos.col, 'sizeof an array of unknown length');
    return sizeOf(t);
  }

  /** The address of a global lvalue (`&g`, `&g.f`, `&a[3]`, `&f`). */
  private address(e: Expr, unit: number): ConstValue {
    switch (e.k) {
      case 'id': {
        const g = this.ctx.globals.get(e.name);
        if (g?.k === 'var') return { value: g.address, type: { k: 'ptr', to: g.type } };
        if (g?.k === 'fn') {
          if (!g.defined) throw new NotConstant(e.pos, `function '${e.name}' is declared but never defined`);
          return { value: FN_PTR_BASE + g.index, type: { k: 'ptr', to: g.type } };
        }
        break;
      }
      case 'member': {
        if (e.arrow) break;
        const base = this.address(e.obj, unit);
        const s = (base.type as { to: Type }).to;
        if (s.k !== 'struct' || s.fields === null) throw new NotConstant(e.pos, `'.${e.name}' needs a struct`);
        const f = s.fields.find((x) => x.name === e.name);
        if (f === undefined) throw new NotConstant(e.pos, `struct ${s.tag} has no field '${e.name}'`);
        return { value: base.value + f.offset, type: { k: 'ptr', to: f.type } };
      }
      case 'index': {
        const base = this.address(e.obj, unit);
        const a = (base.type as { to: Type }).to;
        if (a.k !== 'array') break;
        const i = this.constant(e.index, unit);
        return { value: base.value + i.value * sizeOf(a.of), type: { k: 'ptr', to: a.of } };
      }
      case 'unary':
        if (e.op === '*') {
          const p = this.constant(e.arg, unit);
          if (isPtr(p.type)) return p;
        }
        break;
      default:
        break;
    }
    throw new NotConstant(e.pos, 'only the address of a global variable or function is a constant');
  }
}

/** Sort base-type words so that `long unsigned int` and `unsigned long int` look the same. */
function order(a: string, b: string): number {
  const rank = ['signed', 'unsigned', 'short', 'long', 'char', 'int', 'bool', 'void'];
  return rank.indexOf(a) - rank.indexOf(b);
}

/** Store a value into a variable of type t: chars truncate, bools normalise. */
export function normalise(v: number, t: Type): number {
  if (t.k !== 'int') return v | 0;
  switch (t.kind) {
    case 'char': return (v << 24) >> 24;
    case 'uchar': return v & 255;
    case 'bool': return v !== 0 ? 1 : 0;
    default: return v | 0;
  }
}

function binaryConst(op: string, a: ConstValue, b: ConstValue, pos: Pos): ConstValue {
  const u = isUnsigned(a.type) || isUnsigned(b.type);
  const type = u ? UNSIGNED : INT;
  const x = a.value, y = b.value;
  const ux = x >>> 0, uy = y >>> 0;
  switch (op) {
    case '+': return { value: (x + y) | 0, type: isPtr(a.type) ? a.type : type };
    case '-': return { value: (x - y) | 0, type: isPtr(a.type) && !isPtr(b.type) ? a.type : type };
    case '*': return { value: Math.imul(x, y), type };
    case '/': case '%': {
      if (y === 0) throw new NotConstant(pos, 'it divides by zero');
      const r = op === '/' ? (u ? Math.trunc(ux / uy) : Math.trunc(x / y)) : u ? ux % uy : x % y;
      return { value: r | 0, type };
    }
    case '&': return { value: x & y, type };
    case '|': return { value: x | y, type };
    case '^': return { value: x ^ y, type };
    case '<<': return { value: x << (y & 31), type: a.type };
    case '>>': return { value: isUnsigned(a.type) ? (ux >>> (y & 31)) | 0 : x >> (y & 31), type: a.type };
    case '==': return { value: x === y ? 1 : 0, type: INT };
    case '!=': return { value: x !== y ? 1 : 0, type: INT };
    case '<': return { value: (u ? ux < uy : x < y) ? 1 : 0, type: INT };
    case '<=': return { value: (u ? ux <= uy : x <= y) ? 1 : 0, type: INT };
    case '>': return { value: (u ? ux > uy : x > y) ? 1 : 0, type: INT };
    case '>=': return { value: (u ? ux >= uy : x >= y) ? 1 : 0, type: INT };
  }
  throw new NotConstant(pos, `operator '${op}'`);
}
