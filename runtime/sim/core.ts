// The interpreter core: runs a thread's instructions over a decoded World, one
// scheduling step at a time (ir.ts: one visible instruction, then the invisible
// ones up to the next visible one), and manages frames, thread ends and process
// exits. Builtins live in ops.ts; the TransitionSystem face in index.ts.

import { BUILTINS } from '../builtins.ts';
import { FN_PTR_BASE, Op, type FunctionIR, type Program, type SourcePos } from '../ir.ts';
import type { Finding, FindingKind } from '../check/system.ts';
import type { FaultOptions, ForkMode, MemoryModel } from '../check/types.ts';
import { Dependencies } from './invariant-memo.ts';
import { addressFault, allocate, readWord } from './memory.ts';
import { Names, pathIn, sizeOf } from './names.ts';
import { AF, NO_MEM, PS, TF, TS, WMB_MARK, live, makeThread, ownMem, type Frame, type Proc, type Thread, type World } from './state.ts';

/**
 * Evaluations of each invariant remembered (invariant-memo.ts). One is not enough:
 * the successors of a state are stepped one after another, and each changes
 * different words; with 8 the lessons' models run an invariant for about one
 * step in thirty instead of one in two.
 */
const MEMO_ENTRIES = 8;

/** the threads an invariant's code sees: none */
const NO_THREADS: Thread[] = Object.freeze([]) as unknown as Thread[];

/** Thrown to end a step with a finding. */
export class Halt {
  constructor(readonly finding: Finding) {}
}

/** Invariant functions keep address-taken locals here, apart from the process's memory. */
export const SCRATCH_BASE = 0x30000000;

const LOAD = Op.LOAD, STORE = Op.STORE, BUILTIN = Op.BUILTIN;
// opcodes as plain module constants: an imported enum is a property lookup on every use
const O_NOP = Op.NOP;
const O_PUSH = Op.PUSH;
const O_POP = Op.POP;
const O_DUP = Op.DUP;
const O_GETR = Op.GETR;
const O_SETR = Op.SETR;
const O_FRAME_ADDR = Op.FRAME_ADDR;
const O_NEG = Op.NEG;
const O_BNOT = Op.BNOT;
const O_LNOT = Op.LNOT;
const O_TRUNC8 = Op.TRUNC8;
const O_BOOL = Op.BOOL;
const O_JMP = Op.JMP;
const O_JZ = Op.JZ;
const O_JNZ = Op.JNZ;
const O_ASSERT = Op.ASSERT;
const O_TRAP = Op.TRAP;
const O_CALL = Op.CALL;
const O_CALLI = Op.CALLI;
const O_RET = Op.RET;
const O_RETV = Op.RETV;
const O_ADD = Op.ADD;
const O_SUB = Op.SUB;
const O_MUL = Op.MUL;
const O_DIV = Op.DIV;
const O_MOD = Op.MOD;
const O_DIVU = Op.DIVU;
const O_MODU = Op.MODU;
const O_AND = Op.AND;
const O_OR = Op.OR;
const O_XOR = Op.XOR;
const O_SHL = Op.SHL;
const O_SHR = Op.SHR;
const O_SHRU = Op.SHRU;
const O_EQ = Op.EQ;
const O_NE = Op.NE;
const O_LT = Op.LT;
const O_LE = Op.LE;
const O_GT = Op.GT;
const O_GE = Op.GE;
const O_LTU = Op.LTU;
const O_LEU = Op.LEU;
const O_GTU = Op.GTU;
const O_GEU = Op.GEU;

/** A store buffer holds at most this many entries (markers included); a full buffer makes stores wait. */
export const STORE_BUFFER_CAP = 8;
/** A process's memory may grow to this many words (a bad malloc must not exhaust the host). */
export const MAX_MEMORY_WORDS = 1 << 20;
/** pids and tids stay below this, so that transition labels (tid << 16) stay positive */
export const MAX_IDS = 0x3fff;
/** Calls nest at most this deep per thread (function activations without frame words use no stack). */
const MAX_DEPTH = 200;

export interface CoreOptions {
  memoryModel: MemoryModel;
  fork: ForkMode;
  faults: FaultOptions;
  properties: string[] | undefined;
  maxTransitionInstructions: number;
}

