// The builtins (runtime/builtins.ts), one case each: when a call may run
// (enabledness — a blocked lock, a join on a live thread, a full barrier waiting
// for the store buffer to drain) and what it does. docs/BUILTINS.md states each
// rule in words; test/sim/ has a test per rule.

import { BUILTIN_ID } from '../builtins.ts';
import { FN_PTR_BASE } from '../ir.ts';
import { Core, allocIdOf, fdIndex } from './core.ts';
import { allocAt, peek, writeWaits } from './memory.ts';
import { AF, FS, LK, PS, TS, WMB_MARK, live, makeProc, makeThread, ownStaging, type Frame, type Proc, type Thread } from './state.ts';

const B = BUILTIN_ID as Record<string, number>;
const CREATE = B.pthread_create!, JOIN = B.pthread_join!, PEXIT = B.pthread_exit!, SELF = B.pthread_self!,
  GETTID = B.gettid!, GETPID = B.getpid!, FORK = B.fork!, WAITPID = B.waitpid!, EXIT = B.exit!, UEXIT = B._exit!,
  ATFORK = B.pthread_atfork!, MALLOC = B.malloc!, FREE = B.free!, NONDET = B.nondet!, ASSUME = B.assume!,
  PM_INIT = B.pthread_mutex_init!, PM_LOCK = B.pthread_mutex_lock!, PM_TRY = B.pthread_mutex_trylock!,
  PM_UNLOCK = B.pthread_mutex_unlock!, KM_INIT = B.mutex_init!, KM_LOCK = B.mutex_lock!, KM_UNLOCK = B.mutex_unlock!,
  RW_INIT = B.init_rwsem!, DOWN_R = B.down_read!, UP_R = B.up_read!, DOWN_W = B.down_write!, UP_W = B.up_write!,
  ASSERT_HELD = B.lockdep_assert_held!, FUTEX_WAIT = B.futex_wait!, FUTEX_WAKE = B.futex_wake!, TSLEEP = B.tsleep!,
  MSLEEP = B.msleep!, WAKEUP = B.wakeup!, BARRIER = B.barrier!, WMB = B.smp_wmb!, RMB = B.smp_rmb!, MB = B.smp_mb!,
  A_LOAD = B.atomic_load!, A_STORE = B.atomic_store!, A_XCHG = B.atomic_exchange!, CMPXCHG = B.cmpxchg!,
  A_ADD = B.atomic_fetch_add!, A_OR = B.atomic_fetch_or!, A_AND = B.atomic_fetch_and!, OPEN = B.open!,
  CLOSE = B.close!, DUP = B.dup!, DUP2 = B.dup2!, FCNTL = B.fcntl!, FD_IS_OPEN = B.fd_is_open!, SIGNAL = B.signal!,
  PKILL = B.pthread_kill!, ALLOC_ID = B.alloc_id!;

/** Builtins that are not full barriers: they neither wait for the store buffer nor touch the kernel. */
const LOCAL = new Set([BARRIER, WMB, RMB, NONDET, ASSUME, GETTID, GETPID, SELF, ALLOC_ID, PEXIT, EXIT, UEXIT]);

/**
 * A builtin that loads no word of memory: one of the non-barriers above. (The
 * thread and process ends among them flush the process's buffers.)
 */
export function loadsNoMemory(id: number): boolean {
  return LOCAL.has(id);
}

const O_CLOEXEC = 0x80000, O_CLOFORK = 0x4000000, FD_CLOEXEC = 1, FD_CLOFORK = 2, WNOHANG = 1;
const EBUSY = 16, ESRCH = 3, EDEADLK = 35;

/** The i-th argument of the builtin call t is about to make (args are the top argc operands). */
function arg(t: Thread, argc: number, i: number): number {
  return t.opFromTop(argc - 1 - i);
}

/** Held-lock record index for (addr, mode) in t.held, or -1. mode -1: any mode. */
export function heldIndex(t: Thread, addr: number, mode: number): number {
  for (let i = 0; i < t.held.length; i += 4) if (t.held[i] === addr && (mode < 0 || t.held[i + 1] === mode)) return i;
  return -1;
}

/** Word that records a lock's owner: pthread __lock, mutex __owner, rw_semaphore __writer. */
export function ownerWord(addr: number, mode: number): number {
  return mode === LK.RWSEM_WRITE || mode === LK.RWSEM_READ ? addr + 1 : addr;
}

