// Partial-order reduction, the machine's half: which thread's next step may be
// explored alone from a state (an ample set of one transition), because no step
// any other thread can take before it could depend on it. The explorer's half
// (the visited-set proviso, the fallback to a full search) is runtime/check/por.ts;
// the soundness argument is in docs/CHECKER.md ("Partial-order reduction").
//
// Two parts:
// 1. a static over-approximation, from the IR, of what a thread may still touch
//    from a given position (its frames' functions from their pcs onward, every
//    function they may call, every thread they may create): exact addresses
//    where the address is known (a constant, or an array indexed within a known
//    interval), "anything" where it is not;
// 2. a dynamic check in a state: thread T stands at a LOAD or STORE of a known
//    address (a global or T's own live frame) followed by register-only code, and
//    no thread that can move before T does may touch that address (or, for a
//    store, read it; invariants may not read it either).
//
// "Can move before T does": a thread blocked in pthread_join on a thread that
// cannot move, or in a mutex acquire on a lock held by a thread that cannot move
// (and that nobody else may write), cannot move either; and a thread that has to
// acquire such a lock first cannot reach what lies behind the acquire.
//
// Everything here is conservative: where the analysis does not know, the answer
// is "dependent" and the state is fully expanded.

import { BUILTIN_ID } from '../builtins.ts';
import { FN_PTR_BASE, Op, operandCount, type Program } from '../ir.ts';
import type { Core } from './core.ts';
import { isGlobal, peek } from './memory.ts';
import { PS, TS, live, procOf, type Proc, type Thread, type World } from './state.ts';

const B = BUILTIN_ID as Record<string, number>;

/** Builtins that rule reduction out for the whole program (processes and signals). */
const DISQUALIFYING = new Set([B.fork!, B.waitpid!, B.pthread_atfork!, B.signal!, B.pthread_kill!]);

/** Builtins with no effect another thread's load or store of a global could notice or be noticed by. */
const NO_SHARED_EFFECT = new Set([
  B.pthread_exit!, B.exit!, B._exit!, B.pthread_self!, B.gettid!, B.getpid!, B.nondet!, B.assume!,
  B.barrier!, B.smp_wmb!, B.smp_rmb!, B.smp_mb!, B.alloc_id!, B.lockdep_assert_held!, B.fd_is_open!,
  B.close!, B.dup!, B.dup2!, B.fcntl!, B.malloc!, B.free!, B.tsleep!, B.wakeup!, B.futex_wake!,
]);

const ACQUIRE = new Set([B.pthread_mutex_lock!, B.mutex_lock!, B.pthread_mutex_trylock!]);
/** acquires that wait while another thread holds the lock (a trylock does not wait) */
const BLOCKING_ACQUIRE = new Set([B.pthread_mutex_lock!, B.mutex_lock!]);
const RELEASE = new Set([B.pthread_mutex_unlock!, B.mutex_unlock!]);
/** builtins that read and write their first argument's word (and the next one for rw_semaphores) */
const WRITES_ARG0 = new Set([
  B.pthread_mutex_init!, B.mutex_init!, B.atomic_store!, B.atomic_exchange!, B.cmpxchg!,
  B.atomic_fetch_add!, B.atomic_fetch_or!, B.atomic_fetch_and!,
]);
const WRITES_ARG0_PAIR = new Set([B.init_rwsem!, B.down_read!, B.up_read!, B.down_write!, B.up_write!]);
const CREATE = B.pthread_create!, JOIN = B.pthread_join!, MSLEEP = B.msleep!, FUTEX_WAIT = B.futex_wait!,
  ATOMIC_LOAD = B.atomic_load!, OPEN = B.open!;

/**
 * What a thread may touch. Addresses are exact word addresses; `any*` stands for
 * a pointer the analysis could not resolve. Frame words of the thread itself are
 * left out: they are its own live blocks, never a global nor another thread's frame.
 */
export interface Footprint {
  /** may do something not modelled here: dependent with everything */
  top: boolean;
  anyRead: boolean;
  anyWrite: boolean;
  reads: Set<number>;
  writes: Set<number>;
  /**
   * Words written only by mutex acquires (and, when lock misuse is reported,
   * releases): such a write can never free a lock another thread holds.
   */
  lockWrites: Set<number>;
  anyLockWrite: boolean;
}

function emptyFootprint(): Footprint {
  return { top: false, anyRead: false, anyWrite: false, reads: new Set(), writes: new Set(), lockWrites: new Set(), anyLockWrite: false };
}

