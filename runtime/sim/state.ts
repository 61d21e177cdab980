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

const NO_FRAMES: Frame[] = Object.freeze([]) as unknown as Frame[];
const NO_WORDS: number[] = Object.freeze([]) as unknown as number[];

/**
 * A thread. Its scalar fields are decoded at once; its frames, operand stack, store
 * buffer and held locks stay in the state vector until first touched (most steps
 * touch one thread), and an untouched thread is copied back into the next state as
 * it was.
 */
export class Thread {
  tid = 0;
  pid = 0;
  /** start routine's function index, or -1 for a process's first thread ('main') */
  name = 0;
  status = 0;
  wait = 0;
  aux = 0;
  flags = 0;
  /** a signal number sent by pthread_kill and not yet delivered (0: none) */
  pendingSig = 0;
  forkStage = 0;
  forkIdx = 0;
  forkRet = 0;
  retval = 0;
  /** the vector holding this thread's undecoded tail (null: decoded) and where */
  src: Int32Array | null = null;
  from = 0;
  to = 0;
  /** the vector this thread was decoded from (kept after open(), for redecoded()) */
  private origin: Int32Array | null = null;
  private sbAt = 0;
  private opsAt = 0;
  private topAt = -1;
  // a thread decoded from a state shares these placeholders until open() replaces them
  // (they are never written while src is set); a new thread gets its own arrays
  private f: Frame[] = NO_FRAMES;
  private o: number[] = NO_WORDS;
  private b: number[] = NO_WORDS;
  private h: number[] = NO_WORDS;

  get frames(): Frame[] { if (this.src !== null) this.open(); return this.f; }
  set frames(v: Frame[]) { if (this.src !== null) this.open(); this.f = v; }
  /** operand stack (shared by all frames) */
  get ops(): number[] { if (this.src !== null) this.open(); return this.o; }
  set ops(v: number[]) { if (this.src !== null) this.open(); this.o = v; }
  /** store buffer, oldest first: address, value pairs (address WMB_MARK: a write barrier) */
  get sb(): number[] { if (this.src !== null) this.open(); return this.b; }
  set sb(v: number[]) { if (this.src !== null) this.open(); this.b = v; }
  /** locks held: address, mode (LK), function and pc where taken */
  get held(): number[] { if (this.src !== null) this.open(); return this.h; }
  set held(v: number[]) { if (this.src !== null) this.open(); this.h = v; }

  // Read-only peeks for enabledness tests, which must not decode every thread.
  /** the top frame's function, or -1 when the thread has no frame */
  topFn(): number {
    if (this.src !== null) return this.topAt < 0 ? -1 : this.src[this.topAt]!;
    const f = this.f[this.f.length - 1];
    return f === undefined ? -1 : f.fn;
  }

  topPc(): number {
    if (this.src !== null) return this.topAt < 0 ? -1 : this.src[this.topAt + 1]!;
    const f = this.f[this.f.length - 1];
    return f === undefined ? -1 : f.pc;
  }

  /** the operand k places below the top (0: the top) */
  opFromTop(k: number): number {
    if (this.src !== null) {
      const n = this.src[this.opsAt]!;
      return this.src[this.opsAt + n - k]!;
    }
    return this.o[this.o.length - 1 - k]!;
  }

  /** word k of the store buffer, without decoding the thread */
  sbWord(k: number): number {
    return this.src !== null ? this.src[this.sbAt + 1 + k]! : this.b[k]!;
  }

  /** words in the store buffer, without decoding the thread */
  sbWords(): number {
    return this.src !== null ? this.src[this.sbAt]! : this.b.length;
  }

  /**
   * A fresh thread equal to this one as decode(s) would make it, for a thread that
   * decode(s) made and nothing has changed since (opening its tail only copies):
   * the scalars are copied and the tail points into s again. Null when this thread
   * did not come from s.
   */
  redecoded(s: Int32Array): Thread | null {
    if (this.origin !== s) return null;
    const t = new Thread();
    t.tid = this.tid; t.pid = this.pid; t.name = this.name; t.status = this.status; t.wait = this.wait;
    t.aux = this.aux; t.flags = this.flags; t.pendingSig = this.pendingSig; t.forkStage = this.forkStage;
    t.forkIdx = this.forkIdx; t.forkRet = this.forkRet; t.retval = this.retval;
    t.src = s; t.origin = s; t.from = this.from; t.to = this.to;
    t.sbAt = this.sbAt; t.opsAt = this.opsAt; t.topAt = this.topAt;
    return t;
  }

