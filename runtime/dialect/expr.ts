// Type checking and code generation for expressions, in one pass over the tree
// (as in a single-pass compiler): each method emits stack code for a node and
// returns the node's type. Statements build on this class (stmt.ts).
//
// Where values live: scalar locals whose address is never taken are registers
// (GETR/SETR, invisible to the scheduler); everything else is memory
// (LOAD/STORE, one scheduling step each).

import { FN_PTR_BASE, Op } from '../ir.ts';
import type { Expr, Pos } from './ast.ts';
import type { Context, GlobalSym } from './context.ts';
import type { Emitter } from './emitter.ts';
import { closest } from './names.ts';
import type { Reporter } from './report.ts';
import type { Resolver } from './resolve.ts';
import type { FnType, Type } from './types.ts';
import { BAD, BOOL, INT, UNSIGNED, VOID, VOID_PTR, fnOf, isInt, isPtr, isScalar, isUnsigned, sameType, sizeOf, typeName } from './types.ts';

export type LocalSym =
  | { k: 'reg'; r: number; type: Type }
  | { k: 'frame'; offset: number; type: Type }
  | { k: 'static'; sym: Extract<GlobalSym, { k: 'var' }> };

/** An assignable place: a register, or a memory address already pushed on the stack. */
type Place = { k: 'reg'; r: number; type: Type } | { k: 'mem'; type: Type };

export { BAD };

const ARITH: Record<string, [Op, Op]> = {
  '+': [Op.ADD, Op.ADD], '-': [Op.SUB, Op.SUB], '*': [Op.MUL, Op.MUL], '/': [Op.DIV, Op.DIVU], '%': [Op.MOD, Op.MODU],
  '&': [Op.AND, Op.AND], '|': [Op.OR, Op.OR], '^': [Op.XOR, Op.XOR], '<<': [Op.SHL, Op.SHL], '>>': [Op.SHR, Op.SHRU],
  '==': [Op.EQ, Op.EQ], '!=': [Op.NE, Op.NE], '<': [Op.LT, Op.LTU], '<=': [Op.LE, Op.LEU], '>': [Op.GT, Op.GTU], '>=': [Op.GE, Op.GEU],
};
const COMPARE = new Set(['==', '!=', '<', '<=', '>', '>=']);
/** integer kinds that differ only in signedness */
const SIGN_FAMILY: Record<string, string> = { int: 'int', unsigned: 'int', char: 'char', uchar: 'char', bool: 'bool' };

export class ExprCompiler {
  protected scopes: Map<string, LocalSym>[] = [];
  registers = 0;
  frameWords = 0;
  private freeTemps: number[] = [];
  private depth = 0;

  constructor(
    protected readonly ctx: Context,
    protected readonly res: Resolver,
    protected readonly unit: number,
    protected em: Emitter,
  ) {}

  protected get report(): Reporter {
    return this.ctx.report(this.unit);
  }

  protected error(pos: Pos, message: string, length?: number): Type {
    this.report.error(pos.line, pos.col, message, length);
    return BAD;
  }