export class Core {
  readonly names: Names;
  readonly relaxed: boolean;
  readonly pso: boolean;
  readonly perPage: boolean;
  readonly ps: number;
  readonly always: number[];
  readonly atExit: { name: string; fn: number }[];
  readonly alwaysNames: string[];
  readonly hookFn: number;
  readonly files: string[] = ['stdin', 'stdout', 'stderr'];
  private readonly fileIds = new Map<string, number>([['stdin', 0], ['stdout', 1], ['stderr', 2]]);
  private readonly reportSet: Set<string> | null;

  // per-step scratch
  w!: World;
  rec = false;
  reads: { address: number; value: number; name?: string }[] = [];
  writes: { address: number; value: number; name?: string }[] = [];
  opText = '';
  /** scratch memory of a running invariant (null: not in an invariant) */
  private scratch: Int32Array | null = null;
  private scratchTop = 0;
  private readonly scratchBuf: Int32Array;
  /** the thread invariants run on */
  private readonly invariantThread = makeThread(0, 0, 0);
  /** a call's arguments between the operand stack and the new frame */
  private readonly argBuf: number[] = [];
  /**
   * the last MEMO_ENTRIES normal evaluations of each invariant function, by function
   * index (invariant-memo.ts), and which entry the next one replaces
   */
  private readonly memo: (Dependencies[] | undefined)[] = [];
  private readonly memoNext: number[] = [];
  /** what the running evaluation has used so far */
  private readonly using = new Dependencies();
  /** invariant evaluations actually run, not answered from the memo (tests count them) */
  invariantRuns = 0;
  /**
   * false: evaluate every invariant in every live process after every step, as if
   * nothing were known (the differential tests compare the two)
   */
  reuseInvariants = true;

  constructor(readonly prog: Program, readonly opts: CoreOptions) {
    this.scratchBuf = new Int32Array(Math.max(1, prog.memory.stackWords));
    this.names = new Names(prog);
    this.names.frameName = (p, addr) => this.frameName(p, addr);
    this.relaxed = opts.memoryModel !== 'sc';
    this.pso = opts.memoryModel === 'pso';
    this.perPage = opts.fork === 'per-page';
    this.ps = prog.memory.pageSize;
    const sel = opts.properties;
    this.reportSet = sel === undefined ? null : new Set(sel);
    const chosen = prog.properties.filter((d) => sel === undefined || sel.includes(d.name));
    this.always = chosen.filter((d) => d.when === 'always').map((d) => d.function);
    this.alwaysNames = chosen.filter((d) => d.when === 'always').map((d) => d.name);
    this.atExit = chosen.filter((d) => d.when === 'at_exit').map((d) => ({ name: d.name, fn: d.function }));
    const hook = prog.pragmas['thread_exit_hook']?.[0];
    this.hookFn = hook === undefined ? -1 : (prog.functionIndex[hook] ?? -1);
  }

  /** Whether a built-in property is checked (all are unless options.properties leaves it out). */
  reports(kind: FindingKind): boolean {
    return this.reportSet === null || this.reportSet.has(kind);
  }

  fileId(path: string): number {
    let id = this.fileIds.get(path);
    if (id === undefined) {
      id = this.files.length;
      this.files.push(path);
      this.fileIds.set(path, id);
    }
    return id;
  }

  // ---- findings -------------------------------------------------------------------------------

  posOf(t: Thread): SourcePos | undefined {
    const f = t.frames[t.frames.length - 1];
    return f === undefined ? undefined : this.names.pos(f.fn, f.pc);
  }

  halt(kind: FindingKind, message: string, t?: Thread, pos?: SourcePos): never {
    const finding: Finding = { kind, property: kind, message };
    const at = pos ?? (t ? this.posOf(t) : undefined);
    if (at) finding.pos = at;
    if (t) { finding.thread = t.tid; finding.process = t.pid; }
    throw new Halt(finding);
  }

  proc(pid: number): Proc {
    for (const p of this.w.procs) if (p.pid === pid) return p;
    throw new Error(`machine: no process ${pid}`);
  }

  threadName(t: Thread): string {
    return t.name < 0 ? 'main' : this.prog.functions[t.name]!.name;
  }

  // ---- memory access with checks and recording ------------------------------------------------