  /** remember where the tail lies in s (at: its first word); returns the index after it */
  lazy(s: Int32Array, at: number): number {
    this.src = s;
    this.origin = s;
    this.from = at;
    const nf = s[at++]!;
    this.topAt = -1;
    for (let k = 0; k < nf; k++) {
      this.topAt = at;
      at += 4 + s[at + 3]!;
    }
    this.opsAt = at;
    at += 1 + s[at]!; // ops
    this.sbAt = at;
    at += 1 + s[at]!; // sb
    at += 1 + s[at]!; // held
    this.to = at;
    return at;
  }

  private open(): void {
    const s = this.src!;
    this.src = null;
    at = this.from;
    const nf = s[at++]!;
    const frames: Frame[] = [];
    for (let k = 0; k < nf; k++) {
      const fn = s[at++]!, pc = s[at++]!, base = s[at++]!;
      frames.push({ fn, pc, base, regs: list(s) });
    }
    this.f = frames;
    this.o = list(s);
    this.b = list(s);
    this.h = list(s);
  }
}

export function makeThread(tid: number, pid: number, name: number): Thread {
  const t = new Thread();
  t.frames = [];
  t.ops = [];
  t.sb = [];
  t.held = [];
  t.tid = tid;
  t.pid = pid;
  t.name = name;
  return t;
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
  /** false while staging is a view into the decoded state vector (copy before writing) */
  stagingOwned: boolean;
}

export interface ProcFields {
  pid: number;
  parent: number;
  status: number;
  exitCode: number;
  mem: Int32Array;
  memOwned: boolean;
  allocs: number[];
  fds: number[];
  atfork: number[];
  sigs: number[];
  fork: ForkProgress | null;
}

/**
 * A process. Its four small tables (allocations, fds, atfork handlers, signal
 * handlers) stay in the state vector until first touched, like a thread's tail:
 * most steps touch none of them, and an untouched table is copied back into the
 * next state as it was. Reading a table through its getter opens (copies) it, so
 * the vector it came from is never written.
 */
export class Proc {
  pid = 0;
  parent = 0;
  status = 0;
  exitCode = 0;
  mem: Int32Array = NO_MEM;
  /**
   * false while mem is a view into the decoded state vector: most steps never write
   * memory, so decode does not copy it; every writer calls ownMem() first
   */
  memOwned = false;
  fork: ForkProgress | null = null;
  /** the vector holding the unopened tables (null: every table is open), and where each one starts */
  src: Int32Array | null = null;
  allocsAt = 0;
  fdsAt = 0;
  atforkAt = 0;
  sigsAt = 0;
  // null: still in src at its offset
  private a: number[] | null = null;
  private f: number[] | null = null;
  private x: number[] | null = null;
  private g: number[] | null = null;

  /** base, size, id, flags (AF) quadruples, by base */
  get allocs(): number[] { return this.a ?? (this.a = listAt(this.src!, this.allocsAt)); }
  set allocs(v: number[]) { this.a = v; }
  /** fd, file id, flags triples, by fd */
  get fds(): number[] { return this.f ?? (this.f = listAt(this.src!, this.fdsAt)); }
  set fds(v: number[]) { this.f = v; }
  /** prepare, parent, child function pointers, in registration order */
  get atfork(): number[] { return this.x ?? (this.x = listAt(this.src!, this.atforkAt)); }
  set atfork(v: number[]) { this.x = v; }
  /** signal, handler function pointer pairs, by signal */
  get sigs(): number[] { return this.g ?? (this.g = listAt(this.src!, this.sigsAt)); }
  set sigs(v: number[]) { this.g = v; }

