// Register liveness (runtime/dialect/liveness.ts): which registers may still be
// read at each place a thread can rest between steps (a visible instruction, or the
// return point after a call), on straight code, loops, branches, gotos and calls.
import { describe, expect, it } from 'vitest';
import { OP_NAMES } from '../../runtime/dialect/disasm.ts';
import { liveAt, registerLiveness } from '../../runtime/dialect/liveness.ts';
import { Op, liveWords, operandCount, registerLive, type FunctionIR, type Program } from '../../runtime/ir.ts';
import { build } from './helpers.ts';

function fn(p: Program, name: string): FunctionIR {
  return p.functions[p.functionIndex[name]!]!;
}

/** The register locals' names, by register. */
function nameOf(f: FunctionIR, r: number): string {
  return f.locals.find((l) => 'register' in l.where && l.where.register === r)?.name ?? `r${r}`;
}

/**
 * One line per resting place, in code order: `STORE: x,y` (a visible instruction and
 * the registers live there), `after CALL: y` (a caller's return point).
 */
function resting(f: FunctionIR): string[] {
  const out: string[] = [];
  const names = (pc: number) => liveAt(f, pc).map((r) => nameOf(f, r)).join(',');
  for (let pc = 0; pc < f.code.length;) {
    const op = f.code[pc]!;
    const next = pc + 1 + operandCount(op);
    if (op === Op.LOAD || op === Op.STORE || op === Op.BUILTIN) out.push(`${OP_NAMES[op]}: ${names(pc)}`);
    if (op === Op.CALL || op === Op.CALLI) out.push(`after ${OP_NAMES[op]}: ${names(next)}`);
    pc = next;
  }
  return out;
}

describe('register liveness', () => {
  it('a register is dead once its last read is behind, and dead again where it is written before any read', () => {
    const p = build(`int g;
      int f(void) {
        int x = 1;
        g = 0;      // x is written again before it is read: dead here
        x = 2;
        g = x;      // x is on the operand stack when the store rests: dead
        return 0;
      }`);
    expect(resting(fn(p, 'f'))).toEqual(['STORE: ', 'STORE: ']);
  });

  it('parameters are live at entry when read, dead when never read', () => {
    const p = build(`int g;
      void *w(void *unused) { g = 1; return 0; }
      int f(int a, int b) { g = 1; g = b; return 0; }`);
    expect(liveAt(fn(p, 'w'), 0)).toEqual([]);
    expect(liveAt(fn(p, 'f'), 0).map((r) => nameOf(fn(p, 'f'), r))).toEqual(['b']);
    expect(resting(fn(p, 'f'))).toEqual(['STORE: b', 'STORE: ']);
  });

  it('loops keep a register live around the back edge; a branch reads one only on its side; a call does not end liveness', () => {
    const p = build(`int g; int flag;
      void h(void) { g = 5; }
      int f(int a, int b) {
        int x = a;
        int y = b;
        int i = 0;
        while (i < 3) { g = i; i = i + 1; }
        if (flag) g = x; else g = 1;
        h();
        g = y;
        return 0;
      }`);
    expect(resting(fn(p, 'f'))).toEqual([
      'STORE: x,y,i', // g = i in the loop: i is read again by i + 1 and the next test
      'LOAD: x,y', // if (flag): i is never read after the loop; x only on the then-branch
      'STORE: y', // g = x: x is on the stack now
      'STORE: y', // g = 1: x is dead on the else-branch
      'after CALL: y', // y is read after h() returns
      'STORE: ',
    ]);
  });

  it('a register read only in a loop condition is live in the body, at every iteration (the fixpoint crosses the back edge)', () => {
    const p = build(`int g;
      int f(int n) {
        int limit = n;
        while (g < limit) g = g + 1;
        return 0;
      }`);
    // LOAD g (condition), LOAD g (body), STORE g: limit is read at the next test
    expect(resting(fn(p, 'f'))).toEqual(['LOAD: limit', 'LOAD: limit', 'STORE: limit']);
  });

  it('goto loops and early returns', () => {
    const p = build(`int g;
      int f(int k) {
        int done = 0;
      again:
        g = g + 1;
        if (g < k) goto again;
        if (g == 7) return done;
        g = 0;
        return 1;
      }`);
    // k is read by every round's test; done only on the return-done path
    expect(resting(fn(p, 'f'))).toEqual(['LOAD: k,done', 'STORE: k,done', 'LOAD: k,done', 'LOAD: done', 'STORE: ']);
  });

  it('the value of a call lands on the operand stack, not in a register: a local assigned from it is dead until then', () => {
    const p = build(`int g;
      int h(void) { return g; }
      int f(void) {
        int r = 0;
        g = 1;
        r = h();
        g = r;
        return 0;
      }`);
    expect(resting(fn(p, 'f'))).toEqual(['STORE: ', 'after CALL: ', 'STORE: ']);
    expect(resting(fn(p, 'h'))).toEqual(['LOAD: ']);
  });

  it('an address-taken local lives in the frame and has no bit; registers still do', () => {
    const p = build(`int g;
      void touch(int *p) { *p = 1; }
      int f(void) {
        int kept = 3;
        int mem = 0;
        touch(&mem);
        g = mem + kept;
        return 0;
      }`);
    const f = fn(p, 'f');
    expect(f.locals.find((l) => l.name === 'mem')!.where).toEqual({ frame: 0 });
    expect(resting(f)).toEqual(['STORE: kept', 'after CALL: kept', 'LOAD: kept', 'STORE: ']);
  });

  it('every compiled function has a table of liveWords(registers) words per code offset', () => {
    const p = build(`int g; int f(int a) { int b = a; g = b; return b; } int main(void) { return f(1); }`);
    for (const f of p.functions) expect(f.liveRegisters!.length).toBe(f.code.length * liveWords(f.registers));
  });
});

