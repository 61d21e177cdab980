// The contract between the simulated machine (runtime/sim/, which knows what one
// step of a C program does) and the explorer (runtime/check/, which knows how to
// search a state graph). The explorer never looks inside a state; the machine
// never decides what to explore next.

import type { SourcePos } from '../ir.ts';

/**
 * A machine state: a flat vector of int32 words, compared and hashed as a whole.
 * Two states with equal vectors are the same state (the encoding is canonical).
 * A state handed out is never mutated again.
 */
export type State = Int32Array;

/**
 * Who takes a transition. Fairness and preemption counting are about actors:
 * every thread is one, and so is every thread's store buffer (a buffered store
 * draining to memory is the buffer's move, not the thread's).
 */
export type ActorId = number;

export interface Transition {
  /**
   * Stable encoding of the choice (which actor, which variant: a nondet value, the
   * waiter a futex_wake picks, a fault injected). Schedules are lists of labels,
   * so the same label from the same state always means the same step.
   */
  label: number;
  actor: ActorId;
  /** set when the explorer's fault budget pays for this transition */
  fault?: 'kill' | 'signal';
}

export type FindingKind =
  | 'assertion'        // assert(cond) failed
  | 'invariant'        // a #pragma invariant function returned 0
  | 'deadlock'         // nothing can run, and not everything has finished
  | 'lost-wakeup'      // a thread asleep forever on a futex or wait channel
  | 'non-termination'  // a fair cycle: some thread can run forever without finishing
  | 'lock-misuse'      // lockdep-style: release not held, another's lock, exit holding, double acquire
  | 'memory-fault'     // null, out-of-bounds, use-after-free, bad function pointer, double free
  | 'runtime-error';   // division by zero, stack overflow, step limit inside one transition

export interface Finding {
  kind: FindingKind;
  /**
   * The property's name as lessons and graders refer to it: the invariant's
   * function name for invariants, otherwise the kind (`assertion`, `deadlock`,
   * `lost-wakeup`, `non-termination`, `lock-misuse`, `memory-fault`, `runtime-error`).
   */
  property: string;
  /** one line in plain words, e.g. "thread 2 releases i_mmap_rwsem, which it does not hold" */
  message: string;
  pos?: SourcePos;
  thread?: number;
  process?: number;
  /** deadlocks and lost wakeups: who holds what and who waits on what */
  waits?: { thread: number; process: number; waitsFor: string; heldBy?: number; pos?: SourcePos }[];
}

/** What one transition did, for traces and the swimlane. */
export interface StepEvent {
  thread: number;
  process: number;
  /** the thread's start routine ('main' for a process's first thread; a forked child's thread keeps its parent's), to name swimlane columns */
  routine?: string;
  /** position of the visible instruction that began the step */
  pos?: SourcePos;
  /** short human text: "load stack_used.next → 0x40", "fork → child 2", "futex_wait(&m->word, 5): sleeps" */
  op: string;
  reads: { address: number; value: number; name?: string }[];
  writes: { address: number; value: number; name?: string }[];
}

export interface StepOutcome {
  state: State;
  /** set when this step violated a property; the explorer stops there */
  finding?: Finding;
  /** filled only when step() was called with record = true */
  event?: StepEvent;
}

/** Everything the step-through panel shows about one state. */
export interface StateSnapshot {
  processes: {
    pid: number;
    memory: { address: number; value: number; name?: string }[];
    heap: { address: number; size: number; id: number; freed: boolean }[];
    locks: { address: number; name?: string; kind: string; owner?: number; readers?: number[] }[];
    fds: { fd: number; file: string; flags: string[] }[];
    forking?: { pagesCopied: number; pages: number };
  }[];
  threads: {
    tid: number;
    pid: number;
    status: 'runnable' | 'blocked' | 'finished' | 'killed';
    blockedOn?: string;
    pos?: SourcePos;
    function?: string;
    locals: { name: string; value: number; type: string }[];
    storeBuffer: { address: number; value: number; name?: string }[];
    held: { lock: number; name?: string; mode: 'exclusive' | 'shared' }[];
  }[];
}

