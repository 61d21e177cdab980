// A growing code buffer for one function: opcodes with their operands, the source
// position of every opcode, and forward jumps patched when their target is known.

import { Op, operandCount } from '../ir.ts';
import type { Pos } from './ast.ts';

export class Emitter {
  code: number[] = [];
  lines: number[] = [];
  cols: number[] = [];
  /** false after an unconditional transfer (return, jump, noreturn call) until a label */
  reachable = true;

  get here(): number {
    return this.code.length;
  }

  emit(op: Op, pos: Pos, a?: number, b?: number): number {
    const at = this.code.length;
    this.code.push(op);
    this.lines.push(pos.line);
    this.cols.push(pos.col);
    const n = operandCount(op);
    if (n >= 1) this.operand(a ?? 0, pos);
    if (n >= 2) this.operand(b ?? 0, pos);
    return at;
  }

  private operand(v: number, pos: Pos): void {
    this.code.push(v | 0);
    this.lines.push(pos.line);
    this.cols.push(pos.col);
  }

  /** Emit a jump whose target is filled in later by patch(); returns the operand offset. */
  jump(op: Op.JMP | Op.JZ | Op.JNZ, pos: Pos, target = -1): number {
    this.emit(op, pos, target);
    return this.code.length - 1;
  }

  patch(operandAt: number, target: number): void {
    this.code[operandAt] = target;
  }

  /**
   * True when execution could run past the current end: the last instruction is not
   * RET, RETV, JMP or TRAP, or some jump targets the end itself.
   */
  openEnded(): boolean {
    const end = this.code.length;
    let last = -1;
    let jumpsToEnd = false;
    for (let pc = 0; pc < end; pc += 1 + operandCount(this.code[pc]!)) {
      const op = this.code[pc]!;
      last = op;
      if ((op === Op.JMP || op === Op.JZ || op === Op.JNZ) && this.code[pc + 1] === end) jumpsToEnd = true;
    }
    return jumpsToEnd || !(last === Op.RET || last === Op.RETV || last === Op.JMP || last === Op.TRAP);
  }

  /** Patch a list of jump operands to jump here. */
  patchHere(list: number[]): void {
    for (const at of list) this.code[at] = this.code.length;
  }
}