  protected lookup(name: string): LocalSym | GlobalSym | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const s = this.scopes[i]!.get(name);
      if (s !== undefined) return s;
    }
    return this.ctx.globals.get(name);
  }

  protected temp(): number {
    return this.freeTemps.pop() ?? this.registers++;
  }
  /**
   * Done with a temporary: zero it, so that a stale value never makes two
   * otherwise equal machine states differ (registers are part of the state).
   */
  protected release(r: number, pos: Pos): void {
    this.em.emit(Op.PUSH, pos, 0);
    this.em.emit(Op.SETR, pos, r);
    this.freeTemps.push(r);
  }

  /** names already reported unknown in this function: C compilers say it once per function */
  private readonly reportedUnknown = new Set<string>();

  private unknownName(e: { name: string; pos: Pos }): Type {
    if (this.reportedUnknown.has(e.name) || this.report.full) return BAD;
    this.reportedUnknown.add(e.name);
    const known: string[] = [...this.ctx.globals.keys()];
    for (const s of this.scopes) known.push(...s.keys());
    const hint = closest(e.name, known);
    return this.error(e.pos, `unknown name '${e.name}'${hint ? ` (did you mean '${hint}'?)` : ''}`, e.name.length);
  }

  /** The type of an expression without keeping its code (for sizeof). */
  typeOf(e: Expr): Type {
    const saved = this.em;
    const reachable = saved.reachable;
    this.em = new (saved.constructor as new () => Emitter)();
    try {
      // sizeof sees arrays whole: no decay to a pointer
      if (e.k === 'str') return { k: 'array', of: { k: 'int', kind: 'char', name: 'char' }, len: e.value.length + 1 };
      const named = e.k === 'id' ? this.lookup(e.name) : undefined;
      const placeLike = (e.k === 'id' && named !== undefined && named.k !== 'fn' && named.k !== 'builtin' && named.k !== 'const')
        || e.k === 'member' || e.k === 'index' || (e.k === 'unary' && e.op === '*');
      if (placeLike) return this.place(e)?.type ?? BAD;
      return this.rvalueKeep(e);
    } finally {
      this.em = saved;
      this.em.reachable = reachable;
    }
  }

  // ---- values ----

  /** Push the value of e (arrays and functions decay to pointers); returns its type. */
  rvalue(e: Expr): Type {
    const t = this.rvalueKeep(e);
    if (t.k === 'struct') {
      return this.error(e.pos, `a struct cannot be used as a value here (use a pointer or one of its fields)`);
    }
    return t;
  }

  /** Like rvalue, but a struct value stays as its address (for member access and struct copies). */
  private rvalueKeep(e: Expr): Type {
    if (++this.depth > this.ctx.maxDepth * 4) {
      this.depth--;
      return this.error(e.pos, `nesting deeper than ${this.ctx.maxDepth} levels`);
    }
    try {
      return this.value(e);
    } finally {
      this.depth--;
    }
  }

  private value(e: Expr): Type {
    const em = this.em;
    switch (e.k) {
      case 'num':
        em.emit(Op.PUSH, e.pos, e.value);
        return e.unsigned ? UNSIGNED : INT;
      case 'str':
        em.emit(Op.PUSH, e.pos, this.ctx.literal(e.value, e.pos, this.unit));
        return { k: 'ptr', to: { k: 'int', kind: 'char', name: 'char' } };
      case 'id': {
        const s = this.lookup(e.name);
        if (s === undefined) {
          if (e.name === 'NULL') {
            em.emit(Op.PUSH, e.pos, 0);
            return VOID_PTR;
          }
          if (e.name === 'true' || e.name === 'false') {
            em.emit(Op.PUSH, e.pos, e.name === 'true' ? 1 : 0);
            return BOOL;
          }
          em.emit(Op.PUSH, e.pos, 0);
          return this.unknownName(e);
        }
        switch (s.k) {
          case 'const':
            em.emit(Op.PUSH, e.pos, s.value);
            return s.type;
          case 'fn':
            em.emit(Op.PUSH, e.pos, FN_PTR_BASE + s.index);
            if (!s.defined) this.error(e.pos, `function '${s.name}' is declared but never defined`, e.name.length);
            return { k: 'ptr', to: s.type };
          case 'builtin':
            em.emit(Op.PUSH, e.pos, 0);
            return this.error(e.pos, `builtin '${e.name}' can only be called, not used as a value`, e.name.length);
          default:
            break;
        }
        break;
      }
      case 'unary':
        return this.unary(e);
      case 'postfix':
        return this.increment(e.arg, e.op, false, true, e.pos);
      case 'binary':
        return this.binary(e);
      case 'logical':
      case 'cond':
        if (e.k === 'cond') return this.conditional(e);
        return this.logicalValue(e);
      case 'assign':
        return this.assign(e, true);
      case 'call':
        return this.call(e, true);
      case 'cast':
        return this.cast(e);
      case 'sizeofType':
        em.emit(Op.PUSH, e.pos, this.res.sizeofType(this.res.type(e.type, this.unit), e.pos, this.unit));
        return UNSIGNED;
      case 'sizeofExpr': {
        const t = this.typeOf(e.arg);
        em.emit(Op.PUSH, e.pos, this.res.sizeofType(t, e.pos, this.unit));
        return UNSIGNED;
      }
      case 'comma':
        this.effect(e.left);
        return this.rvalueKeep(e.right);
      case 'assert':
        this.assertion(e);
        return VOID;
      case 'member':
      case 'index':
        break;
    }
    const p = this.place(e);
    if (p === null) {
      em.emit(Op.PUSH, e.pos, 0);
      return BAD;
    }
    return this.load(p, e.pos);
  }

  /** Turn a place into its value: registers are read, scalars loaded, arrays decay, structs stay addresses. */
  private load(p: Place, pos: Pos): Type {
    if (p.k === 'reg') {
      this.em.emit(Op.GETR, pos, p.r);
      return p.type;
    }
    const t = p.type;
    if (t.k === 'array') return { k: 'ptr', to: t.of };
    if (t.k === 'fn') return { k: 'ptr', to: t };
    if (t.k === 'struct') return t;
    if (t.k === 'void') return this.error(pos, 'cannot read through a void pointer (cast it to a typed pointer first)');
    this.em.emit(Op.LOAD, pos);
    return t;
  }

  /**
   * Compile e for its side effects only. Assignments and increments then need no
   * temporaries, and a call's unused result is dropped.
   */
  effect(e: Expr): void {
    switch (e.k) {
      case 'assign':
        this.assign(e, false);
        return;
      case 'postfix':
        this.increment(e.arg, e.op, false, false, e.pos);
        return;
      case 'unary':
        if (e.op === '++' || e.op === '--') {
          this.increment(e.arg, e.op, true, false, e.pos);
          return;
        }
        break;
      case 'call':
        this.call(e, false);
        return;
      case 'assert':
        this.assertion(e);
        return;
      case 'comma':
        this.effect(e.left);
        this.effect(e.right);
        return;
      case 'cast':
        if (this.res.type(e.type, this.unit).k === 'void') {
          this.effect(e.arg);
          return;
        }
        break;
      default:
        break;
    }
    const t = this.rvalueKeep(e);
    if (t.k !== 'void') this.em.emit(Op.POP, e.pos);
  }

  private assertion(e: Extract<Expr, { k: 'assert' }>): void {
    const t = this.rvalue(e.arg);
    this.scalar(t, e.arg.pos, 'the condition of assert');
    this.em.emit(Op.ASSERT, e.pos, this.ctx.string(e.text));
  }

  protected scalar(t: Type, pos: Pos, what: string): void {
    if (t !== BAD && !isScalar(t)) this.error(pos, `${what} must be a number or a pointer, not '${typeName(t)}'`);
  }

  // ---- places ----

  /** Compile e as an assignable place; memory places leave their address on the stack. */
  private place(e: Expr): Place | null {
    const em = this.em;
    switch (e.k) {
      case 'id': {
        const s = this.lookup(e.name);
        if (s === undefined) {
          this.unknownName(e);
          return null;
        }
        switch (s.k) {
          case 'reg': return { k: 'reg', r: s.r, type: s.type };
          case 'frame':
            em.emit(Op.FRAME_ADDR, e.pos, s.offset);
            return { k: 'mem', type: s.type };
          case 'static':
            em.emit(Op.PUSH, e.pos, s.sym.address);
            return { k: 'mem', type: s.sym.type };
          case 'var':
            em.emit(Op.PUSH, e.pos, s.address);
            return { k: 'mem', type: s.type };
          case 'fn':
            em.emit(Op.PUSH, e.pos, FN_PTR_BASE + s.index);
            this.error(e.pos, `function '${e.name}' cannot be assigned`);
            return null;
          default:
            this.error(e.pos, `'${e.name}' is a ${s.k === 'const' ? 'constant' : 'builtin'} and cannot be assigned`);
            return null;
        }
      }
      case 'unary': {
        if (e.op !== '*') break;
        const t = this.rvalue(e.arg);
        if (t === BAD) return null;
        if (!isPtr(t)) {
          this.error(e.pos, `'*' needs a pointer, but this is '${typeName(t)}'`);
          return null;
        }
        return { k: 'mem', type: t.to };
      }
      case 'member': {
        let s: Type;
        if (e.arrow) {
          const t = this.rvalueKeep(e.obj);
          if (t === BAD || (isPtr(t) && t.to === BAD)) return null;
          if (!isPtr(t) || t.to.k !== 'struct') {
            this.error(e.pos, `'->${e.name}' needs a pointer to a struct, but this is '${typeName(t)}'${t.k === 'struct' ? ` (use '.${e.name}')` : ''}`);
            return null;
          }
          s = t.to;
        } else {
          const p = this.place(e.obj);
          if (p === null || p.type === BAD) return null;
          if (p.type.k !== 'struct' || p.k !== 'mem') {
            this.error(e.pos, `'.${e.name}' needs a struct, but this is '${typeName(p.type)}'${isPtr(p.type) && p.type.to.k === 'struct' ? ` (use '->${e.name}')` : ''}`);
            return null;
          }
          s = p.type;
        }
        if (s.k !== 'struct') return null;
        if (s.fields === null) {
          this.error(e.pos, `struct ${s.tag} is used before its fields are defined`);
          return null;
        }
        const f = s.fields.find((x) => x.name === e.name);
        if (f === undefined) {
          const hint = closest(e.name, s.fields.map((x) => x.name));
          this.error(e.pos, `struct ${s.tag} has no field '${e.name}'${hint ? ` (did you mean '${hint}'?)` : ''}`, e.name.length);
          return null;
        }
        if (f.offset !== 0) {
          em.emit(Op.PUSH, e.pos, f.offset);
          em.emit(Op.ADD, e.pos);
        }
        return { k: 'mem', type: f.type };
      }
      case 'index': {
        let t = this.rvalue(e.obj);
        let it = this.rvalue(e.index);
        if (t === BAD || it === BAD) return null;
        if (isInt(t) && isPtr(it)) [t, it] = [it, t]; // i[a] means a[i]; addition commutes
        if (!isPtr(t)) {
          this.error(e.pos, `'[]' needs an array or a pointer, but this is '${typeName(t)}'`);
          return null;
        }
        if (!isInt(it)) {
          this.error(e.index.pos, `an index must be a number, not '${typeName(it)}'`);
          return null;
        }
        const size = sizeOf(t.to);
        if (size !== 1) {
          em.emit(Op.PUSH, e.pos, size);
          em.emit(Op.MUL, e.pos);
        }
        em.emit(Op.ADD, e.pos);
        return { k: 'mem', type: t.to };
      }
      default:
        break;
    }
    this.rvalue(e);
    this.error(e.pos, 'this expression cannot be assigned or have its address taken');
    return null;
  }

  // ---- operators ----

  private unary(e: Extract<Expr, { k: 'unary' }>): Type {
    const em = this.em;
    switch (e.op) {
      case '++':
      case '--':
        return this.increment(e.arg, e.op, true, true, e.pos);
      case '&': {
        if (e.arg.k === 'id') {
          const s = this.lookup(e.arg.name);
          if (s?.k === 'fn' || s?.k === 'builtin') return this.rvalue(e.arg);
          if (s?.k === 'reg') return this.error(e.pos, `internal: '${e.arg.name}' lives in a register`);
        }
        const p = this.place(e.arg);
        if (p === null) return BAD;
        if (p.k === 'reg') return this.error(e.pos, 'cannot take the address of this');
        return { k: 'ptr', to: p.type };
      }
      case '*': {
        const p = this.place(e);
        if (p === null) {
          em.emit(Op.PUSH, e.pos, 0);
          return BAD;
        }
        return this.load(p, e.pos);
      }
      case '!': {
        const t = this.rvalue(e.arg);
        this.scalar(t, e.arg.pos, "the operand of '!'");
        em.emit(Op.LNOT, e.pos);
        return INT;
      }
      default: {
        const t = this.rvalue(e.arg);
        if (t === BAD) return BAD;
        if (!isInt(t)) return this.error(e.pos, `'${e.op}' needs a number, but this is '${typeName(t)}'`);
        if (e.op === '-') em.emit(Op.NEG, e.pos);
        if (e.op === '~') em.emit(Op.BNOT, e.pos);
        return isUnsigned(t) ? UNSIGNED : INT;
      }
    }
  }

  /** Emit the normalisation a store into type t needs (chars truncate, bools become 0/1). */
  protected normalise(t: Type, pos: Pos): void {
    if (t.k !== 'int') return;
    if (t.kind === 'char') this.em.emit(Op.TRUNC8, pos);
    else if (t.kind === 'bool') this.em.emit(Op.BOOL, pos);
    else if (t.kind === 'uchar') {
      this.em.emit(Op.PUSH, pos, 255);
      this.em.emit(Op.AND, pos);
    }
  }

  private increment(target: Expr, op: '++' | '--', prefix: boolean, want: boolean, pos: Pos): Type {
    const em = this.em;
    const p = this.place(target);
    if (p === null) return BAD;
    const t = p.type;
    if (!isScalar(t) || (isPtr(t) && t.to.k === 'fn')) {
      return this.error(pos, `'${op}' needs a number or a data pointer, but this is '${typeName(t)}'`);
    }
    const step = isPtr(t) ? sizeOf(t.to) : 1;
    const apply = () => {
      em.emit(Op.PUSH, pos, step);
      em.emit(op === '++' ? Op.ADD : Op.SUB, pos);
      this.normalise(t, pos);
    };
    if (p.k === 'reg') {
      em.emit(Op.GETR, pos, p.r);
      if (want && !prefix) em.emit(Op.DUP, pos);
      apply();
      if (want && prefix) em.emit(Op.DUP, pos);
      em.emit(Op.SETR, pos, p.r);
      return t;
    }
    em.emit(Op.DUP, pos);
    em.emit(Op.LOAD, pos);
    if (want && !prefix) {
      const old = this.temp();
      em.emit(Op.SETR, pos, old);
      em.emit(Op.GETR, pos, old);
      apply();
      em.emit(Op.STORE, pos);
      em.emit(Op.GETR, pos, old);
      this.release(old, pos);
      return t;
    }
    apply();
    this.store(want, pos);
    return t;
  }

  /** [address, value] on the stack: store, leaving the value when wanted. */
  private store(want: boolean, pos: Pos): void {
    if (!want) {
      this.em.emit(Op.STORE, pos);
      return;
    }
    const v = this.temp();
    this.em.emit(Op.SETR, pos, v);
    this.em.emit(Op.GETR, pos, v);
    this.em.emit(Op.STORE, pos);
    this.em.emit(Op.GETR, pos, v);
    this.release(v, pos);
  }

  private binary(e: Extract<Expr, { k: 'binary' }>): Type {
    const lt = this.rvalue(e.left);
    const rt = this.rvalue(e.right);
    return this.operate(e.op, lt, rt, e.pos, e.left, e.right);
  }

  /** Apply a binary operator to the two values on top of the stack (left below right). */
  private operate(op: string, lt: Type, rt: Type, pos: Pos, left: Expr, right: Expr): Type {
    const em = this.em;
    if (lt === BAD || rt === BAD) {
      em.emit(Op.POP, pos);
      return BAD;
    }
    const lp = isPtr(lt), rp = isPtr(rt);
    if (lt.k === 'void' || rt.k === 'void') {
      em.emit(Op.POP, pos);
      return this.error(pos, `a void value cannot be an operand of '${op}'`);
    }
    if (COMPARE.has(op)) {
      if (lp || rp) {
        const ok = (lp && rp && this.pointersCompatible(lt, rt))
          || (lp && !rp && this.isNullConst(right)) || (rp && !lp && this.isNullConst(left));
        if (!ok) {
          this.error(pos, lp && rp
            ? `comparing incompatible pointers '${typeName(lt)}' and '${typeName(rt)}' (cast one of them)`
            : `comparing '${typeName(lt)}' with '${typeName(rt)}' needs a cast`);
        }
        em.emit(ARITH[op]![1], pos);
        return INT;
      }
      em.emit(ARITH[op]![isUnsigned(lt) || isUnsigned(rt) ? 1 : 0], pos);
      return INT;
    }
    if (lp || rp) {
      if (op === '+' && lp !== rp) {
        const p = (lp ? lt : rt) as Extract<Type, { k: 'ptr' }>;
        if (!isInt(lp ? rt : lt)) return this.error(pos, `invalid operands to '+' ('${typeName(lt)}' and '${typeName(rt)}')`);
        const size = this.stepOf(p, pos);
        if (size !== 1) {
          if (lp) {
            em.emit(Op.PUSH, pos, size);
            em.emit(Op.MUL, pos);
          } else {
            // int below the pointer: set the pointer aside, scale, add
            const t = this.temp();
            em.emit(Op.SETR, pos, t);
            em.emit(Op.PUSH, pos, size);
            em.emit(Op.MUL, pos);
            em.emit(Op.GETR, pos, t);
            this.release(t, pos);
          }
        }
        em.emit(Op.ADD, pos);
        return p;
      }
      if (op === '-' && lp && isInt(rt)) {
        const size = this.stepOf(lt, pos);
        if (size !== 1) {
          em.emit(Op.PUSH, pos, size);
          em.emit(Op.MUL, pos);
        }
        em.emit(Op.SUB, pos);
        return lt;
      }
      if (op === '-' && lp && rp) {
        if (!this.pointersCompatible(lt, rt)) return this.error(pos, `subtracting incompatible pointers '${typeName(lt)}' and '${typeName(rt)}'`);
        em.emit(Op.SUB, pos);
        const size = this.stepOf(lt, pos);
        if (size !== 1) {
          em.emit(Op.PUSH, pos, size);
          em.emit(Op.DIV, pos);
        }
        return INT;
      }
      em.emit(Op.POP, pos);
      return this.error(pos, `invalid operands to '${op}' ('${typeName(lt)}' and '${typeName(rt)}')${lp && rp ? '' : '; cast the pointer to an integer first'}`);
    }
    if (!isInt(lt) || !isInt(rt)) {
      em.emit(Op.POP, pos);
      return this.error(pos, `invalid operands to '${op}' ('${typeName(lt)}' and '${typeName(rt)}')`);
    }
    const ops = ARITH[op]!;
    if (op === '<<' || op === '>>') {
      em.emit(ops[isUnsigned(lt) ? 1 : 0], pos);
      return isUnsigned(lt) ? UNSIGNED : INT;
    }
    const u = isUnsigned(lt) || isUnsigned(rt);
    em.emit(ops[u ? 1 : 0], pos);
    return u ? UNSIGNED : INT;
  }

  private stepOf(p: Extract<Type, { k: 'ptr' }>, pos: Pos): number {
    if (p.to.k === 'fn') this.error(pos, 'arithmetic on a function pointer');
    if (p.to.k === 'struct' && p.to.fields === null) this.error(pos, `arithmetic on a pointer to struct ${p.to.tag}, whose fields are not defined yet`);
    return sizeOf(p.to);
  }

  protected isNullConst(e: Expr): boolean {
    if (e.k === 'num') return e.value === 0;
    if (e.k === 'id' && e.name === 'NULL' && this.lookup('NULL') === undefined) return true;
    if (e.k === 'cast') return this.isNullConst(e.arg);
    return false;
  }

  /**
   * Pointers that may be mixed without a cast: void * with any, equal pointees, and
   * pointees that differ only in signedness (int * and unsigned *, as futex words
   * are declared either way; C only warns about these).
   */
  private pointersCompatible(a: Extract<Type, { k: 'ptr' }>, b: Extract<Type, { k: 'ptr' }>): boolean {
    return a.to === BAD || b.to === BAD || a.to.k === 'void' || b.to.k === 'void' || sameType(a.to, b.to)
      || (isInt(a.to) && isInt(b.to) && SIGN_FAMILY[a.to.kind] === SIGN_FAMILY[b.to.kind]);
  }

  /**
   * Check that a value of type `from` may be stored in a `to`, emitting the
   * normalisation. `e` is the source expression (a literal 0 is a null pointer).
   */
  protected convert(from: Type, to: Type, e: Expr, what: string): void {
    if (from === BAD || to === BAD) return;
    const pos = e.pos;
    if (from.k === 'void') {
      this.error(pos, `${what}: a void value cannot be used`);
      return;
    }
    if (to.k === 'int') {
      if (from.k === 'int') this.normalise(to, pos);
      else if (from.k === 'ptr' && to.kind === 'bool') this.normalise(to, pos);
      else this.error(pos, `${what}: '${typeName(from)}' to '${typeName(to)}' needs a cast`);
      return;
    }
    if (to.k === 'ptr') {
      if (from.k === 'ptr') {
        if (!this.pointersCompatible(from, to) && !(from.to.k === 'fn' && to.to.k === 'fn' && sameFn(from.to, to.to))) {
          this.error(pos, `${what}: incompatible pointer types ('${typeName(from)}' to '${typeName(to)}')`);
        }
      } else if (!(from.k === 'int' && this.isNullConst(e))) {
        this.error(pos, `${what}: '${typeName(from)}' to '${typeName(to)}' needs a cast`);
      }
      return;
    }
    this.error(pos, `${what}: cannot store into '${typeName(to)}'`);
  }

  private logicalValue(e: Expr): Type {
    const em = this.em;
    const falses: number[] = [];
    this.jumpIf(e, false, falses);
    em.emit(Op.PUSH, e.pos, 1);
    const end = em.jump(Op.JMP, e.pos);
    em.patchHere(falses);
    em.emit(Op.PUSH, e.pos, 0);
    em.patch(end, em.here);
    return INT;
  }

  /**
   * Jump (to targets collected in `list`, patched by the caller) when the truth of
   * e equals `sense`; fall through otherwise. && and || short-circuit here.
   */
  jumpIf(e: Expr, sense: boolean, list: number[]): void {
    const em = this.em;
    if (e.k === 'unary' && e.op === '!') {
      this.jumpIf(e.arg, !sense, list);
      return;
    }
    if (e.k === 'logical') {
      const isAnd = e.op === '&&';
      if (isAnd !== sense) {
        // && false / || true: either side decides
        this.jumpIf(e.left, sense, list);
        this.jumpIf(e.right, sense, list);
      } else {
        const skip: number[] = [];
        this.jumpIf(e.left, !sense, skip);
        this.jumpIf(e.right, sense, list);
        em.patchHere(skip);
      }
      return;
    }
    if (e.k === 'assign' && e.op === '=' && e.parenthesized !== true) {
      this.report.warning(e.pos.line, e.pos.col, "'=' assigns here; write '==' to compare (or add parentheses if the assignment is meant)");
    }
    const t = this.rvalue(e);
    this.scalar(t, e.pos, 'a condition');
    list.push(em.jump(sense ? Op.JNZ : Op.JZ, e.pos));
  }

  private conditional(e: Extract<Expr, { k: 'cond' }>): Type {
    const em = this.em;
    const elses: number[] = [];
    this.jumpIf(e.test, false, elses);
    const a = this.rvalue(e.then);
    const end = em.jump(Op.JMP, e.pos);
    em.patchHere(elses);
    const b = this.rvalue(e.else);
    em.patch(end, em.here);
    if (a === BAD || b === BAD) return BAD;
    if (a.k === 'void' && b.k === 'void') return VOID;
    if (isInt(a) && isInt(b)) return isUnsigned(a) || isUnsigned(b) ? UNSIGNED : INT;
    if (isPtr(a) && isPtr(b)) {
      if (this.pointersCompatible(a, b)) return a.to.k === 'void' ? b : a;
      return this.error(e.pos, `the two branches of '?:' have incompatible types '${typeName(a)}' and '${typeName(b)}'`);
    }
    if (isPtr(a) && this.isNullConst(e.else)) return a;
    if (isPtr(b) && this.isNullConst(e.then)) return b;
    return this.error(e.pos, `the two branches of '?:' have different types '${typeName(a)}' and '${typeName(b)}'`);
  }

  private assign(e: Extract<Expr, { k: 'assign' }>, want: boolean): Type {
    const em = this.em;
    const p = this.place(e.target);
    if (p === null) {
      this.rvalue(e.value);
      return BAD;
    }
    const t = p.type;
    if (t.k === 'array') {
      this.rvalue(e.value);
      return this.error(e.pos, 'an array cannot be assigned (assign its elements one by one)');
    }
    if (t.k === 'struct') {
      if (e.op !== '=') return this.error(e.pos, `'${e.op}' cannot be applied to a struct`);
      this.structCopy(t, e.value, e.pos);
      if (want) return this.error(e.pos, 'the value of a struct assignment cannot be used');
      return VOID;
    }
    if (t.k === 'fn' || t.k === 'void') {
      this.rvalue(e.value);
      return this.error(e.pos, `cannot assign to '${typeName(t)}'`);
    }
    if (p.k === 'reg') {
      if (e.op === '=') {
        const vt = this.rvalue(e.value);
        this.convert(vt, t, e.value, 'assignment');
      } else {
        em.emit(Op.GETR, e.pos, p.r);
        const vt = this.rvalue(e.value);
        const rt = this.operate(e.op.slice(0, -1), t, vt, e.pos, e.target, e.value);
        this.convert(rt, t, e.value, `'${e.op}'`);
      }
      if (want) em.emit(Op.DUP, e.pos);
      em.emit(Op.SETR, e.pos, p.r);
      return t;
    }
    if (e.op === '=') {
      const vt = this.rvalue(e.value);
      this.convert(vt, t, e.value, 'assignment');
    } else {
      em.emit(Op.DUP, e.pos);
      em.emit(Op.LOAD, e.pos);
      const vt = this.rvalue(e.value);
      const rt = this.operate(e.op.slice(0, -1), t, vt, e.pos, e.target, e.value);
      this.convert(rt, t, e.value, `'${e.op}'`);
    }
    this.store(want, e.pos);
    return t;
  }

  /** dst's address is on the stack; copy the struct `src` into it word by word. */
  protected structCopy(t: Type, src: Expr, pos: Pos): void {
    const em = this.em;
    const d = this.temp();
    em.emit(Op.SETR, pos, d);
    const st = this.rvalueKeep(src);
    if (st === BAD) return this.release(d, pos);
    if (st.k !== 'struct' || st !== t) {
      this.error(src.pos, `assignment: '${typeName(st)}' to '${typeName(t)}' is not allowed`);
      return this.release(d, pos);
    }
    const s = this.temp();
    em.emit(Op.SETR, pos, s);
    for (let i = 0; i < sizeOf(t); i++) {
      em.emit(Op.GETR, pos, d);
      if (i > 0) {
        em.emit(Op.PUSH, pos, i);
        em.emit(Op.ADD, pos);
      }
      em.emit(Op.GETR, pos, s);
      if (i > 0) {
        em.emit(Op.PUSH, pos, i);
        em.emit(Op.ADD, pos);
      }
      em.emit(Op.LOAD, pos);
      em.emit(Op.STORE, pos);
    }
    this.release(s, pos);
    this.release(d, pos);
  }

  private cast(e: Extract<Expr, { k: 'cast' }>): Type {
    const to = this.res.type(e.type, this.unit);
    const from = this.rvalue(e.arg);
    if (from === BAD) return to.k === 'void' ? VOID : to;
    if (to.k === 'void') {
      if (from.k !== 'void') this.em.emit(Op.POP, e.pos);
      return VOID;
    }
    if (from.k === 'void') return this.error(e.pos, 'a void value cannot be cast');
    if (to.k === 'int') {
      this.normalise(to, e.pos);
      return to;
    }
    if (to.k === 'ptr') return to;
    return this.error(e.pos, `cannot cast to '${typeName(to)}'`);
  }

  // ---- calls ----

  private call(e: Extract<Expr, { k: 'call' }>, want: boolean): Type {
    const em = this.em;
    let name = 'the function';
    let fn: FnType | null = null;
    let direct: Extract<GlobalSym, { k: 'fn' | 'builtin' }> | null = null;
    if (e.callee.k === 'id') {
      name = e.callee.name;
      const s = this.lookup(name);
      if (s === undefined) {
        for (const a of e.args) this.effect(a);
        this.unknownName(e.callee);
        if (want) em.emit(Op.PUSH, e.pos, 0);
        return want ? BAD : VOID;
      }
      if (s.k === 'fn' || s.k === 'builtin') {
        direct = s;
        fn = s.type;
      }
    }
    if (direct === null) {
      const t = this.rvalue(e.callee);
      if (t === BAD) {
        for (const a of e.args) this.effect(a);
        if (want) em.emit(Op.PUSH, e.pos, 0);
        return BAD;
      }
      fn = fnOf(t);
      if (fn === null) {
        for (const a of e.args) this.effect(a);
        if (want) em.emit(Op.PUSH, e.pos, 0);
        return this.error(e.pos, `${e.callee.k === 'id' ? `'${name}'` : 'this'} is not a function (it is '${typeName(t)}')`);
      }
      if (e.callee.k === 'id') name = e.callee.name;
    }
    fn = fn!;
    const n = fn.params.length;
    if (e.args.length !== n && !(fn.varargs && e.args.length >= n)) {
      this.error(e.pos, `${name} takes ${fn.varargs ? 'at least ' : ''}${n} argument${n === 1 ? '' : 's'}, got ${e.args.length}`, name.length);
    }
    if (direct !== null && this.ctx.units[this.unit]!.forbid.has(name)) {
      this.error(e.pos, `this exercise may not call ${name}`, name.length);
    }
    e.args.forEach((a, i) => {
      const at = this.rvalue(a);
      const pt = fn.params[i];
      if (pt !== undefined) this.convert(at, pt, a, `argument ${i + 1} of ${name}`);
    });
    const argc = e.args.length;
    if (direct?.k === 'builtin') {
      em.emit(Op.BUILTIN, e.pos, direct.id, argc);
      if (fn.ret.k === 'void' || !want) em.emit(Op.POP, e.pos);
      if (direct.noreturn) em.reachable = false;
    } else if (direct?.k === 'fn') {
      if (!direct.defined) this.error(e.pos, `function '${name}' is declared but never defined`, name.length);
      em.emit(Op.CALL, e.pos, direct.index, argc);
      if (fn.ret.k !== 'void' && !want) em.emit(Op.POP, e.pos);
    } else {
      // CALLI wants the function pointer below the arguments: it was pushed first.
      em.emit(Op.CALLI, e.pos, argc);
      if (fn.ret.k !== 'void' && !want) em.emit(Op.POP, e.pos);
    }
    return want ? fn.ret : VOID;
  }
}

function sameFn(a: FnType, b: FnType): boolean {
  if (a.params.length !== b.params.length || a.varargs !== b.varargs) return false;
  const like = (x: Type, y: Type) => sameType(x, y) || (isPtr(x) && isPtr(y) && (x.to.k === 'void' || y.to.k === 'void'));
  return like(a.ret, b.ret) && a.params.every((p, i) => like(p, b.params[i]!));
}
