// The simulated machine as a TransitionSystem (runtime/check/system.ts): what may
// happen next in a state, and what one such step does. Semantics: docs/SEMANTICS.md
// and docs/BUILTINS.md.
//
// Transition labels (stable per state, so schedules replay):
//   thread step      tid << 16 | variant        (variant: nondet value - lo, or futex_wake's waiter set)
//   kill fault       tid << 16 | 0xffff
//   signal fault     tid << 16 | 0xfffe
//   buffer drain     1 << 30 | tid << 16 | i    (i: index of the store in the thread's buffer)
// Actors: a thread is its tid; its store buffer is BUFFER_ACTOR | tid.

import type { FaultOptions } from '../check/types.ts';
import type { Finding, State, StateSnapshot, StepEvent, StepOutcome, Transition, TransitionSystem } from '../check/system.ts';
import { FN_PTR_BASE, Op, type Program } from '../ir.ts';
import { Core, Halt, STORE_BUFFER_CAP } from './core.ts';
import { clearDeadRegisters } from './dead-registers.ts';
import { drainable, isGlobal, peek, removeEntry, writeWaits } from './memory.ts';
import { builtinEnabled, execBuiltin, handlerOf, loadsNoMemory, variantCount } from './ops.ts';
import { snapshotOf } from './snapshot.ts';
import { FootprintAnalysis, ampleIndex } from './footprint.ts';
import { BUILTIN_ID } from '../builtins.ts';
import { HEADER_PRUNED, LK, PS, TF, TS, FS, WMB_MARK, decode, encode, live, makeProc, redecode, threadOf, ownMem, procOf, type Proc, type Thread, type World } from './state.ts';
import { stuckFinding } from './stuck.ts';

export interface MachineOptions {
  memoryModel?: 'sc' | 'tso' | 'pso';
  fork?: 'atomic' | 'per-page';
  faults?: FaultOptions;
  /** invariants to evaluate and built-in properties to report (default: everything the program declares) */
  properties?: string[];
  /** invisible instructions allowed in one step before a runtime-error finding (default 5_000_000) */
  maxTransitionInstructions?: number;
}

export const BUFFER_ACTOR = 0x10000;
const DRAIN = 1 << 30;
const OP_LOAD = Op.LOAD, OP_STORE = Op.STORE, OP_BUILTIN = Op.BUILTIN;
const EXIT = BUILTIN_ID.exit!, UEXIT = BUILTIN_ID._exit!, WAITPID = BUILTIN_ID.waitpid!;
const PTHREAD_EXIT = BUILTIN_ID.pthread_exit!, FORK = BUILTIN_ID.fork!;
const KILL = 0xffff;
/** the event a step fills when it is not recording: written to, never read */
const NO_EVENT: StepEvent = { thread: 0, process: 0, op: '', reads: [], writes: [] };
const SIGNAL = 0xfffe;

/**
 * Each word p's threads have buffered, with the one thread that buffered it; null
 * when two threads have buffered one word.
 */
function bufferOwners(w: World, p: Proc): Map<number, number> | null {
  const owners = new Map<number, number>();
  for (const t of w.threads) {
    if (t.pid !== p.pid || t.sbWords() === 0) continue;
    const sb = t.sb;
    for (let i = 0; i < sb.length; i += 2) {
      const addr = sb[i]!;
      if (addr === WMB_MARK) continue;
      if ((owners.get(addr) ?? t.tid) !== t.tid) return null;
      owners.set(addr, t.tid);
    }
  }
  return owners;
}

/** has a thread of t's process other than t buffered a store to addr? (bufferOwners' map) */
function bufferedByOther(bufferedBy: Map<number, number>, t: Thread, addr: number): boolean {
  const by = bufferedBy.get(addr);
  return by !== undefined && by !== t.tid;
}

/** buffered stores of t, not counting smp_wmb marks */
function realEntries(t: Thread): number {
  let n = 0;
  const sb = t.sb;
  for (let i = 0; i < sb.length; i += 2) if (sb[i] !== WMB_MARK) n++;
  return n;
}

/**
 * A signal sent by pthread_kill is taken at the thread's next step, but not in the
 * middle of a fork() call (atfork handlers, kernel copy): a handler that forked there
 * would tangle two forks on one thread. It waits until fork has returned.
 */