function lockMode(id: number): number {
  if (id === PM_LOCK || id === PM_TRY || id === PM_UNLOCK || id === PM_INIT) return LK.PTHREAD;
  if (id === KM_LOCK || id === KM_UNLOCK || id === KM_INIT) return LK.KMUTEX;
  return LK.RWSEM_WRITE;
}

/** Addresses a builtin call writes to (for the per-page fork rule: writes to marked pages wait). */
function writes(id: number, t: Thread, argc: number): number[] {
  switch (id) {
    case CREATE: case PM_INIT: case PM_LOCK: case PM_TRY: case PM_UNLOCK: case KM_INIT: case KM_LOCK: case KM_UNLOCK:
    case A_STORE: case A_XCHG: case CMPXCHG: case A_ADD: case A_OR: case A_AND:
      return [arg(t, argc, 0)];
    case RW_INIT: case DOWN_R: case UP_R: case DOWN_W: case UP_W:
      return [arg(t, argc, 0), arg(t, argc, 0) + 1];
    case JOIN: case WAITPID: case MSLEEP:
      return [arg(t, argc, 1)];
    default:
      return [];
  }
}

/** Can thread t (status RUN, at a BUILTIN) make its call now? */
export function builtinEnabled(c: Core, p: Proc, t: Thread, id: number, argc: number): boolean {
  if (!LOCAL.has(id) && t.sbWords() > 0) return false;
  if (p.fork !== null) {
    for (const a of writes(id, t, argc)) if (a !== 0 && writeWaits(c.prog, p, a)) return false;
    if ((id === MALLOC || id === FREE || id === CREATE) && p.fork !== null) return false;
  }
  switch (id) {
    case JOIN: {
      const target = findThread(c, arg(t, argc, 0));
      return target === undefined || target.pid !== p.pid || target === t || (!live(target) && target.sbWords() === 0);
    }
    case WAITPID: {
      if ((arg(t, argc, 2) & WNOHANG) !== 0) return true;
      const kids = children(c, p, arg(t, argc, 0));
      return kids.length === 0 || kids.some((k) => k.status === PS.ZOMBIE);
    }
    case PM_LOCK: case KM_LOCK: {
      const w = peek(p, arg(t, argc, 0));
      return w === 0 || (w === t.tid && c.reports('lock-misuse'));
    }
    case DOWN_R: {
      const s = arg(t, argc, 0);
      const w = peek(p, s + 1);
      return w === 0 || (w === t.tid && c.reports('lock-misuse'));
    }
    case DOWN_W: {
      const s = arg(t, argc, 0);
      const w = peek(p, s + 1);
      const selfDeadlock = w === t.tid || (heldIndex(t, s, LK.RWSEM_READ) >= 0);
      return (w === 0 && peek(p, s) === 0) || (selfDeadlock && c.reports('lock-misuse'));
    }
    case FORK:
      // one fork at a time per process: a second forker waits for the mm (as on fork's mmap lock)
      return t.forkStage >= FS.KERNEL || p.fork === null;
    default:
      return true;
  }
}

/** How many variants a builtin call has (nondet values, futex_wake's choices of waiters). */
export function variantCount(c: Core, p: Proc, t: Thread, id: number, argc: number): number {
  if (id === NONDET) {
    const lo = arg(t, argc, 0), hi = arg(t, argc, 1);
    return hi < lo ? 1 : Math.min(hi - lo + 1, 0xfff0);
  }
  if (id === FUTEX_WAKE) {
    const n = arg(t, argc, 1);
    const k = futexWaiters(c, p, arg(t, argc, 0)).length;
    return n <= 0 || n >= k ? 1 : binomial(k, n);
  }
  return 1;
}

function binomial(k: number, n: number): number {
  let r = 1;
  for (let i = 1; i <= n; i++) r = (r * (k - n + i)) / i;
  return Math.round(r);
}

/** The idx-th n-subset of [0, k) in lexicographic order. */
function subset(k: number, n: number, idx: number): number[] {
  const out: number[] = [];
  let x = 0;
  for (let left = n; left > 0; left--) {
    for (;;) {
      const withX = binomial(k - x - 1, left - 1);
      if (idx < withX) { out.push(x); x++; break; }
      idx -= withX;
      x++;
    }
  }
  return out;
}