/**
 * An abstract value: an interval of integers (addresses included), or an
 * interval of word offsets in the running activation's own frame. `reg` names
 * the register it was just read from and `cmp` says it is the 0/1 outcome of
 * comparing that register with a constant: a branch on it narrows the register.
 */
interface Value {
  frame: boolean;
  lo: number;
  hi: number;
  reg?: number;
  cmp?: { reg: number; op: number; k: number };
}

const MIN = -0x80000000, MAX = 0x7fffffff;
const UNKNOWN: Value = { frame: false, lo: MIN, hi: MAX };
/** an access to an interval of more addresses than this counts as an access to anything */
const MAX_RANGE = 64;

function num(lo: number, hi: number): Value {
  return lo < MIN || hi > MAX ? UNKNOWN : { frame: false, lo, hi };
}

function isConst(v: Value, k?: number): boolean {
  return !v.frame && v.lo === v.hi && (k === undefined || v.lo === k);
}

interface FunctionFacts {
  /** the operand stack could not be followed (CALLI, mismatched depths): treat the function as doing anything */
  opaque: boolean;
  /** abstract operand stack before each reachable opcode offset */
  stacks: (Value[] | undefined)[];
  /** successors of each opcode offset */
  next: number[][];
}

export class FootprintAnalysis {
  readonly program: Program;
  /** the program uses processes or signals: no reduction at all */
  readonly disqualified: boolean;
  private readonly facts: FunctionFacts[];
  private readonly memo = new Map<string, Footprint>();
  private readonly plainTails = new Map<number, boolean>();
  private readonly releasesAreSafe: boolean;
  /** what the checked invariants (always and at_exit) may read */
  readonly invariantReads: Footprint;

  constructor(program: Program, invariantFns: number[], lockMisuseReported: boolean) {
    this.program = program;
    this.releasesAreSafe = lockMisuseReported;
    this.disqualified = program.functions.some((f) => usesBuiltin(f.code, DISQUALIFYING));
    // a disqualified program is never reduced: analysing it would be wasted time
    this.facts = this.disqualified ? [] : program.functions.map((f) => analyse(program, f.index));
    const inv = emptyFootprint();
    if (this.disqualified) {
      this.invariantReads = inv;
      return;
    }
    for (const fn of invariantFns) merge(inv, this.closure([[fn, 0]], new Set()));
    this.invariantReads = inv;
  }

  /** Everything a thread may touch from (fn, pc) on, not passing an acquire of a lock in `walls`. */
  from(fn: number, pc: number, walls: Set<number>, wallKey: string): Footprint {
    const key = `${fn}:${pc}:${wallKey}`;
    let fp = this.memo.get(key);
    if (fp === undefined) {
      fp = this.closure([[fn, pc]], walls);
      this.memo.set(key, fp);
    }
    return fp;
  }

  /**
   * Is the code after the visible instruction at (fn, pc) up to the next visible
   * one made only of register work (no call, return or trap)? Then the step
   * changes nothing but the thread's registers, operand stack and pc, besides
   * what its visible instruction does.
   */
  plainTail(fn: number, pc: number): boolean {
    const key = fn * 0x100000 + pc;
    let plain = this.plainTails.get(key);
    if (plain === undefined) {
      plain = tailIsPlain(this.program.functions[fn]!.code, this.facts[fn]!, pc);
      this.plainTails.set(key, plain);
    }
    return plain;
  }

