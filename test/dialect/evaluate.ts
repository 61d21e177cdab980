// A tiny single-thread evaluator of compiled programs, for tests only: it lets
// the compiler's tests check what generated code computes (fib, lists, switch
// fall-through…). The real machine, with threads and builtins, is runtime/sim/.
// No builtins: calling one is an error here.

import { FN_PTR_BASE, Op, operandCount } from '../../runtime/ir.ts';
import type { Program } from '../../runtime/ir.ts';

export class EvalError extends Error {}

export interface EvalResult {
  value: number | undefined;
  memory: Int32Array;
  steps: number;
}

const MEMORY_WORDS = 1 << 16;

export function evaluate(program: Program, fnName = 'main', args: number[] = [], maxSteps = 1_000_000): EvalResult {
  const memory = new Int32Array(MEMORY_WORDS);
  memory.set(program.memory.init, program.memory.globalsBase);
  let sp = program.memory.globalsBase + program.memory.init.length + 64; // frames grow upwards from here
  let steps = 0;
  const check = (a: number) => {
    if (a < program.memory.pageSize || a >= MEMORY_WORDS) throw new EvalError(`memory fault at ${a}`);
    return a;
  };

  function call(index: number, argv: number[]): number | undefined {
    const f = program.functions[index];
    if (f === undefined) throw new EvalError(`bad function index ${index}`);
    const regs = new Array<number>(Math.max(f.registers, 1)).fill(0);
    argv.forEach((v, i) => (regs[i] = v));
    const frame = sp;
    sp += f.frameWords;
    if (sp >= MEMORY_WORDS) throw new EvalError('stack overflow');
    const stack: number[] = [];
    const code = f.code;
    let pc = 0;
    const pop = () => {
      if (stack.length === 0) throw new EvalError(`stack underflow in ${f.name} at ${pc}`);
      return stack.pop()!;
    };
    try {
      for (;;) {
        if (++steps > maxSteps) throw new EvalError('step limit');
        const op = code[pc]!;
        const a = code[pc + 1]!;
        const b = code[pc + 2]!;
        pc += 1 + operandCount(op);
        switch (op) {
          case Op.NOP: break;
          case Op.PUSH: stack.push(a); break;
          case Op.POP: pop(); break;
          case Op.DUP: { const v = pop(); stack.push(v, v); break; }
          case Op.GETR: stack.push(regs[a]!); break;
          case Op.SETR: regs[a] = pop(); break;
          case Op.FRAME_ADDR: stack.push(frame + a); break;
          case Op.LOAD: stack.push(memory[check(pop())]!); break;
          case Op.STORE: { const v = pop(); memory[check(pop())] = v; break; }
          case Op.NEG: stack.push(-pop() | 0); break;
          case Op.BNOT: stack.push(~pop()); break;
          case Op.LNOT: stack.push(pop() === 0 ? 1 : 0); break;
          case Op.TRUNC8: stack.push((pop() << 24) >> 24); break;
          case Op.BOOL: stack.push(pop() !== 0 ? 1 : 0); break;
          case Op.JMP: pc = a; break;
          case Op.JZ: if (pop() === 0) pc = a; break;
          case Op.JNZ: if (pop() !== 0) pc = a; break;
          case Op.CALL: case Op.CALLI: {
            const argc = op === Op.CALL ? b : a;
            const argv2 = stack.splice(stack.length - argc, argc);
            let target = a;
            if (op === Op.CALLI) {
              target = pop() - FN_PTR_BASE;
              if (target < 0 || target >= program.functions.length) throw new EvalError('bad function pointer');
            }
            const r = call(target, argv2);
            if (program.functions[target]!.returnsValue) stack.push(r!);
            break;
          }
          case Op.RET:
            if (stack.length !== 0) throw new EvalError(`${f.name} returns with ${stack.length} values left on its stack`);
            return undefined;
          case Op.RETV:
            if (stack.length !== 1) throw new EvalError(`${f.name} returns a value with ${stack.length} values on its stack`);
            return pop();
          case Op.BUILTIN: throw new EvalError(`builtin ${a} called`);
          case Op.ASSERT: if (pop() === 0) throw new EvalError(`assertion failed: ${program.strings[a]}`); break;
          case Op.TRAP: throw new EvalError(`trap: ${program.strings[a]}`);
          default: {
            const y = pop(), x = pop();
            stack.push(binary(op, x, y));
          }
        }
      }
    } finally {
      sp = frame;
    }
  }

  const index = program.functionIndex[fnName];
  if (index === undefined) throw new EvalError(`no function ${fnName}`);
  const value = call(index, args);
  return { value, memory, steps };
}

function binary(op: number, x: number, y: number): number {
  const ux = x >>> 0, uy = y >>> 0;
  switch (op) {
    case Op.ADD: return (x + y) | 0;
    case Op.SUB: return (x - y) | 0;
    case Op.MUL: return Math.imul(x, y);
    case Op.DIV: if (y === 0) throw new EvalError('division by zero'); return (x / y) | 0;
    case Op.MOD: if (y === 0) throw new EvalError('division by zero'); return (x % y) | 0;
    case Op.DIVU: if (y === 0) throw new EvalError('division by zero'); return (ux / uy) | 0;
    case Op.MODU: if (y === 0) throw new EvalError('division by zero'); return (ux % uy) | 0;
    case Op.AND: return x & y;
    case Op.OR: return x | y;
    case Op.XOR: return x ^ y;
    case Op.SHL: return x << (y & 31);
    case Op.SHR: return x >> (y & 31);
    case Op.SHRU: return (x >>> (y & 31)) | 0;
    case Op.EQ: return x === y ? 1 : 0;
    case Op.NE: return x !== y ? 1 : 0;
    case Op.LT: return x < y ? 1 : 0;
    case Op.LE: return x <= y ? 1 : 0;
    case Op.GT: return x > y ? 1 : 0;
    case Op.GE: return x >= y ? 1 : 0;
    case Op.LTU: return ux < uy ? 1 : 0;
    case Op.LEU: return ux <= uy ? 1 : 0;
    case Op.GTU: return ux > uy ? 1 : 0;
    case Op.GEU: return ux >= uy ? 1 : 0;
  }
  throw new EvalError(`unknown opcode ${op}`);
}
