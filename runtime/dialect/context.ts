// The state of one compilation shared by all units: file-scope names, struct
// tags, the global memory image being laid out, and the string table.

import type { Diagnostic } from '../diagnostics.ts';
import type { GlobalInfo } from '../ir.ts';
import type { Pos, Stmt } from './ast.ts';
import type { Reporter } from './report.ts';
import type { FnType, StructType, Type } from './types.ts';
import { debugType, sizeOf } from './types.ts';

export type GlobalSym =
  | { k: 'var'; name: string; type: Type; address: number; pos: Pos; unit: number; defined: boolean; initialized: boolean }
  | { k: 'fn'; name: string; type: FnType; index: number; pos: Pos; unit: number; defined: boolean; paramNames: (string | null)[]; body: Extract<Stmt, { k: 'block' }> | null; addressTaken: Set<string> }
  | { k: 'builtin'; name: string; type: FnType; id: number; noreturn: boolean }
  | { k: 'const'; name: string; type: Type; value: number; pos: Pos; unit: number };

export interface UnitInfo {
  name: string;
  text: string;
  report: Reporter;
  mayDefine: Set<string> | null;
  forbid: Set<string>;
  /** false for the built-in prelude (never named in messages) */
  user: boolean;
}

/** The tag of a struct written without one (until a typedef names it). */
export const ANONYMOUS = '(anonymous)';

export class Context {
  readonly globals = new Map<string, GlobalSym>();
  readonly typedefs = new Map<string, { type: Type; unit: number; pos: Pos }>();
  readonly structs = new Map<string, StructType>();
  readonly strings: string[] = [];
  private readonly stringIndex = new Map<string, number>();
  /** initial memory image from globalsBase on */
  readonly init: number[] = [];
  readonly globalInfos: GlobalInfo[] = [];
  pageSize = 8;
  stackWords = 64;
  private literals = new Map<string, number>();

  constructor(
    readonly units: UnitInfo[],
    readonly diagnostics: Diagnostic[],
    readonly maxDepth: number,
  ) {}

  get globalsBase(): number {
    return this.pageSize;
  }

  /** Next free global address. */
  get top(): number {
    return this.globalsBase + this.init.length;
  }

  /** `#pragma new_page`: the next global starts on a fresh page. */
  alignToPage(): void {
    while (this.top % this.pageSize !== 0) this.init.push(0);
  }

  /** Reserve memory for a global; returns its address. */
  allocate(name: string, type: Type, pos: Pos, unit: number): number {
    const address = this.top;
    const size = sizeOf(type);
    for (let i = 0; i < size; i++) this.init.push(0);
    this.globalInfos.push({ name, address, size, type: debugType(type), pos: { file: unit, line: pos.line, col: pos.col } });
    return address;
  }

  /** A string literal as a global char array (equal literals share storage); returns its address. */
  literal(text: string, pos: Pos, unit: number): number {
    const known = this.literals.get(text);
    if (known !== undefined) return known;
    const address = this.top;
    for (let i = 0; i < text.length; i++) this.init.push((text.charCodeAt(i) << 24) >> 24);
    this.init.push(0);
    this.globalInfos.push({
      name: JSON.stringify(text), address, size: text.length + 1,
      type: { kind: 'array', of: { kind: 'int', name: 'char', signed: true }, length: text.length + 1 },
      pos: { file: unit, line: pos.line, col: pos.col },
    });
    this.literals.set(text, address);
    return address;
  }

  /** Index of a string in Program.strings (assertion texts, trap messages). */
  string(text: string): number {
    let i = this.stringIndex.get(text);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(text);
      this.stringIndex.set(text, i);
    }
    return i;
  }

  newStruct(tag: string | null): StructType {
    const name = tag ?? ANONYMOUS;
    return { k: 'struct', tag: name, fields: null, size: 0, defined: null, debug: { kind: 'struct', name, size: 0, fields: [] } };
  }

  report(unit: number): Reporter {
    return this.units[unit]!.report;
  }
}