function signalDue(t: Thread): boolean {
  return t.pendingSig !== 0 && t.forkStage === FS.NONE && (t.flags & TF.EXIT_HOOK) === 0;
}

export function createMachine(program: Program, options: MachineOptions = {}): TransitionSystem {
  return new Machine(program, options);
}

export class Machine implements TransitionSystem {
  readonly core: Core;
  private readonly killNames: Set<string> | null;
  private readonly sigNames: Set<string> | null;
  private readonly sigNum: number;
  private readonly killMax: number;
  private readonly sigMax: number;
  /** the last state decoded by transitions(), kept read-only for step()'s peeking */
  private lastState: State | null = null;
  private lastWorld: World | null = null;
  /** partial-order reduction's static analysis, built on first use (null: reduction is not sound here) */
  private footprint: FootprintAnalysis | null | undefined;
  /** what transitions() returned for lastState */
  private lastMoves: Transition[] | null = null;
  /**
   * drainMayMatter()'s last answer: it depends on the drain only through the
   * buffer's thread, and under pso a buffer offers a drain per address.
   */
  private drainQuery = { state: null as State | null, owner: -1, answer: true };
  /** commutingWords()'s last answer, for drainCommutes() */
  private commuteQuery = { state: null as State | null, owner: -1, runner: -1, words: null as Set<number> | null };

  constructor(readonly program: Program, options: MachineOptions) {
    const faults = options.faults ?? {};
    this.core = new Core(program, {
      memoryModel: options.memoryModel ?? 'sc',
      fork: options.fork ?? 'atomic',
      faults,
      properties: options.properties,
      maxTransitionInstructions: options.maxTransitionInstructions ?? 5_000_000,
    });
    this.killMax = faults.kill?.max ?? 0;
    this.killNames = faults.kill?.threads ? new Set(faults.kill.threads) : null;
    this.sigMax = faults.signal?.max ?? 0;
    this.sigNames = faults.signal?.threads ? new Set(faults.signal.threads) : null;
    this.sigNum = faults.signal?.signal ?? 0;
  }

  initial(): StepOutcome {
    const prog = this.program;
    const c = this.core;
    const mem = new Int32Array(prog.memory.globalsBase + prog.memory.init.length);
    mem.set(prog.memory.init, prog.memory.globalsBase);
    const p: Proc = makeProc({
      pid: 1, parent: 0, status: PS.ALIVE, exitCode: 0, mem, memOwned: true, allocs: [],
      fds: [0, 0, 0, 1, 1, 0, 2, 2, 0], atfork: [], sigs: [], fork: null,
    });
    const w: World = {
      pruned: false, nextId: 1, nextAllocId: 1, killBudget: this.killMax, signalBudget: this.sigMax,
      procs: [p], threads: [],
    };
    c.w = w;
    c.rec = false;
    let finding: Finding | undefined;
    try {
      if (prog.entry >= 0) {
        const main = c.newThread(p, prog.entry, 0);
        main.name = -1;
        c.runInvisible(p, main);
      }
      this.checkInvariants(w, null);
    } catch (e) {
      if (!(e instanceof Halt)) throw e;
      // a branch assume(false) cut is not a place where anything can go wrong
      if (!w.pruned) finding = e.finding;
    }
    clearDeadRegisters(prog, w);
    w.unchecked = finding !== undefined;
    const out: StepOutcome = { state: encode(w) };
    if (finding) out.finding = finding;
    return out;
  }

  private world(state: State): World {
    if (state === this.lastState && this.lastWorld !== null) return this.lastWorld;
    const w = decode(state);
    this.lastState = state;
    this.lastWorld = w;
    return w;
  }

  transitions(state: State): Transition[] {
    const w = this.world(state);
    const out: Transition[] = [];
    this.lastMoves = out;
    if (w.pruned) return out;
    const c = this.core;
    c.w = w;
    for (const t of w.threads) {
      const p = procOf(w, t.pid);
      if (p === undefined || p.status !== PS.ALIVE) continue;
      if (live(t)) {
        if (this.enabled(p, t)) {
          const n = this.variants(p, t);
          for (let v = 0; v < n; v++) out.push({ label: (t.tid << 16) | v, actor: t.tid });
        }
        if (this.mayKill(w, t)) out.push({ label: (t.tid << 16) | KILL, actor: t.tid, fault: 'kill' });
        if (this.maySignal(w, p, t)) out.push({ label: (t.tid << 16) | SIGNAL, actor: t.tid, fault: 'signal' });
      }
      if (t.sbWords() > 0) {
        for (const i of drainable(t, c.pso)) {
          if (!writeWaits(c.prog, p, t.sbWord(i))) out.push({ label: DRAIN | (t.tid << 16) | (i >> 1), actor: BUFFER_ACTOR | t.tid });
        }
      }
    }
    return out;
  }