describe('register liveness on raw code', () => {
  const code = (...words: number[]) => Int32Array.from(words);

  it('more than 32 registers take a second word per offset', () => {
    // 0: SETR 33   2: GETR 1   4: GETR 33   6: POP  7: POP  8: RET   (a value on the stack at 0 is assumed)
    const c = code(Op.SETR, 33, Op.GETR, 1, Op.GETR, 33, Op.POP, Op.POP, Op.RET);
    const live = registerLiveness(c, 40);
    const f = { registers: 40, liveRegisters: live } as FunctionIR;
    const at = (pc: number) => Array.from({ length: 40 }, (_, r) => r).filter((r) => registerLive(f, pc, r));
    expect(live.length).toBe(c.length * 2);
    expect(at(0)).toEqual([1]);
    expect(at(2)).toEqual([1, 33]);
    expect(at(4)).toEqual([33]);
    expect(at(6)).toEqual([]);
  });

  it('a jump out of the code makes everything live, and operand offsets are all-live', () => {
    const c = code(Op.GETR, 0, Op.POP, Op.JMP, 99);
    const f = { registers: 3, liveRegisters: registerLiveness(c, 3) } as FunctionIR;
    expect([0, 1, 2].map((r) => registerLive(f, 3, r))).toEqual([true, true, true]);
    expect([0, 1, 2].map((r) => registerLive(f, 4, r))).toEqual([true, true, true]);
    expect([0, 1, 2].map((r) => registerLive(f, 1, r))).toEqual([true, true, true]);
  });

  it('JZ joins both successors; RET and TRAP end liveness', () => {
    // 0: JZ 5   2: GETR 0   4: RET   5: GETR 1   7: TRAP 0
    const c = code(Op.JZ, 5, Op.GETR, 0, Op.RET, Op.GETR, 1, Op.TRAP, 0);
    const f = { registers: 2, liveRegisters: registerLiveness(c, 2) } as FunctionIR;
    const at = (pc: number) => [0, 1].filter((r) => registerLive(f, pc, r));
    expect(at(0)).toEqual([0, 1]);
    expect(at(2)).toEqual([0]);
    expect(at(4)).toEqual([]);
    expect(at(5)).toEqual([1]);
    expect(at(7)).toEqual([]);
  });

  it('without a table every register counts as live; past the activation none does', () => {
    const f = { registers: 1 } as FunctionIR;
    expect(registerLive(f, 0, 0)).toBe(true);
    const g = { registers: 1, liveRegisters: registerLiveness(code(Op.GETR, 0, Op.RETV), 1) } as FunctionIR;
    expect(registerLive(g, 0, 0)).toBe(true);
    expect(registerLive(g, 0, 1)).toBe(false);
  });
});
