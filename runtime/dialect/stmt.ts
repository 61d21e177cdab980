// Statements and whole functions: scopes and storage of locals, control flow
// (loops, switch, goto), and the missing-return check. A function's code ends in
// RET (void), `return 0` (main, as in C) or TRAP (a non-void function that can
// fall off its end: a compile-time warning and a runtime finding).

import { Op } from '../ir.ts';
import type { FunctionIR, LocalInfo } from '../ir.ts';
import { registerLiveness } from './liveness.ts';
import type { Init, Pos, Stmt, VarDecl } from './ast.ts';
import type { Context, GlobalSym } from './context.ts';
import { Emitter } from './emitter.ts';
import { BAD, ExprCompiler } from './expr.ts';
import type { LocalSym } from './expr.ts';
import { initializeGlobal } from './globals.ts';
import { InitFlattener, completeArray } from './init.ts';
import type { Resolver } from './resolve.ts';
import type { Type } from './types.ts';
import { debugType, isScalar, sizeOf, typeName } from './types.ts';

type FnSym = Extract<GlobalSym, { k: 'fn' }>;

interface Breakable {
  breaks: number[];
  /** null for a switch (continue goes to the enclosing loop) */
  continues: number[] | null;
  broke: boolean;
}

export class FunctionCompiler extends ExprCompiler {
  private readonly locals: LocalInfo[] = [];
  private readonly scopeLocals: LocalInfo[][] = [];
  private readonly breakables: Breakable[] = [];
  private readonly switches: { cases: { value: number; at: number }[]; values: Set<number>; deflt: number | null; pos: Pos }[] = [];
  private readonly labels = new Map<string, number>();
  private readonly gotos: { at: number; label: string; pos: Pos }[] = [];
  private addrTaken = new Set<string>();

  constructor(ctx: Context, res: Resolver, unit: number, private readonly fn: FnSym) {
    super(ctx, res, unit, new Emitter());
  }

  compile(): FunctionIR {
    // `sizeof expr` in constant contexts (array lengths, case labels) sees this function's locals
    const hook = this.res.typeOfExpr;
    this.res.typeOfExpr = (e) => this.typeOf(e);
    try {
      return this.compileBody();
    } finally {
      this.res.typeOfExpr = hook;
    }
  }

  private compileBody(): FunctionIR {
    const fn = this.fn;
    const body = fn.body!;
    const em = this.em;
    this.addrTaken = fn.addressTaken;
    this.registers = fn.type.params.length;
    this.pushScope();
    fn.type.params.forEach((t, i) => {
      const name = fn.paramNames[i];
      if (name === null || name === undefined) return;
      const scope = this.scopes[this.scopes.length - 1]!;
      if (scope.has(name)) this.error(fn.pos, `two parameters are named '${name}'`);
      if (this.addrTaken.has(name)) {
        // its address is taken: move it from its register into the frame
        const offset = this.frameWords++;
        em.emit(Op.FRAME_ADDR, body.pos, offset);
        em.emit(Op.GETR, body.pos, i);
        em.emit(Op.STORE, body.pos);
        this.addLocal(name, { k: 'frame', offset, type: t }, t);
      } else {
        this.addLocal(name, { k: 'reg', r: i, type: t }, t);
      }
    });
    this.block(body);
    this.popScope();
    // When the end is unreachable (every path returns, loops forever or calls exit), the code
    // still ends in a terminator: a jump patched to "the end" (after an if whose branches
    // both leave) or a noreturn builtin that returned after all must not run past it.
    if (!em.reachable && em.openEnded()) {
      if (fn.type.ret.k === 'void') em.emit(Op.RET, body.end);
      else em.emit(Op.TRAP, body.end, this.ctx.string(`${fn.name} reached its end without returning a value`));
    }
    if (em.reachable) {
      if (fn.type.ret.k === 'void') em.emit(Op.RET, body.end);
      else if (fn.name === 'main') {
        em.emit(Op.PUSH, body.end, 0);
        em.emit(Op.RETV, body.end);
      } else {
        this.report.warning(body.end.line, body.end.col, `'${fn.name}' can reach its end without returning a value`);
        em.emit(Op.TRAP, body.end, this.ctx.string(`${fn.name} reached its end without returning a value`));
      }
    }
    for (const g of this.gotos) {
      const at = this.labels.get(g.label);
      if (at === undefined) this.error(g.pos, `label '${g.label}' is not defined in ${fn.name}`, g.label.length);
      else em.patch(g.at, at);
    }
    const code = Int32Array.from(em.code);
    return {
      name: fn.name,
      index: fn.index,
      file: fn.unit,
      pos: { file: fn.unit, line: fn.pos.line, col: fn.pos.col },
      params: fn.type.params.length,
      registers: this.registers,
      frameWords: this.frameWords,
      returnsValue: fn.type.ret.k !== 'void',
      code,
      lines: Int32Array.from(em.lines),
      cols: Int32Array.from(em.cols),
      locals: this.locals,
      liveRegisters: registerLiveness(code, this.registers),
    };
  }