  /** Can thread t take a step now (ignoring faults)? */
  enabled(p: Proc, t: Thread): boolean {
    const c = this.core;
    switch (t.status) {
      case TS.RESUME: return true;
      case TS.REACQ: return peek(p, t.aux) === 0 && !writeWaits(c.prog, p, t.aux);
      case TS.RUN: break;
      default: return false;
    }
    if (signalDue(t)) return true;
    const fn = t.topFn();
    if (fn < 0) return false;
    const code = c.prog.functions[fn]!.code;
    const pc = t.topPc();
    const op = code[pc]!;
    if (op === OP_LOAD) return true;
    if (op === OP_STORE) {
      if (c.relaxed) return t.sbWords() < 2 * STORE_BUFFER_CAP;
      return !writeWaits(c.prog, p, t.opFromTop(1));
    }
    return builtinEnabled(c, p, t, code[pc + 1]!, code[pc + 2]!);
  }

  private variants(p: Proc, t: Thread): number {
    if (t.status !== TS.RUN || signalDue(t)) return 1;
    const code = this.program.functions[t.topFn()]!.code;
    const pc = t.topPc();
    if (code[pc] !== OP_BUILTIN) return 1;
    return variantCount(this.core, p, t, code[pc + 1]!, code[pc + 2]!);
  }

  private allowed(names: Set<string> | null, t: Thread): boolean {
    return names === null || names.has(this.core.threadName(t));
  }

  private mayKill(w: World, t: Thread): boolean {
    return w.killBudget > 0 && (t.flags & TF.EXIT_HOOK) === 0 && t.forkStage !== FS.KERNEL && this.allowed(this.killNames, t);
  }

  private maySignal(w: World, p: Proc, t: Thread): boolean {
    return w.signalBudget > 0 && t.status === TS.RUN && (t.flags & TF.EXIT_HOOK) === 0 && t.forkStage === FS.NONE
      && t.topFn() >= 0 && handlerOf(p, this.sigNum) !== 0 && this.allowed(this.sigNames, t);
  }

  step(state: State, tr: Transition, record: boolean): StepOutcome {
    // the explorer steps the state transitions() has just decoded: copy that world, not the
    // vector; its last move from there may have the world itself (it is decoded again
    // if anyone asks for it after that)
    let w: World;
    if (state !== this.lastState || this.lastWorld === null) w = decode(state);
    else if (this.lastMoves !== null && this.lastMoves.length > 0 && tr === this.lastMoves[this.lastMoves.length - 1]) {
      w = this.lastWorld;
      this.lastWorld = null;
      this.lastState = null;
      this.lastMoves = null;
    } else w = redecode(state, this.lastWorld);
    const c = this.core;
    c.w = w;
    c.rec = record;
    if (record) {
      c.reads = [];
      c.writes = [];
    }
    c.opText = '';
    const label = tr.label;
    const tid = (label >>> 16) & 0x3fff;
    const variant = label & 0xffff;
    const t = threadOf(w, tid);
    if (t === undefined) throw new Error(`machine: transition ${label} names no thread`);
    const p = procOf(w, t.pid)!;
    const event: StepEvent = record ? { thread: t.tid, process: t.pid, routine: c.threadName(t), op: '', reads: c.reads, writes: c.writes } : NO_EVENT;
    if (record && t.topFn() >= 0) {
      const pos = c.names.pos(t.topFn(), t.topPc());
      if (pos) event.pos = pos;
    }
    let finding: Finding | undefined;
    try {
      if ((label & DRAIN) !== 0) this.drain(p, t, variant * 2, event);
      else if (variant === KILL) this.kill(w, p, t, event);
      else if (variant === SIGNAL) this.deliver(p, t, this.sigNum, true, event);
      else this.threadStep(p, t, variant, event);
      // a state that is neither pruned nor marked unchecked satisfied every invariant
      if (!w.pruned) this.checkInvariants(w, state[0] === 0 && c.reuseInvariants ? state : null);
    } catch (e) {
      if (!(e instanceof Halt)) throw e;
      finding = e.finding;
      if (event.op === '') event.op = c.opText || finding.message;
    }
    clearDeadRegisters(this.program, w);
    // a finding ended the step part-way: the state it leaves is not known to satisfy the invariants
    w.unchecked = finding !== undefined;
    const out: StepOutcome = { state: encode(w) };
    if (finding) out.finding = finding;
    if (record) out.event = event;
    c.rec = false;
    return out;
  }