  check(p: Proc, t: Thread | null, addr: number, verb: string): void {
    if (this.scratch !== null && addr >= SCRATCH_BASE) {
      if (addr - SCRATCH_BASE < this.scratchTop) return;
    }
    const why = addressFault(this.prog, p, addr);
    if (why !== null) this.halt('memory-fault', `${verb}: ${why}`, t ?? undefined);
  }

  load(p: Proc, t: Thread | null, addr: number): number {
    this.check(p, t, addr, 'load');
    if (this.scratch !== null && addr >= SCRATCH_BASE) return this.scratch[addr - SCRATCH_BASE]!;
    const v = readWord(p, t, addr);
    if (this.rec) this.reads.push({ address: addr, value: v, name: this.names.of(p, addr) });
    return v;
  }

  /** A plain store: straight to memory under SC, into the thread's buffer under TSO/PSO. */
  store(p: Proc, t: Thread, addr: number, v: number): void {
    if (this.scratch !== null) {
      if (addr >= SCRATCH_BASE && addr - SCRATCH_BASE < this.scratchTop) { this.scratch[addr - SCRATCH_BASE] = v; return; }
      this.halt('runtime-error', `an invariant must not change memory, but it stores to ${this.names.of(p, addr)}`, t);
    }
    this.check(p, t, addr, 'store');
    if (this.relaxed) t.sb.push(addr, v);
    else ownMem(p)[addr] = v;
    if (this.rec) this.writes.push({ address: addr, value: v, name: this.names.of(p, addr) });
  }

  /** A store by a builtin (atomics, locks): always straight to memory; the buffer is empty by then. */
  storeNow(p: Proc, t: Thread, addr: number, v: number): void {
    if (this.scratch !== null) this.halt('runtime-error', `an invariant must not change memory (it calls a builtin that writes)`, t);
    this.check(p, t, addr, 'store');
    ownMem(p)[addr] = v;
    if (this.rec) this.writes.push({ address: addr, value: v, name: this.names.of(p, addr) });
  }

  /** `main:t[1]`: the local variable of a live activation that holds addr */
  private frameName(p: Proc, addr: number): string | undefined {
    for (const t of this.w.threads) {
      if (t.pid !== p.pid) continue;
      for (const f of t.frames) {
        const F = this.prog.functions[f.fn]!;
        if (f.base === 0 || addr < f.base || addr >= f.base + F.frameWords) continue;
        const off = addr - f.base;
        for (const l of F.locals) {
          if (!('frame' in l.where)) continue;
          const at = l.where.frame;
          if (off >= at && off < at + sizeOf(l.type)) return `${F.name}:${l.name}${pathIn(l.type, off - at)}`;
        }
        return `${F.name}:frame+${off}`;
      }
    }
    return undefined;
  }

  // ---- frames ---------------------------------------------------------------------------------

  pushFrame(p: Proc, t: Thread, fn: number, args: number[]): void {
    const regs = this.enter(p, t, fn, args.length);
    for (let i = 0; i < args.length; i++) regs[i] = args[i]!;
  }

  // A call's arguments are the top argc operands (CALL, CALLI): they are popped into
  // argBuf first (also when the call then fails), then copied into the new frame's
  // registers, with no list of their own.
  private popArgs(ops: number[], argc: number): void {
    const from = ops.length - argc;
    const args = this.argBuf;
    for (let i = 0; i < argc; i++) args[i] = ops[from + i]!;
    ops.length = from;
  }

  private enterWithArgs(p: Proc, t: Thread, fn: number, argc: number): void {
    const regs = this.enter(p, t, fn, argc);
    const args = this.argBuf;
    for (let i = 0; i < argc; i++) regs[i] = args[i]!;
  }