  // ---- scopes ----

  private pushScope(): void {
    this.scopes.push(new Map<string, LocalSym>());
    this.scopeLocals.push([]);
  }

  private popScope(): void {
    this.scopes.pop();
    for (const l of this.scopeLocals.pop()!) l.to = this.em.here;
  }

  private addLocal(name: string, sym: LocalSym, t: Type): void {
    this.scopes[this.scopes.length - 1]!.set(name, sym);
    if (sym.k === 'static') return;
    const info: LocalInfo = {
      name, type: debugType(t), where: sym.k === 'reg' ? { register: sym.r } : { frame: sym.offset }, from: this.em.here, to: this.em.here,
    };
    this.locals.push(info);
    this.scopeLocals[this.scopeLocals.length - 1]!.push(info);
  }

  // ---- statements ----

  private block(b: Extract<Stmt, { k: 'block' }>): void {
    for (const s of b.body) this.statement(s);
  }

  private statement(s: Stmt): void {
    const em = this.em;
    switch (s.k) {
      case 'expr':
        this.noEffectWarning(s.e);
        this.effect(s.e);
        return;
      case 'decl':
        for (const t of s.tags) this.res.type(t, this.unit);
        for (const d of s.decls) this.declare(d);
        return;
      case 'block':
        this.pushScope();
        this.block(s);
        this.popScope();
        return;
      case 'empty':
        return;
      case 'if': {
        const elses: number[] = [];
        this.jumpIf(s.test, false, elses);
        this.statement(s.then);
        if (s.else === null) {
          em.patchHere(elses);
          em.reachable = true;
          return;
        }
        const thenReach = em.reachable;
        // no jump over the else branch when the then branch never gets to its end
        const end = thenReach ? em.jump(Op.JMP, s.pos) : -1;
        em.patchHere(elses);
        em.reachable = true;
        this.statement(s.else);
        if (end >= 0) em.patch(end, em.here);
        em.reachable ||= thenReach;
        return;
      }
      case 'while': {
        const top = em.here;
        const exits: number[] = [];
        const always = this.isTrue(s.test);
        if (!always) this.jumpIf(s.test, false, exits);
        const loop = this.loop(s.body, top);
        em.emit(Op.JMP, s.pos, top);
        em.patchHere(exits);
        em.patchHere(loop.breaks);
        em.reachable = !always || loop.broke;
        return;
      }
      case 'do': {
        const top = em.here;
        const loop = this.loop(s.body, -1);
        em.patchHere(loop.continues!);
        em.reachable = true;
        const always = this.isTrue(s.test);
        const back: number[] = [];
        this.jumpIf(s.test, true, back);
        for (const b of back) em.patch(b, top);
        em.patchHere(loop.breaks);
        em.reachable = !always || loop.broke;
        return;
      }
      case 'for': {
        this.pushScope();
        if (s.init !== null) this.statement(s.init);
        const top = em.here;
        const exits: number[] = [];
        const always = s.test === null || this.isTrue(s.test);
        if (s.test !== null && !always) this.jumpIf(s.test, false, exits);
        const loop = this.loop(s.body, -1);
        em.patchHere(loop.continues!);
        em.reachable = true;
        if (s.step !== null) this.effect(s.step);
        em.emit(Op.JMP, s.pos, top);
        em.patchHere(exits);
        em.patchHere(loop.breaks);
        em.reachable = !always || loop.broke;
        this.popScope();
        return;
      }
      case 'break':
      case 'continue': {
        let target: Breakable | undefined;
        for (let i = this.breakables.length - 1; i >= 0; i--) {
          const b = this.breakables[i]!;
          if (s.k === 'break' || b.continues !== null) {
            target = b;
            break;
          }
        }
        if (target === undefined) {
          this.error(s.pos, s.k === 'break' ? "'break' outside a loop or switch" : "'continue' outside a loop", s.k.length);
          return;
        }
        const at = em.jump(Op.JMP, s.pos);
        if (s.k === 'break') {
          target.breaks.push(at);
          target.broke = true;
        } else target.continues!.push(at);
        em.reachable = false;
        return;
      }
      case 'return':
        this.returnStmt(s);
        return;
      case 'switch':
        this.switchStmt(s);
        return;
      case 'case':
      case 'default': {
        const sw = this.switches[this.switches.length - 1];
        if (sw === undefined) {
          this.error(s.pos, `'${s.k}' outside a switch`, s.k.length);
          if (s.body !== null) this.statement(s.body);
          return;
        }
        em.reachable = true;
        if (s.k === 'default') {
          if (sw.deflt !== null) this.error(s.pos, "this switch already has a 'default'", 7);
          sw.deflt = em.here;
        } else {
          const v = this.res.constInt(s.value, this.unit, 'a case value');
          if (v !== null) {
            if (sw.values.has(v)) this.error(s.value.pos, `case ${v} appears twice in this switch`);
            sw.values.add(v);
            sw.cases.push({ value: v, at: em.here });
          }
        }
        if (s.body !== null) this.statement(s.body);
        return;
      }
      case 'goto': {
        this.gotos.push({ at: em.jump(Op.JMP, s.pos), label: s.label, pos: s.pos });
        em.reachable = false;
        return;
      }
      case 'label':
        if (this.labels.has(s.name)) this.error(s.pos, `label '${s.name}' is defined twice`, s.name.length);
        this.labels.set(s.name, em.here);
        em.reachable = true;
        if (s.body !== null) this.statement(s.body);
        return;
    }
  }

