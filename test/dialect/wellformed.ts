// Structural checks of compiled code, applied to every program the dialect tests
// build: opcodes are known, operands complete, every jump lands on an
// instruction of the same function, every instruction has a source position,
// calls name real functions, and the operand stack has one height at each
// instruction (whatever path reaches it), never negative, empty at RET and
// holding exactly the result at RETV.

import { Op, liveWords, operandCount } from '../../runtime/ir.ts';
import type { FunctionIR, Program } from '../../runtime/ir.ts';
import { OP_NAMES } from '../../runtime/dialect/disasm.ts';

export function checkWellFormed(p: Program): void {
  for (const f of p.functions) checkFunction(p, f);
  if (p.entry !== (p.functionIndex['main'] ?? -1)) throw new Error('entry is not main');
  for (const [name, i] of Object.entries(p.functionIndex)) if (p.functions[i]?.name !== name) throw new Error(`functionIndex[${name}] is wrong`);
  for (const g of p.globals) {
    if (g.address < p.memory.globalsBase || g.address + g.size > p.memory.globalsBase + p.memory.init.length) throw new Error(`global ${g.name} outside the image`);
  }
}

function checkFunction(p: Program, f: FunctionIR): void {
  const fail = (pc: number, why: string) => { throw new Error(`${f.name}@${pc} (${OP_NAMES[f.code[pc]!] ?? '?'}): ${why}`); };
  const starts = new Set<number>();
  for (let pc = 0; pc < f.code.length;) {
    const op = f.code[pc]!;
    if (op < 0 || op > Op.TRAP) fail(pc, `unknown opcode ${op}`);
    if (pc + operandCount(op) >= f.code.length) fail(pc, 'operands run past the end');
    if (f.lines[pc]! < 1 || f.cols[pc]! < 1) fail(pc, 'no source position');
    const a = f.code[pc + 1]!;
    if ((op === Op.GETR || op === Op.SETR) && (a < 0 || a >= f.registers)) fail(pc, `register ${a} of ${f.registers}`);
    if (op === Op.FRAME_ADDR && (a < 0 || a >= f.frameWords)) fail(pc, `frame word ${a} of ${f.frameWords}`);
    starts.add(pc);
    pc += 1 + operandCount(op);
  }
  if (f.params > f.registers) fail(0, 'fewer registers than parameters');
  for (const l of f.locals) {
    const w = l.where;
    if ('register' in w ? w.register >= f.registers : w.frame >= f.frameWords) fail(l.from, `local ${l.name} lives outside the activation`);
    if (l.from > l.to || l.to > f.code.length) fail(l.from, `local ${l.name} has a bad code range`);
  }
  const last = [...starts].pop();
  if (last === undefined) fail(0, 'empty function');
  const lastOp = f.code[last!]!;
  if (![Op.RET, Op.RETV, Op.JMP, Op.TRAP].includes(lastOp)) fail(last!, 'the code can run off its end');

  // stack heights by abstract interpretation
  const height = new Map<number, number>();
  const work: [number, number][] = [[0, 0]];
  while (work.length > 0) {
    const [pc, h] = work.pop()!;
    if (!starts.has(pc)) fail(pc, 'jump into the middle of an instruction or past the end');
    const known = height.get(pc);
    if (known !== undefined) {
      if (known !== h) fail(pc, `stack height ${h} here, ${known} on another path`);
      continue;
    }
    height.set(pc, h);
    const op = f.code[pc]!;
    const a = f.code[pc + 1]!;
    const b = f.code[pc + 2]!;
    const next = pc + 1 + operandCount(op);
    const need = (n: number) => { if (h < n) fail(pc, `needs ${n} values, has ${h}`); };
    switch (op) {
      case Op.NOP: work.push([next, h]); break;
      case Op.PUSH: case Op.GETR: case Op.FRAME_ADDR: work.push([next, h + 1]); break;
      case Op.DUP: need(1); work.push([next, h + 1]); break;
      case Op.POP: case Op.SETR: need(1); work.push([next, h - 1]); break;
      case Op.LOAD: case Op.NEG: case Op.BNOT: case Op.LNOT: case Op.TRUNC8: case Op.BOOL: need(1); work.push([next, h]); break;
      case Op.STORE: need(2); work.push([next, h - 2]); break;
      case Op.JMP: work.push([a, h]); break;
      case Op.JZ: case Op.JNZ: need(1); work.push([a, h - 1], [next, h - 1]); break;
      case Op.CALL: {
        const callee = p.functions[a];
        if (callee === undefined) fail(pc, `calls function ${a}, which does not exist`);
        if (callee!.params !== b) fail(pc, `passes ${b} arguments to ${callee!.name}, which takes ${callee!.params}`);
        need(b);
        work.push([next, h - b + (callee!.returnsValue ? 1 : 0)]);
        break;
      }
      case Op.CALLI:
        // whether the callee pushes a result is not in the code: the path is not followed further
        need(a + 1);
        break;
      case Op.BUILTIN: need(b); work.push([next, h - b + 1]); break;
      case Op.ASSERT: need(1); if (p.strings[a] === undefined) fail(pc, 'no assertion text'); work.push([next, h - 1]); break;
      case Op.RET: if (h !== 0) fail(pc, `returns with ${h} values left on the stack`); break;
      case Op.RETV: if (h !== 1) fail(pc, `returns a value with ${h} values on the stack`); break;
      case Op.TRAP: if (p.strings[a] === undefined) fail(pc, 'no trap text'); break;
      default: need(2); work.push([next, h - 1]); break;
    }
  }
  // compiled code carries one (runtime/dialect/liveness.ts); hand-built IR may leave it out
  if (f.liveRegisters !== undefined && f.liveRegisters.length !== f.code.length * liveWords(f.registers)) fail(0, 'register liveness table of the wrong size');
}
