// Initialisers: flattens `= {…}` (nested, with C's brace elision and `.field =`
// / `[i] =` designators) into word-sized pieces at offsets of the object, so
// globals evaluate them into the memory image and locals emit stores.

import type { Expr, Init, Pos } from './ast.ts';
import type { Reporter } from './report.ts';
import type { Resolver } from './resolve.ts';
import type { StructType, Type } from './types.ts';
import { isScalar, sizeOf, typeName } from './types.ts';

export type InitPiece =
  | { k: 'scalar'; offset: number; e: Expr; type: Type }
  | { k: 'chars'; offset: number; text: string; len: number; pos: Pos }
  | { k: 'copy'; offset: number; e: Expr; type: StructType };

interface Cursor {
  items: { designator: import('./ast.ts').Designator | null; init: Init }[];
  i: number;
}

/** Give `T x[] = …` its length from the initialiser. */
export function completeArray(t: Type, init: Init | null, res: Resolver, unit: number): Type {
  if (t.k !== 'array' || t.len >= 0 || init === null) return t;
  if (init.k === 'expr' && init.e.k === 'str' && t.of.k === 'int') return { ...t, len: init.e.value.length + 1 };
  if (init.k === 'list') {
    let n = 0, max = 0;
    for (const it of init.items) {
      if (it.designator !== null && 'index' in it.designator) {
        const v = res.constInt(it.designator.index, unit, 'an index designator');
        if (v !== null) n = v;
      }
      n++;
      max = Math.max(max, n);
    }
    return { ...t, len: Math.max(1, max) };
  }
  return t;
}

export class InitFlattener {
  readonly pieces: InitPiece[] = [];

  constructor(
    private readonly report: Reporter,
    private readonly res: Resolver,
    private readonly unit: number,
  ) {}

  /** Initialise an object of type t at offset with exactly this initialiser. */
  object(t: Type, init: Init, offset: number): void {
    if (init.k === 'expr') {
      const e = init.e;
      if (isScalar(t)) this.pieces.push({ k: 'scalar', offset, e, type: t });
      else if (t.k === 'array' && t.of.k === 'int' && e.k === 'str') this.chars(t, e.value, offset, e.pos);
      else if (t.k === 'struct' && e.k !== 'num') this.pieces.push({ k: 'copy', offset, e, type: t });
      else if (t.k === 'array' || t.k === 'struct') {
        this.report.error(init.pos.line, init.pos.col, `the initialiser of '${typeName(t)}' needs braces: { … }`);
      } else this.report.error(init.pos.line, init.pos.col, `a '${typeName(t)}' cannot be initialised`);
      return;
    }
    if (isScalar(t)) {
      if (init.items.length === 0) return;
      const first = init.items[0]!;
      if (init.items.length > 1 || first.designator !== null) {
        this.report.error(init.pos.line, init.pos.col, `too many initialisers for '${typeName(t)}'`);
      }
      this.object(t, first.init, offset);
      return;
    }
    if (t.k !== 'array' && t.k !== 'struct') {
      this.report.error(init.pos.line, init.pos.col, `a '${typeName(t)}' cannot be initialised`);
      return;
    }
    const cursor: Cursor = { items: [...init.items], i: 0 };
    this.aggregate(t, cursor, offset, true);
    if (cursor.i < cursor.items.length) {
      const extra = cursor.items[cursor.i]!;
      const pos = extra.designator?.pos ?? extra.init.pos;
      this.report.error(pos.line, pos.col, `too many initialisers for '${typeName(t)}'`);
    }
  }

  private chars(t: Extract<Type, { k: 'array' }>, text: string, offset: number, pos: Pos): void {
    if (text.length + 1 > t.len && text.length > t.len) {
      this.report.error(pos.line, pos.col, `the string has ${text.length} characters but the array holds ${t.len}`);
    }
    this.pieces.push({ k: 'chars', offset, text: text.slice(0, t.len), len: t.len, pos });
  }

  /**
   * Consume items for the members of an aggregate. `owner`: the braces belong to
   * this aggregate (designators apply here); otherwise its braces were elided and
   * it stops at a designator or when full.
   */
  private aggregate(t: Extract<Type, { k: 'array' }> | StructType, cursor: Cursor, offset: number, owner: boolean): void {
    const count = t.k === 'array' ? t.len : (t.fields?.length ?? 0);
    let m = 0;
    while (cursor.i < cursor.items.length) {
      const item = cursor.items[cursor.i]!;
      if (item.designator !== null) {
        if (!owner) return;
        const d = item.designator;
        if ('field' in d) {
          if (t.k !== 'struct') {
            this.report.error(d.pos.line, d.pos.col, `'.${d.field} =' needs a struct, but this initialises '${typeName(t)}'`);
            cursor.i++;
            continue;
          }
          const idx = (t.fields ?? []).findIndex((f) => f.name === d.field);
          if (idx < 0) {
            this.report.error(d.pos.line, d.pos.col, `struct ${t.tag} has no field '${d.field}'`);
            cursor.i++;
            continue;
          }
          m = idx;
        } else {
          if (t.k !== 'array') {
            this.report.error(d.pos.line, d.pos.col, `'[…] =' needs an array, but this initialises '${typeName(t)}'`);
            cursor.i++;
            continue;
          }
          const v = this.res.constInt(d.index, this.unit, 'an index designator');
          if (v === null) {
            cursor.i++;
            continue;
          }
          if (v < 0 || v >= t.len) {
            this.report.error(d.pos.line, d.pos.col, `index ${v} is outside the array (length ${t.len})`);
            cursor.i++;
            continue;
          }
          m = v;
        }
      } else if (m >= count) {
        return;
      }
      const mt = t.k === 'array' ? t.of : t.fields![m]!.type;
      const mo = offset + (t.k === 'array' ? m * sizeOf(t.of) : t.fields![m]!.offset);
      const direct = item.init.k === 'list' || isScalar(mt)
        || (mt.k === 'array' && mt.of.k === 'int' && item.init.e.k === 'str')
        || (mt.k === 'struct' && item.init.e.k !== 'num' && item.designator !== null);
      if (direct) {
        this.object(mt, item.init, mo);
        cursor.i++;
      } else if (mt.k === 'array' || mt.k === 'struct') {
        // brace elision: the member takes as many items as it needs from this list
        if (item.designator !== null) {
          cursor.items[cursor.i] = { designator: null, init: item.init };
        }
        this.aggregate(mt, cursor, mo, false);
      } else {
        this.object(mt, item.init, mo);
        cursor.i++;
      }
      m++;
      if (!owner && m >= count) return;
    }
  }
}