  /** Push a frame for fn (registers zeroed, at least argc of them) and return its registers. */
  private enter(p: Proc, t: Thread, fn: number, argc: number): number[] {
    const F = this.prog.functions[fn]!;
    if (t.frames.length >= MAX_DEPTH) this.halt('runtime-error', `stack overflow: calls nested ${MAX_DEPTH} deep`, t);
    const n = F.registers > argc ? F.registers : argc;
    const regs: number[] = [];
    for (let i = 0; i < n; i++) regs.push(0);
    let base = 0;
    if (F.frameWords > 0) {
      if (this.scratch !== null) {
        base = SCRATCH_BASE + this.scratchTop;
        this.scratchTop += F.frameWords;
        if (this.scratchTop > this.scratch.length) this.halt('runtime-error', 'stack overflow in an invariant', t);
        this.scratch.fill(0, this.scratchTop - F.frameWords, this.scratchTop);
      } else {
        // Each activation's frame is a block of its own (kind STACK), freed when it returns:
        // the state holds only the frames that exist, a returned frame's address faults, and
        // a freed block of the same size is reused. The thread's stack limit still holds.
        let used = F.frameWords;
        for (const g of t.frames) used += this.prog.functions[g.fn]!.frameWords;
        if (used > this.prog.memory.stackWords) {
          this.halt('runtime-error', `stack overflow: ${F.name} needs ${F.frameWords} words and the thread's ${this.prog.memory.stackWords}-word stack is full`, t);
        }
        // blocks are zeroed when their activation returns, so a new one starts from zero
        base = this.allocate(p, F.frameWords, AF.STACK, t);
      }
    }
    t.frames.push({ fn, pc: 0, base, regs });
    return regs;
  }

  /** Pop the top frame, zeroing its words so that equal futures stay equal states. */
  popFrame(p: Proc, t: Thread): Frame {
    const f = t.frames.pop()!;
    const words = this.prog.functions[f.fn]!.frameWords;
    if (words > 0) {
      if (this.scratch !== null) this.scratchTop -= words;
      else if (f.base > 0 && f.base + words <= p.mem.length) {
        ownMem(p).fill(0, f.base, f.base + words);
        const a = p.allocs;
        for (let i = 0; i < a.length; i += 4) if (a[i] === f.base) { a[i + 3] = AF.STACK | AF.FREED; break; }
        // freed frames at the top of memory go away entirely (with their red-zone word), so
        // a call and its return leave the state as it was
        while (a.length > 0 && a[a.length - 1] === (AF.STACK | AF.FREED) && a[a.length - 4]! + a[a.length - 3]! === p.mem.length) {
          p.mem = p.mem.subarray(0, a[a.length - 4]! - 1);
          a.length -= 4;
        }
      }
    }
    return f;
  }

  // ---- the interpreter ------------------------------------------------------------------------

