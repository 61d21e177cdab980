// Human-readable listing of compiled code, one instruction per line:
// `  12  LOAD            ; 7:14`. Used by tests (to state the IR's shape) and by
// `racecourse compile --ir`.

import { Op, operandCount } from '../ir.ts';
import type { FunctionIR, Program } from '../ir.ts';

/** Opcode names in Op order (ir.ts declares Op as a const enum, which has no runtime names). */
export const OP_NAMES: readonly string[] = [
  'NOP', 'PUSH', 'POP', 'DUP', 'GETR', 'SETR', 'FRAME_ADDR', 'LOAD', 'STORE',
  'ADD', 'SUB', 'MUL', 'DIV', 'MOD', 'DIVU', 'MODU', 'AND', 'OR', 'XOR', 'SHL', 'SHR', 'SHRU',
  'EQ', 'NE', 'LT', 'LE', 'GT', 'GE', 'LTU', 'LEU', 'GTU', 'GEU', 'NEG', 'BNOT', 'LNOT', 'TRUNC8', 'BOOL',
  'JMP', 'JZ', 'JNZ', 'CALL', 'CALLI', 'RET', 'RETV', 'BUILTIN', 'ASSERT', 'TRAP',
];

/** The instructions of a function as `NAME a b` strings (no offsets or positions). */
export function instructions(f: FunctionIR): string[] {
  const out: string[] = [];
  for (let pc = 0; pc < f.code.length;) {
    const op = f.code[pc]!;
    const n = operandCount(op);
    out.push([OP_NAMES[op] ?? `?${op}`, ...Array.from(f.code.subarray(pc + 1, pc + 1 + n))].join(' '));
    pc += 1 + n;
  }
  return out;
}

export function disassemble(p: Program, f: FunctionIR): string {
  const lines = [`${f.name}: ${f.params} params, ${f.registers} registers, ${f.frameWords} frame words`];
  for (let pc = 0; pc < f.code.length;) {
    const op = f.code[pc]!;
    const n = operandCount(op);
    const args = Array.from(f.code.subarray(pc + 1, pc + 1 + n));
    let note = '';
    if (op === Op.CALL) note = ` (${p.functions[args[0]!]?.name ?? '?'})`;
    if (op === Op.ASSERT || op === Op.TRAP) note = ` ${JSON.stringify(p.strings[args[0]!] ?? '')}`;
    const text = `${OP_NAMES[op] ?? `?${op}`} ${args.join(' ')}${note}`.trimEnd();
    lines.push(`${String(pc).padStart(5)}  ${text.padEnd(28)} ; ${f.lines[pc]}:${f.cols[pc]}`);
    pc += 1 + n;
  }
  return lines.join('\n');
}