  // Reads of a table that leave it in the vector (no copy): for comparisons.
  /** a fresh copy of the allocation table */
  allocsCopy(): number[] { return this.a !== null ? this.a.slice() : listAt(this.src!, this.allocsAt); }
  /** a fresh copy of the descriptor table */
  fdsCopy(): number[] { return this.f !== null ? this.f.slice() : listAt(this.src!, this.fdsAt); }
  /** is the allocation table equal to v? */
  sameAllocs(v: number[]): boolean { return this.a !== null ? sameList(this.a, v) : sameListAt(this.src!, this.allocsAt, v); }
  /** is the descriptor table equal to v? */
  sameFds(v: number[]): boolean { return this.f !== null ? sameList(this.f, v) : sameListAt(this.src!, this.fdsAt, v); }

  /**
   * Is this process, decoded from s, still exactly as it was there in everything an
   * invariant can observe (memory, allocation table, descriptors)? Conservative: a
   * memory copied for writing counts as changed even when the values came out equal.
   */
  observedUnchangedSince(s: Int32Array): boolean {
    if (this.src !== s || this.memOwned) return false;
    if (this.a !== null && !sameListAt(s, this.allocsAt, this.a)) return false;
    return this.f === null || sameListAt(s, this.fdsAt, this.f);
  }

  /** words the four tables take in an encoding (with their length prefixes) */
  tableWords(): number {
    const s = this.src;
    return 4
      + (this.a !== null ? this.a.length : s![this.allocsAt]!)
      + (this.f !== null ? this.f.length : s![this.fdsAt]!)
      + (this.x !== null ? this.x.length : s![this.atforkAt]!)
      + (this.g !== null ? this.g.length : s![this.sigsAt]!);
  }

  /** encode the four tables into s at i, copying unopened ones straight from src; returns the next index */
  putTables(s: Int32Array, i: number): number {
    i = this.a !== null ? put(s, i, this.a) : copyList(s, i, this.src!, this.allocsAt);
    i = this.f !== null ? put(s, i, this.f) : copyList(s, i, this.src!, this.fdsAt);
    i = this.x !== null ? put(s, i, this.x) : copyList(s, i, this.src!, this.atforkAt);
    return this.g !== null ? put(s, i, this.g) : copyList(s, i, this.src!, this.sigsAt);
  }
}

const NO_MEM = new Int32Array(0);

/** A process built from its fields (every table given, none left in a vector). */
export function makeProc(v: ProcFields): Proc {
  const p = new Proc();
  p.pid = v.pid; p.parent = v.parent; p.status = v.status; p.exitCode = v.exitCode;
  p.mem = v.mem; p.memOwned = v.memOwned; p.fork = v.fork;
  p.allocs = v.allocs; p.fds = v.fds; p.atfork = v.atfork; p.sigs = v.sigs;
  return p;
}

/** a fresh copy of the length-prefixed list starting at `from` in s */
function listAt(s: Int32Array, from: number): number[] {
  const n = s[from]!;
  const a = new Array<number>(n);
  for (let k = 0; k < n; k++) a[k] = s[from + 1 + k]!;
  return a;
}

function sameList(a: number[], v: number[]): boolean {
  if (a.length !== v.length) return false;
  for (let k = 0; k < a.length; k++) if (a[k] !== v[k]) return false;
  return true;
}

/** does the length-prefixed list at `from` in s equal v? */
function sameListAt(s: Int32Array, from: number, v: number[]): boolean {
  const n = s[from]!;
  if (n !== v.length) return false;
  for (let k = 0; k < n; k++) if (s[from + 1 + k] !== v[k]) return false;
  return true;
}

