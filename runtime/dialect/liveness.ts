// Register liveness over a function's compiled code: for every instruction, the
// registers whose current value some path from there may still read. The machine
// (runtime/sim/dead-registers.ts) zeroes the others whenever it encodes a state,
// so that two states that differ only in a value nobody will read again are one
// state (SPIN's "dead variable elimination"; docs/SEMANTICS.md, "Dead registers").
//
// Classic backward dataflow to a fixpoint:
//   live-in(pc)  = uses(pc) ∪ (live-out(pc) \ defs(pc))
//   live-out(pc) = ∪ live-in(s) over the successors s of pc
// Only GETR r reads and SETR r writes a register of the running activation; no
// other instruction touches registers (arguments of a CALL land in the *callee's*
// registers 0..argc-1, which are live or dead by the callee's own table). Control
// flow: JMP goes to its target, JZ/JNZ to their target or the next instruction,
// RET/RETV/TRAP end the activation, and everything else (CALL and CALLI resume
// after the callee returns; BUILTIN, LOAD, STORE, ASSERT) falls through to the next
// instruction. A noreturn builtin is treated as falling through too: a larger live
// set is always sound, only a smaller one could be wrong.
//
// Address-taken locals live in the activation's frame memory, not in registers:
// they are not in this table and are never cleared.

import { Op, liveWords, operandCount, registerLive, type FunctionIR } from '../ir.ts';

/**
 * The live-in register set of every code offset, `liveWords(registers)` words per
 * offset: bit r of word `pc * W + (r >> 5)` is set when register r may be read
 * before it is written on some path from pc. Only opcode offsets are computed;
 * operand offsets (never a frame's pc) are marked all-live, and a jump outside the
 * code (which the compiler never emits) makes every register live, so that a
 * table misread can only keep values, never drop one.
 */
export function registerLiveness(code: Int32Array, registers: number): Uint32Array {
  const W = liveWords(registers);
  const n = code.length;
  const live = new Uint32Array(n * W);
  if (W === 0) return live;

  // instruction starts, in code order
  const starts: number[] = [];
  for (let pc = 0; pc < n; pc += 1 + operandCount(code[pc]!)) starts.push(pc);
  const isStart = new Uint8Array(n + 1);
  for (const pc of starts) isStart[pc] = 1;
  for (let pc = 0; pc < n; pc++) if (isStart[pc] === 0) live.fill(0xffffffff, pc * W, pc * W + W);

  const out = new Uint32Array(W);
  // Backward problem: sweeping the instructions from last to first reaches the
  // fixpoint in few rounds (loops need one extra round per nesting level).
  for (let changed = true; changed;) {
    changed = false;
    for (let k = starts.length - 1; k >= 0; k--) {
      const pc = starts[k]!;
      const op = code[pc]!;
      const next = pc + 1 + operandCount(op);
      out.fill(0);
      switch (op) {
        case Op.RET: case Op.RETV: case Op.TRAP:
          break;
        case Op.JMP:
          join(out, live, code[pc + 1]!, n, isStart, W);
          break;
        case Op.JZ: case Op.JNZ:
          join(out, live, code[pc + 1]!, n, isStart, W);
          join(out, live, next, n, isStart, W);
          break;
        default:
          join(out, live, next, n, isStart, W);
      }
      if (op === Op.SETR) clearBit(out, code[pc + 1]!, registers);
      if (op === Op.GETR) setBit(out, code[pc + 1]!, registers, W);
      const at = pc * W;
      for (let j = 0; j < W; j++) {
        if (live[at + j] !== out[j]) {
          live[at + j] = out[j]!;
          changed = true;
        }
      }
    }
  }
  return live;
}

/** out |= live-in(target); a target that is not an instruction makes everything live */
function join(out: Uint32Array, live: Uint32Array, target: number, n: number, isStart: Uint8Array, W: number): void {
  if (target < 0 || target >= n || isStart[target] === 0) {
    out.fill(0xffffffff);
    return;
  }
  const at = target * W;
  for (let j = 0; j < W; j++) out[j] = (out[j]! | live[at + j]!) >>> 0;
}

function setBit(out: Uint32Array, r: number, registers: number, W: number): void {
  // a register outside the activation (never emitted): keep everything
  if (r < 0 || r >= registers) { out.fill(0xffffffff, 0, W); return; }
  out[r >>> 5] = (out[r >>> 5]! | (1 << (r & 31))) >>> 0;
}

function clearBit(out: Uint32Array, r: number, registers: number): void {
  if (r < 0 || r >= registers) return;
  out[r >>> 5] = (out[r >>> 5]! & ~(1 << (r & 31))) >>> 0;
}

/** The registers live on entry to pc, ascending (for tests and tools). */
export function liveAt(f: FunctionIR, pc: number): number[] {
  const out: number[] = [];
  for (let r = 0; r < f.registers; r++) if (registerLive(f, pc, r)) out.push(r);
  return out;
}
