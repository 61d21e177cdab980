// Addresses, allocations and store buffers of one process: the memory rules of
// docs/SEMANTICS.md ("Memory" and "Memory models"), kept apart from the interpreter
// so each rule is small enough to read at once.

import type { Program } from '../ir.ts';
import { AF, WMB_MARK, words, type Proc, type Thread } from './state.ts';

/** Where a machine-level address check failed, in plain words; null when the access is fine. */
export function addressFault(prog: Program, p: Proc, addr: number): string | null {
  const ps = prog.memory.pageSize;
  if (addr === 0) return 'null pointer dereference';
  if (addr > 0 && addr < ps) return `access to address ${addr}, in the unmapped page 0 (a null pointer plus an offset)`;
  const gb = prog.memory.globalsBase;
  if (addr >= gb && addr < gb + prog.memory.init.length) return null;
  if (addr < 0 || addr >= p.mem.length) return `out-of-bounds access at address ${addr}`;
  const a = p.allocs;
  for (let i = 0; i < a.length; i += 4) {
    const base = a[i]!;
    if (addr < base) break;
    if (addr < base + a[i + 1]!) {
      if ((a[i + 3]! & AF.FREED) === 0) return null;
      return (a[i + 3]! & AF.STACK) !== 0
        ? `access to address ${addr}, a local variable of a function that has returned`
        : `use after free: address ${addr} is in allocation #${a[i + 2]} (${a[i + 1]} words), already freed`;
    }
  }
  return `out-of-bounds access at address ${addr} (outside every allocation)`;
}

/** Index in p.allocs of the allocation containing addr (live or freed), or -1. */
export function allocAt(p: Proc, addr: number): number {
  const a = p.allocs;
  for (let i = 0; i < a.length; i += 4) {
    if (addr < a[i]!) return -1;
    if (addr < a[i]! + a[i + 1]!) return i;
  }
  return -1;
}

/** Is addr one of the program's globals (not a frame, not the heap)? */
export function isGlobal(prog: Program, addr: number): boolean {
  return addr >= prog.memory.globalsBase && addr < prog.memory.globalsBase + prog.memory.init.length;
}

/**
 * Allocate `size` words. A freed block of exactly that size and kind (heap or
 * thread stack) is reused (lowest address first) under a new allocation id,
 * keeping its old contents, as a real allocator would; otherwise the heap grows, leaving one unmapped red-zone word
 * before each block so that running off the end of an allocation is caught.
 */
export function allocate(p: Proc, size: number, id: number, flags: number): number {
  const a = p.allocs;
  for (let i = 0; i < a.length; i += 4) {
    if (a[i + 1] === size && a[i + 3] === (AF.FREED | flags)) {
      a[i + 2] = id;
      a[i + 3] = flags;
      return a[i]!;
    }
  }
  const base = p.mem.length + 1;
  const mem = words(base + size);
  mem.set(p.mem);
  p.mem = mem;
  p.memOwned = true;
  a.push(base, size, id, flags);
  return base;
}

/** Read `addr` as thread t sees it: its own newest buffered store, else memory. */
export function readWord(p: Proc, t: Thread | null, addr: number): number {
  // (an empty buffer, as always under SC, stays unopened in the state vector)
  if (t !== null && t.sbWords() > 0) {
    const sb = t.sb;
    for (let i = sb.length - 2; i >= 0; i -= 2) if (sb[i] === addr) return sb[i + 1]!;
  }
  return p.mem[addr]!;
}

/** A memory word read without checks (0 when out of range): for enabledness tests only. */
export function peek(p: Proc, addr: number): number {
  return addr >= 0 && addr < p.mem.length ? p.mem[addr]! : 0;
}

/** While a per-page fork is running, a store to an already-marked page must wait. */
export function writeWaits(prog: Program, p: Proc, addr: number): boolean {
  const f = p.fork;
  if (f === null) return false;
  const page = Math.floor(addr / prog.memory.pageSize);
  return page >= 1 && page < f.marked;
}

/**
 * Which store-buffer entries may drain now (indexes of the address word in t.sb).
 * TSO: only the oldest. PSO: the oldest store to each address, unless an
 * smp_wmb marker comes before it.
 */
export function drainable(t: Thread, pso: boolean): number[] {
  // peeks only (sbWords, sbWord): enabledness must not decode the thread
  const n = t.sbWords();
  if (n === 0) return [];
  if (!pso) return [0];
  const out: number[] = [];
  for (let i = 0; i < n; i += 2) {
    const addr = t.sbWord(i);
    if (addr === WMB_MARK) break;
    let first = true;
    for (let j = 0; j < i; j += 2) if (t.sbWord(j) === addr) { first = false; break; }
    if (first) out.push(i);
  }
  return out;
}

/** Remove entry i from the buffer; markers left at the front have done their job. */
export function removeEntry(t: Thread, i: number): void {
  t.sb.splice(i, 2);
  while (t.sb.length > 0 && t.sb[0] === WMB_MARK) t.sb.splice(0, 2);
}