function findThread(c: Core, tid: number): Thread | undefined {
  for (const u of c.w.threads) if (u.tid === tid) return u;
  return undefined;
}

function children(c: Core, p: Proc, pid: number): Proc[] {
  return c.w.procs.filter((k) => k.parent === p.pid && (pid <= 0 || k.pid === pid));
}

export function futexWaiters(c: Core, p: Proc, addr: number): Thread[] {
  return c.w.threads.filter((u) => u.pid === p.pid && u.status === TS.FUTEX && u.wait === addr);
}

function checkFn(c: Core, t: Thread, fp: number, what: string, params: number): number {
  const fn = fp - FN_PTR_BASE;
  const F = c.prog.functions[fn];
  if (fp < FN_PTR_BASE || F === undefined) c.halt('memory-fault', `${what}: bad function pointer (${fp === 0 ? 'NULL' : fp})`, t);
  if (F.params !== params && !(params === 1 && F.params === 0)) {
    c.halt('memory-fault', `${what}: ${F.name} takes ${F.params} arguments, not ${params}`, t);
  }
  return fn;
}

function readString(c: Core, p: Proc, t: Thread, addr: number): string {
  let s = '';
  for (let i = 0; i < 256; i++) {
    c.check(p, t, addr + i, 'read of a string');
    const ch = p.mem[addr + i]!;
    if (ch === 0) return s;
    s += String.fromCharCode(ch & 0xffff);
  }
  return s;
}

// The call being executed (execBuiltin is never re-entered, so module state is safe and
// spares a dozen closures per call).
let C!: Core, P!: Proc, T!: Thread, F!: Frame, ARGC = 0;
/** an address's name for the trace: only computed when the step is being recorded */
function name(addr: number): string { return C.rec ? C.names.of(P, addr) : ''; }
function lname(addr: number): string { return C.rec ? C.names.lock(P, addr) : ''; }
/** names for findings: always computed */
function nm(addr: number): string { return C.names.of(P, addr); }
function lnm(addr: number): string { return C.names.lock(P, addr); }
function say(text: string): void { if (C.rec) C.opText = text; }
/** pop the arguments, push the result, move past the call */
function done(v: number): void {
  T.ops.length -= ARGC;
  T.ops.push(v | 0);
  F.pc += 3;
}
/** pop the arguments and move past the call; the result is pushed when the thread wakes */
function sleep(status: number, wait: number, aux: number): void {
  T.ops.length -= ARGC;
  F.pc += 3;
  T.status = status;
  T.wait = wait;
  T.aux = aux;
}
function misuse(msg: string): boolean {
  if (C.reports('lock-misuse')) C.halt('lock-misuse', msg, T);
  return false;
}
function take(addr: number, mode: number): void { T.held.push(addr, mode, F.fn, F.pc); }
function drop(addr: number, mode: number): void {
  const i = heldIndex(T, addr, mode);
  if (i >= 0) T.held.splice(i, 4);
}
/** lockdep forgets every record of a lock that is (re)initialised */
function forget(addr: number): void {
  for (const u of C.w.threads) {
    if (u.pid !== P.pid) continue;
    for (let i = u.held.length - 4; i >= 0; i -= 4) if (u.held[i] === addr) u.held.splice(i, 4);
  }
}
function ret(v: number, text?: string): void { if (text !== undefined && C.rec) C.opText = text; done(v); }

