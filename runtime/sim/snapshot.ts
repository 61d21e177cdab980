// Everything the step-through panel shows about one state (StateSnapshot):
// memory with names, heap blocks, locks with owners, descriptors, fork progress,
// and each thread's status, position, locals, store buffer and held locks.

import type { StateSnapshot } from '../check/system.ts';
import { registerLive, type DebugType } from '../ir.ts';
import type { Machine } from './index.ts';
import { peek } from './memory.ts';
import { typeName } from './names.ts';
import { AF, LK, PS, TS, WMB_MARK, live, procOf, type Proc, type World } from './state.ts';
import { waitOf } from './stuck.ts';

type LockKind = 'pthread_mutex_t' | 'struct mutex' | 'struct rw_semaphore';

/** A struct type that is one of the prelude's lock layouts. */
function lockKind(t: DebugType): LockKind | undefined {
  if (t.kind !== 'struct') return undefined;
  const names = t.fields.map((f) => f.name).join(',');
  if (names === '__lock') return 'pthread_mutex_t';
  if (names === '__owner') return 'struct mutex';
  if (names === '__readers,__writer') return 'struct rw_semaphore';
  return undefined;
}

/** Lock objects inside a value of type t at addr (nested structs and arrays, bounded). */
function findLocks(t: DebugType, addr: number, out: { address: number; kind: LockKind }[], budget = { n: 256 }): void {
  if (budget.n-- <= 0) return;
  const k = lockKind(t);
  if (k) { out.push({ address: addr, kind: k }); return; }
  if (t.kind === 'struct') for (const f of t.fields) findLocks(f.type, addr + f.offset, out, budget);
  else if (t.kind === 'array') {
    const size = t.of.kind === 'struct' ? Math.max(1, t.of.size) : 1;
    for (let i = 0; i < t.length && budget.n > 0; i++) findLocks(t.of, addr + i * size, out, budget);
  }
}

const MODE_KIND: Record<number, LockKind> = {
  [LK.PTHREAD]: 'pthread_mutex_t', [LK.KMUTEX]: 'struct mutex', [LK.RWSEM_WRITE]: 'struct rw_semaphore', [LK.RWSEM_READ]: 'struct rw_semaphore',
};

export function snapshotOf(m: Machine, w: World): StateSnapshot {
  const c = m.core;
  const prog = m.program;
  const names = c.names;
  const globalLocks: { address: number; kind: LockKind }[] = [];
  for (const g of prog.globals) findLocks(g.type, g.address, globalLocks);

  const processes: StateSnapshot['processes'] = w.procs.filter((p) => p.status === PS.ALIVE).map((p: Proc) => {
    const memory: StateSnapshot['processes'][number]['memory'] = [];
    const gb = prog.memory.globalsBase;
    for (let a = gb; a < gb + prog.memory.init.length; a++) {
      const name = names.global(a);
      memory.push(name === undefined ? { address: a, value: p.mem[a]! } : { address: a, value: p.mem[a]!, name });
    }
    const heap: StateSnapshot['processes'][number]['heap'] = [];
    for (let i = 0; i < p.allocs.length; i += 4) {
      const base = p.allocs[i]!, size = p.allocs[i + 1]!, id = p.allocs[i + 2]!, flags = p.allocs[i + 3]!;
      if ((flags & AF.STACK) !== 0) continue;
      const freed = (flags & AF.FREED) !== 0;
      heap.push({ address: base, size, id, freed });
      if (!freed) for (let a = base; a < base + size; a++) memory.push({ address: a, value: p.mem[a]!, name: names.of(p, a) });
    }
    const seen = new Map<number, LockKind>();
    for (const l of globalLocks) seen.set(l.address, l.kind);
    for (const t of w.threads) {
      if (t.pid !== p.pid) continue;
      for (let i = 0; i < t.held.length; i += 4) if (!seen.has(t.held[i]!)) seen.set(t.held[i]!, MODE_KIND[t.held[i + 1]!]!);
    }
    const locks: StateSnapshot['processes'][number]['locks'] = [];
    for (const [address, kind] of [...seen].sort((a, b) => a[0] - b[0])) {
      const entry: StateSnapshot['processes'][number]['locks'][number] = { address, kind, name: names.lock(p, address) };
      const owner = peek(p, kind === 'struct rw_semaphore' ? address + 1 : address);
      if (owner !== 0) entry.owner = owner;
      if (kind === 'struct rw_semaphore') {
        entry.readers = w.threads.filter((t) => t.pid === p.pid && t.held.some((v, i) => i % 4 === 0 && v === address && t.held[i + 1] === LK.RWSEM_READ)).map((t) => t.tid);
      }
      locks.push(entry);
    }
    const fds = [];
    for (let i = 0; i < p.fds.length; i += 3) {
      const flags: string[] = [];
      if ((p.fds[i + 2]! & 1) !== 0) flags.push('FD_CLOEXEC');
      if ((p.fds[i + 2]! & 2) !== 0) flags.push('FD_CLOFORK');
      fds.push({ fd: p.fds[i]!, file: c.files[p.fds[i + 1]!] ?? '?', flags });
    }
    const out: StateSnapshot['processes'][number] = { pid: p.pid, memory, heap, locks, fds };
    if (p.fork) out.forking = { pagesCopied: p.fork.marked - 1, pages: p.fork.pages - 1 };
    return out;
  });

  const threads: StateSnapshot['threads'] = w.threads.map((t) => {
    const p = procOf(w, t.pid)!;
    let status: StateSnapshot['threads'][number]['status'] = 'runnable';
    let blockedOn: string | undefined;
    if (t.status === TS.FINISHED) status = 'finished';
    else if (t.status === TS.KILLED) status = 'killed';
    else if (live(t)) {
      const wait = waitOf(m, p, t);
      if (wait) { status = 'blocked'; blockedOn = wait.waitsFor; }
    }
    const f = t.frames[t.frames.length - 1];
    const locals: { name: string; value: number; type: string }[] = [];
    if (f) {
      const F = prog.functions[f.fn]!;
      for (const l of F.locals) {
        if (f.pc < l.from || f.pc > l.to) continue;
        // a register no path reads again was zeroed when the state was encoded: its 0 is not the variable's value
        if ('register' in l.where && !registerLive(F, f.pc, l.where.register)) continue;
        const value = 'register' in l.where ? (f.regs[l.where.register] ?? 0) : peek(p, f.base + l.where.frame);
        locals.push({ name: l.name, value, type: typeName(l.type) });
      }
    }
    const storeBuffer = [];
    for (let i = 0; i < t.sb.length; i += 2) {
      if (t.sb[i] === WMB_MARK) continue;
      storeBuffer.push({ address: t.sb[i]!, value: t.sb[i + 1]!, name: names.of(p, t.sb[i]!) });
    }
    const held = [];
    for (let i = 0; i < t.held.length; i += 4) {
      held.push({ lock: t.held[i]!, name: names.lock(p, t.held[i]!), mode: t.held[i + 1] === LK.RWSEM_READ ? 'shared' as const : 'exclusive' as const });
    }
    const out: StateSnapshot['threads'][number] = { tid: t.tid, pid: t.pid, status, locals, storeBuffer, held };
    if (blockedOn !== undefined) out.blockedOn = blockedOn;
    if (f) {
      const pos = names.pos(f.fn, f.pc);
      if (pos) out.pos = pos;
      out.function = prog.functions[f.fn]!.name;
    }
    return out;
  });
  return { processes, threads };
}
