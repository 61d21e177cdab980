// File-scope declarations of every unit, in order: typedefs, structs, enums,
// global variables (laid out in memory as they come, honouring `#pragma
// new_page`), function prototypes and definitions, and the rules a unit with
// `mayDefine` must follow.

import type { Pos, TopItem, VarDecl } from './ast.ts';
import { ANONYMOUS, type Context, type GlobalSym } from './context.ts';
import { completeArray } from './init.ts';
import type { Resolver } from './resolve.ts';
import type { FnType, Type } from './types.ts';
import { sameType, typeName } from './types.ts';

export interface PendingInit {
  unit: number;
  decl: VarDecl;
  sym: Extract<GlobalSym, { k: 'var' }>;
}

export interface PragmaUse {
  unit: number;
  name: string;
  args: string[];
  pos: Pos;
}

export class Declarer {
  readonly inits: PendingInit[] = [];
  /** defined functions in definition order (their index order) */
  readonly defined: Extract<GlobalSym, { k: 'fn' }>[] = [];
  readonly pragmas: PragmaUse[] = [];
  /** function names each unit defines (for mayDefine checks) */
  readonly definedBy: Set<string>[];

  constructor(
    private readonly ctx: Context,
    private readonly res: Resolver,
    /** names each user unit declares or defines at file scope */
    private readonly namesBy: Set<string>[],
  ) {
    this.definedBy = ctx.units.map(() => new Set<string>());
  }

  private where(unit: number, pos: Pos): string {
    const u = this.ctx.units[unit]!;
    return `${u.user ? u.name : '<prelude>'}:${pos.line}:${pos.col}`;
  }

  unit(unit: number, items: TopItem[]): void {
    for (const item of items) {
      switch (item.k) {
        case 'pragma':
          if (item.name === 'new_page') this.ctx.alignToPage();
          else this.pragmas.push({ unit, name: item.name, args: item.args, pos: item.pos });
          break;
        case 'decl':
          for (const t of item.tags) this.res.type(t, unit);
          for (const d of item.decls) this.declaration(unit, d);
          break;
        case 'fndef':
          this.definition(unit, item);
          break;
      }
    }
  }

  private declaration(unit: number, d: VarDecl): void {
    const report = this.ctx.report(unit);
    if (d.storage.typedef) {
      const t = this.res.type(d.type, unit);
      const old = this.ctx.typedefs.get(d.name);
      if (old !== undefined && !sameType(old.type, t)) {
        report.error(d.pos.line, d.pos.col, `typedef '${d.name}' is already defined as '${typeName(old.type)}' (at ${this.where(old.unit, old.pos)})`, d.name.length);
        return;
      }
      if (this.ctx.globals.has(d.name)) {
        report.error(d.pos.line, d.pos.col, `'${d.name}' is already defined as something other than a type`, d.name.length);
        return;
      }
      if (t.k === 'struct' && t.tag === ANONYMOUS) {
        // typedef struct { … } name_t: the struct is displayed as name_t
        t.tag = d.name;
        t.debug.name = d.name;
        if (!this.ctx.structs.has(d.name)) this.ctx.structs.set(d.name, t);
      }
      this.ctx.typedefs.set(d.name, { type: t, unit, pos: d.pos });
      return;
    }
    let t = this.res.type(d.type, unit);
    if (t.k === 'fn') {
      this.prototype(unit, d.name, t, d.type.k === 'fn' ? d.type.params.map((p) => p.name) : [], d.pos, false);
      return;
    }
    t = completeArray(t, d.init, this.res, unit);
    if (this.ctx.typedefs.has(d.name)) {
      report.error(d.pos.line, d.pos.col, `'${d.name}' is already the name of a type`, d.name.length);
      return;
    }
    const old = this.ctx.globals.get(d.name);
    if (old !== undefined) {
      if (old.k === 'var' && sameType(old.type, t) && (d.init === null || !old.initialized)) {
        if (!d.storage.extern) old.defined = true;
        if (d.init !== null) {
          old.initialized = true;
          this.inits.push({ unit, decl: d, sym: old });
        }
        return;
      }
      const at = old.k === 'builtin' ? 'a builtin' : `at ${this.where(old.unit, old.pos)}`;
      report.error(d.pos.line, d.pos.col, old.k === 'var' && !sameType(old.type, t)
        ? `'${d.name}' is already declared with type '${typeName(old.type)}' (${at})`
        : `'${d.name}' is already defined (${at})`, d.name.length);
      return;
    }
    if (t.k === 'void' || (t.k === 'array' && t.len < 0) || (t.k === 'struct' && t.fields === null)) {
      report.error(d.pos.line, d.pos.col, t.k === 'void' ? `variable '${d.name}' cannot have type void`
        : t.k === 'array' ? `array '${d.name}' needs a length or an initialiser`
        : `variable '${d.name}' has type struct ${(t as { tag: string }).tag}, whose fields are not defined`, d.name.length);
      return;
    }
    const address = this.ctx.allocate(d.name, t, d.pos, unit);
    const sym: Extract<GlobalSym, { k: 'var' }> = { k: 'var', name: d.name, type: t, address, pos: d.pos, unit, defined: !d.storage.extern, initialized: d.init !== null };
    this.ctx.globals.set(d.name, sym);
    if (d.init !== null) this.inits.push({ unit, decl: d, sym });
  }