/** Execute the builtin t is at. `variant` picks a nondet value or futex_wake's waiters. */
export function execBuiltin(c: Core, p: Proc, t: Thread, f: Frame, variant: number): void {
  const code = c.prog.functions[f.fn]!.code;
  const id = code[f.pc + 1]!;
  const argc = code[f.pc + 2]!;
  const a0 = argc > 0 ? arg(t, argc, 0) : 0;
  const a1 = argc > 1 ? arg(t, argc, 1) : 0;
  const a2 = argc > 2 ? arg(t, argc, 2) : 0;
  C = c; P = p; T = t; F = f; ARGC = argc;
  switch (id) {
    // ---- threads and processes ----
    case CREATE: {
      const start = checkFn(c, t, a2, 'pthread_create', 1);
      const nt = c.newThread(p, start, arg(t, argc, 3));
      if (a0 !== 0) c.storeNow(p, t, a0, nt.tid);
      ret(0, `pthread_create → thread ${nt.tid} (${c.prog.functions[start]!.name})`);
      c.runInvisible(p, nt);
      return;
    }
    case JOIN: {
      const target = findThread(c, a0);
      if (target === undefined || target.pid !== p.pid) return ret(ESRCH, `pthread_join(${a0}): no such thread`);
      if (target === t) return ret(EDEADLK, `pthread_join(${a0}): joins itself`);
      if (a1 !== 0) c.storeNow(p, t, a1, target.retval);
      c.w.threads = c.w.threads.filter((u) => u !== target);
      return ret(0, `pthread_join(${a0}): thread ${a0} has finished`);
    }
    case PEXIT:
      say(`pthread_exit(${a0})`);
      t.ops.length -= argc;
      c.checkHeldAtExit(t, 'exits');
      c.finishThread(p, t, TS.FINISHED, a0);
      return;
    case SELF: case GETTID:
      return ret(t.tid, `${id === SELF ? 'pthread_self' : 'gettid'}() → ${t.tid}`);
    case GETPID:
      return ret(p.pid, `getpid() → ${p.pid}`);
    case EXIT: case UEXIT:
      say(`${id === EXIT ? 'exit' : '_exit'}(${a0}): process ${p.pid} ends`);
      t.ops.length -= argc;
      c.exitProcess(p, a0);
      return;
    case WAITPID: {
      const kids = children(c, p, a0);
      if (kids.length === 0) return ret(-1, `waitpid(${a0}): no such child`);
      const z = kids.find((k) => k.status === PS.ZOMBIE);
      if (z === undefined) return ret(0, `waitpid(${a0}, WNOHANG): no child has exited`);
      if (a1 !== 0) c.storeNow(p, t, a1, z.exitCode);
      c.w.procs = c.w.procs.filter((k) => k !== z);
      return ret(z.pid, `waitpid(${a0}) → child ${z.pid} exited with status ${z.exitCode}`);
    }
    case ATFORK: {
      const fns = [a0, a1, a2];
      for (const fp of fns) if (fp !== 0) checkFn(c, t, fp, 'pthread_atfork', 0);
      p.atfork.push(a0, a1, a2);
      return ret(0, 'pthread_atfork: handlers registered');
    }
    case FORK:
      forkStep(c, p, t, f);
      return;

    // ---- memory ----
    case MALLOC: {
      if (a0 <= 0) return ret(0, `malloc(${a0}) → NULL`);
      const base = c.allocate(p, a0, 0, t);
      return ret(base, `malloc(${a0}) → ${name(base)}`);
    }
    case FREE: {
      if (a0 === 0) return ret(0, 'free(NULL)');
      const i = allocAt(p, a0);
      const al = p.allocs;
      if (i < 0 || al[i] !== a0 || (al[i + 3]! & AF.STACK) !== 0) {
        c.halt('memory-fault', `free(${nm(a0)}): not an address malloc returned`, t);
      }
      if ((al[i + 3]! & AF.FREED) !== 0) c.halt('memory-fault', `double free of allocation #${al[i + 2]}`, t);
      al[i + 3] = AF.FREED;
      return ret(0, `free(${name(a0)})`);
    }
    case NONDET:
      if (a1 < a0) c.halt('runtime-error', `nondet(${a0}, ${a1}): empty range`, t);
      if (a1 - a0 + 1 > 0xfff0) c.halt('runtime-error', `nondet(${a0}, ${a1}): more than ${0xfff0} choices`, t);
      return ret(a0 + variant, `nondet(${a0}, ${a1}) → ${a0 + variant}`);
    case ASSUME:
      if (a0 === 0) c.w.pruned = true;
      return ret(0, `assume(${a0 === 0 ? 'false' : 'true'})`);
    case ALLOC_ID:
      return ret(allocIdOf(p, a0), `alloc_id(${name(a0)}) → ${allocIdOf(p, a0)}`);

    // ---- locks ----
    case PM_INIT: case KM_INIT:
      c.storeNow(p, t, a0, 0);
      forget(a0);
      return ret(0, `${id === PM_INIT ? 'pthread_mutex_init' : 'mutex_init'}(${lname(a0)})`);
    case RW_INIT:
      c.storeNow(p, t, a0, 0);
      c.storeNow(p, t, a0 + 1, 0);
      forget(a0);
      return ret(0, `init_rwsem(${lname(a0)})`);
    case PM_LOCK: case KM_LOCK: case PM_TRY: {
      const mode = lockMode(id);
      const w = c.load(p, t, a0);
      const fname = id === PM_LOCK ? 'pthread_mutex_lock' : id === KM_LOCK ? 'mutex_lock' : 'pthread_mutex_trylock';
      if (id === PM_TRY && w !== 0) return ret(EBUSY, `${fname}(${lname(a0)}): busy (held by thread ${w})`);
      if (w === t.tid) misuse(`thread ${t.tid} acquires ${lnm(a0)} again while holding it (self-deadlock)`);
      c.storeNow(p, t, a0, t.tid);
      take(a0, mode);
      return ret(0, `${fname}(${lname(a0)}): acquired`);
    }
    case PM_UNLOCK: case KM_UNLOCK: {
      const mode = lockMode(id);
      const w = c.load(p, t, a0);
      if (w === 0) misuse(`thread ${t.tid} releases ${lnm(a0)}, which is not locked`);
      else if (w !== t.tid) misuse(`thread ${t.tid} releases ${lnm(a0)}, which thread ${w} holds`);
      c.storeNow(p, t, a0, 0);
      drop(a0, mode);
      if (w !== t.tid) forget(a0);
      return ret(0, `${id === PM_UNLOCK ? 'pthread_mutex_unlock' : 'mutex_unlock'}(${lname(a0)}): released`);
    }
    case DOWN_R: {
      const w = c.load(p, t, a0 + 1);
      if (w === t.tid) misuse(`thread ${t.tid} takes ${lnm(a0)} for reading while holding it for writing (self-deadlock)`);
      const r = c.load(p, t, a0);
      c.storeNow(p, t, a0, r + 1);
      take(a0, LK.RWSEM_READ);
      return ret(0, `down_read(${lname(a0)}): ${r + 1} reader${r === 0 ? '' : 's'}`);
    }
    case UP_R: {
      const r = c.load(p, t, a0);
      if (heldIndex(t, a0, LK.RWSEM_READ) < 0) misuse(`thread ${t.tid} calls up_read on ${lnm(a0)} without holding it for reading`);
      if (r > 0) c.storeNow(p, t, a0, r - 1);
      drop(a0, LK.RWSEM_READ);
      return ret(0, `up_read(${lname(a0)})`);
    }
    case DOWN_W: {
      const w = c.load(p, t, a0 + 1);
      if (w === t.tid) misuse(`thread ${t.tid} takes ${lnm(a0)} for writing again while holding it (self-deadlock)`);
      if (heldIndex(t, a0, LK.RWSEM_READ) >= 0) misuse(`thread ${t.tid} takes ${lnm(a0)} for writing while holding it for reading (self-deadlock)`);
      c.load(p, t, a0);
      c.storeNow(p, t, a0 + 1, t.tid);
      take(a0, LK.RWSEM_WRITE);
      return ret(0, `down_write(${lname(a0)}): acquired`);
    }
    case UP_W: {
      const w = c.load(p, t, a0 + 1);
      if (w === 0) misuse(`thread ${t.tid} releases ${lnm(a0)}, which is not held for writing`);
      else if (w !== t.tid) misuse(`thread ${t.tid} releases ${lnm(a0)}, which thread ${w} holds`);
      c.storeNow(p, t, a0 + 1, 0);
      drop(a0, LK.RWSEM_WRITE);
      return ret(0, `up_write(${lname(a0)})`);
    }
    case ASSERT_HELD:
      if (heldIndex(t, a0, -1) < 0) misuse(`lockdep_assert_held(${lnm(a0)}) fails: thread ${t.tid} does not hold it`);
      return ret(0, `lockdep_assert_held(${lname(a0)})`);

    // ---- futexes and wait channels ----
    case FUTEX_WAIT: {
      const v = c.load(p, t, a0);
      if (v !== a1) return ret(-1, `futex_wait(${name(a0)}, ${a1}): word is ${v}, returns at once`);
      say(`futex_wait(${name(a0)}, ${a1}): sleeps`);
      sleep(TS.FUTEX, a0, 0);
      return;
    }
    case FUTEX_WAKE: {
      c.check(p, t, a0, 'futex_wake');
      const waiters = futexWaiters(c, p, a0);
      let chosen = waiters;
      if (a1 <= 0) chosen = [];
      else if (a1 < waiters.length) chosen = subset(waiters.length, a1, variant).map((i) => waiters[i]!);
      for (const u of chosen) { u.status = TS.RESUME; u.wait = 0; u.aux = 0; }
      const who = chosen.map((u) => u.tid).join(', ');
      return ret(chosen.length, `futex_wake(${name(a0)}, ${a1}): wakes ${chosen.length === 0 ? 'nobody' : `thread ${who}`}`);
    }
    case TSLEEP:
      say(`tsleep(${name(a0)}): sleeps`);
      sleep(TS.SLEEP, a0, 0);
      return;
    case MSLEEP: {
      const w = c.load(p, t, a1);
      if (w !== t.tid) misuse(`thread ${t.tid} calls msleep with ${lnm(a1)}, which it does not hold`);
      c.storeNow(p, t, a1, 0);
      drop(a1, LK.KMUTEX);
      say(`msleep(${name(a0)}, ${lname(a1)}): releases ${lname(a1)} and sleeps`);
      sleep(TS.MSLEEP, a0, a1);
      return;
    }
    case WAKEUP: {
      const woken: number[] = [];
      for (const u of c.w.threads) {
        if (u.pid !== p.pid || u.wait !== a0) continue;
        if (u.status === TS.SLEEP) { u.status = TS.RESUME; u.wait = 0; u.aux = 0; woken.push(u.tid); }
        else if (u.status === TS.MSLEEP) { u.status = TS.REACQ; u.wait = 0; woken.push(u.tid); }
      }
      return ret(0, `wakeup(${name(a0)}): wakes ${woken.length === 0 ? 'nobody' : `thread ${woken.join(', ')}`}`);
    }

    // ---- ordering and atomics ----
    case BARRIER: return ret(0, 'barrier()');
    case RMB: return ret(0, 'smp_rmb()');
    case MB: return ret(0, 'smp_mb()');
    case WMB:
      if (c.pso && t.sb.length > 0 && t.sb[t.sb.length - 2] !== WMB_MARK) t.sb.push(WMB_MARK, 0);
      return ret(0, 'smp_wmb()');
    case A_LOAD: {
      const v = c.load(p, t, a0);
      return ret(v, `atomic_load(${name(a0)}) → ${v}`);
    }
    case A_STORE:
      c.storeNow(p, t, a0, a1);
      return ret(0, `atomic_store(${name(a0)}, ${a1})`);
    case A_XCHG: case A_ADD: case A_OR: case A_AND: {
      const old = c.load(p, t, a0);
      const nv = id === A_XCHG ? a1 : id === A_ADD ? (old + a1) | 0 : id === A_OR ? old | a1 : old & a1;
      c.storeNow(p, t, a0, nv);
      const fname = id === A_XCHG ? 'atomic_exchange' : id === A_ADD ? 'atomic_fetch_add' : id === A_OR ? 'atomic_fetch_or' : 'atomic_fetch_and';
      return ret(old, `${fname}(${name(a0)}, ${a1}) → ${old}`);
    }
    case CMPXCHG: {
      const old = c.load(p, t, a0);
      if (old === a1) c.storeNow(p, t, a0, a2);
      return ret(old, `cmpxchg(${name(a0)}, ${a1}, ${a2}) → ${old}${old === a1 ? '' : ' (no change)'}`);
    }

    // ---- file descriptors ----
    case OPEN: {
      const path = readString(c, p, t, a0);
      const fd = lowestFreeFd(p, 0);
      const flags = ((a1 & O_CLOEXEC) !== 0 ? FD_CLOEXEC : 0) | ((a1 & O_CLOFORK) !== 0 ? FD_CLOFORK : 0);
      insertFd(p, fd, c.fileId(path), flags);
      return ret(fd, `open("${path}") → fd ${fd}`);
    }
    case CLOSE: {
      const i = fdIndex(p, a0);
      if (i < 0) return ret(-1, `close(${a0}): not open`);
      p.fds.splice(i, 3);
      return ret(0, `close(${a0})`);
    }
    case DUP: {
      const i = fdIndex(p, a0);
      if (i < 0) return ret(-1, `dup(${a0}): not open`);
      const fd = lowestFreeFd(p, 0);
      insertFd(p, fd, p.fds[i + 1]!, 0);
      return ret(fd, `dup(${a0}) → fd ${fd}`);
    }
    case DUP2: {
      const i = fdIndex(p, a0);
      if (i < 0 || a1 < 0) return ret(-1, `dup2(${a0}, ${a1}): bad descriptor`);
      if (a0 === a1) return ret(a1, `dup2(${a0}, ${a1})`);
      const file = p.fds[i + 1]!;
      const j = fdIndex(p, a1);
      if (j >= 0) p.fds.splice(j, 3);
      insertFd(p, a1, file, 0);
      return ret(a1, `dup2(${a0}, ${a1})`);
    }
    case FCNTL: {
      const i = fdIndex(p, a0);
      if (i < 0) return ret(-1, `fcntl(${a0}): not open`);
      if (a1 === 1) return ret(p.fds[i + 2]!, `fcntl(${a0}, F_GETFD) → ${p.fds[i + 2]}`);
      if (a1 === 2) { p.fds[i + 2] = a2 & (FD_CLOEXEC | FD_CLOFORK); return ret(0, `fcntl(${a0}, F_SETFD, ${a2})`); }
      return ret(-1, `fcntl(${a0}, ${a1}): unknown command`);
    }
    case FD_IS_OPEN:
      return ret(fdIndex(p, a0) >= 0 ? 1 : 0, `fd_is_open(${a0})`);

    // ---- signals ----
    case SIGNAL: {
      if (a1 !== 0) checkFn(c, t, a1, 'signal', 1);
      let old = 0;
      for (let i = 0; i < p.sigs.length; i += 2) {
        if (p.sigs[i] === a0) { old = p.sigs[i + 1]!; p.sigs.splice(i, 2); break; }
      }
      if (a1 !== 0) {
        let i = 0;
        while (i < p.sigs.length && p.sigs[i]! < a0) i += 2;
        p.sigs.splice(i, 0, a0, a1);
      }
      return ret(old, `signal(${a0}, ${a1 === 0 ? 'SIG_DFL' : name(a1)})`);
    }
    case PKILL: {
      const target = findThread(c, a0);
      if (target === undefined || target.pid !== p.pid || !live(target)) return ret(ESRCH, `pthread_kill(${a0}): no such thread`);
      if (a1 !== 0 && handlerOf(p, a1) !== 0) target.pendingSig = a1;
      return ret(0, `pthread_kill(${a0}, ${a1})`);
    }
    default:
      c.halt('runtime-error', `unknown builtin #${id}`, t);
  }
}