  /** `x == 1;` computes and discards a value: almost always a mistyped assignment. */
  private noEffectWarning(e: import('./ast.ts').Expr): void {
    const pure = e.k === 'binary' || e.k === 'num' || e.k === 'id' || e.k === 'member' || e.k === 'index'
      || (e.k === 'unary' && e.op !== '++' && e.op !== '--') || e.k === 'sizeofType' || e.k === 'sizeofExpr';
    if (!pure) return;
    const hint = e.k === 'binary' && e.op === '==' ? " (did you mean '='?)" : '';
    this.report.warning(e.pos.line, e.pos.col, `this statement computes a value and throws it away${hint}`);
  }

  /** Compile a loop body; `continueTo` >= 0 is a known target, else continues are collected. */
  private loop(body: Stmt, continueTo: number): Breakable {
    const b: Breakable = { breaks: [], continues: [], broke: false };
    this.breakables.push(b);
    this.statement(body);
    this.breakables.pop();
    if (continueTo >= 0) {
      for (const c of b.continues!) this.em.patch(c, continueTo);
      b.continues = [];
    }
    return b;
  }

  /** A loop condition that is a nonzero constant (`while (1)`), so the loop only ends by break. */
  private isTrue(e: import('./ast.ts').Expr): boolean {
    return e.k === 'num' && e.value !== 0;
  }

