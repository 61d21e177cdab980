// The machine's working form of a state, and its canonical flat encoding.
//
// A State handed to the explorer is one Int32Array. To take a step the machine
// decodes it into these plain records (typed-array copies, so the original is
// never touched), mutates them, and encodes the result. The encoding is canonical:
// processes sorted by pid, threads by tid, every variable-length part prefixed by
// its length, and nothing that does not affect the future (no step counters;
// popped frames are zeroed in memory). Equal futures therefore give equal vectors,
// and different futures different ones.

/** Thread status. RUN threads may still be unable to move (a lock is taken…): see enabled(). */
export const enum TS {
  RUN = 0,
  /** asleep in futex_wait on `wait` */
  FUTEX = 1,
  /** asleep in tsleep on channel `wait` */
  SLEEP = 2,
  /** asleep in msleep on channel `wait`; `aux` is the mutex to take back */
  MSLEEP = 3,
  /** woken from msleep: must take mutex `aux` back before returning 0 */
  REACQ = 4,
  /** woken from a sleep: returns `aux` from the builtin at its next step */
  RESUME = 5,
  FINISHED = 6,
  KILLED = 7,
}

/** Thread flags. */
export const enum TF {
  /** running the `#pragma thread_exit_hook` routine after being killed */
  EXIT_HOOK = 1,
}

/** Stages of a fork() call in progress on the calling thread (pthread_atfork handlers run around it). */
export const enum FS {
  NONE = 0,
  PREPARE = 1,
  KERNEL = 2,
  PARENT = 3,
  CHILD = 4,
}

/** Process status. */
export const enum PS {
  ALIVE = 0,
  /** exited, not yet reaped by waitpid */
  ZOMBIE = 1,
}

/** Held-lock modes (lockdep's table, per thread). */
export const enum LK {
  PTHREAD = 0,
  KMUTEX = 1,
  RWSEM_WRITE = 2,
  RWSEM_READ = 3,
}

/** Allocation flags. */
export const enum AF {
  FREED = 1,
  /** a thread's frame stack, not a malloc result */
  STACK = 2,
}

/** The store-buffer entry address that marks an smp_wmb() (PSO). */
export const WMB_MARK = -1;

export interface Frame {
  fn: number;
  pc: number;
  /** memory address of this activation's frame words (0 when the function has none) */
  base: number;
  regs: number[];
}

export interface Thread {
  tid: number;
  pid: number;
  /** start routine's function index, or -1 for a process's first thread ('main') */
  name: number;
  status: number;
  wait: number;
  aux: number;
  flags: number;
  /** a signal number sent by pthread_kill and not yet delivered (0: none) */
  pendingSig: number;
  forkStage: number;
  forkIdx: number;
  forkRet: number;
  /** base of the thread's frame stack region (0: none) */
  stackBase: number;
  retval: number;
  frames: Frame[];
  /** operand stack (shared by all frames) */
  ops: number[];
  /** store buffer, oldest first: address, value pairs (address WMB_MARK: a write barrier) */
  sb: number[];
  /** locks held: address, mode (LK), function and pc where taken */
  held: number[];
}

export interface ForkProgress {
  /** the forking thread */
  tid: number;
  /** pages [1, marked) are marked read-only and copied into staging */
  marked: number;
  /** pages to mark: [1, pages) */
  pages: number;
  /** the fd table copied at fork start: fd, file, flags triples */
  fds: number[];
  /** the child's memory as far as copied */
  staging: Int32Array;
}

export interface Proc {
  pid: number;
  parent: number;
  status: number;
  exitCode: number;
  mem: Int32Array;
  /** base, size, id, flags (AF) quadruples, by base */
  allocs: number[];
  /** fd, file id, flags triples, by fd */
  fds: number[];
  /** prepare, parent, child function pointers, in registration order */
  atfork: number[];
  /** signal, handler function pointer pairs, by signal */
  sigs: number[];
  fork: ForkProgress | null;
}

export interface World {
  pruned: boolean;
  /** next pid/tid (they share one counter, as on Linux) */
  nextId: number;
  nextAllocId: number;
  killBudget: number;
  signalBudget: number;
  procs: Proc[];
  threads: Thread[];
}

const HEADER = 7;