/**
 * A finite transition system. `transitions` lists what may happen next (empty
 * means stuck); `step` does one of them. Bounds on injected faults are the
 * machine's business (their counters are part of the state), so the explorer can
 * treat every state alike.
 */
export interface TransitionSystem {
  initial(): StepOutcome;
  transitions(state: State): Transition[];
  step(state: State, t: Transition, record: boolean): StepOutcome;
  /** every thread of every process has finished: a stuck state that is not a deadlock */
  terminated(state: State): boolean;
  /** why a stuck, unterminated state is stuck: a deadlock or lost-wakeup finding */
  stuck(state: State): Finding;
  /** a state discarded by assume(false): neither explored further nor a finding */
  pruned(state: State): boolean;
  snapshot(state: State): StateSnapshot;
  /** human name of an actor: "thread 2 (pid 1)", "store buffer of thread 2" */
  actorName(actor: ActorId): string;
  /**
   * Optional (added by the explorer's room): true for actors that are not
   * threads, such as store buffers. Their steps are never preemptions and do not
   * change which thread counts as running, so a drain between two steps of one
   * thread does not make the second a context switch. Absent: every actor is a thread.
   */
  isBackground?(actor: ActorId): boolean;
  /**
   * Optional (partial-order reduction, runtime/check/por.ts): the index in
   * `moves` — which must be transitions(state) — of one transition that may be
   * explored alone from `state`, or -1. The machine promises C1 of the ample-set
   * conditions (docs/CHECKER.md): no step any other actor can take before this
   * one's actor moves again depends on it, it stays enabled until its actor
   * moves, and it writes nothing an invariant reads. The explorer checks the
   * rest (no finding, the visited-set proviso). Absent: no reduction.
   */
  ampleCandidate?(state: State, moves: Transition[]): number;
  /**
   * Optional (drain deferral, search.ts): the process an actor belongs to in
   * `state` (a store buffer: its thread's), or -1. The machine promises that
   * processes share nothing a background step touches: a background actor's
   * step changes only its own process's memory, buffers and invariants, and no
   * step of an actor of another process is enabled, disabled or changed by it
   * (docs/CHECKER.md). Absent: no deferral.
   */
  processOf?(state: State, actor: ActorId): number;
  /**
   * With processOf: could this drain (a background move of `state`) matter to
   * its process before one of the process's threads steps — let a thread move
   * that cannot move in `state`, change what a thread's next step loads, or
   * change how an exit's flush ends? Then it is not deferred (docs/CHECKER.md,
   * "Drain deferral"). Absent: always (no drain is deferred).
   */
  drainMayMatter?(state: State, drain: Transition): boolean;
  /**
   * Optional (drain deferral, with processOf): true when every drain of the
   * store buffers of `actor`'s process, taken before that thread's next step,
   * is lost in that step — the step ends the process, leaves the same state
   * whatever drained before it, and no invariant tells a state with some drained
   * from one without (docs/CHECKER.md). Absent: never.
   */
  drainsVanish?(state: State, actor: ActorId): boolean;
  /**
   * Optional (drain deferral, with processOf): true when `drain` (a background
   * move of `state`, of any process) commutes with `actor`'s one move there, and
   * so does every drain that must wait for it (later stores to its word; under
   * tso, or behind a write barrier, the rest of its buffer): the move neither
   * loads nor writes their words, nor write-protects their pages; no drain of
   * them changes whether or how the move happens; their words are globals that
   * no always-invariant loads, and in one buffer only (docs/CHECKER.md, "Drain
   * deferral", rule 3). Absent: never.
   */
  drainCommutes?(state: State, drain: Transition, actor: ActorId): boolean;
}
