// Human names for addresses and positions, for findings, trace steps and the
// state panel: `stack_used.next`, `cache[2].prev`, `heap#3+1`.

import type { DebugType, GlobalInfo, Program, SourcePos } from '../ir.ts';
import { AF, type Proc } from './state.ts';

export class Names {
  private readonly globals: GlobalInfo[];
  /** names a word of a live frame after its local variable (set by the machine, which knows the frames) */
  frameName: ((p: Proc, addr: number) => string | undefined) | null = null;

  constructor(private readonly prog: Program) {
    this.globals = [...prog.globals].sort((a, b) => a.address - b.address);
  }

  /** The global variable holding addr, with a field/element path; undefined when not a global. */
  global(addr: number): string | undefined {
    const g = this.globals;
    let lo = 0;
    let hi = g.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const x = g[mid]!;
      if (addr < x.address) hi = mid - 1;
      else if (addr >= x.address + Math.max(1, x.size)) lo = mid + 1;
      else return x.name + pathIn(x.type, addr - x.address);
    }
    return undefined;
  }

  /** A name for any address of process p: a global's path, a heap block and offset, or the number. */
  of(p: Proc | undefined, addr: number): string {
    const g = this.global(addr);
    if (g !== undefined) return g;
    if (p !== undefined) {
      const a = p.allocs;
      for (let i = 0; i < a.length; i += 4) {
        if (addr >= a[i]! && addr < a[i]! + a[i + 1]!) {
          const off = addr - a[i]!;
          if ((a[i + 3]! & AF.STACK) !== 0) return this.frameName?.(p, addr) ?? `stack+${off}`;
          return `heap#${a[i + 2]}${off === 0 ? '' : `+${off}`}`;
        }
      }
    }
    if (addr >= 0x40000000) {
      const f = this.prog.functions[addr - 0x40000000];
      if (f !== undefined) return `&${f.name}`;
    }
    return `0x${(addr >>> 0).toString(16)}`;
  }

  /** A lock's name: the object holding its owner word, e.g. `inode.i_mmap_rwsem`, not `….__writer`. */
  lock(p: Proc | undefined, addr: number): string {
    return this.of(p, addr).replace(/\.(__lock|__owner|__readers|__writer)$/, '');
  }

  pos(fn: number, pc: number): SourcePos | undefined {
    const f = this.prog.functions[fn];
    if (f === undefined) return undefined;
    const line = f.lines[pc] ?? f.pos.line;
    const col = f.cols[pc] ?? f.pos.col;
    return { file: f.file, line, col };
  }

  /** "line 12" or "t.c:12" when several files are involved. */
  where(pos: SourcePos | undefined): string {
    if (pos === undefined) return 'an unknown place';
    if (this.prog.files.length > 1) return `${this.prog.files[pos.file]?.name ?? '?'}:${pos.line}`;
    return `line ${pos.line}`;
  }
}

/** `.field`, `[i]`, nested, for an offset inside a value of type t. */
export function pathIn(t: DebugType, off: number): string {
  if (t.kind === 'struct') {
    let best: { name: string; offset: number; type: DebugType } | undefined;
    for (const f of t.fields) if (f.offset <= off && (best === undefined || f.offset >= best.offset)) best = f;
    if (best === undefined) return off === 0 ? '' : `+${off}`;
    return `.${best.name}${pathIn(best.type, off - best.offset)}`;
  }
  if (t.kind === 'array') {
    const size = sizeOf(t.of);
    const i = Math.floor(off / size);
    return `[${i}]${pathIn(t.of, off - i * size)}`;
  }
  return off === 0 ? '' : `+${off}`;
}

export function sizeOf(t: DebugType): number {
  if (t.kind === 'struct') return Math.max(1, t.size);
  if (t.kind === 'array') return sizeOf(t.of) * t.length;
  return 1;
}

export function typeName(t: DebugType): string {
  switch (t.kind) {
    case 'int': return t.name;
    case 'ptr': return `${typeName(t.to)} *`;
    case 'struct': return t.name;
    case 'array': return `${typeName(t.of)}[${t.length}]`;
    case 'fn': return t.name;
    case 'void': return 'void';
  }
}