  private returnStmt(s: Extract<Stmt, { k: 'return' }>): void {
    const em = this.em;
    const ret = this.fn.type.ret;
    if (s.value === null) {
      if (ret.k !== 'void') this.error(s.pos, `'${this.fn.name}' must return a value (it returns '${typeName(ret)}')`, 6);
      em.emit(ret.k === 'void' ? Op.RET : Op.TRAP, s.pos, ret.k === 'void' ? undefined : this.ctx.string(`${this.fn.name} returned without a value`));
    } else if (ret.k === 'void') {
      const t = this.rvalue(s.value);
      if (t.k !== 'void' && t !== BAD) this.error(s.value.pos, `'${this.fn.name}' returns void, so it cannot return a value`);
      if (t.k !== 'void') em.emit(Op.POP, s.pos);
      em.emit(Op.RET, s.pos);
    } else {
      const t = this.rvalue(s.value);
      this.convert(t, ret, s.value, 'return value');
      em.emit(Op.RETV, s.pos);
    }
    em.reachable = false;
  }

  /**
   * The value stays on the operand stack only while the dispatch (placed after
   * the body) compares it, so no register keeps it through the body:
   *   <value>; JMP dispatch; body; dispatch: DUP PUSH c EQ JNZ t_c …; POP; JMP default|end;
   *   t_c: POP; JMP case_c …
   */
  private switchStmt(s: Extract<Stmt, { k: 'switch' }>): void {
    const em = this.em;
    const t = this.rvalue(s.test);
    if (t !== BAD && t.k !== 'int') this.error(s.test.pos, `a switch needs an integer value, not '${typeName(t)}'`);
    const toDispatch = em.jump(Op.JMP, s.pos);
    em.reachable = false;
    const sw = { cases: [] as { value: number; at: number }[], values: new Set<number>(), deflt: null as number | null, pos: s.pos };
    this.switches.push(sw);
    const b: Breakable = { breaks: [], continues: null, broke: false };
    this.breakables.push(b);
    this.statement(s.body);
    this.breakables.pop();
    this.switches.pop();
    const fallsOut = em.reachable;
    if (fallsOut) b.breaks.push(em.jump(Op.JMP, s.pos));
    em.patch(toDispatch, em.here);
    const toTrampoline: number[] = [];
    for (const c of sw.cases) {
      em.emit(Op.DUP, s.pos);
      em.emit(Op.PUSH, s.pos, c.value);
      em.emit(Op.EQ, s.pos);
      toTrampoline.push(em.jump(Op.JNZ, s.pos));
    }
    em.emit(Op.POP, s.pos);
    if (sw.deflt !== null) em.emit(Op.JMP, s.pos, sw.deflt);
    else b.breaks.push(em.jump(Op.JMP, s.pos));
    sw.cases.forEach((c, i) => {
      em.patch(toTrampoline[i]!, em.here);
      em.emit(Op.POP, s.pos);
      em.emit(Op.JMP, s.pos, c.at);
    });
    em.patchHere(b.breaks);
    em.reachable = sw.deflt === null || b.broke || fallsOut;
  }

  // ---- local declarations ----