  /**
   * Run invisible instructions of t until its next visible one (or its end). A
   * step that would run more than maxTransitionInstructions of them is a loop
   * that never touches shared memory: a runtime error rather than a hang.
   */
  runInvisible(p: Proc, t: Thread): void {
    // assume(false) ended this branch: nothing after it may run, or an assert or a
    // loop right behind it would be reported for a state that does not exist.
    if (this.w.pruned) return;
    const fns = this.prog.functions;
    let budget = this.opts.maxTransitionInstructions;
    const ops = t.ops;
    while (t.status === TS.RUN && t.frames.length > 0) {
      const f = t.frames[t.frames.length - 1]!;
      const F: FunctionIR = fns[f.fn]!;
      const code = F.code;
      const regs = f.regs;
      let pc = f.pc;
      for (;;) {
        if (--budget < 0) {
          f.pc = pc;
          this.halt('runtime-error', `infinite loop without shared-memory access (more than ${this.opts.maxTransitionInstructions.toLocaleString('en')} instructions in one step)`, t);
        }
        const op = code[pc]!;
        if (op === LOAD || op === STORE || op === BUILTIN) { f.pc = pc; return; }
        switch (op) {
          case O_NOP: pc += 1; continue;
          case O_PUSH: ops.push(code[pc + 1]!); pc += 2; continue;
          case O_POP: ops.pop(); pc += 1; continue;
          case O_DUP: ops.push(ops[ops.length - 1]!); pc += 1; continue;
          case O_GETR: ops.push(regs[code[pc + 1]!]!); pc += 2; continue;
          case O_SETR: regs[code[pc + 1]!] = ops.pop()!; pc += 2; continue;
          case O_FRAME_ADDR: ops.push(f.base + code[pc + 1]!); pc += 2; continue;
          case O_NEG: ops.push(-ops.pop()! | 0); pc += 1; continue;
          case O_BNOT: ops.push(~ops.pop()!); pc += 1; continue;
          case O_LNOT: ops.push(ops.pop() === 0 ? 1 : 0); pc += 1; continue;
          case O_TRUNC8: ops.push((ops.pop()! << 24) >> 24); pc += 1; continue;
          case O_BOOL: ops.push(ops.pop() === 0 ? 0 : 1); pc += 1; continue;
          // the commonest binary operations in place on the operand stack (the rest: binary())
          case O_ADD: { const b = ops.pop()!; const k = ops.length - 1; ops[k] = (ops[k]! + b) | 0; pc += 1; continue; }
          case O_SUB: { const b = ops.pop()!; const k = ops.length - 1; ops[k] = (ops[k]! - b) | 0; pc += 1; continue; }
          case O_AND: { const b = ops.pop()!; const k = ops.length - 1; ops[k] = ops[k]! & b; pc += 1; continue; }
          case O_EQ: { const b = ops.pop()!; const k = ops.length - 1; ops[k] = ops[k] === b ? 1 : 0; pc += 1; continue; }
          case O_NE: { const b = ops.pop()!; const k = ops.length - 1; ops[k] = ops[k] !== b ? 1 : 0; pc += 1; continue; }
          case O_LT: { const b = ops.pop()!; const k = ops.length - 1; ops[k] = ops[k]! < b ? 1 : 0; pc += 1; continue; }
          case O_LE: { const b = ops.pop()!; const k = ops.length - 1; ops[k] = ops[k]! <= b ? 1 : 0; pc += 1; continue; }
          case O_GT: { const b = ops.pop()!; const k = ops.length - 1; ops[k] = ops[k]! > b ? 1 : 0; pc += 1; continue; }
          case O_GE: { const b = ops.pop()!; const k = ops.length - 1; ops[k] = ops[k]! >= b ? 1 : 0; pc += 1; continue; }
          case O_JMP: pc = code[pc + 1]!; continue;
          case O_JZ: pc = ops.pop() === 0 ? code[pc + 1]! : pc + 2; continue;
          case O_JNZ: pc = ops.pop() !== 0 ? code[pc + 1]! : pc + 2; continue;
          case O_ASSERT: {
            const c = ops.pop()!;
            if (c === 0 && this.reports('assertion')) {
              f.pc = pc;
              this.halt('assertion', `assertion failed: ${this.prog.strings[code[pc + 1]!] ?? '?'}`, t);
            }
            pc += 2;
            continue;
          }
          case O_TRAP:
            f.pc = pc;
            this.halt('runtime-error', this.prog.strings[code[pc + 1]!] ?? `${F.name} reached its end without returning a value`, t);
          case O_CALL: {
            const callee = code[pc + 1]!;
            const argc = code[pc + 2]!;
            f.pc = pc + 3;
            this.popArgs(ops, argc);
            this.enterWithArgs(p, t, callee, argc);
            break;
          }
          case O_CALLI: {
            const argc = code[pc + 1]!;
            this.popArgs(ops, argc);
            const fp = ops.pop()!;
            f.pc = pc;
            const callee = fp - FN_PTR_BASE;
            const G = fns[callee];
            if (G === undefined || fp < FN_PTR_BASE) {
              this.halt('memory-fault', `call through a bad function pointer (${fp === 0 ? 'NULL' : fp})`, t);
            }
            if (G.params !== argc) {
              this.halt('memory-fault', `call through a function pointer to ${G.name}, which takes ${G.params} arguments, with ${argc}`, t);
            }
            f.pc = pc + 2;
            this.enterWithArgs(p, t, callee, argc);
            break;
          }
          case O_RET:
          case O_RETV: {
            const v = op === O_RETV ? ops.pop()! : 0;
            f.pc = pc;
            const done = this.popFrame(p, t);
            if (t.frames.length === 0) {
              if (this.scratch !== null) { t.status = TS.FINISHED; t.retval = v; return; }
              this.threadReturns(p, t, done.fn, v, done.pc);
              return;
            }
            if (op === O_RETV) ops.push(v);
            break;
          }
          default: {
            const b = ops.pop()!;
            const a = ops.pop()!;
            ops.push(this.binary(op, a, b, t, f, pc));
            pc += 1;
            continue;
          }
        }
        break; // frame changed: reload
      }
    }
  }