  private prototype(unit: number, name: string, t: FnType, paramNames: (string | null)[], pos: Pos, defining: boolean): Extract<GlobalSym, { k: 'fn' }> | null {
    const report = this.ctx.report(unit);
    const old = this.ctx.globals.get(name);
    if (old?.k === 'builtin') {
      if (defining) report.error(pos.line, pos.col, `'${name}' is a builtin and cannot be redefined`, name.length);
      else if (!sameFnLoose(old.type, t)) report.error(pos.line, pos.col, `'${name}' is a builtin declared as '${typeName(old.type)}'`, name.length);
      return null;
    }
    if (this.ctx.typedefs.has(name)) {
      report.error(pos.line, pos.col, `'${name}' is already the name of a type`, name.length);
      return null;
    }
    if (old !== undefined && old.k !== 'fn') {
      report.error(pos.line, pos.col, `'${name}' is already defined as ${old.k === 'var' ? 'a variable' : 'a constant'} (at ${this.where(old.unit, old.pos)})`, name.length);
      return null;
    }
    if (old !== undefined) {
      if (!sameFnLoose(old.type, t)) {
        report.error(pos.line, pos.col, `conflicting types for '${name}': '${typeName(t)}' here, '${typeName(old.type)}' at ${this.where(old.unit, old.pos)}`, name.length);
        return null;
      }
      if (defining && old.defined) {
        report.error(pos.line, pos.col, `'${name}' is already defined (at ${this.where(old.unit, old.pos)})`, name.length);
        return null;
      }
      if (defining) {
        old.type = t;
        old.paramNames = paramNames;
        old.pos = pos;
        old.unit = unit;
      }
      return old;
    }
    const sym: Extract<GlobalSym, { k: 'fn' }> = { k: 'fn', name, type: t, index: -1, pos, unit, defined: false, paramNames, body: null, addressTaken: new Set() };
    this.ctx.globals.set(name, sym);
    return sym;
  }

  private definition(unit: number, item: Extract<TopItem, { k: 'fndef' }>): void {
    const report = this.ctx.report(unit);
    const info = this.ctx.units[unit]!;
    const t = this.res.type(item.type, unit);
    if (t.k !== 'fn') return;
    this.definedBy[unit]!.add(item.name);
    if (info.mayDefine !== null && !info.mayDefine.has(item.name)) {
      const list = [...info.mayDefine].join(', ');
      const owned = this.namesBy.some((s, u) => u !== unit && s.has(item.name));
      report.error(item.pos.line, item.pos.col, owned
        ? `'${item.name}' belongs to the model; this fix may define only ${list}`
        : `this fix may define only ${list}, not '${item.name}'`, item.name.length);
    }
    item.type.params.forEach((p, i) => {
      if (p.name === null) report.error(p.pos.line, p.pos.col, `parameter ${i + 1} of '${item.name}' needs a name`);
    });
    if (item.name === 'main' && t.params.length > 0) {
      report.error(item.pos.line, item.pos.col, "main takes no parameters in the dialect: write 'int main(void)'", 4);
    }
    const sym = this.prototype(unit, item.name, t, item.type.params.map((p) => p.name), item.pos, true);
    if (sym === null) return;
    sym.defined = true;
    sym.body = item.body;
    sym.addressTaken = item.addressTaken;
    sym.index = this.defined.length;
    this.defined.push(sym);
  }
}

/** Prototypes agree when they have the same parameter count and each type agrees (void * matching any pointer). */
function sameFnLoose(a: FnType, b: FnType): boolean {
  if (a.params.length !== b.params.length || a.varargs !== b.varargs) return false;
  const like = (x: Type, y: Type) => sameType(x, y) || (x.k === 'ptr' && y.k === 'ptr' && (x.to.k === 'void' || y.to.k === 'void'));
  return like(a.ret, b.ret) && a.params.every((p, i) => like(p, b.params[i]!));
}