  private drain(p: Proc, t: Thread, i: number, event: StepEvent): void {
    const c = this.core;
    const addr = t.sb[i]!;
    const v = t.sb[i + 1]!;
    ownMem(p)[addr] = v;
    removeEntry(t, i);
    if (c.rec) {
      const name = c.names.of(p, addr);
      event.op = `store buffer of thread ${t.tid}: ${name} = ${v} reaches memory`;
      event.writes.push({ address: addr, value: v, name });
      delete event.pos;
    }
  }

  private kill(w: World, p: Proc, t: Thread, event: StepEvent): void {
    const c = this.core;
    w.killBudget--;
    while (t.frames.length > 0) c.popFrame(p, t);
    t.ops.length = 0;
    t.status = TS.RUN;
    t.wait = 0;
    t.aux = 0;
    t.pendingSig = 0;
    t.forkStage = FS.NONE;
    t.forkIdx = 0;
    t.forkRet = 0;
    event.op = `thread ${t.tid} is killed`;
    if (c.hookFn < 0) {
      c.finishThread(p, t, TS.KILLED, 0);
      return;
    }
    event.op += `; the kernel runs ${this.program.functions[c.hookFn]!.name}`;
    t.flags |= TF.EXIT_HOOK;
    c.pushFrame(p, t, c.hookFn, []);
    c.runInvisible(p, t);
  }

  private deliver(p: Proc, t: Thread, sig: number, fault: boolean, event: StepEvent): void {
    const c = this.core;
    if (fault) this.core.w.signalBudget--;
    const h = handlerOf(p, sig);
    if (h === 0) { event.op = `signal ${sig} to thread ${t.tid}: no handler, ignored`; return; }
    const fn = h - FN_PTR_BASE;
    event.op = `signal ${sig} interrupts thread ${t.tid}: runs ${this.program.functions[fn]!.name}`;
    c.pushFrame(p, t, fn, [sig]);
    c.runInvisible(p, t);
  }

  private threadStep(p: Proc, t: Thread, variant: number, event: StepEvent): void {
    const c = this.core;
    if (t.status === TS.RESUME) {
      t.ops.push(t.aux);
      t.status = TS.RUN;
      t.aux = 0;
      event.op = `thread ${t.tid} wakes up`;
      c.runInvisible(p, t);
      return;
    }
    if (t.status === TS.REACQ) {
      const m = t.aux;
      c.storeNow(p, t, m, t.tid);
      const f = t.frames[t.frames.length - 1]!;
      t.held.push(m, LK.KMUTEX, f.fn, f.pc);
      t.ops.push(0);
      t.status = TS.RUN;
      t.aux = 0;
      if (c.rec) event.op = `msleep: wakes up and takes ${c.names.lock(p, m)} back`;
      c.runInvisible(p, t);
      return;
    }
    if (signalDue(t)) {
      const sig = t.pendingSig;
      t.pendingSig = 0;
      this.deliver(p, t, sig, false, event);
      return;
    }
    const f = t.frames[t.frames.length - 1]!;
    const code = this.program.functions[f.fn]!.code;
    const op = code[f.pc]!;
    if (op === Op.LOAD) {
      const addr = t.ops.pop()!;
      const v = c.load(p, t, addr);
      f.pc += 1;
      t.ops.push(v);
      if (c.rec) event.op = `load ${c.names.of(p, addr)} → ${v}`;
    } else if (op === Op.STORE) {
      const v = t.ops.pop()!;
      const addr = t.ops.pop()!;
      c.store(p, t, addr, v);
      f.pc += 1;
      if (c.rec) event.op = `store ${c.names.of(p, addr)} = ${v}${c.relaxed ? ' (into the store buffer)' : ''}`;
    } else if (op === Op.BUILTIN) {
      execBuiltin(c, p, t, f, variant);
      if (c.rec) event.op = c.opText;
    } else {
      throw new Error(`machine: thread ${t.tid} is not at a visible instruction`);
    }
    if (t.status === TS.RUN && live(t)) c.runInvisible(p, t);
  }