  private declare(d: VarDecl): void {
    const em = this.em;
    const scope = this.scopes[this.scopes.length - 1]!;
    if (d.storage.typedef) {
      const t = this.res.type(d.type, this.unit);
      this.ctx.typedefs.set(d.name, { type: t, unit: this.unit, pos: d.pos });
      return;
    }
    let t = this.res.type(d.type, this.unit);
    t = completeArray(t, d.init, this.res, this.unit);
    if (t.k === 'fn') {
      if (this.ctx.globals.get(d.name)?.k !== 'fn' && this.ctx.globals.get(d.name)?.k !== 'builtin') {
        this.error(d.pos, `declare function '${d.name}' outside of any function`, d.name.length);
      }
      return;
    }
    if (scope.has(d.name)) this.error(d.pos, `'${d.name}' is already declared in this block`, d.name.length);
    if (!this.complete(t, d)) return;
    if (d.storage.extern) {
      const g = this.ctx.globals.get(d.name);
      if (g?.k !== 'var') {
        this.error(d.pos, `extern '${d.name}' does not name a global variable`, d.name.length);
        return;
      }
      this.addLocal(d.name, { k: 'static', sym: g }, t);
      return;
    }
    if (d.storage.static) {
      const name = `${this.fn.name}.${d.name}`;
      const address = this.ctx.allocate(name, t, d.pos, this.unit);
      const sym: Extract<GlobalSym, { k: 'var' }> = { k: 'var', name, type: t, address, pos: d.pos, unit: this.unit, defined: true, initialized: d.init !== null };
      this.addLocal(d.name, { k: 'static', sym }, t);
      if (d.init !== null) initializeGlobal(this.ctx, this.res, this.unit, d.name, address, t, d.init);
      return;
    }
    if (isScalar(t) && !this.addrTaken.has(d.name)) {
      const r = this.registers++;
      if (d.init !== null) {
        const e = this.scalarInit(d.init, t);
        if (e !== null) {
          const vt = this.rvalue(e);
          this.convert(vt, t, e, `the initialiser of '${d.name}'`);
          em.emit(Op.SETR, d.pos, r);
        }
      }
      this.addLocal(d.name, { k: 'reg', r, type: t }, t);
      return;
    }
    const offset = this.frameWords;
    this.frameWords += sizeOf(t);
    this.addLocal(d.name, { k: 'frame', offset, type: t }, t);
    if (d.init !== null) this.initFrame(d, t, offset, d.init);
  }

  private complete(t: Type, d: VarDecl): boolean {
    if (t.k === 'void') {
      this.error(d.pos, `variable '${d.name}' cannot have type void`, d.name.length);
      return false;
    }
    if (t.k === 'array' && t.len < 0) {
      this.error(d.pos, `array '${d.name}' needs a length or an initialiser`, d.name.length);
      return false;
    }
    if (t.k === 'struct' && t.fields === null) {
      this.error(d.pos, `variable '${d.name}' has type struct ${t.tag}, whose fields are not defined`, d.name.length);
      return false;
    }
    return true;
  }

  /** The single expression initialising a scalar (`= e` or `= { e }`). */
  private scalarInit(init: Init, t: Type): import('./ast.ts').Expr | null {
    if (init.k === 'expr') return init.e;
    if (init.items.length === 1 && init.items[0]!.designator === null && init.items[0]!.init.k === 'expr') return init.items[0]!.init.e;
    if (init.items.length === 0) return { k: 'num', value: 0, unsigned: false, pos: init.pos };
    this.error(init.pos, `too many initialisers for '${typeName(t)}'`);
    return null;
  }

  /** Initialise a frame object: every word is written (unmentioned ones with 0, as C requires). */
  private initFrame(d: VarDecl, t: Type, offset: number, init: Init): void {
    const em = this.em;
    const flat = new InitFlattener(this.report, this.res, this.unit);
    flat.object(t, init, 0);
    const covered = new Uint8Array(sizeOf(t));
    for (const p of flat.pieces) {
      if (p.k === 'scalar') {
        em.emit(Op.FRAME_ADDR, p.e.pos, offset + p.offset);
        const vt = this.rvalue(p.e);
        this.convert(vt, p.type, p.e, `the initialiser of '${d.name}'`);
        em.emit(Op.STORE, p.e.pos);
        covered[p.offset] = 1;
      } else if (p.k === 'chars') {
        for (let i = 0; i < p.len; i++) {
          em.emit(Op.FRAME_ADDR, p.pos, offset + p.offset + i);
          em.emit(Op.PUSH, p.pos, i < p.text.length ? (p.text.charCodeAt(i) << 24) >> 24 : 0);
          em.emit(Op.STORE, p.pos);
          covered[p.offset + i] = 1;
        }
      } else {
        em.emit(Op.FRAME_ADDR, p.e.pos, offset + p.offset);
        this.structCopy(p.type, p.e, p.e.pos);
        covered.fill(1, p.offset, p.offset + sizeOf(p.type));
      }
    }
    for (let i = 0; i < covered.length; i++) {
      if (covered[i]) continue;
      em.emit(Op.FRAME_ADDR, d.pos, offset + i);
      em.emit(Op.PUSH, d.pos, 0);
      em.emit(Op.STORE, d.pos);
    }
  }
}