export function handlerOf(p: Proc, sig: number): number {
  for (let i = 0; i < p.sigs.length; i += 2) if (p.sigs[i] === sig) return p.sigs[i + 1]!;
  return 0;
}

function lowestFreeFd(p: Proc, from: number): number {
  let fd = from;
  for (let i = 0; i < p.fds.length; i += 3) {
    if (p.fds[i]! < fd) continue;
    if (p.fds[i] === fd) fd++;
    else break;
  }
  return fd;
}

function insertFd(p: Proc, fd: number, file: number, flags: number): void {
  let i = 0;
  while (i < p.fds.length && p.fds[i]! < fd) i += 3;
  p.fds.splice(i, 0, fd, file, flags);
}

/**
 * One step of fork() on thread t: pthread_atfork prepare handlers (reverse order,
 * one call per step, as ordinary code of t), the kernel fork (atomic: one step;
 * per-page: one page marked per step), then parent/child handlers in order and
 * the return value. The thread's pc stays on the BUILTIN until it is all done.
 */
function forkStep(c: Core, p: Proc, t: Thread, f: Frame): void {
  const handlers = p.atfork.length / 3;
  if (t.forkStage === FS.NONE) {
    t.forkStage = FS.PREPARE;
    t.forkIdx = handlers - 1;
  }
  if (t.forkStage === FS.PREPARE) {
    while (t.forkIdx >= 0) {
      const h = p.atfork[3 * t.forkIdx]!;
      t.forkIdx--;
      if (h !== 0) {
        if (c.rec) c.opText = `fork: runs prepare handler ${c.prog.functions[h - FN_PTR_BASE]!.name}`;
        c.pushFrame(p, t, h - FN_PTR_BASE, []);
        return;
      }
    }
    const pages = Math.ceil(p.mem.length / c.ps);
    const fds: number[] = [];
    for (let i = 0; i < p.fds.length; i += 3) if ((p.fds[i + 2]! & FD_CLOFORK) === 0) fds.push(p.fds[i]!, p.fds[i + 1]!, p.fds[i + 2]!);
    p.fork = { tid: t.tid, marked: 1, pages, fds, staging: new Int32Array(p.mem.length), stagingOwned: true };
    t.forkStage = FS.KERNEL;
    t.forkIdx = 0;
  }
  if (t.forkStage === FS.KERNEL) {
    const fk = p.fork!;
    const upto = c.perPage ? Math.min(fk.marked + 1, fk.pages) : fk.pages;
    if (fk.marked < upto) {
      const from = fk.marked * c.ps;
      // (the address space may have changed size since the fork began: completeFork)
      const to = Math.min(upto * c.ps, p.mem.length, fk.staging.length);
      if (from < to) ownStaging(fk).set(p.mem.subarray(from, to), from);
      if (c.rec) c.opText = c.perPage ? `fork: copies page ${fk.marked} of ${fk.pages - 1}` : 'fork: copies the address space';
      fk.marked = upto;
    }
    if (fk.marked < fk.pages) return;
    const child = completeFork(c, p, t);
    if (c.rec) c.opText = `${c.opText === '' ? 'fork' : c.opText}; fork → child ${child}`;
    t.forkStage = FS.PARENT;
    t.forkIdx = 0;
    t.forkRet = child;
  }
  // parent or child: handlers in registration order, then return
  const slot = t.forkStage === FS.PARENT ? 1 : 2;
  while (t.forkIdx < handlers) {
    const h = p.atfork[3 * t.forkIdx + slot]!;
    t.forkIdx++;
    if (h !== 0) {
      if (c.rec && c.opText === '') c.opText = `fork: runs ${slot === 1 ? 'parent' : 'child'} handler ${c.prog.functions[h - FN_PTR_BASE]!.name}`;
      c.pushFrame(p, t, h - FN_PTR_BASE, []);
      return;
    }
  }
  if (c.rec && c.opText === '') c.opText = `fork returns ${t.forkRet}`;
  t.forkStage = FS.NONE;
  t.forkIdx = 0;
  const v = t.forkRet;
  t.forkRet = 0;
  t.ops.push(v);
  f.pc += 3;
}

