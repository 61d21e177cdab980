// Initial values of globals (and static locals): constant initialisers evaluated
// at compile time into the memory image that every process starts with.

import type { Init } from './ast.ts';
import type { Context } from './context.ts';
import { InitFlattener } from './init.ts';
import { NotConstant, normalise, type Resolver } from './resolve.ts';
import type { Type } from './types.ts';
import { isInt, isPtr, typeName } from './types.ts';

export function initializeGlobal(ctx: Context, res: Resolver, unit: number, name: string, address: number, type: Type, init: Init): void {
  const report = ctx.report(unit);
  const flat = new InitFlattener(report, res, unit);
  flat.object(type, init, 0);
  const base = address - ctx.globalsBase;
  for (const p of flat.pieces) {
    if (p.k === 'chars') {
      for (let i = 0; i < p.text.length; i++) ctx.init[base + p.offset + i] = (p.text.charCodeAt(i) << 24) >> 24;
      continue;
    }
    if (p.k === 'copy') {
      report.error(p.e.pos.line, p.e.pos.col, `the initialiser of global '${name}' must be a constant, not a copy of another struct`);
      continue;
    }
    try {
      const v = res.constant(p.e, unit);
      if (isPtr(p.type) && isInt(v.type) && v.value !== 0) {
        report.error(p.e.pos.line, p.e.pos.col, `initialising '${typeName(p.type)}' with an integer needs a cast`);
      } else if (isInt(p.type) && isPtr(v.type) && p.type.kind !== 'bool') {
        report.error(p.e.pos.line, p.e.pos.col, `initialising '${typeName(p.type)}' with a pointer needs a cast`);
      }
      ctx.init[base + p.offset] = normalise(v.value, p.type);
    } catch (err) {
      if (!(err instanceof NotConstant)) throw err;
      report.error(err.pos.line, err.pos.col, `the initialiser of global '${name}' must be a constant: ${err.why}`);
    }
  }
}