  /**
   * `always` invariants, in every live process, after every step. `source`: the state
   * the step began in, when every invariant held there in every live process (it
   * came out of a step or initial() without a finding). A process the step left as
   * it was in everything an invariant can observe is skipped: its invariants held on
   * those very words (Proc.observedUnchangedSince).
   */
  private checkInvariants(w: World, source: State | null): void {
    const c = this.core;
    if (c.always.length === 0) return;
    for (const p of w.procs) {
      if (p.status !== PS.ALIVE) continue;
      if (source !== null && p.observedUnchangedSince(source)) continue;
      for (let i = 0; i < c.always.length; i++) {
        if (c.evaluate(p, c.always[i]!) === 0) {
          const name = c.alwaysNames[i]!;
          throw new Halt({
            kind: 'invariant', property: name, process: p.pid,
            message: `invariant ${name} does not hold in process ${p.pid}`,
          });
        }
      }
    }
  }

  terminated(state: State): boolean {
    const w = this.world(state);
    return !w.threads.some((t) => live(t) && procOf(w, t.pid)?.status === PS.ALIVE);
  }

  stuck(state: State): Finding {
    const w = this.world(state);
    this.core.w = w;
    return stuckFinding(this, w);
  }

  pruned(state: State): boolean {
    return (state[0]! & HEADER_PRUNED) !== 0;
  }

  snapshot(state: State): StateSnapshot {
    const w = this.world(state);
    this.core.w = w;
    return snapshotOf(this, w);
  }

  /**
   * Partial-order reduction (runtime/sim/footprint.ts): the index in `moves`
   * (= transitions(state)) of a step that may be explored alone, or -1. Only
   * under SC with no faults injected and no processes or signals in the program.
   */
  ampleCandidate(state: State, moves: Transition[]): number {
    if (this.footprint === undefined) {
      const c = this.core;
      const faults = this.killMax > 0 || this.sigMax > 0;
      const analysis = c.relaxed || faults ? null : new FootprintAnalysis(
        this.program, [...c.always, ...c.atExit.map((a) => a.fn)], c.reports('lock-misuse'));
      this.footprint = analysis === null || analysis.disqualified ? null : analysis;
    }
    if (this.footprint === null) return -1;
    const w = this.world(state);
    this.core.w = w;
    return ampleIndex(this.footprint, this.core, w, moves);
  }

  /**
   * The process of a thread or of its store buffer. Processes share no memory
   * (fork copies it), and a drain writes only its own process's memory, so a
   * drain is independent of every step of every other process: what the
   * explorer's drain deferral needs (Search).
   */
  processOf(state: State, actor: number): number {
    const t = threadOf(this.world(state), actor & 0xffff);
    return t === undefined ? -1 : t.pid;
  }

  /**
   * Could this drain matter to its process before one of the process's threads
   * takes a step? It could when a thread of it cannot move and the drain might
   * change that (the entry is the last one of a buffer its thread waits to see
   * empty at a fence or atomic, or the buffer is full; any thread waiting on
   * memory, such as a lock word); when a thread's next step loads a word
   * another thread of it has buffered (a load, the mutex a woken msleep takes
   * back, any barrier builtin); when two threads have buffered one word (an
   * exit's flush, thread by thread, could then end otherwise than the drains);
   * and when a buffered word is not a global (a step's hidden instructions pop,
   * zero and push frames, which may be where such a word lies). Asleep threads
   * (futex, wait channel) and waitpid wait for other events.
   */
  drainMayMatter(state: State, drain: Transition): boolean {
    if ((drain.label & DRAIN) === 0) return true;
    const ownerTid = drain.actor & 0xffff;
    const memo = this.drainQuery;
    if (memo.state === state && memo.owner === ownerTid) return memo.answer;
    const answer = this.drainOfMayMatter(state, ownerTid);
    memo.state = state;
    memo.owner = ownerTid;
    memo.answer = answer;
    return answer;
  }