export function encode(w: World): Int32Array {
  const out: number[] = [];
  out.push(w.pruned ? 1 : 0, w.nextId, w.nextAllocId, w.killBudget, w.signalBudget, w.procs.length, w.threads.length);
  const chunks: Int32Array[] = [];
  // memory arrays are large: keep them as typed chunks and splice them in at the end
  const marks: number[] = [];
  for (const p of w.procs) {
    out.push(p.pid, p.parent, p.status, p.exitCode, p.mem.length);
    marks.push(out.length);
    chunks.push(p.mem);
    out.push(p.allocs.length, ...p.allocs, p.fds.length, ...p.fds, p.atfork.length, ...p.atfork, p.sigs.length, ...p.sigs);
    if (p.fork) {
      const f = p.fork;
      out.push(1, f.tid, f.marked, f.pages, f.fds.length, ...f.fds, f.staging.length);
      marks.push(out.length);
      chunks.push(f.staging);
    } else out.push(0);
  }
  for (const t of w.threads) {
    out.push(t.tid, t.pid, t.name, t.status, t.wait, t.aux, t.flags, t.pendingSig, t.forkStage, t.forkIdx, t.forkRet,
      t.stackBase, t.retval, t.frames.length);
    for (const f of t.frames) out.push(f.fn, f.pc, f.base, f.regs.length, ...f.regs);
    out.push(t.ops.length, ...t.ops, t.sb.length, ...t.sb, t.held.length, ...t.held);
  }
  let total = out.length;
  for (const c of chunks) total += c.length;
  const s = new Int32Array(total);
  let from = 0;
  let to = 0;
  for (let i = 0; i < chunks.length; i++) {
    const m = marks[i]!;
    for (; from < m; from++) s[to++] = out[from]!;
    s.set(chunks[i]!, to);
    to += chunks[i]!.length;
  }
  for (; from < out.length; from++) s[to++] = out[from]!;
  return s;
}

export function decode(s: Int32Array): World {
  let i = 0;
  const take = (n: number): number[] => {
    const a = new Array<number>(n);
    for (let k = 0; k < n; k++) a[k] = s[i + k]!;
    i += n;
    return a;
  };
  const w: World = {
    pruned: s[0] === 1, nextId: s[1]!, nextAllocId: s[2]!, killBudget: s[3]!, signalBudget: s[4]!,
    procs: [], threads: [],
  };
  const np = s[5]!;
  const nt = s[6]!;
  i = HEADER;
  for (let k = 0; k < np; k++) {
    const pid = s[i++]!, parent = s[i++]!, status = s[i++]!, exitCode = s[i++]!, memLen = s[i++]!;
    const mem = s.slice(i, i + memLen);
    i += memLen;
    const allocs = take(s[i++]!);
    const fds = take(s[i++]!);
    const atfork = take(s[i++]!);
    const sigs = take(s[i++]!);
    let fork: ForkProgress | null = null;
    if (s[i++] === 1) {
      const tid = s[i++]!, marked = s[i++]!, pages = s[i++]!;
      const ffds = take(s[i++]!);
      const n = s[i++]!;
      fork = { tid, marked, pages, fds: ffds, staging: s.slice(i, i + n) };
      i += n;
    }
    w.procs.push({ pid, parent, status, exitCode, mem, allocs, fds, atfork, sigs, fork });
  }
  for (let k = 0; k < nt; k++) {
    const t: Thread = {
      tid: s[i++]!, pid: s[i++]!, name: s[i++]!, status: s[i++]!, wait: s[i++]!, aux: s[i++]!, flags: s[i++]!,
      pendingSig: s[i++]!, forkStage: s[i++]!, forkIdx: s[i++]!, forkRet: s[i++]!, stackBase: s[i++]!,
      retval: s[i++]!, frames: [], ops: [], sb: [], held: [],
    };
    const nf = s[i++]!;
    for (let f = 0; f < nf; f++) {
      const fn = s[i++]!, pc = s[i++]!, base = s[i++]!;
      t.frames.push({ fn, pc, base, regs: take(s[i++]!) });
    }
    t.ops = take(s[i++]!);
    t.sb = take(s[i++]!);
    t.held = take(s[i++]!);
    w.threads.push(t);
  }
  return w;
}

export function procOf(w: World, pid: number): Proc | undefined {
  for (const p of w.procs) if (p.pid === pid) return p;
  return undefined;
}

export function threadOf(w: World, tid: number): Thread | undefined {
  for (const t of w.threads) if (t.tid === tid) return t;
  return undefined;
}

export function live(t: Thread): boolean {
  return t.status !== TS.FINISHED && t.status !== TS.KILLED;
}