  private binary(op: number, a: number, b: number, t: Thread, f: Frame, pc: number): number {
    switch (op) {
      case O_ADD: return (a + b) | 0;
      case O_SUB: return (a - b) | 0;
      case O_MUL: return Math.imul(a, b);
      case O_DIV:
      case O_MOD:
      case O_DIVU:
      case O_MODU:
        if (b === 0) { f.pc = pc; this.halt('runtime-error', 'division by zero', t); }
        if (op === O_DIV) return (a / b) | 0;
        if (op === O_MOD) return (a % b) | 0;
        if (op === O_DIVU) return ((a >>> 0) / (b >>> 0)) | 0;
        return ((a >>> 0) % (b >>> 0)) | 0;
      case O_AND: return a & b;
      case O_OR: return a | b;
      case O_XOR: return a ^ b;
      case O_SHL: return a << (b & 31);
      case O_SHR: return a >> (b & 31);
      case O_SHRU: return (a >>> (b & 31)) | 0;
      case O_EQ: return a === b ? 1 : 0;
      case O_NE: return a !== b ? 1 : 0;
      case O_LT: return a < b ? 1 : 0;
      case O_LE: return a <= b ? 1 : 0;
      case O_GT: return a > b ? 1 : 0;
      case O_GE: return a >= b ? 1 : 0;
      case O_LTU: return (a >>> 0) < (b >>> 0) ? 1 : 0;
      case O_LEU: return (a >>> 0) <= (b >>> 0) ? 1 : 0;
      case O_GTU: return (a >>> 0) > (b >>> 0) ? 1 : 0;
      case O_GEU: return (a >>> 0) >= (b >>> 0) ? 1 : 0;
      default:
        f.pc = pc;
        return this.halt('runtime-error', `unknown instruction ${op} in ${this.prog.functions[f.fn]!.name}`, t);
    }
  }

  // ---- thread and process ends ----------------------------------------------------------------

  /** The bottom frame returned: main's return is exit(); a start routine's is pthread_exit(). */
  threadReturns(p: Proc, t: Thread, fn: number, v: number, pc: number): void {
    if ((t.flags & TF.EXIT_HOOK) !== 0) {
      this.finishThread(p, t, TS.KILLED, 0);
      return;
    }
    this.checkHeldAtExit(t, 'returns', this.names.pos(fn, pc));
    if (fn === this.prog.entry && t.name < 0) {
      this.exitProcess(p, v);
      return;
    }
    this.finishThread(p, t, TS.FINISHED, v);
  }

  /** lockdep: a thread must not end while holding a lock. */
  checkHeldAtExit(t: Thread, how: string, at?: SourcePos): void {
    if (t.held.length === 0 || !this.reports('lock-misuse')) return;
    const p = this.proc(t.pid);
    const where = this.names.where(this.names.pos(t.held[2]!, t.held[3]!));
    this.halt('lock-misuse', `thread ${t.tid} ${how} while holding ${this.names.lock(p, t.held[0]!)}, taken at ${where}`, t, at);
  }

  finishThread(p: Proc, t: Thread, status: number, retval: number): void {
    while (t.frames.length > 0) this.popFrame(p, t);
    t.status = status;
    t.retval = retval;
    t.ops.length = 0;
    t.wait = 0;
    t.aux = 0;
    t.flags = 0;
    t.pendingSig = 0;
    t.forkStage = 0;
    t.forkIdx = 0;
    t.forkRet = 0;
    t.held.length = 0;
    if (!this.w.threads.some((u) => u.pid === p.pid && live(u))) this.exitProcess(p, 0);
  }

