// Invariants are evaluated after every step in every live process (docs/SEMANTICS.md,
// "Properties"), and most steps change nothing an invariant looks at. An invariant
// is a pure function of what its evaluation can observe of one process:
//
//   - the words it loads (plain loads and atomic_load) from the process's memory;
//   - for an address outside the globals, the memory's length and the allocation
//     table (the address check: out of bounds, freed, a returned frame); alloc_id
//     reads the allocation table too;
//   - the descriptor table (fd_is_open) and the pid (getpid).
//
// Nothing else reaches it: it runs on a thread of its own with zeroed registers and
// a zeroed scratch frame, sees no store buffer and no other thread, and may call no
// other builtin (one that it calls, like a store, ends the evaluation with a
// finding, which is never memoised). So an evaluation that ended normally gives the
// same result again on any process that agrees with it on everything it used: the
// same value at every address it loaded, in the same order of execution (which
// follows by induction: the same values lead to the same next address), and the same
// tables where it looked at them. That is what a Dependencies record keeps.

import type { Proc } from './state.ts';

export class Dependencies {
  /** address, value pairs of every load the evaluation made, in order */
  reads = new Int32Array(64);
  /** words used in `reads` */
  n = 0;
  /** an address check looked past the globals (memory length, allocation table), or alloc_id was called */
  layout = false;
  /** fd_is_open was called */
  fds = false;
  /** getpid was called */
  pid = false;
  /** the tables as they were, where used */
  memLength = 0;
  allocs: number[] = [];
  fdTable: number[] = [];
  pidValue = 0;
  /** the invariant's result */
  result = 0;

  reset(): void {
    this.n = 0;
    this.layout = false;
    this.fds = false;
    this.pid = false;
  }

  read(addr: number, v: number): void {
    if (this.n + 2 > this.reads.length) {
      const r = new Int32Array(this.reads.length * 2);
      r.set(this.reads);
      this.reads = r;
    }
    this.reads[this.n++] = addr;
    this.reads[this.n++] = v;
  }

  /** Take over what `from` recorded, and the tables of p it used (the evaluation's result: `result`). */
  commit(from: Dependencies, p: Proc, result: number): void {
    if (this.reads.length < from.n) this.reads = new Int32Array(from.reads.length);
    this.reads.set(from.reads.subarray(0, from.n));
    this.n = from.n;
    this.layout = from.layout;
    this.fds = from.fds;
    this.pid = from.pid;
    if (from.layout) {
      this.memLength = p.mem.length;
      this.allocs = p.allocsCopy();
    }
    if (from.fds) this.fdTable = p.fdsCopy();
    if (from.pid) this.pidValue = p.pid;
    this.result = result;
  }

  /** Would the evaluation that recorded this run exactly the same way on p? */
  holdsFor(p: Proc): boolean {
    if (this.pid && p.pid !== this.pidValue) return false;
    if (this.layout && (p.mem.length !== this.memLength || !p.sameAllocs(this.allocs))) return false;
    if (this.fds && !p.sameFds(this.fdTable)) return false;
    const mem = p.mem;
    const r = this.reads;
    // without `layout`, every address read is a global's, inside every live process's memory
    for (let k = 0; k < this.n; k += 2) if (mem[r[k]!] !== r[k + 1]!) return false;
    return true;
  }
}
