// The shape of the IR each construct compiles to: where values live, what is a
// visible (LOAD/STORE/BUILTIN) step, jumps, and debug information.
import { describe, expect, it } from 'vitest';
import { BUILTIN_ID } from '../../runtime/builtins.ts';
import { OP_NAMES, instructions } from '../../runtime/dialect/disasm.ts';
import { FN_PTR_BASE, Op, operandCount } from '../../runtime/ir.ts';
import type { Program } from '../../runtime/ir.ts';
import { build, buildUnits, errorsOf } from './helpers.ts';

function fn(p: Program, name: string) {
  return p.functions[p.functionIndex[name]!]!;
}
function ops(p: Program, name: string): string[] {
  return instructions(fn(p, name));
}

describe('IR shape', () => {
  it('opcode names line up with the Op enum', () => {
    expect(OP_NAMES[Op.TRAP]).toBe('TRAP');
    expect(OP_NAMES[Op.LOAD]).toBe('LOAD');
    expect(OP_NAMES[Op.BUILTIN]).toBe('BUILTIN');
    expect(OP_NAMES.length).toBe(Op.TRAP + 1);
  });

  it('a scalar local whose address is never taken lives in a register: no LOAD or STORE', () => {
    const p = build('int f(int a) { int x = a + 1; x *= 2; return x; }');
    expect(ops(p, 'f')).toEqual(['GETR 0', 'PUSH 1', 'ADD', 'SETR 1', 'GETR 1', 'PUSH 2', 'MUL', 'SETR 1', 'GETR 1', 'RETV']);
    expect(fn(p, 'f').frameWords).toBe(0);
    expect(fn(p, 'f').locals.map((l) => [l.name, l.where])).toEqual([['a', { register: 0 }], ['x', { register: 1 }]]);
  });

  it('an address-taken local lives in the frame and is read with LOAD', () => {
    const p = build('void g(int *p) { } int f(void) { int x = 1; g(&x); return x; }');
    expect(ops(p, 'f')).toEqual(['FRAME_ADDR 0', 'PUSH 1', 'STORE', 'FRAME_ADDR 0', `CALL ${p.functionIndex['g']} 1`, 'FRAME_ADDR 0', 'LOAD', 'RETV']);
    expect(fn(p, 'f').frameWords).toBe(1);
  });

  it('an address-taken parameter is copied from its register into the frame on entry', () => {
    const p = build('int f(int a) { int *p = &a; return *p; }');
    expect(ops(p, 'f').slice(0, 3)).toEqual(['FRAME_ADDR 0', 'GETR 0', 'STORE']);
  });

  it('a->b loads at the field offset', () => {
    const p = build('struct s { int a; int b; int c; }; int f(struct s *p) { return p->c; }');
    expect(ops(p, 'f')).toEqual(['GETR 0', 'PUSH 2', 'ADD', 'LOAD', 'RETV']);
    expect(p.structs['s']!.fields.map((x) => [x.name, x.offset])).toEqual([['a', 0], ['b', 1], ['c', 2]]);
  });

  it('globals start on page 1 (page 0 is the null page) and have their initial values', () => {
    const p = build('#pragma page_size 4\nint a = 3;\nint b[2] = { 5, 6 };\n#pragma new_page\nint c = -1;\nint f(void) { return c; }');
    expect(p.memory.pageSize).toBe(4);
    expect(p.memory.globalsBase).toBe(4);
    expect(p.globals.map((g) => [g.name, g.address, g.size])).toEqual([['a', 4, 1], ['b', 5, 2], ['c', 8, 1]]);
    expect(Array.from(p.memory.init)).toEqual([3, 5, 6, 0, -1]);
    expect(ops(p, 'f')).toEqual(['PUSH 8', 'LOAD', 'RETV']);
  });

  it('&& and || compile to short-circuit jumps', () => {
    const p = build('int g; int f(int a, int b) { if (a && b) g = 1; return 0; }');
    const code = ops(p, 'f');
    expect(code.slice(0, 4)).toEqual([expect.stringMatching(/^GETR 0$/), expect.stringMatching(/^JZ \d+$/), 'GETR 1', expect.stringMatching(/^JZ \d+$/)]);
    expect(code[1]).toBe(code[3]); // both jump to the same else label
  });

  it('switch dispatches by comparisons after the body, and break jumps past it', () => {
    const p = build('int f(int x) { switch (x) { case 1: return 10; case 7: break; default: return 0; } return 5; }');
    const code = ops(p, 'f');
    expect(code.filter((c) => c === 'EQ')).toHaveLength(2);
    expect(code).toContain('PUSH 7');
    expect(code.filter((c) => c.startsWith('JNZ'))).toHaveLength(2);
    // the switch value lives on the operand stack during the dispatch only, never in a register
    expect(fn(p, 'f').registers).toBe(1);
  });

  it('temporaries are zeroed after use, so stale values never split machine states', () => {
    const p = build('int g; int f(void) { int y = g++; return y; }');
    expect(ops(p, 'f')).toEqual([
      `PUSH ${p.memory.globalsBase}`, 'DUP', 'LOAD', 'SETR 1', 'GETR 1', 'PUSH 1', 'ADD', 'STORE', 'GETR 1', 'PUSH 0', 'SETR 1',
      'SETR 0', 'GETR 0', 'RETV',
    ]);
  });

  it('goto compiles to a jump to the label, forward or backward', () => {
    const p = build('int f(int x) { again: if (x > 0) { x--; goto again; } goto out; x = 9; out: return x; }');
    const code = fn(p, 'f').code;
    const jumps = instructions(fn(p, 'f')).filter((c) => c.startsWith('JMP ')).map((c) => Number(c.split(' ')[1]));
    expect(jumps).toContain(0);
    expect(jumps.some((t) => t > 0 && t < code.length)).toBe(true);
  });

  it('builtins compile to BUILTIN id argc and their unused result is dropped', () => {
    const p = build('pthread_mutex_t m; void f(void) { pthread_mutex_lock(&m); }');
    expect(ops(p, 'f')).toEqual([`PUSH ${p.memory.globalsBase}`, `BUILTIN ${BUILTIN_ID['pthread_mutex_lock']} 1`, 'POP', 'RET']);
  });

  it('assert compiles to ASSERT with the condition as written', () => {
    const p = build('int g; void f(void) { assert(g  ==  0 && g < 1); }');
    const code = ops(p, 'f');
    const a = code.find((c) => c.startsWith('ASSERT'))!;
    expect(p.strings[Number(a.split(' ')[1])]).toBe('g == 0 && g < 1');
  });

  it('function pointers are FN_PTR_BASE + index and are called with CALLI', () => {
    const p = build('int one(void) { return 1; } int f(void) { int (*h)(void) = one; return h(); }');
    expect(ops(p, 'f')).toEqual([`PUSH ${FN_PTR_BASE + p.functionIndex['one']!}`, 'SETR 0', 'GETR 0', 'CALLI 0', 'RETV']);
  });

  it('a non-void function that can fall off its end ends in TRAP; main returns 0', () => {
    const p = build('int f(int x) { if (x) return 1; } int main(void) { }');
    expect(ops(p, 'f').at(-1)).toMatch(/^TRAP \d+$/);
    expect(ops(p, 'main')).toEqual(['PUSH 0', 'RETV']);
  });

  it('code never runs past its end, even when every path leaves the function', () => {
    // build() checks well-formedness: no jump lands past the last instruction
    const p = build(`
      void quit(int x) { if (x) exit(0); else return; }
      int both(int x) { if (x) return 1; else return 2; }
      int spin(int x) { while (1) { if (x) return 1; } }
      int pick(int x) { switch (x) { case 1: return 1; default: return 0; } }
      void leave(void) { pthread_exit(NULL); }`);
    expect(ops(p, 'quit').at(-1)).toBe('RET');
    expect(ops(p, 'both').at(-1)).toBe('RETV');
    expect(ops(p, 'leave').slice(-2)).toEqual(['POP', 'RET']);
  });

  it('int * and unsigned * mix without a cast (futex words are declared either way); char * and int * do not', () => {
    build('unsigned word; int other; void f(void) { atomic_fetch_or(&word, 1); unsigned *p = &other; futex_wake(p, 1); }');
    expect(errorsOf('char c; void f(void) { atomic_store(&c, 1); }')).toEqual([
      "1:37: argument 1 of atomic_store: incompatible pointer types ('char *' to 'int *')",
    ]);
  });

  it('char stores truncate and bool stores normalise', () => {
    const p = build('char c; bool b; void f(int x) { c = x; b = x; }');
    expect(ops(p, 'f')).toContain('TRUNC8');
    expect(ops(p, 'f')).toContain('BOOL');
  });

  it('every opcode has the line and column of its source construct', () => {
    const p = build('int g;\nvoid f(void) {\n  g =\n    g + 1;\n}');
    const f = fn(p, 'f');
    const at = (op: Op) => {
      let pc = 0;
      while (f.code[pc] !== op) pc += 1 + operandCount(f.code[pc]!);
      return `${f.lines[pc]}:${f.cols[pc]}`;
    };
    expect(at(Op.LOAD)).toBe('4:5');
    expect(at(Op.STORE)).toBe('3:5');
  });

  it('units compile together; a fix may define only its functions', () => {
    const p = buildUnits([
      { name: 'model.c', text: 'int counter;\nvoid fix(void);\nint main(void) { fix(); return counter; }' },
      { name: 'fix.c', text: 'void fix(void) { counter = 1; }', mayDefine: ['fix'] },
    ]);
    expect(p.files.map((f) => f.name)).toEqual(['model.c', 'fix.c']);
    expect(fn(p, 'fix').file).toBe(1);
    expect(p.entry).toBe(p.functionIndex['main']);
  });

  it('invariants and other pragmas are recorded', () => {
    const p = build('#pragma invariant ok\n#pragma invariant at_exit clean\n#pragma thread_exit_hook hook\n#pragma fairness strong\nint ok(void) { return 1; }\nint clean(void) { return 1; }\nvoid hook(void) { }');
    expect(p.properties.map((x) => [x.name, x.when, x.function])).toEqual([['ok', 'always', p.functionIndex['ok']], ['clean', 'at_exit', p.functionIndex['clean']]]);
    expect(p.pragmas).toEqual({ thread_exit_hook: ['hook'], fairness: ['strong'] });
  });

  it('string literals are char arrays in globals', () => {
    const p = build('int fd; void f(void) { fd = open("/dev/x", O_RDWR); }');
    const lit = p.globals.find((g) => g.name === '"/dev/x"')!;
    const base = p.memory.globalsBase;
    expect(Array.from(p.memory.init.subarray(lit.address - base, lit.address - base + 7)).map((c) => String.fromCharCode(c)).join('')).toBe('/dev/x\0');
    expect(ops(p, 'f')).toContain(`PUSH ${lit.address}`);
  });
});