/** copy the length-prefixed list at `from` in src into s at i, prefix included; returns the next index */
function copyList(s: Int32Array, i: number, src: Int32Array, from: number): number {
  return copyRange(s, i, src, from, from + 1 + src[from]!);
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
/** Header word 0: flags. Set after assume(false): the explorer drops the state. */
export const HEADER_PRUNED = 1;
/**
 * Set in a state whose step ended with a finding: the step stopped part-way, so the
 * invariants were not all evaluated there, and a step from this state must not take
 * them for granted (Machine.checkInvariants). Only a state with a finding has it, and
 * the explorer never stores such a state, so it splits no states.
 */
export const HEADER_UNCHECKED = 2;

// States and process memories are carved out of shared chunks: a view into an
// existing buffer costs far less than a fresh ArrayBuffer (whose backing store is
// allocated outside the JS heap and makes the collector run more often). Views are
// never handed out twice, so a state stays immutable; a chunk is freed when no view
// into it is left.
const CHUNK = 1 << 16;
let chunk = new Int32Array(CHUNK);
let chunkUsed = 0;

/** n zeroed words of fresh memory */
export function words(n: number): Int32Array {
  if (n > CHUNK >> 3) return new Int32Array(n);
  if (chunkUsed + n > CHUNK) {
    chunk = new Int32Array(CHUNK);
    chunkUsed = 0;
  }
  const v = chunk.subarray(chunkUsed, chunkUsed + n);
  chunkUsed += n;
  return v;
}

/** a fresh copy of a */
export function copyOf(a: Int32Array): Int32Array {
  const v = words(a.length);
  v.set(a);
  return v;
}

export function encode(w: World): Int32Array {
  let n = HEADER;
  for (const p of w.procs) {
    n += 6 + p.mem.length + p.tableWords();
    if (p.fork) n += 5 + p.fork.fds.length + p.fork.staging.length;
  }
  for (const t of w.threads) {
    n += 12;
    if (t.src !== null) n += t.to - t.from;
    else {
      n += 4 + t.ops.length + t.sb.length + t.held.length;
      for (const f of t.frames) n += 4 + f.regs.length;
    }
  }
  const s = words(n);
  s[0] = w.pruned ? HEADER_PRUNED : 0;
  s[1] = w.nextId;
  s[2] = w.nextAllocId;
  s[3] = w.killBudget;
  s[4] = w.signalBudget;
  s[5] = w.procs.length;
  s[6] = w.threads.length;
  let i = HEADER;
  for (const p of w.procs) {
    s[i++] = p.pid; s[i++] = p.parent; s[i++] = p.status; s[i++] = p.exitCode; s[i++] = p.mem.length;
    s.set(p.mem, i);
    i += p.mem.length;
    i = p.putTables(s, i);
    if (p.fork) {
      const f = p.fork;
      s[i++] = 1; s[i++] = f.tid; s[i++] = f.marked; s[i++] = f.pages;
      i = put(s, i, f.fds);
      s[i++] = f.staging.length;
      s.set(f.staging, i);
      i += f.staging.length;
    } else s[i++] = 0;
  }
  for (const t of w.threads) {
    s[i++] = t.tid; s[i++] = t.pid; s[i++] = t.name; s[i++] = t.status; s[i++] = t.wait; s[i++] = t.aux;
    s[i++] = t.flags; s[i++] = t.pendingSig; s[i++] = t.forkStage; s[i++] = t.forkIdx; s[i++] = t.forkRet;
    s[i++] = t.retval;
    if (t.src !== null) {
      // untouched since decode: its tail is copied as it was
      i = copyRange(s, i, t.src, t.from, t.to);
      continue;
    }
    s[i++] = t.frames.length;
    for (const f of t.frames) {
      s[i++] = f.fn; s[i++] = f.pc; s[i++] = f.base;
      i = put(s, i, f.regs);
    }
    i = put(s, i, t.ops);
    i = put(s, i, t.sb);
    i = put(s, i, t.held);
  }
  return s;
}

/**
 * Copy src[from, to) into s at i; returns the next index. Long runs go through
 * TypedArray.set (a memcpy, worth the view it needs); short ones word by word.
 */
function copyRange(s: Int32Array, i: number, src: Int32Array, from: number, to: number): number {
  if (to - from > 16) {
    s.set(src.subarray(from, to), i);
    return i + to - from;
  }
  for (let k = from; k < to; k++) s[i++] = src[k]!;
  return i;
}

/** length-prefixed copy of a list into s at i; returns the next index */
function put(s: Int32Array, i: number, a: number[]): number {
  s[i++] = a.length;
  for (let k = 0; k < a.length; k++) s[i++] = a[k]!;
  return i;
}

let at = 0;
/** the length-prefixed list at `at` in s, advancing `at` */
function list(s: Int32Array): number[] {
  const n = s[at++]!;
  const a = new Array<number>(n);
  for (let k = 0; k < n; k++) a[k] = s[at + k]!;
  at += n;
  return a;
}

export function decode(s: Int32Array): World {
  const w: World = {
    pruned: (s[0]! & HEADER_PRUNED) !== 0, nextId: s[1]!, nextAllocId: s[2]!, killBudget: s[3]!, signalBudget: s[4]!,
    procs: [], threads: [],
  };
  const np = s[5]!;
  const nt = s[6]!;
  at = HEADER;
  for (let k = 0; k < np; k++) {
    const pid = s[at++]!, parent = s[at++]!, status = s[at++]!, exitCode = s[at++]!, memLen = s[at++]!;
    const mem = s.subarray(at, at + memLen);
    at += memLen;
    const p = new Proc();
    p.pid = pid; p.parent = parent; p.status = status; p.exitCode = exitCode; p.mem = mem;
    p.src = s;
    p.allocsAt = at; at += 1 + s[at]!;
    p.fdsAt = at; at += 1 + s[at]!;
    p.atforkAt = at; at += 1 + s[at]!;
    p.sigsAt = at; at += 1 + s[at]!;
    let fork: ForkProgress | null = null;
    if (s[at++] === 1) {
      const tid = s[at++]!, marked = s[at++]!, pages = s[at++]!;
      const ffds = list(s);
      const n = s[at++]!;
      fork = { tid, marked, pages, fds: ffds, staging: s.subarray(at, at + n), stagingOwned: false };
      at += n;
    }
    p.fork = fork;
    w.procs.push(p);
  }
  for (let k = 0; k < nt; k++) {
    const t = new Thread();
    t.tid = s[at++]!; t.pid = s[at++]!; t.name = s[at++]!; t.status = s[at++]!; t.wait = s[at++]!; t.aux = s[at++]!;
    t.flags = s[at++]!; t.pendingSig = s[at++]!; t.forkStage = s[at++]!; t.forkIdx = s[at++]!; t.forkRet = s[at++]!;
    t.retval = s[at++]!;
    at = t.lazy(s, at);
    w.threads.push(t);
  }
  return w;
}

/**
 * decode(s) again, given w = decode(s) that has only been read since (reads may
 * have opened lazy parts, which copies them and changes nothing). Cheaper than
 * decode: scalars are copied from w's records, memory views are shared (every
 * writer copies first: ownMem, ownStaging), and lazy parts point into s again.
 * Falls back to decode when w does not look like a fresh decode of s.
 */
export function redecode(s: Int32Array, w: World): World {
  const out: World = {
    pruned: w.pruned, nextId: w.nextId, nextAllocId: w.nextAllocId, killBudget: w.killBudget,
    signalBudget: w.signalBudget, procs: [], threads: [],
  };
  for (const p of w.procs) {
    if (p.src !== s || p.memOwned) return decode(s);
    const q = new Proc();
    q.pid = p.pid; q.parent = p.parent; q.status = p.status; q.exitCode = p.exitCode; q.mem = p.mem;
    q.src = s; q.allocsAt = p.allocsAt; q.fdsAt = p.fdsAt; q.atforkAt = p.atforkAt; q.sigsAt = p.sigsAt;
    const f = p.fork;
    if (f !== null) {
      if (f.stagingOwned) return decode(s);
      q.fork = { tid: f.tid, marked: f.marked, pages: f.pages, fds: f.fds.slice(), staging: f.staging, stagingOwned: false };
    }
    out.procs.push(q);
  }
  for (const t of w.threads) {
    const u = t.redecoded(s);
    if (u === null) return decode(s);
    out.threads.push(u);
  }
  return out;
}

/** Make p.mem a private copy before writing to it (decode leaves it a view of the state). */
export function ownMem(p: Proc): Int32Array {
  if (!p.memOwned) {
    p.mem = copyOf(p.mem);
    p.memOwned = true;
  }
  return p.mem;
}

export function ownStaging(f: ForkProgress): Int32Array {
  if (!f.stagingOwned) {
    f.staging = copyOf(f.staging);
    f.stagingOwned = true;
  }
  return f.staging;
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