/**
 * The child's memory from the pages the fork copied. Other threads of the parent
 * may have called or returned from functions while it copied, which allocates a
 * frame at the top of memory or frees one there: the child's memory ends where
 * the parent's does now (so it matches the allocation table the child inherits),
 * the words added since the fork began taken as they are now (frames of threads
 * the child does not have).
 */
function childMemory(p: Proc, copied: Int32Array): Int32Array {
  const n = p.mem.length;
  if (copied.length === n) return copied;
  const mem = new Int32Array(n);
  mem.set(copied.subarray(0, Math.min(copied.length, n)));
  if (n > copied.length) mem.set(p.mem.subarray(copied.length), copied.length);
  return mem;
}

/** The kernel fork's last page is copied: the child process exists, with a copy of the forking thread. */
function completeFork(c: Core, p: Proc, t: Thread): number {
  const fk = p.fork!;
  const pid = c.newId(t);
  const mem = childMemory(p, ownStaging(fk));
  const child: Proc = makeProc({
    pid, parent: p.pid, status: PS.ALIVE, exitCode: 0, mem, memOwned: true, allocs: [...p.allocs], fds: fk.fds,
    atfork: [...p.atfork], sigs: [...p.sigs], fork: null,
  });
  // threads that do not exist in the child: their frames stay allocated (a leak, as in a real child)
  const ct = makeThread(pid, pid, t.name);
  ct.flags = t.flags;
  ct.forkStage = FS.CHILD;
  ct.frames = t.frames.map((fr) => ({ fn: fr.fn, pc: fr.pc, base: fr.base, regs: [...fr.regs] }));
  ct.ops = [...t.ops];
  ct.held = [...t.held];
  // locks the forking thread held are the child's thread's: its owner words now name the child
  for (let i = 0; i < ct.held.length; i += 4) {
    const mode = ct.held[i + 1]!;
    if (mode === LK.RWSEM_READ) continue;
    const w = ownerWord(ct.held[i]!, mode);
    if (w >= 0 && w < mem.length && mem[w] === t.tid) mem[w] = pid;
  }
  p.fork = null;
  c.w.procs.push(child);
  c.w.threads.push(ct);
  return pid;
}