  /** drainMayMatter() for any drain of thread `ownerTid`'s buffer */
  private drainOfMayMatter(state: State, ownerTid: number): boolean {
    const w = this.world(state);
    const owner = threadOf(w, ownerTid);
    if (owner === undefined) return true;
    const p = procOf(w, owner.pid);
    if (p === undefined || p.status !== PS.ALIVE) return false;
    const bufferedBy = bufferOwners(w, p);
    if (bufferedBy === null) return true;
    // a word outside the globals (a frame's, the heap's) could also be written by a
    // step's hidden part: a frame popped and zeroed, pushed again, an allocation reused
    for (const addr of bufferedBy.keys()) if (!isGlobal(this.program, addr)) return true;
    this.core.w = w;
    for (const t of w.threads) {
      if (t.pid !== p.pid || !live(t)) continue;
      if (t.status !== TS.RUN && t.status !== TS.REACQ && t.status !== TS.RESUME) continue; // asleep
      if (!this.enabled(p, t)) {
        if (this.inWaitpid(t)) continue;
        if (this.waitsForOwnBuffer(t)) {
          // another thread's drain leaves its buffer as it is; one of its own lets it go
          // on if the buffer was full, or if that entry was the last
          if (t !== owner) continue;
          if (this.nextOp(t) === OP_STORE) return true;
          if (realEntries(t) > 1) continue;
        }
        return true;
      }
      if (t.status === TS.RESUME || signalDue(t)) continue; // returns a value / enters a handler
      if (t.status === TS.REACQ) {
        if (bufferedByOther(bufferedBy, t, t.aux)) return true;
        continue;
      }
      const op = this.nextOp(t);
      if (op === OP_STORE && this.core.relaxed) continue; // into its own buffer
      if (op === OP_LOAD) {
        if (bufferedByOther(bufferedBy, t, t.opFromTop(0))) return true;
        continue;
      }
      if (op === OP_BUILTIN && loadsNoMemory(this.nextBuiltin(t))) continue;
      return true;
    }
    return false;
  }

  drainCommutes(state: State, drain: Transition, runner: number): boolean {
    if ((drain.label & DRAIN) === 0) return false;
    const ownerTid = drain.actor & 0xffff;
    const memo = this.commuteQuery;
    if (memo.state !== state || memo.owner !== ownerTid || memo.runner !== runner) {
      memo.state = state;
      memo.owner = ownerTid;
      memo.runner = runner;
      memo.words = this.commutingWords(state, ownerTid, runner);
    }
    if (memo.words === null) return false;
    const owner = threadOf(this.world(state), ownerTid)!;
    return memo.words.has(owner.sb[2 * (drain.label & 0xffff)]!);
  }

  /**
   * drainCommutes() for the buffer of thread `ownerTid`: the words whose drains
   * commute with `runner`'s one move, or null for none. Under pso with no
   * smp_wmb mark in the buffer, a drain waits only for older stores to its own
   * word, so each word is judged alone; otherwise a drain may hold up every
   * later entry, and the buffer commutes as a whole or not at all.
   *
   * A word commutes unless the move loads it (from another thread's buffer: a
   * thread reads its own newest buffered store whether or not older ones have
   * drained), writes memory at all (only stores into the runner's own buffer
   * and builtins that touch no memory qualify — not those ending a thread or
   * process, which flush buffers), or is a per-page fork's copy of its page or
   * of the last page (completing the fork lifts the write protection that
   * drains into copied pages wait on); unless it is not a global (a step's
   * hidden instructions write frames, and an allocation may be reused); and
   * unless an always-invariant of the process loads it. No word may be in two
   * buffers, so that drains commute with one another too.
   */
  private commutingWords(state: State, ownerTid: number, runnerTid: number): Set<number> | null {
    const w = this.world(state);
    const owner = threadOf(w, ownerTid);
    const r = threadOf(w, runnerTid);
    if (owner === undefined || r === undefined) return null;
    const q = procOf(w, owner.pid);
    if (q === undefined || q.status !== PS.ALIVE || bufferOwners(w, q) === null) return null;
    this.core.w = w;
    // what the move touches of q: a word it loads, or a page fork copies (-1: none); a
    // thread of another process touches nothing of q's
    let loads = -1;
    let copies = -1;
    if (r.pid === q.pid) {
      if (r.status !== TS.RUN || signalDue(r) || (r.flags & TF.EXIT_HOOK) !== 0 || !this.enabled(q, r)) return null;
      const op = this.nextOp(r);
      if (op === OP_LOAD) {
        if (owner !== r) loads = r.opFromTop(0);
      } else if (op === OP_STORE) {
        if (!this.core.relaxed) return null;
      } else if (op === OP_BUILTIN) {
        const id = this.nextBuiltin(r);
        if (id === FORK) {
          copies = this.pageCopied(q, r);
          if (copies < 0) return null;
        } else if (!loadsNoMemory(id) || id === EXIT || id === UEXIT || id === PTHREAD_EXIT) return null;
      } else return null;
    }
    const pageSize = this.program.memory.pageSize;
    const wordByWord = this.core.pso && !owner.sb.includes(WMB_MARK);
    const words = new Set<number>();
    const sb = owner.sb;
    for (let i = 0; i < sb.length; i += 2) {
      const addr = sb[i]!;
      if (addr === WMB_MARK || words.has(addr)) continue;
      const commutes = isGlobal(this.program, addr) && addr !== loads
        && Math.floor(addr / pageSize) !== copies && !this.core.invariantsLoad(q, new Set([addr]));
      if (commutes) words.add(addr);
      else if (!wordByWord) return null;
    }
    return words.size === 0 ? null : words;
  }

