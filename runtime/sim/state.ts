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

/**
 * A thread. Its scalar fields are decoded at once; its frames and operand stack,
 * its store buffer and its held locks stay in the state vector until first touched
 * (most steps touch one thread, and most of those only its frames and operands),
 * and a part left untouched is copied back into the next state as it was.
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
  /** the vector holding this thread's unopened parts (null: a new thread, all open), and its tail's bounds */
  private src: Int32Array | null = null;
  private from = 0;
  private to = 0;
  private sbAt = 0;
  private heldAt = 0;
  private opsAt = 0;
  private topAt = -1;
  // null: still in src, at its offset (frames and operands open together); a new
  // thread has all four
  private f: Frame[] | null = null;
  private o: number[] | null = null;
  private b: number[] | null = null;
  private h: number[] | null = null;

  get frames(): Frame[] { if (this.f === null) this.openFrames(); return this.f!; }
  /** have the frames been opened (read or changed) since decode? Unopened ones are as the source state had them. */
  framesOpened(): boolean { return this.f !== null; }
  set frames(v: Frame[]) { if (this.f === null) this.openFrames(); this.f = v; }
  /** operand stack (shared by all frames) */
  get ops(): number[] { if (this.o === null) this.openFrames(); return this.o!; }
  set ops(v: number[]) { if (this.o === null) this.openFrames(); this.o = v; }
  /** store buffer, oldest first: address, value pairs (address WMB_MARK: a write barrier) */
  get sb(): number[] { return this.b ?? (this.b = listAt(this.src!, this.sbAt)); }
  set sb(v: number[]) { this.b = v; }
  /** locks held: address, mode (LK), function and pc where taken */
  get held(): number[] { return this.h ?? (this.h = listAt(this.src!, this.heldAt)); }
  set held(v: number[]) { this.h = v; }

  // Read-only peeks for enabledness tests, which must not decode every thread.
  /** the top frame's function, or -1 when the thread has no frame */
  topFn(): number {
    if (this.f === null) return this.topAt < 0 ? -1 : this.src![this.topAt]!;
    const f = this.f[this.f.length - 1];
    return f === undefined ? -1 : f.fn;
  }

  topPc(): number {
    if (this.f === null) return this.topAt < 0 ? -1 : this.src![this.topAt + 1]!;
    const f = this.f[this.f.length - 1];
    return f === undefined ? -1 : f.pc;
  }

  /** the operand k places below the top (0: the top) */
  opFromTop(k: number): number {
    if (this.o === null) {
      const s = this.src!;
      return s[this.opsAt + s[this.opsAt]! - k]!;
    }
    return this.o[this.o.length - 1 - k]!;
  }

  /** word k of the store buffer, without decoding the thread */
  sbWord(k: number): number {
    return this.b === null ? this.src![this.sbAt + 1 + k]! : this.b[k]!;
  }

  /** words in the store buffer, without decoding the thread */
  sbWords(): number {
    return this.b === null ? this.src![this.sbAt]! : this.b.length;
  }

  /**
   * Where this thread's words lie in the vector it was decoded from, when it is
   * still word for word what that vector holds (every part unopened, every scalar
   * as it was): its encoding is then a copy of src[start, end). Null otherwise.
   */
  keptIn(): Int32Array | null {
    const s = this.src;
    if (s === null || this.f !== null || this.b !== null || this.h !== null) return null;
    const at = this.from - THREAD_SCALARS;
    return s[at] === this.tid && s[at + 1] === this.pid && s[at + 2] === this.name && s[at + 3] === this.status
      && s[at + 4] === this.wait && s[at + 5] === this.aux && s[at + 6] === this.flags && s[at + 7] === this.pendingSig
      && s[at + 8] === this.forkStage && s[at + 9] === this.forkIdx && s[at + 10] === this.forkRet && s[at + 11] === this.retval
      ? s : null;
  }

  get start(): number { return this.from - THREAD_SCALARS; }
  get end(): number { return this.to; }

  /** words the tail takes in an encoding */
  tailWords(): number {
    const s = this.src;
    if (this.f === null && this.b === null && this.h === null) return this.to - this.from;
    let n: number;
    if (this.f === null) n = this.sbAt - this.from;
    else {
      n = 2 + this.o!.length;
      const fs = this.f;
      for (let k = 0; k < fs.length; k++) n += 4 + fs[k]!.regs.length;
    }
    n += this.b === null ? 1 + s![this.sbAt]! : 1 + this.b.length;
    n += this.h === null ? 1 + s![this.heldAt]! : 1 + this.h.length;
    return n;
  }

  /** encode the tail into s at i, copying unopened parts straight from src; returns the next index */
  putTail(s: Int32Array, i: number): number {
    const src = this.src;
    // untouched since decode: its tail is copied as it was
    if (this.f === null && this.b === null && this.h === null) return copyRange(s, i, src!, this.from, this.to);
    if (this.f === null) i = copyRange(s, i, src!, this.from, this.sbAt);
    else {
      const fs = this.f;
      s[i++] = fs.length;
      for (let k = 0; k < fs.length; k++) {
        const f = fs[k]!;
        s[i++] = f.fn; s[i++] = f.pc; s[i++] = f.base;
        i = put(s, i, f.regs);
      }
      i = put(s, i, this.o!);
    }
    i = this.b === null ? copyList(s, i, src!, this.sbAt) : put(s, i, this.b);
    return this.h === null ? copyList(s, i, src!, this.heldAt) : put(s, i, this.h);
  }

  /**
   * A fresh thread equal to this one as decode(s) would make it, for a thread that
   * decode(s) made and nothing has changed since (opening its parts only copies):
   * the scalars are copied and the tail points into s again. Null when this thread
   * did not come from s.
   */
  redecoded(s: Int32Array): Thread | null {
    if (this.src !== s) return null;
    const t = new Thread();
    t.tid = this.tid; t.pid = this.pid; t.name = this.name; t.status = this.status; t.wait = this.wait;
    t.aux = this.aux; t.flags = this.flags; t.pendingSig = this.pendingSig; t.forkStage = this.forkStage;
    t.forkIdx = this.forkIdx; t.forkRet = this.forkRet; t.retval = this.retval;
    t.src = s; t.from = this.from; t.to = this.to;
    t.sbAt = this.sbAt; t.heldAt = this.heldAt; t.opsAt = this.opsAt; t.topAt = this.topAt;
    return t;
  }

  /** remember where the tail lies in s (at: its first word); returns the index after it */
  lazy(s: Int32Array, at: number): number {
    this.src = s;
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
    this.heldAt = at;
    at += 1 + s[at]!; // held
    this.to = at;
    return at;
  }

  /** a new thread: no vector behind it, every part open and empty */
  static fresh(): Thread {
    const t = new Thread();
    t.f = [];
    t.o = [];
    t.b = [];
    t.h = [];
    return t;
  }

  /** copy the frames and the operand stack out of src */
  private openFrames(): void {
    const s = this.src!;
    let at = this.from;
    const nf = s[at++]!;
    const frames = new Array<Frame>(nf);
    for (let k = 0; k < nf; k++) {
      const fn = s[at]!, pc = s[at + 1]!, base = s[at + 2]!;
      const n = s[at + 3]!;
      at += 4;
      const regs = new Array<number>(n);
      for (let r = 0; r < n; r++) regs[r] = s[at + r]!;
      at += n;
      frames[k] = { fn, pc, base, regs };
    }
    this.f = frames;
    this.o = listAt(s, at);
  }
}

