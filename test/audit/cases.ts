// The audit's table of programs and their known-correct verdicts. Each case names a
// program in cases/ and the textual substitutions (FENCE, LIMIT) that make its variant.
import { readFileSync } from 'node:fs';
import type { CheckOptions } from '../../runtime/check/types.ts';

export interface AuditCase {
  name: string;
  file: string;
  subst?: Record<string, string>;
  options?: CheckOptions;
  verdict: 'pass' | 'fail' | 'inconclusive' | 'error';
  property?: string;
  /** set when racecourse gives a different answer: why the expected one is right */
  bug?: string;
}

export function source(c: AuditCase): string {
  let text = readFileSync(new URL(`./cases/${c.file}`, import.meta.url), 'utf8');
  // longest names first, so FENCE does not eat the end of WFENCE
  const pairs = Object.entries(c.subst ?? {}).sort((a, b) => b[0].length - a[0].length);
  for (const [k, v] of pairs) text = text.split(k).join(v);
  return text;
}

const none = { FENCE: '', WFENCE: '' };
const mb = { FENCE: 'smp_mb();', WFENCE: '' };
const mbw = { FENCE: 'smp_mb();', WFENCE: 'smp_wmb();' };
const wmb = { FENCE: 'smp_wmb();' };

export const CASES: AuditCase[] = [
  { name: 'dekker sc', file: 'dekker.c', subst: none, verdict: 'pass' },
  { name: 'dekker tso no fence', file: 'dekker.c', subst: none, options: { memoryModel: 'tso' }, verdict: 'fail', property: 'assertion' },
  { name: 'dekker pso no fence', file: 'dekker.c', subst: none, options: { memoryModel: 'pso' }, verdict: 'fail', property: 'assertion' },
  { name: 'dekker tso smp_mb', file: 'dekker.c', subst: mb, options: { memoryModel: 'tso' }, verdict: 'pass' },
  { name: 'dekker pso smp_mb', file: 'dekker.c', subst: mb, options: { memoryModel: 'pso' }, verdict: 'pass' },
  { name: 'peterson sc', file: 'peterson.c', subst: none, verdict: 'pass' },
  { name: 'peterson tso no fence', file: 'peterson.c', subst: none, options: { memoryModel: 'tso' }, verdict: 'fail', property: 'assertion' },
  { name: 'peterson pso no fence', file: 'peterson.c', subst: none, options: { memoryModel: 'pso' }, verdict: 'fail', property: 'assertion' },
  { name: 'peterson tso smp_mb', file: 'peterson.c', subst: mb, options: { memoryModel: 'tso' }, verdict: 'pass' },
  // Under PSO flag=1 and turn=… may drain out of order: the other thread can see the
  // new turn but not the raised flag, so both enter. Found by the checker, not a bug.
  { name: 'peterson pso smp_mb after turn only', file: 'peterson.c', subst: mb, options: { memoryModel: 'pso' }, verdict: 'fail', property: 'assertion' },
  { name: 'peterson pso smp_wmb + smp_mb', file: 'peterson.c', subst: mbw, options: { memoryModel: 'pso' }, verdict: 'pass' },
  { name: 'bakery sc', file: 'bakery.c', subst: none, verdict: 'pass' },
  { name: 'bakery tso no fence', file: 'bakery.c', subst: none, options: { memoryModel: 'tso' }, verdict: 'fail', property: 'assertion' },
  { name: 'bakery tso smp_mb', file: 'bakery.c', subst: mb, options: { memoryModel: 'tso' }, verdict: 'pass' },
  { name: 'ticket lock sc', file: 'ticket.c', subst: { RELEASE: 'atomic_fetch_add(&now_serving, 1);' }, verdict: 'pass' },
  // atomic_fetch_add is a full barrier: the counter store drains before the release.
  { name: 'ticket lock pso, atomic release', file: 'ticket.c', subst: { RELEASE: 'atomic_fetch_add(&now_serving, 1);' }, options: { memoryModel: 'pso' }, verdict: 'pass' },
  { name: 'ticket lock pso, plain release', file: 'ticket.c', subst: { RELEASE: 'now_serving = t + 1;' }, options: { memoryModel: 'pso' }, verdict: 'fail', property: 'assertion' },
  { name: 'ticket lock tso, plain release', file: 'ticket.c', subst: { RELEASE: 'now_serving = t + 1;' }, options: { memoryModel: 'tso' }, verdict: 'pass' },
  { name: 'tas atomic_exchange sc', file: 'tas_xchg.c', verdict: 'pass' },
  { name: 'tas atomic_exchange pso', file: 'tas_xchg.c', options: { memoryModel: 'pso' }, verdict: 'pass' },
  { name: 'tas plain load/store sc', file: 'tas_plain.c', verdict: 'fail', property: 'assertion' },
  { name: 'futex event with re-check', file: 'futex_ok.c', verdict: 'pass' },
  { name: 'futex event with re-check tso', file: 'futex_ok.c', options: { memoryModel: 'tso' }, verdict: 'pass' },
  { name: 'futex check-then-sleep', file: 'futex_lost.c', verdict: 'fail', property: 'lost-wakeup' },
  { name: 'msleep condition variable', file: 'msleep_ok.c', verdict: 'pass' },
  { name: 'tsleep after unlock', file: 'tsleep_lost.c', verdict: 'fail', property: 'lost-wakeup' },
  { name: 'ABBA lock order', file: 'abba.c', verdict: 'fail', property: 'deadlock' },
  { name: 'double unlock', file: 'double_unlock.c', verdict: 'fail', property: 'lock-misuse' },
  { name: 'use after free', file: 'uaf.c', verdict: 'fail', property: 'memory-fault' },
  { name: 'null dereference', file: 'null_deref.c', verdict: 'fail', property: 'memory-fault' },
  { name: 'counter race', file: 'counter_race.c', verdict: 'fail', property: 'assertion' },
  { name: 'message passing sc', file: 'mp.c', subst: none, verdict: 'pass' },
  { name: 'message passing tso', file: 'mp.c', subst: none, options: { memoryModel: 'tso' }, verdict: 'pass' },
  { name: 'message passing pso', file: 'mp.c', subst: none, options: { memoryModel: 'pso' }, verdict: 'fail', property: 'assertion' },
  { name: 'message passing pso smp_wmb', file: 'mp.c', subst: wmb, options: { memoryModel: 'pso' }, verdict: 'pass' },
  { name: 'spin on a flag nobody sets', file: 'spin_never.c', verdict: 'fail', property: 'non-termination' },
  { name: 'spin on a flag that is set (weak fairness)', file: 'spin_eventually.c', verdict: 'pass' },
  { name: 'spin on a flag that is set, tso', file: 'spin_eventually.c', options: { memoryModel: 'tso' }, verdict: 'pass' },
  { name: 'fork while a mutex is held, child locks', file: 'fork_mutex.c', verdict: 'fail', property: 'deadlock' },
  { name: 'waitpid exit status', file: 'waitpid_ok.c', verdict: 'pass' },
  { name: 'waitpid wrong status', file: 'waitpid_bad.c', verdict: 'fail', property: 'assertion' },
  { name: 'nondet/assume in range', file: 'nondet_assume.c', subst: { LIMIT: '13' }, verdict: 'pass' },
  { name: 'nondet/assume off by one', file: 'nondet_assume.c', subst: { LIMIT: '12' }, verdict: 'fail', property: 'assertion' },
  { name: 'missing semicolon', file: 'syntax_err.c', verdict: 'error' },
  { name: 'undeclared identifier', file: 'undeclared.c', verdict: 'error' },
  { name: 'state explosion, max-states 200', file: 'explode.c', options: { maxStates: 200 }, verdict: 'inconclusive' },
  { name: 'SB litmus sc', file: 'sb.c', subst: none, verdict: 'pass' },
  { name: 'SB litmus tso', file: 'sb.c', subst: none, options: { memoryModel: 'tso' }, verdict: 'fail', property: 'assertion' },
  { name: 'SB litmus pso', file: 'sb.c', subst: none, options: { memoryModel: 'pso' }, verdict: 'fail', property: 'assertion' },
  { name: 'SB litmus tso smp_mb', file: 'sb.c', subst: mb, options: { memoryModel: 'tso' }, verdict: 'pass' },
  { name: 'SB litmus pso smp_mb', file: 'sb.c', subst: mb, options: { memoryModel: 'pso' }, verdict: 'pass' },
  { name: 'MP litmus tso', file: 'mp_litmus.c', subst: none, options: { memoryModel: 'tso' }, verdict: 'pass' },
  { name: 'MP litmus pso', file: 'mp_litmus.c', subst: none, options: { memoryModel: 'pso' }, verdict: 'fail', property: 'assertion' },
  { name: 'MP litmus pso smp_wmb', file: 'mp_litmus.c', subst: wmb, options: { memoryModel: 'pso' }, verdict: 'pass' },
  { name: 'LB litmus pso', file: 'lb.c', options: { memoryModel: 'pso' }, verdict: 'pass' },
  { name: '2+2W tso', file: 'w22.c', options: { memoryModel: 'tso' }, verdict: 'pass' },
  { name: '2+2W pso', file: 'w22.c', options: { memoryModel: 'pso' }, verdict: 'fail', property: 'assertion' },
  { name: 'IRIW pso', file: 'iriw.c', options: { memoryModel: 'pso' }, verdict: 'pass' },
  { name: 'store forwarding + join drains, pso', file: 'forward.c', options: { memoryModel: 'pso' }, verdict: 'pass' },
  { name: 'pthread mutex counter pso', file: 'mutex_pso.c', options: { memoryModel: 'pso' }, verdict: 'pass' },
  { name: 'polite livelock', file: 'livelock.c', verdict: 'fail', property: 'non-termination' },
  { name: 'spin while holding the setter\'s mutex', file: 'spin_blocked.c', verdict: 'fail', property: 'non-termination' },
  // SEMANTICS.md defines a loop with no visible instruction as a runtime-error
  // ("infinite loop without shared-memory access"), not a non-termination lasso.
  { name: 'infinite loop over locals', file: 'local_spin.c', verdict: 'fail', property: 'runtime-error' },
  { name: 'long terminating local loop', file: 'long_local_loop.c', verdict: 'pass' },
  { name: 'lock twice (self-deadlock)', file: 'self_lock.c', verdict: 'fail', property: 'lock-misuse' },
  { name: 'unlock by non-owner', file: 'unlock_other.c', verdict: 'fail', property: 'lock-misuse' },
  { name: 'pthread_exit holding a lock', file: 'exit_holding.c', verdict: 'fail', property: 'lock-misuse' },
  { name: 'join cycle', file: 'join_cycle.c', verdict: 'fail', property: 'deadlock' },
  { name: 'division by zero', file: 'div_zero.c', verdict: 'fail', property: 'runtime-error' },
  { name: 'fork copies memory', file: 'fork_copy.c', verdict: 'pass' },
  { name: 'waitpid without children', file: 'waitpid_none.c', verdict: 'pass' },
  { name: 'rwsem readers and writer', file: 'rwsem.c', verdict: 'pass' },
  { name: 'cmpxchg semaphore', file: 'sem_cmpxchg.c', verdict: 'pass' },
  { name: 'cmpxchg semaphore pso', file: 'sem_cmpxchg.c', options: { memoryModel: 'pso' }, verdict: 'pass' },
  { name: 'forgotten futex_wake', file: 'missing_wake.c', verdict: 'fail', property: 'lost-wakeup' },
  { name: 'incompatible pointer types', file: 'type_err.c', verdict: 'error' },
  { name: '#ifdef', file: 'ifdef_err.c', verdict: 'error' },
  { name: 'double', file: 'float_err.c', verdict: 'error' },
  { name: 'assume then assert in a thread', file: 'assume_thread.c', verdict: 'pass' },
  // SEMANTICS.md: main returning while holding a lock is lock-misuse (documented choice).
  { name: 'main returns holding a mutex', file: 'main_exits_blocked.c', verdict: 'fail', property: 'lock-misuse' },
  { name: 'main returns, thread blocked on a mutex', file: 'main_exits_blocked2.c', verdict: 'pass' },
  { name: 'main returns, thread asleep on a futex', file: 'main_exits_sleeper.c', verdict: 'pass' },
  { name: 'main returns, thread spins', file: 'main_exits_spinner.c', verdict: 'pass' },
  { name: 'main pthread_exits, thread spins forever', file: 'main_pthread_exit_spinner.c', verdict: 'fail', property: 'non-termination' },
  { name: 'invariant broken between two stores', file: 'invariant_fail.c', verdict: 'fail', property: 'conserved' },
  { name: 'invariant that holds', file: 'invariant_ok.c', verdict: 'pass' },
  { name: 'signal handler relocks held mutex', file: 'signal_selflock.c', verdict: 'fail', property: 'lock-misuse' },
  { name: 'double free', file: 'double_free.c', verdict: 'fail', property: 'memory-fault' },
  { name: 'heap write past the block (red zone)', file: 'heap_oob.c', verdict: 'fail', property: 'memory-fault' },
  { name: 'unbounded recursion', file: 'recursion.c', verdict: 'fail', property: 'runtime-error' },
  { name: 'MP with atomic_store flag, pso', file: 'mp_atomic_store.c', options: { memoryModel: 'pso' }, verdict: 'pass' },
  { name: 'mutex starvation (weak fairness)', file: 'starve.c', verdict: 'fail', property: 'non-termination' },
  // The child's only thread is the copy of the forking thread, which held m: relocking
  // it is the documented self-deadlock lock-misuse.
  { name: 'child relocks the lock its forking thread held', file: 'waitpid_stuck_child.c', verdict: 'fail', property: 'lock-misuse' },
  { name: 'spin chain through a mutex (fair)', file: 'three_way.c', verdict: 'pass' },
  { name: 'join retval and second join', file: 'retval.c', verdict: 'pass' },
  { name: 'deep bug, max-states 300', file: 'deep_bug.c', options: { maxStates: 300 }, verdict: 'inconclusive' },
  { name: 'deep bug, full search', file: 'deep_bug.c', verdict: 'fail', property: 'assertion' },
  { name: 'counter race, 0 preemptions (bounded pass)', file: 'counter_race.c', options: { preemptions: 0 }, verdict: 'pass' },
  { name: 'counter race, 1 preemption', file: 'counter_race.c', options: { preemptions: 1 }, verdict: 'fail', property: 'assertion' },
  { name: 'fair spin, 0 preemptions', file: 'spin_eventually.c', options: { preemptions: 0 }, verdict: 'pass' },
  { name: 'ABBA, 0 preemptions', file: 'abba.c', options: { preemptions: 0 }, verdict: 'pass' },
  { name: 'counter race, max-steps 6', file: 'counter_race.c', options: { maxSteps: 6, properties: ['deadlock', 'non-termination', 'lost-wakeup'] }, verdict: 'inconclusive' },
  { name: 'fork while a mutex is held, per-page fork', file: 'fork_mutex.c', options: { fork: 'per-page' }, verdict: 'fail', property: 'deadlock' },
  { name: 'sequential C semantics (arith, switch, pointers)', file: 'c_semantics.c', verdict: 'pass' },
  { name: 'sequential C semantics, one assert made false', file: 'c_semantics.c', subst: { 'assert(t == 1)': 'assert(t == 2)' }, verdict: 'fail', property: 'assertion' },
  { name: 'fork with a buffered store, pso', file: 'fork_tso.c', options: { memoryModel: 'pso' }, verdict: 'pass' },
  { name: 'fork with a buffered store, tso', file: 'fork_tso.c', options: { memoryModel: 'tso' }, verdict: 'pass' },
  { name: 'msleep after an unlocked check', file: 'msleep_lost.c', verdict: 'fail', property: 'lost-wakeup' },
  { name: 'trylock back-off livelock', file: 'trylock_livelock.c', verdict: 'fail', property: 'non-termination' },
  { name: 'at_exit invariant: child leaks an fd', file: 'at_exit_inv.c', verdict: 'fail', property: 'no_leak' },
  { name: 'state explosion, timeout 50 ms', file: 'explode.c', options: { timeoutMs: 50 }, verdict: 'inconclusive' },
  { name: 'sampling a passing model never passes', file: 'ticket.c', subst: { RELEASE: 'atomic_fetch_add(&now_serving, 1);' }, options: { strategy: { kind: 'random', seed: 1, runs: 50 } }, verdict: 'inconclusive' },
  { name: 'random sampling finds the counter race', file: 'counter_race.c', options: { strategy: { kind: 'random', seed: 7, runs: 200 } }, verdict: 'fail', property: 'assertion' },
  { name: 'PCT finds the ABBA deadlock', file: 'abba.c', options: { strategy: { kind: 'pct', seed: 3, runs: 200 } }, verdict: 'fail', property: 'deadlock' },
  { name: 'only deadlock checked: counter race passes', file: 'counter_race.c', options: { properties: ['deadlock'] }, verdict: 'pass' },
  { name: 'coherence CoWW/CoRR, pso', file: 'coherence.c', options: { memoryModel: 'pso' }, verdict: 'pass' },
  { name: 'smp_wmb orders all earlier stores, pso', file: 'wmb_multi.c', options: { memoryModel: 'pso' }, verdict: 'pass' },
  { name: 'futex_wait sees own buffered store, tso', file: 'futex_own_store.c', options: { memoryModel: 'tso' }, verdict: 'pass' },
  { name: 'pthread_create publishes earlier stores, pso', file: 'create_publishes.c', options: { memoryModel: 'pso' }, verdict: 'pass' },
  { name: 'futex_wake drains a plain flag store, pso', file: 'futex_plain_flag.c', options: { memoryModel: 'pso' }, verdict: 'pass' },
  { name: "finished thread's buffer still drains, tso", file: 'dead_thread_buffer.c', options: { memoryModel: 'tso' }, verdict: 'pass' },
  { name: 'two futex waiters, one wake', file: 'futex_two_waiters.c', verdict: 'fail', property: 'lost-wakeup' },
  { name: 'peterson with turn before flag (sc)', file: 'peterson_swapped.c', verdict: 'fail', property: 'assertion' },
  { name: "Hyman's algorithm (sc)", file: 'hyman.c', verdict: 'fail', property: 'assertion' },
  { name: 'bakery without choosing (sc)', file: 'bakery_nochoosing.c', verdict: 'fail', property: 'assertion' },
  { name: 'double-checked init, pso', file: 'dcl.c', subst: { FENCE: '' }, options: { memoryModel: 'pso' }, verdict: 'fail', property: 'assertion' },
  { name: 'double-checked init + smp_wmb, pso', file: 'dcl.c', subst: wmb, options: { memoryModel: 'pso' }, verdict: 'pass' },
  { name: 'seqlock sc', file: 'seqlock.c', subst: { FENCE: '' }, verdict: 'pass' },
  { name: 'seqlock pso', file: 'seqlock.c', subst: { FENCE: '' }, options: { memoryModel: 'pso' }, verdict: 'fail', property: 'assertion' },
  { name: 'seqlock + smp_wmb, pso', file: 'seqlock.c', subst: wmb, options: { memoryModel: 'pso' }, verdict: 'pass' },
  { name: 'Drepper futex mutex, 3 threads', file: 'drepper.c', subst: { WAKE: 'futex_wake(&val, 1);' }, verdict: 'pass' },
  { name: 'Drepper futex mutex, 3 threads, pso', file: 'drepper.c', subst: { WAKE: 'futex_wake(&val, 1);' }, options: { memoryModel: 'pso' }, verdict: 'pass' },
  { name: 'Drepper futex mutex without the wake', file: 'drepper.c', subst: { WAKE: '' }, verdict: 'fail', property: 'lost-wakeup' },
  { name: 'pthread_atfork fix for fork-with-held-lock', file: 'atfork_fix.c', verdict: 'pass' },
  { name: 'pthread_atfork fix, per-page fork', file: 'atfork_fix.c', options: { fork: 'per-page' }, verdict: 'pass' },
  { name: 'fork snapshot vs concurrent writer, sc per-page', file: 'fork_pages.c', options: { fork: 'per-page' }, verdict: 'pass' },
  { name: 'fork snapshot vs concurrent writer, pso', file: 'fork_pages.c', options: { memoryModel: 'pso' }, verdict: 'fail', property: 'assertion' },
  { name: 'waitpid WNOHANG polling loop', file: 'wnohang.c', verdict: 'pass' },
  { name: "child spins on the parent's flag", file: 'child_spins.c', verdict: 'fail', property: 'non-termination' },
  { name: 'exit() in a thread ends the joining main', file: 'thread_exit_all.c', verdict: 'pass' },
  { name: 'signal handler sets the spun-on flag', file: 'signal_flag.c', verdict: 'pass' },
  { name: 'rwsem read-to-write upgrade', file: 'rwsem_upgrade.c', verdict: 'fail', property: 'lock-misuse' },
  { name: 'rwsem/mutex ABBA', file: 'rw_abba.c', verdict: 'fail', property: 'deadlock' },
  { name: 'thread storing forever, tso', file: 'store_loop.c', options: { memoryModel: 'tso' }, verdict: 'fail', property: 'non-termination' },
  { name: 'thread storing forever, pso', file: 'store_loop.c', options: { memoryModel: 'pso' }, verdict: 'fail', property: 'non-termination' },
  { name: 'spin on a flag nobody sets, pso', file: 'spin_never_pso.c', options: { memoryModel: 'pso' }, verdict: 'fail', property: 'non-termination' },
  { name: 'unbounded counter, max-states 2000', file: 'growing.c', options: { maxStates: 2000 }, verdict: 'inconclusive' },
  { name: 'self-lock with lock-misuse unchecked is a deadlock', file: 'self_lock.c', options: { properties: ['deadlock'] }, verdict: 'fail', property: 'deadlock' },
  { name: 'double unlock with lock-misuse unchecked carries on', file: 'double_unlock.c', options: { properties: ['deadlock', 'assertion'] }, verdict: 'pass' },
  { name: 'assume then a local loop', file: 'assume_loop.c', verdict: 'pass' },
  { name: 'worker killed holding the mutex', file: 'kill_holder.c', options: { faults: { kill: { threads: ['worker'], max: 1 } } }, verdict: 'fail', property: 'deadlock' },
  { name: 'no kill budget: the same model passes', file: 'kill_holder.c', verdict: 'pass' },
];

/** Malformed programs: verdict error, first error diagnostic at this line:column. */
export const MALFORMED: { file: string; at: [number, number]; message: RegExp }[] = [
  { file: 'comment.c', at: [1, 18], message: /comment is never closed/ },
  { file: 'string.c', at: [1, 16], message: /never closed/ },
  { file: 'deep.c', at: [1, 92], message: /nesting deeper/ },
  { file: 'fnmacro.c', at: [1, 9], message: /function-like macros/ },
  { file: 'argc.c', at: [2, 18], message: /takes 1 argument/ },
  { file: 'undef_fn.c', at: [1, 18], message: /unknown name 'foo'/ },
  { file: 'dupmain.c', at: [2, 5], message: /already defined/ },
  { file: 'brace.c', at: [1, 16], message: /never closed/ },
  { file: 'gotox.c', at: [1, 18], message: /not defined/ },
  { file: 'rvalue.c', at: [2, 18], message: /cannot be assigned/ },
  { file: 'derefint.c', at: [1, 36], message: /needs a pointer/ },
  { file: 'create3.c', at: [2, 31], message: /takes 4 arguments/ },
];
