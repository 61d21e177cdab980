// Larger programs compile to well-formed code (see wellformed.ts), and the check
// itself catches broken code.
import { describe, expect, it } from 'vitest';
import { generateProgram } from '../../bench/compile.bench.ts';
import { Op } from '../../runtime/ir.ts';
import { build } from './helpers.ts';
import { checkWellFormed } from './wellformed.ts';

describe('well-formed code', () => {
  it('the 2,000-line benchmark program is well formed', () => {
    const p = build(generateProgram(2000), 'bench.c');
    expect(p.functions.length).toBeGreaterThan(100);
  });

  it('the check rejects a jump into the middle of an instruction and an unbalanced stack', () => {
    const p = build('int f(int x) { while (x > 0) x--; return x; }');
    const f = p.functions[0]!;
    const jmp = Array.from(f.code).findIndex((op, i) => op === Op.JMP && i > 0);
    const bad = { ...p, functions: [{ ...f, code: Int32Array.from(f.code) }] };
    bad.functions[0]!.code[jmp + 1] = 1; // the operand of the first PUSH/GETR, not an opcode
    expect(() => checkWellFormed(bad)).toThrow(/jump into the middle/);
    const unbalanced = { ...p, functions: [{ ...f, locals: [], code: Int32Array.from([Op.PUSH, 1, Op.PUSH, 2, Op.RETV]) }] };
    expect(() => checkWellFormed(unbalanced)).toThrow(/returns a value with 2 values/);
  });
});