  /**
   * The page r's next step copies when r is inside a per-page fork that copies
   * one page and is not yet done, else -1.
   */
  private pageCopied(p: Proc, r: Thread): number {
    const f = p.fork;
    if (!this.core.perPage || r.forkStage !== FS.KERNEL || f === null || f.tid !== r.tid || f.marked + 1 >= f.pages) return -1;
    return f.marked;
  }

  /** the instruction t's next step begins with, or -1 when t has no frame */
  private nextOp(t: Thread): number {
    const fn = t.topFn();
    return fn < 0 ? -1 : this.program.functions[fn]!.code[t.topPc()]!;
  }

  /** the builtin t's next step calls, or -1 */
  private nextBuiltin(t: Thread): number {
    return this.nextOp(t) === OP_BUILTIN ? this.program.functions[t.topFn()]!.code[t.topPc() + 1]! : -1;
  }

  /**
   * A thread that cannot move and has stores buffered, at a store (its buffer is
   * full) or at a builtin that is a barrier: it waits, first of all, for its own
   * buffer (after which it may still wait for something else).
   */
  private waitsForOwnBuffer(t: Thread): boolean {
    if (t.status !== TS.RUN || t.sbWords() === 0 || signalDue(t)) return false;
    const id = this.nextBuiltin(t);
    return (this.nextOp(t) === OP_STORE && this.core.relaxed) || (id >= 0 && !loadsNoMemory(id));
  }

  /** blocked in waitpid with nothing buffered: only a child's exit lets it go on */
  private inWaitpid(t: Thread): boolean {
    return t.status === TS.RUN && t.sbWords() === 0 && !signalDue(t) && this.nextBuiltin(t) === WAITPID;
  }

  /**
   * Would every drain of the store buffers of `actor`'s process, taken before
   * that thread's next step, be lost in it? True when that step is exit() or
   * _exit() (the process ends; its buffers are flushed, each thread's in order,
   * and its memory is judged once more by its invariants), no address is in two
   * threads' buffers (then the flush leaves the same memory whichever drained
   * first), and none of the process's always-invariants loads a buffered address
   * (so none can tell a state with some drained from one without). May evaluate
   * an invariant to learn what it loads (the memo then keeps that evaluation).
   */
  drainsVanish(state: State, actor: number): boolean {
    const w = this.world(state);
    const t = threadOf(w, actor);
    if (t === undefined || t.status !== TS.RUN || signalDue(t)) return false;
    const id = this.nextBuiltin(t);
    if (id !== EXIT && id !== UEXIT) return false;
    const p = procOf(w, t.pid);
    if (p === undefined || p.status !== PS.ALIVE) return false;
    const owners = bufferOwners(w, p);
    if (owners === null || owners.size === 0) return false;
    this.core.w = w;
    return !this.core.invariantsLoad(p, new Set(owners.keys()));
  }

  /** Store buffers are background actors: their drains are never preemptions. */
  isBackground(actor: number): boolean {
    return (actor & BUFFER_ACTOR) !== 0;
  }

  actorName(actor: number): string {
    if ((actor & BUFFER_ACTOR) !== 0) return `store buffer of thread ${actor & 0xffff}`;
    return `thread ${actor}`;
  }
}