  /** The process ends: at_exit invariants, then its memory and threads are gone; it waits for waitpid. */
  exitProcess(p: Proc, code: number): void {
    if (p.status !== PS.ALIVE) return;
    // stores still in the process's buffers reach memory before it is gone (and before at_exit looks)
    for (const u of this.w.threads) {
      if (u.pid !== p.pid || u.sbWords() === 0) continue;
      for (let i = 0; i < u.sb.length; i += 2) if (u.sb[i] !== WMB_MARK) ownMem(p)[u.sb[i]!] = u.sb[i + 1]!;
      u.sb.length = 0;
    }
    // the last step's stores must still satisfy the always-invariants, though no later state shows them
    for (let i = 0; i < this.always.length; i++) {
      if (this.evaluate(p, this.always[i]!) === 0) {
        const name = this.alwaysNames[i]!;
        throw new Halt({ kind: 'invariant', property: name, process: p.pid, message: `invariant ${name} does not hold in process ${p.pid}` });
      }
    }
    for (const a of this.atExit) {
      if (this.evaluate(p, a.fn) === 0) {
        const finding: Finding = {
          kind: 'invariant', property: a.name, process: p.pid,
          message: `invariant ${a.name} does not hold when process ${p.pid} exits`,
        };
        throw new Halt(finding);
      }
    }
    p.status = PS.ZOMBIE;
    p.exitCode = code;
    // the last process's final memory stays, so a terminal state shows the program's outcome;
    // while others run on, an exited process's memory would only multiply their states
    if (this.w.procs.some((q) => q !== p && q.status === PS.ALIVE)) {
      p.mem = NO_MEM;
      p.allocs = [];
    }
    p.fds = [];
    p.atfork = [];
    p.sigs = [];
    p.fork = null;
    for (const u of this.w.threads) if (u.pid === p.pid && live(u)) u.status = TS.FINISHED;
    this.w.threads = this.w.threads.filter((u) => u.pid !== p.pid);
  }

  // ---- invariants -----------------------------------------------------------------------------

  /**
   * Run an invariant function on p's memory, directly, with no scheduling and no
   * stores. An evaluation whose every input (invariant-memo.ts) is as it was in one
   * of the last MEMO_ENTRIES that ended normally is answered from that one: the same
   * run would follow.
   */
  evaluate(p: Proc, fn: number): number {
    const known = this.memo[fn];
    if (known !== undefined && this.reuseInvariants) {
      for (let k = 0; k < known.length; k++) if (known[k]!.holdsFor(p)) return known[k]!.result;
    }
    this.invariantRuns++;
    const deps = this.using;
    deps.reset();
    // one thread for every evaluation (they never nest): reset what a run changes
    const t = this.invariantThread;
    t.pid = p.pid;
    t.name = fn;
    t.status = TS.RUN;
    t.retval = 0;
    t.frames.length = 0;
    t.ops.length = 0;
    const saveRec = this.rec;
    this.rec = false;
    this.scratch = this.scratchBuf;
    this.scratchTop = 0;
    let result = 0;
    try {
      this.pushFrame(p, t, fn, []);
      // an invariant walking a torn, circular list must end: it fails after this many loads
      let budget = 100_000;
      for (;;) {
        // pure mode: LOADs read memory directly; stores and builtins are refused
        const threads = this.w.threads;
        this.w.threads = NO_THREADS;
        try {
          this.runInvisible(p, t);
        } finally {
          this.w.threads = threads;
        }
        if (t.status !== TS.RUN) { result = t.retval; break; }
        const f = t.frames[t.frames.length - 1]!;
        const op = this.prog.functions[f.fn]!.code[f.pc]!;
        if (op === LOAD) {
          const addr = t.ops.pop()!;
          t.ops.push(this.pureLoad(p, addr));
          f.pc += 1;
        } else if (op === STORE) {
          const v = t.ops.pop()!;
          const addr = t.ops.pop()!;
          this.store(p, t, addr, v);
          f.pc += 1;
        } else {
          result = this.pureBuiltin(p, t, f);
        }
        if (--budget < 0) this.halt('runtime-error', `invariant ${this.prog.functions[fn]!.name} runs too long`, t);
      }
    } catch (e) {
      if (e instanceof Halt) {
        // an invariant that cannot be evaluated (it faults, loops, or stores) does not hold
        const fd = e.finding;
        fd.kind = 'invariant';
        fd.property = this.prog.functions[fn]!.name;
        fd.message = `while checking invariant ${fd.property}: ${fd.message}`;
        delete fd.thread;
      }
      throw e;
    } finally {
      this.scratch = null;
      this.rec = saveRec;
    }
    // (after assume(false) no code runs, so such an evaluation says nothing: not remembered;
    // no step evaluates there, but exits and hooks must not be able to poison the memo)
    if (this.w.pruned) return result;
    let entries = this.memo[fn];
    if (entries === undefined) entries = this.memo[fn] = [];
    const k = this.memoNext[fn] ?? 0;
    if (k === entries.length) entries.push(new Dependencies());
    entries[k]!.commit(deps, p, result);
    this.memoNext[fn] = (k + 1) % MEMO_ENTRIES;
    return result;
  }

