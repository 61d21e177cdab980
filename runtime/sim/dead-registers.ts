// Dead-register reduction: before a state is encoded, every register that is dead
// at its frame's pc (FunctionIR.liveRegisters, computed by runtime/dialect/liveness.ts)
// is set to 0. Two states that differ only in values no path will read again then
// encode to one vector, and the explorer counts them once. Why this cannot change
// a verdict: docs/SEMANTICS.md, "Dead registers".

import { liveWords, type Program } from '../ir.ts';
import type { World } from './state.ts';

/**
 * Zero the dead registers of every frame of every thread whose frames this step opened. A
 * thread still lazy (its tail untouched since decode) is copied into the next
 * state as it was, and was cleared when that state was encoded: its frames and
 * pcs have not changed since, so neither has what is dead in them.
 */
export function clearDeadRegisters(prog: Program, w: World): void {
  const fns = prog.functions;
  for (const t of w.threads) {
    if (!t.framesOpened()) continue;
    for (const f of t.frames) {
      const regs = f.regs;
      if (regs.length === 0) continue;
      const F = fns[f.fn]!;
      const live = F.liveRegisters;
      if (live === undefined) continue;
      const n = F.registers;
      const W = liveWords(n);
      const at = f.pc * W;
      // a pc outside the table (never a resting place): keep everything
      if (f.pc < 0 || at + W > live.length) continue;
      // registers past F.registers (a signal number for a handler without parameters) are never read
      const m = regs.length;
      if (W === 1) {
        const bits = live[at]!;
        for (let r = 0; r < m; r++) if (regs[r] !== 0 && (r >= n || (bits & (1 << r)) === 0)) regs[r] = 0;
      } else {
        for (let r = 0; r < m; r++) if (regs[r] !== 0 && (r >= n || (live[at + (r >>> 5)]! & (1 << (r & 31))) === 0)) regs[r] = 0;
      }
    }
  }
}