  /** Union of the footprints of every (function, pc) start, following calls and created threads. */
  private closure(starts: [number, number][], walls: Set<number>): Footprint {
    const fp = emptyFootprint();
    const seen = new Set<string>();
    const work = [...starts];
    while (work.length > 0 && !fp.top) {
      const [fn, start] = work.pop()!;
      const id = `${fn}:${start}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const F = this.program.functions[fn]!;
      const facts = this.facts[fn]!;
      if (facts.opaque) { fp.top = true; break; }
      const visited = new Set<number>([start]);
      const queue = [start];
      for (let q = 0; q < queue.length; q++) {
        const pc = queue[q]!;
        const stack = facts.stacks[pc];
        if (stack === undefined) continue;
        const op = F.code[pc]!;
        let wall = false;
        if (op === Op.LOAD) this.access(fp, stack[stack.length - 1]!, F.frameWords, false);
        else if (op === Op.STORE) this.access(fp, stack[stack.length - 2]!, F.frameWords, true);
        else if (op === Op.CALL) work.push([F.code[pc + 1]!, 0]);
        else if (op === Op.BUILTIN) {
          const id = F.code[pc + 1]!;
          const argc = F.code[pc + 2]!;
          const args = stack.slice(stack.length - argc);
          wall = BLOCKING_ACQUIRE.has(id) && isConst(args[0]!) && walls.has(args[0]!.lo);
          const spawned = this.builtin(fp, id, args, F.frameWords);
          if (spawned !== undefined) work.push([spawned, 0]);
        }
        // Behind an acquire of a wall lock lies only what the thread reaches after taking it.
        if (wall) continue;
        for (const n of facts.next[pc]!) {
          if (!visited.has(n)) { visited.add(n); queue.push(n); }
        }
      }
    }
    return fp;
  }

  private access(fp: Footprint, addr: Value, frameWords: number, write: boolean): void {
    if (addr.frame && addr.lo >= 0 && addr.hi < frameWords) return; // the activation's own frame
    if (addr.frame || addr.hi - addr.lo >= MAX_RANGE) {
      if (write) fp.anyWrite = true;
      else fp.anyRead = true;
      return;
    }
    for (let a = addr.lo; a <= addr.hi; a++) {
      if (write) fp.writes.add(a);
      fp.reads.add(a);
    }
  }

  /** Records a builtin call's effect; returns the start routine of a thread it creates. */
  private builtin(fp: Footprint, id: number, args: Value[], frameWords: number): number | undefined {
    if (NO_SHARED_EFFECT.has(id)) return undefined;
    if (ACQUIRE.has(id) || (RELEASE.has(id) && this.releasesAreSafe)) {
      this.lockAccess(fp, args[0]!, frameWords);
      return undefined;
    }
    if (RELEASE.has(id) || WRITES_ARG0.has(id)) { this.access(fp, args[0]!, frameWords, true); return undefined; }
    if (WRITES_ARG0_PAIR.has(id)) {
      this.access(fp, args[0]!, frameWords, true);
      this.access(fp, shift(args[0]!, 1), frameWords, true);
      return undefined;
    }
    switch (id) {
      case ATOMIC_LOAD: case FUTEX_WAIT:
        this.access(fp, args[0]!, frameWords, false);
        return undefined;
      case OPEN:
        fp.anyRead = true; // reads the path string
        return undefined;
      case MSLEEP:
        if (this.releasesAreSafe) this.lockAccess(fp, args[1]!, frameWords);
        else this.access(fp, args[1]!, frameWords, true);
        return undefined;
      case JOIN:
        if (!isConst(args[1]!, 0)) this.access(fp, args[1]!, frameWords, true);
        return undefined;
      case CREATE: {
        if (!isConst(args[0]!, 0)) this.access(fp, args[0]!, frameWords, true);
        const start = args[2]!;
        if (isConst(start) && start.lo >= FN_PTR_BASE && start.lo - FN_PTR_BASE < this.program.functions.length) {
          return start.lo - FN_PTR_BASE;
        }
        fp.top = true; // a thread running who knows what
        return undefined;
      }
      default:
        fp.top = true;
        return undefined;
    }
  }

  private lockAccess(fp: Footprint, addr: Value, frameWords: number): void {
    if (addr.frame && addr.lo >= 0 && addr.hi < frameWords) return;
    if (addr.frame || addr.hi - addr.lo >= MAX_RANGE) { fp.anyLockWrite = true; fp.anyRead = true; return; }
    for (let a = addr.lo; a <= addr.hi; a++) {
      fp.lockWrites.add(a);
      fp.reads.add(a);
    }
  }
}

function shift(v: Value, by: number): Value {
  return v.frame ? { frame: true, lo: v.lo + by, hi: v.hi + by } : num(v.lo + by, v.hi + by);
}

function merge(into: Footprint, fp: Footprint): void {
  into.top ||= fp.top;
  into.anyRead ||= fp.anyRead;
  into.anyWrite ||= fp.anyWrite;
  into.anyLockWrite ||= fp.anyLockWrite;
  for (const a of fp.reads) into.reads.add(a);
  for (const a of fp.writes) into.writes.add(a);
  for (const a of fp.lockWrites) into.lockWrites.add(a);
}

function usesBuiltin(code: Int32Array, ids: Set<number>): boolean {
  for (let pc = 0; pc < code.length; pc += 1 + operandCount(code[pc]!)) {
    if (code[pc] === Op.BUILTIN && ids.has(code[pc + 1]!)) return true;
  }
  return false;
}

function tailIsPlain(code: Int32Array, facts: FunctionFacts, pc: number): boolean {
  if (facts.opaque) return false;
  const seen = new Set<number>();
  const queue = [...facts.next[pc]!];
  for (let q = 0; q < queue.length; q++) {
    const at = queue[q]!;
    if (seen.has(at)) continue;
    seen.add(at);
    const op = code[at]!;
    if (op === Op.LOAD || op === Op.STORE || op === Op.BUILTIN) continue; // the next step begins here
    if (op === Op.CALL || op === Op.CALLI || op === Op.RET || op === Op.RETV || op === Op.TRAP) return false;
    queue.push(...facts.next[at]!);
  }
  return true;
}

const BINARY_FIRST = Op.ADD, BINARY_LAST = Op.GEU;
/** after this many merges at one offset, intervals that still change become unknown (so loops converge) */
const WIDEN_AFTER = 8;

interface AbsState {
  stack: Value[];
  regs: Value[];
}

/**
 * Follows one function abstractly: its operand stack and registers as
 * intervals (a loop `for (i = 0; i < n; i++)` keeps i in [0, n) in its body),
 * to learn the address operand of every LOAD, STORE and builtin call.
 */
function analyse(program: Program, fn: number): FunctionFacts {
  const F = program.functions[fn]!;
  const code = F.code;
  const stacks: (Value[] | undefined)[] = [];
  const next: number[][] = [];
  const facts: FunctionFacts = { opaque: false, stacks, next };
  for (let pc = 0; pc < code.length; pc += 1 + operandCount(code[pc]!)) next[pc] = successors(code, pc);
  if (code.length === 0) return facts;
  const states: (AbsState | undefined)[] = [];
  const merges: number[] = [];
  // parameters are unknown; the other registers start at 0
  const regs: Value[] = [];
  for (let r = 0; r < F.registers; r++) regs.push(r < F.params ? UNKNOWN : num(0, 0));
  states[0] = { stack: [], regs };
  const work = [0];
  while (work.length > 0) {
    const pc = work.pop()!;
    const outs = transfer(program, code, pc, states[pc]!);
    if (outs === undefined) { facts.opaque = true; return facts; }
    for (const [n, out] of outs) {
      const before = states[n];
      // A state is joined into in place below: it must own its arrays (a branch's
      // two successors may share one register array, and widening one must not
      // silently widen the other, which would then never be followed again).
      if (before === undefined) { states[n] = { stack: out.stack.slice(), regs: out.regs.slice() }; work.push(n); continue; }
      if (before.stack.length !== out.stack.length || before.regs.length !== out.regs.length) { facts.opaque = true; return facts; }
      const widen = (merges[n] = (merges[n] ?? 0) + 1) > WIDEN_AFTER;
      let changed = false;
      for (const [into, from] of [[before.stack, out.stack], [before.regs, out.regs]] as const) {
        for (let i = 0; i < into.length; i++) {
          const joined = join(into[i]!, from[i]!, widen);
          if (!sameValue(joined, into[i]!)) { into[i] = joined; changed = true; }
        }
      }
      if (changed) work.push(n);
    }
  }
  for (let pc = 0; pc < code.length; pc++) if (states[pc] !== undefined) stacks[pc] = states[pc]!.stack;
  return facts;
}

function join(a: Value, b: Value, widen: boolean): Value {
  if (a.frame !== b.frame) return UNKNOWN;
  let lo = Math.min(a.lo, b.lo);
  let hi = Math.max(a.hi, b.hi);
  if (widen && (lo !== a.lo || hi !== a.hi)) {
    if (a.frame) return UNKNOWN;
    lo = MIN;
    hi = MAX;
  }
  const v: Value = { frame: a.frame, lo, hi };
  if (a.reg !== undefined && a.reg === b.reg) v.reg = a.reg;
  if (a.cmp && b.cmp && a.cmp.reg === b.cmp.reg && a.cmp.op === b.cmp.op && a.cmp.k === b.cmp.k) v.cmp = a.cmp;
  return v;
}

function sameValue(a: Value, b: Value): boolean {
  return a.frame === b.frame && a.lo === b.lo && a.hi === b.hi && a.reg === b.reg
    && (a.cmp === b.cmp || (a.cmp !== undefined && b.cmp !== undefined && a.cmp.reg === b.cmp.reg && a.cmp.op === b.cmp.op && a.cmp.k === b.cmp.k));
}

function successors(code: Int32Array, pc: number): number[] {
  const op = code[pc]!;
  const after = pc + 1 + operandCount(op);
  switch (op) {
    case Op.JMP: return [code[pc + 1]!];
    case Op.JZ: case Op.JNZ: return [code[pc + 1]!, after];
    case Op.RET: case Op.RETV: case Op.TRAP: return [];
    default: return after < code.length ? [after] : [];
  }
}

/** The abstract states after the instruction at pc, per successor; undefined when it cannot be followed. */
function transfer(program: Program, code: Int32Array, pc: number, state: AbsState): [number, AbsState][] | undefined {
  const op = code[pc]!;
  const s = state.stack.slice();
  const regs = state.regs.slice();
  const after = pc + 1 + operandCount(op);
  switch (op) {
    case Op.NOP: return fallThrough(code, after, s, regs);
    case Op.JMP: return [[code[pc + 1]!, { stack: s, regs }]];
    case Op.RET: case Op.TRAP: return [];
    case Op.RETV: return s.pop() === undefined ? undefined : [];
    case Op.PUSH: s.push(num(code[pc + 1]!, code[pc + 1]!)); return fallThrough(code, after, s, regs);
    case Op.POP: case Op.ASSERT: return s.pop() === undefined ? undefined : fallThrough(code, after, s, regs);
    case Op.DUP: {
      if (s.length === 0) return undefined;
      s.push(s[s.length - 1]!);
      return fallThrough(code, after, s, regs);
    }
    case Op.GETR: {
      const r = code[pc + 1]!;
      const v = regs[r];
      if (v === undefined) return undefined;
      s.push({ frame: v.frame, lo: v.lo, hi: v.hi, reg: r });
      return fallThrough(code, after, s, regs);
    }
    case Op.SETR: {
      const r = code[pc + 1]!;
      const v = s.pop();
      if (v === undefined || r >= regs.length) return undefined;
      regs[r] = { frame: v.frame, lo: v.lo, hi: v.hi };
      // values read from r before are no longer r's value
      for (let i = 0; i < s.length; i++) {
        const x = s[i]!;
        if (x.reg === r || x.cmp?.reg === r) s[i] = { frame: x.frame, lo: x.lo, hi: x.hi };
      }
      return fallThrough(code, after, s, regs);
    }
    case Op.FRAME_ADDR: s.push({ frame: true, lo: code[pc + 1]!, hi: code[pc + 1]! }); return fallThrough(code, after, s, regs);
    case Op.LOAD: if (s.pop() === undefined) return undefined; s.push(UNKNOWN); return fallThrough(code, after, s, regs);
    case Op.STORE: if (s.pop() === undefined || s.pop() === undefined) return undefined; return fallThrough(code, after, s, regs);
    case Op.NEG: case Op.BNOT: if (s.pop() === undefined) return undefined; s.push(UNKNOWN); return fallThrough(code, after, s, regs);
    case Op.TRUNC8: if (s.pop() === undefined) return undefined; s.push(num(-128, 127)); return fallThrough(code, after, s, regs);
    case Op.LNOT: case Op.BOOL: {
      const v = s.pop();
      if (v === undefined) return undefined;
      const out = num(0, 1);
      if (v.cmp) out.cmp = op === Op.BOOL ? v.cmp : { ...v.cmp, op: negate(v.cmp.op) };
      s.push(out);
      return fallThrough(code, after, s, regs);
    }
    case Op.JZ: case Op.JNZ: {
      const c = s.pop();
      if (c === undefined) return undefined;
      // JZ jumps when the condition is false, JNZ when it is true
      const jumpWhen = op === Op.JNZ;
      const out: [number, AbsState][] = [];
      for (const [to, holds] of [[code[pc + 1]!, jumpWhen], [after, !jumpWhen]] as [number, boolean][]) {
        const narrowed = c.cmp ? narrow(regs, c.cmp, holds) : regs;
        if (narrowed !== undefined && to < code.length) out.push([to, { stack: s.slice(), regs: narrowed }]);
      }
      return out;
    }
    case Op.CALL: {
      const argc = code[pc + 2]!;
      if (s.length < argc) return undefined;
      s.length -= argc;
      if (program.functions[code[pc + 1]!]!.returnsValue) s.push(UNKNOWN);
      return fallThrough(code, after, s, regs);
    }
    case Op.BUILTIN: {
      const argc = code[pc + 2]!;
      if (s.length < argc) return undefined;
      s.length -= argc;
      s.push(UNKNOWN);
      return fallThrough(code, after, s, regs);
    }
    case Op.CALLI: return undefined; // the callee, and so the stack after it, is not known
    default: {
      if (op < BINARY_FIRST || op > BINARY_LAST) return undefined;
      const b = s.pop();
      const a = s.pop();
      if (a === undefined || b === undefined) return undefined;
      s.push(binary(op, a, b));
      return fallThrough(code, after, s, regs);
    }
  }
}

// (a module function, not a closure in transfer: tsx's keepNames wraps every
// closure it creates in a naming call, a quarter of the analysis's time)
/** the one successor of an instruction that falls through to `after`, if it is in the code */
function fallThrough(code: Int32Array, after: number, stack: Value[], regs: Value[]): [number, AbsState][] {
  return after < code.length ? [[after, { stack, regs }]] : [];
}

const COMPARE = new Set<number>([Op.EQ, Op.NE, Op.LT, Op.LE, Op.GT, Op.GE]);

function negate(op: number): number {
  switch (op) {
    case Op.EQ: return Op.NE;
    case Op.NE: return Op.EQ;
    case Op.LT: return Op.GE;
    case Op.LE: return Op.GT;
    case Op.GT: return Op.LE;
    default: return Op.LT; // GE
  }
}

/** `k op r` as `r op' k` */
function mirror(op: number): number {
  switch (op) {
    case Op.LT: return Op.GT;
    case Op.LE: return Op.GE;
    case Op.GT: return Op.LT;
    case Op.GE: return Op.LE;
    default: return op; // EQ, NE
  }
}

/** The registers on the branch where `reg op k` is `holds`; undefined when that branch cannot be taken. */
function narrow(regs: Value[], cmp: { reg: number; op: number; k: number }, holds: boolean): Value[] | undefined {
  const v = regs[cmp.reg]!;
  if (v.frame) return regs;
  const op = holds ? cmp.op : negate(cmp.op);
  let lo = v.lo, hi = v.hi;
  switch (op) {
    case Op.LT: hi = Math.min(hi, cmp.k - 1); break;
    case Op.LE: hi = Math.min(hi, cmp.k); break;
    case Op.GT: lo = Math.max(lo, cmp.k + 1); break;
    case Op.GE: lo = Math.max(lo, cmp.k); break;
    case Op.EQ: lo = Math.max(lo, cmp.k); hi = Math.min(hi, cmp.k); break;
    default: return regs; // NE: an interval cannot leave out one value inside it
  }
  if (lo > hi) return undefined;
  const out = regs.slice();
  out[cmp.reg] = { frame: false, lo, hi };
  return out;
}

function binary(op: number, a: Value, b: Value): Value {
  if (COMPARE.has(op)) {
    const out = num(0, 1);
    if (a.reg !== undefined && !a.frame && isConst(b)) out.cmp = { reg: a.reg, op, k: b.lo };
    else if (b.reg !== undefined && !b.frame && isConst(a)) out.cmp = { reg: b.reg, op: mirror(op), k: a.lo };
    return out;
  }
  if (op >= Op.LTU && op <= Op.GEU) return num(0, 1);
  if (op === Op.ADD) {
    if (a.frame && b.frame) return UNKNOWN;
    return a.frame || b.frame
      ? { frame: true, lo: a.lo + b.lo, hi: a.hi + b.hi }
      : num(a.lo + b.lo, a.hi + b.hi);
  }
  if (a.frame || b.frame) {
    if (op === Op.SUB && a.frame && !b.frame) return { frame: true, lo: a.lo - b.hi, hi: a.hi - b.lo };
    return UNKNOWN;
  }
  switch (op) {
    case Op.SUB: return num(a.lo - b.hi, a.hi - b.lo);
    case Op.MUL: {
      const p = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi];
      return num(Math.min(...p), Math.max(...p));
    }
    case Op.MOD:
      if (isConst(b) && b.lo > 0) return a.lo >= 0 ? num(0, Math.min(a.hi, b.lo - 1)) : num(-(b.lo - 1), b.lo - 1);
      return UNKNOWN;
    case Op.DIV:
      if (isConst(b) && b.lo > 0) return num(Math.trunc(a.lo / b.lo), Math.trunc(a.hi / b.lo));
      return UNKNOWN;
    case Op.AND:
      if (isConst(b) && b.lo >= 0) return num(0, b.lo);
      if (isConst(a) && a.lo >= 0) return num(0, a.lo);
      return UNKNOWN;
    default:
      return UNKNOWN;
  }
}

// ---- the dynamic check in one state -------------------------------------------------------------

/** What a transition list offers one actor: its first transition's index, how many it has, whether any is a fault. */
interface Offer { index: number; count: number; fault: boolean }

/**
 * The index in `moves` of a transition that may be explored alone from this
 * state (see the header), or -1. `moves` is transitions(state); `w` its world.
 */
export function ampleIndex(analysis: FootprintAnalysis, core: Core, w: World, moves: { actor: number; fault?: string }[]): number {
  if (w.procs.length !== 1) return -1;
  const p = w.procs[0]!;
  if (p.status !== PS.ALIVE) return -1;
  const offers = offersOf(moves);
  const threads = w.threads.filter((t) => live(t) && procOf(w, t.pid) === p);
  for (const t of threads) {
    const offer = offers.get(t.tid);
    if (offer === undefined || offer.count !== 1 || offer.fault) continue;
    const access = nextAccess(analysis, core, p, t);
    if (access === undefined) continue;
    if (access.write && touches(analysis.invariantReads, access.addr, true)) continue; // an invariant may read it
    if (independent(analysis, core, p, threads, offers, t, access)) return offer.index;
  }
  return -1;
}

function offersOf(moves: { actor: number; fault?: string }[]): Map<number, Offer> {
  const offers = new Map<number, Offer>();
  for (let i = 0; i < moves.length; i++) {
    const m = moves[i]!;
    const o = offers.get(m.actor);
    if (o === undefined) offers.set(m.actor, { index: i, count: 1, fault: m.fault !== undefined });
    else { o.count++; o.fault ||= m.fault !== undefined; }
  }
  return offers;
}

interface Access { addr: number; write: boolean }

/** T's next step, when it is a plain LOAD or STORE of a global or of its own frame followed by register work. */
function nextAccess(analysis: FootprintAnalysis, core: Core, p: Proc, t: Thread): Access | undefined {
  if (t.status !== TS.RUN || t.pendingSig !== 0 || t.forkStage !== 0 || t.flags !== 0) return undefined;
  const fn = t.topFn();
  if (fn < 0) return undefined;
  const pc = t.topPc();
  const op = analysis.program.functions[fn]!.code[pc]!;
  if (op !== Op.LOAD && op !== Op.STORE) return undefined;
  if (!analysis.plainTail(fn, pc)) return undefined;
  const write = op === Op.STORE;
  const addr = t.opFromTop(write ? 1 : 0);
  if (!isGlobal(core.prog, addr) && !inOwnFrame(core.prog, t, addr)) return undefined;
  return { addr, write };
}

function inOwnFrame(prog: Program, t: Thread, addr: number): boolean {
  for (const f of t.frames) {
    const words = prog.functions[f.fn]!.frameWords;
    if (f.base > 0 && addr >= f.base && addr < f.base + words) return true;
  }
  return false;
}

/** Would the footprint's steps conflict with a read (write = false) or write of addr? */
function touches(fp: Footprint, addr: number, write: boolean): boolean {
  if (fp.top || fp.anyWrite || fp.anyLockWrite || fp.writes.has(addr) || fp.lockWrites.has(addr)) return true;
  return write ? fp.anyRead || fp.reads.has(addr) : false;
}

/** May the footprint free a lock held by someone else (a plain write to its word)? */
function mayFree(fp: Footprint, lock: number): boolean {
  return fp.top || fp.anyWrite || fp.writes.has(lock);
}

/** The footprints of a thread's frames, top first (each from its pc onward). */
function footprints(analysis: FootprintAnalysis, t: Thread, walls: Set<number>, wallKey: string): Footprint[] {
  const out: Footprint[] = [];
  const frames = t.frames;
  for (let k = frames.length - 1; k >= 0; k--) out.push(analysis.from(frames[k]!.fn, frames[k]!.pc, walls, wallKey));
  // woken from msleep, it takes its mutex back: an acquire of that word
  if (t.status === TS.MSLEEP || t.status === TS.REACQ) {
    const fp = emptyFootprint();
    fp.lockWrites.add(t.aux);
    fp.reads.add(t.aux);
    out.push(fp);
  }
  return out;
}

const NO_WALLS = new Set<number>();

/**
 * C1 for T's access: every thread that may move before T (and every thread such
 * a thread may create) leaves the address alone.
 */
function independent(
  analysis: FootprintAnalysis, core: Core, p: Proc, threads: Thread[], offers: Map<number, Offer>, t: Thread, access: Access,
): boolean {
  const { frozen, walls, wallKey } = moversBefore(analysis, core, p, threads, offers, t);
  for (const u of threads) {
    if (frozen.has(u)) continue;
    for (const fp of footprints(analysis, u, walls, wallKey)) if (touches(fp, access.addr, access.write)) return false;
  }
  return true;
}

/**
 * Who may move before T does: every thread but `frozen` (T, and the threads
 * blocked on a frozen one), and these only up to an acquire of a lock in `walls`
 * (held by a frozen thread, and no thread that may move may free it).
 */
function moversBefore(
  analysis: FootprintAnalysis, core: Core, p: Proc, threads: Thread[], offers: Map<number, Offer>, t: Thread,
): { frozen: Set<Thread>; walls: Set<number>; wallKey: string } {
  // Threads that cannot move before T does: T itself, and (to a fixpoint) threads
  // blocked on one of them.
  const frozen = new Set<Thread>([t]);
  const unwalled = new Map<Thread, Footprint[]>();
  const plain = (u: Thread): Footprint[] => {
    let fps = unwalled.get(u);
    if (fps === undefined) { fps = footprints(analysis, u, NO_WALLS, ''); unwalled.set(u, fps); }
    return fps;
  };
  const ownerOf = (lock: number): Thread | undefined => {
    const owner = peek(p, lock);
    return owner === 0 ? undefined : threads.find((u) => u.tid === owner);
  };
  /** a lock held by a frozen thread that no moving thread may free */
  const held = (lock: number): boolean => {
    if (!isGlobal(core.prog, lock)) return false;
    const owner = ownerOf(lock);
    if (owner === undefined || !frozen.has(owner)) return false;
    for (const u of threads) {
      if (frozen.has(u)) continue;
      for (const fp of plain(u)) if (mayFree(fp, lock)) return false;
    }
    return true;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (const u of threads) {
      if (frozen.has(u) || offers.has(u.tid)) continue;
      const wait = waitOf(core, u);
      if (wait === undefined) continue;
      const blocked = wait.join !== undefined
        ? threads.some((x) => x.tid === wait.join && frozen.has(x))
        : wait.lock !== undefined && wait.lock !== 0 && peek(p, wait.lock) !== u.tid && held(wait.lock);
      if (blocked) { frozen.add(u); changed = true; }
    }
  }
  // Locks frozen threads hold and nobody moving may free: an acquire of one is a wall.
  const walls = new Set<number>();
  for (const u of threads) {
    if (frozen.has(u)) continue;
    for (const fp of plain(u)) for (const lock of fp.lockWrites) if (held(lock)) walls.add(lock);
  }
  const wallKey = [...walls].sort((a, b) => a - b).join(',');
  return { frozen, walls, wallKey };
}

/**
 * What the reduction assumes in state `w` about the threads that may move before
 * thread `tid` does (read-only, for the dynamic guard test/check/footprint-guard.
 * test.ts): which threads cannot move first, the wall locks, and each thread's
 * footprint from where it stands, with or without stopping at the walls. `moves`
 * is transitions(w). Undefined where the reduction never applies (processes).
 */
export interface C1Claim {
  frozen: Set<number>;
  walls: Set<number>;
  footprint(tid: number, walled: boolean): Footprint;
}

export function c1Claim(analysis: FootprintAnalysis, core: Core, w: World, moves: { actor: number; fault?: string }[], tid: number): C1Claim | undefined {
  if (w.procs.length !== 1 || w.procs[0]!.status !== PS.ALIVE) return undefined;
  const p = w.procs[0]!;
  const threads = w.threads.filter((u) => live(u) && procOf(w, u.pid) === p);
  const t = threads.find((u) => u.tid === tid);
  if (t === undefined) return undefined;
  const { frozen, walls, wallKey } = moversBefore(analysis, core, p, threads, offersOf(moves), t);
  return {
    frozen: new Set([...frozen].map((u) => u.tid)),
    walls,
    footprint(of: number, walled: boolean): Footprint {
      const u = threads.find((x) => x.tid === of);
      const fp = emptyFootprint();
      if (u !== undefined) for (const f of footprints(analysis, u, walled ? walls : NO_WALLS, walled ? wallKey : '')) merge(fp, f);
      return fp;
    },
  };
}

/** What a blocked thread waits for: pthread_join's thread, or a mutex acquire's lock. */
function waitOf(core: Core, u: Thread): { join?: number; lock?: number } | undefined {
  if (u.status !== TS.RUN || u.pendingSig !== 0 || u.forkStage !== 0 || u.flags !== 0) return undefined;
  const fn = u.topFn();
  if (fn < 0) return undefined;
  const code = core.prog.functions[fn]!.code;
  const pc = u.topPc();
  if (code[pc] !== Op.BUILTIN) return undefined;
  const id = code[pc + 1]!;
  const argc = code[pc + 2]!;
  const arg0 = u.opFromTop(argc - 1);
  if (id === JOIN) return { join: arg0 };
  if (BLOCKING_ACQUIRE.has(id)) return { lock: arg0 };
  return undefined;
}