export function makeThread(tid: number, pid: number, name: number): Thread {
  const t = Thread.fresh();
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
  /** where this process's words lie in src: [start, end) */
  start = 0;
  end = 0;
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

  /**
   * src, when this process is still word for word what src holds at [start, end):
   * memory not copied, no table opened, no fork in progress, every scalar as it was.
   * Null otherwise.
   */
  keptIn(): Int32Array | null {
    const s = this.src;
    if (s === null || this.memOwned || this.fork !== null || this.a !== null || this.f !== null || this.x !== null || this.g !== null) return null;
    const at = this.start;
    return s[at] === this.pid && s[at + 1] === this.parent && s[at + 2] === this.status && s[at + 3] === this.exitCode
      && s[at + 4] === this.mem.length && s[at + 5 + this.mem.length + this.tableWords()] === 0 ? s : null;
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

/** the memory of a process that has none (never written: a writer copies first, ownMem) */
export const NO_MEM = new Int32Array(0);

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
  /** the step that made this state ended in a finding (HEADER_UNCHECKED) */
  unchecked?: boolean;
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

/** words of a thread before its tail: tid, pid, name, status, wait, aux, flags, pendingSig, fork stage, index, return, retval */
const THREAD_SCALARS = 12;

/**
 * The canonical vector of w. A process or thread the step left word for word as it
 * was (keptIn) is copied from the vector it came from, and runs of such parts that
 * lie side by side there go in one copy.
 */
export function encode(w: World): Int32Array {
  const procs = w.procs;
  const threads = w.threads;
  let n = HEADER;
  for (let k = 0; k < procs.length; k++) {
    const p = procs[k]!;
    if (p.keptIn() !== null) { n += p.end - p.start; continue; }
    n += 6 + p.mem.length + p.tableWords();
    if (p.fork) n += 5 + p.fork.fds.length + p.fork.staging.length;
  }
  for (let k = 0; k < threads.length; k++) {
    const t = threads[k]!;
    n += t.keptIn() !== null ? t.end - t.start : THREAD_SCALARS + t.tailWords();
  }
  const s = words(n);
  s[0] = (w.pruned ? HEADER_PRUNED : 0) | (w.unchecked === true ? HEADER_UNCHECKED : 0);
  s[1] = w.nextId;
  s[2] = w.nextAllocId;
  s[3] = w.killBudget;
  s[4] = w.signalBudget;
  s[5] = procs.length;
  s[6] = threads.length;
  let i = HEADER;
  runSrc = null;
  for (let k = 0; k < procs.length; k++) {
    const p = procs[k]!;
    const kept = p.keptIn();
    if (kept !== null) {
      i = keepRun(s, i, kept, p.start, p.end);
      continue;
    }
    i = flushRun(s, i);
    s[i++] = p.pid; s[i++] = p.parent; s[i++] = p.status; s[i++] = p.exitCode; s[i++] = p.mem.length;
    i = copyAll(s, i, p.mem);
    i = p.putTables(s, i);
    if (p.fork) {
      const f = p.fork;
      s[i++] = 1; s[i++] = f.tid; s[i++] = f.marked; s[i++] = f.pages;
      i = put(s, i, f.fds);
      s[i++] = f.staging.length;
      i = copyAll(s, i, f.staging);
    } else s[i++] = 0;
  }
  for (let k = 0; k < threads.length; k++) {
    const t = threads[k]!;
    const kept = t.keptIn();
    if (kept !== null) {
      i = keepRun(s, i, kept, t.start, t.end);
      continue;
    }
    i = flushRun(s, i);
    s[i++] = t.tid; s[i++] = t.pid; s[i++] = t.name; s[i++] = t.status; s[i++] = t.wait; s[i++] = t.aux;
    s[i++] = t.flags; s[i++] = t.pendingSig; s[i++] = t.forkStage; s[i++] = t.forkIdx; s[i++] = t.forkRet;
    s[i++] = t.retval;
    i = t.putTail(s, i);
  }
  flushRun(s, i);
  return s;
}

// encode's pending run of kept words, runSrc[runFrom, runTo): records that are
// word for word what a source vector holds, and lie next to each other there, are
// copied in one go when something else is written (or at the end).
let runSrc: Int32Array | null = null;
let runFrom = 0;
let runTo = 0;

/** A record kept in src[start, end): extend the pending run, or copy it and start a new one; returns the next index in s. */
function keepRun(s: Int32Array, i: number, src: Int32Array, start: number, end: number): number {
  if (src === runSrc && start === runTo) {
    runTo = end;
    return i;
  }
  i = flushRun(s, i);
  runSrc = src;
  runFrom = start;
  runTo = end;
  return i;
}

/** Copy the pending run (if any) into s at i; returns the next index. */
function flushRun(s: Int32Array, i: number): number {
  if (runSrc === null) return i;
  i = copyRange(s, i, runSrc, runFrom, runTo);
  runSrc = null;
  return i;
}

// A TypedArray.set of a whole array costs about as much as copying 16 words one by
// one, of a range (it needs a view) about 40, so only runs longer than that go through it.
const SET_WORDS = 16;
const SET_RANGE_WORDS = 40;

/**
 * Copy src[from, to) into s at i; returns the next index. Long runs go through
 * TypedArray.set (a memcpy); short ones word by word.
 */
function copyRange(s: Int32Array, i: number, src: Int32Array, from: number, to: number): number {
  if (to - from > SET_RANGE_WORDS) {
    s.set(src.subarray(from, to), i);
    return i + to - from;
  }
  for (let k = from; k < to; k++) s[i++] = src[k]!;
  return i;
}

/** copy all of src into s at i; returns the next index */
function copyAll(s: Int32Array, i: number, src: Int32Array): number {
  const n = src.length;
  if (n > SET_WORDS) {
    s.set(src, i);
    return i + n;
  }
  for (let k = 0; k < n; k++) s[i++] = src[k]!;
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
    pruned: (s[0]! & HEADER_PRUNED) !== 0, unchecked: (s[0]! & HEADER_UNCHECKED) !== 0, nextId: s[1]!, nextAllocId: s[2]!, killBudget: s[3]!, signalBudget: s[4]!,
    procs: [], threads: [],
  };
  const np = s[5]!;
  const nt = s[6]!;
  at = HEADER;
  for (let k = 0; k < np; k++) {
    const start = at;
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
    p.start = start;
    p.end = at;
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
    pruned: w.pruned, unchecked: w.unchecked === true, nextId: w.nextId, nextAllocId: w.nextAllocId, killBudget: w.killBudget,
    signalBudget: w.signalBudget, procs: [], threads: [],
  };
  for (const p of w.procs) {
    if (p.src !== s || p.memOwned) return decode(s);
    const q = new Proc();
    q.pid = p.pid; q.parent = p.parent; q.status = p.status; q.exitCode = p.exitCode; q.mem = p.mem;
    q.src = s; q.start = p.start; q.end = p.end; q.allocsAt = p.allocsAt; q.fdsAt = p.fdsAt; q.atforkAt = p.atforkAt; q.sigsAt = p.sigsAt;
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