  /**
   * Does one of p's always-invariants, evaluated on p as it is, load a word at one
   * of `addresses`? What an evaluation loads is what its memo record keeps
   * (invariant-memo.ts): a record that holds for p is p's own evaluation, load for
   * load. An invariant that cannot be evaluated counts as loading everything.
   */
  invariantsLoad(p: Proc, addresses: ReadonlySet<number>): boolean {
    for (const fn of this.always) {
      let deps = this.memo[fn]?.find((d) => d.holdsFor(p));
      if (deps === undefined) {
        try {
          this.evaluate(p, fn);
        } catch (e) {
          if (e instanceof Halt) return true;
          throw e;
        }
        deps = this.memo[fn]?.find((d) => d.holdsFor(p));
        if (deps === undefined) return true;
      }
      for (let k = 0; k < deps.n; k += 2) if (addresses.has(deps.reads[k]!)) return true;
    }
    return false;
  }

  /** A load by an invariant: its scratch frame, or p's memory (noted among the evaluation's inputs). */
  private pureLoad(p: Proc, addr: number): number {
    if (addr >= SCRATCH_BASE && addr - SCRATCH_BASE < this.scratchTop) return this.scratch![addr - SCRATCH_BASE]!;
    const m = this.prog.memory;
    if (addr < m.globalsBase || addr >= m.globalsBase + m.init.length) this.using.layout = true;
    this.check(p, null, addr, 'load');
    const v = p.mem[addr]!;
    this.using.read(addr, v);
    return v;
  }

  /** Builtins an invariant may call: those that only read. */
  private pureBuiltin(p: Proc, t: Thread, f: Frame): number {
    const code = this.prog.functions[f.fn]!.code;
    const id = code[f.pc + 1]!;
    const argc = code[f.pc + 2]!;
    const args = t.ops.splice(t.ops.length - argc, argc);
    const name = BUILTIN_NAMES[id] ?? '?';
    let v: number;
    if (name === 'alloc_id') { this.using.layout = true; v = allocIdOf(p, args[0]!); }
    else if (name === 'fd_is_open') { this.using.fds = true; v = fdIndex(p, args[0]!) >= 0 ? 1 : 0; }
    else if (name === 'getpid') { this.using.pid = true; v = p.pid; }
    else if (name === 'atomic_load') v = this.pureLoad(p, args[0]!);
    else return this.halt('runtime-error', `an invariant must be free of side effects, but it calls ${name}()`, t);
    t.ops.push(v);
    f.pc += 3;
    return 0;
  }

  // ---- helpers shared with ops.ts -------------------------------------------------------------

  allocate(p: Proc, size: number, flags: number, t?: Thread): number {
    if (p.mem.length + size + 1 > MAX_MEMORY_WORDS) {
      this.halt('runtime-error', `out of memory: the process would need more than ${MAX_MEMORY_WORDS} words`, t);
    }
    // frames take no allocation id: a call more or less on some path must not split states
    const id = (flags & AF.STACK) !== 0 ? 0 : this.w.nextAllocId++;
    return allocate(p, size, id, flags);
  }

  /** a new pid or tid; labels have room for MAX_IDS of them */
  newId(t?: Thread): number {
    if (this.w.nextId >= MAX_IDS) this.halt('runtime-error', `more than ${MAX_IDS - 1} threads and processes created`, t);
    return this.w.nextId++;
  }

  newThread(p: Proc, start: number, arg: number): Thread {
    const tid = this.newId();
    const t = makeThread(tid, p.pid, start);
    this.w.threads.push(t);
    this.pushFrame(p, t, start, this.prog.functions[start]!.params > 0 ? [arg] : []);
    return t;
  }
}

export const BUILTIN_NAMES: string[] = BUILTINS.map((b) => b.prototype.match(/([A-Za-z_][A-Za-z0-9_]*)\s*\(/)![1]!);

export function allocIdOf(p: Proc, addr: number): number {
  const a = p.allocs;
  for (let i = 0; i < a.length; i += 4) {
    if (addr >= a[i]! && addr < a[i]! + a[i + 1]!) return (a[i + 3]! & AF.FREED) !== 0 ? 0 : a[i + 2]!;
  }
  return 0;
}

export function fdIndex(p: Proc, fd: number): number {
  for (let i = 0; i < p.fds.length; i += 3) if (p.fds[i] === fd) return i;
  return -1;
}
