// The compiled form of a racecourse program: the contract between the C dialect's
// compiler (runtime/dialect/) and the simulator (runtime/sim/).
//
// Design, in the spirit of clox: a stack machine over int32 values, one flat
// Int32Array of code per function, and a source position for every instruction so
// that traces and the editor can point at line and column.
//
// Values. Every value is a JS number holding a signed 32-bit integer. `int`, `long`
// and `unsigned` are all 32 bits wide and wrap modulo 2^32 (see docs/DIALECT.md);
// unsigned operations read the same bits as unsigned (DIVU, MODU, SHRU, LTU…).
// Pointers are word addresses (memory is word-addressed: every scalar, `char`
// included, occupies one word; sizeof counts words). NULL is 0. A function
// pointer is FN_PTR_BASE + function index, so it can never equal a data address.
//
// Scheduling steps (the rule the model checker relies on): an instruction is
// *visible* when it touches state another thread could observe or change:
// LOAD and STORE (any memory address: globals, heap, address-taken locals) and
// every BUILTIN (threads, locks, futexes, malloc, fork, atomics…). Everything else
// (registers, arithmetic, jumps, ASSERT, calls and returns of dialect functions)
// is invisible. One scheduling step = one visible instruction plus the
// invisible instructions that follow it up to the next visible one, so work on a
// thread's own registers never multiplies the state space.

/** Function pointer values start here; data addresses are always below. */
export const FN_PTR_BASE = 0x40000000;

/** Opcodes. Operand counts are in OPERANDS; operands follow the opcode in `code`. */
export const enum Op {
  NOP = 0,
  /** push operand k */
  PUSH,
  POP,
  DUP,
  /** push register r */
  GETR,
  /** pop into register r */
  SETR,
  /** push (address of this activation's memory frame) + offset */
  FRAME_ADDR,
  /** pop address; push memory[address]. Visible. */
  LOAD,
  /** pop value, pop address; memory[address] = value. Visible. */
  STORE,
  ADD, SUB, MUL, DIV, MOD, DIVU, MODU,
  AND, OR, XOR, SHL, SHR, SHRU,
  EQ, NE, LT, LE, GT, GE, LTU, LEU, GTU, GEU,
  NEG, BNOT, LNOT,
  /** truncate to signed 8 bits (char) */
  TRUNC8,
  /** normalise to 0/1 (bool) */
  BOOL,
  /** jump to absolute code offset */
  JMP,
  /** pop; jump if zero */
  JZ,
  /** pop; jump if not zero */
  JNZ,
  /** CALL fnIndex argc: pops argc arguments into the callee's registers 0..argc-1 */
  CALL,
  /** CALLI argc: stack holds [fnptr, arg0 … argN-1]; pops all, calls fnptr */
  CALLI,
  /** return from a void function */
  RET,
  /** pop the return value and return it (pushed on the caller's stack) */
  RETV,
  /** BUILTIN builtinId argc: pops argc args, always pushes one result (0 for void). Visible. */
  BUILTIN,
  /** ASSERT stringIndex: pop condition; zero is an assertion failure with Program.strings[stringIndex] */
  ASSERT,
  /** reached the end of a non-void function without `return` (a runtime finding) */
  TRAP,
}

/** How many operands follow each opcode. */
export const OPERANDS: Readonly<Record<number, number>> = {
  [Op.PUSH]: 1, [Op.GETR]: 1, [Op.SETR]: 1, [Op.FRAME_ADDR]: 1,
  [Op.JMP]: 1, [Op.JZ]: 1, [Op.JNZ]: 1,
  [Op.CALL]: 2, [Op.CALLI]: 1, [Op.BUILTIN]: 2, [Op.ASSERT]: 1, [Op.TRAP]: 1,
};

export function operandCount(op: number): number {
  return OPERANDS[op] ?? 0;
}

/** A place in a source unit: file is an index into Program.files; line and col are 1-based. */
export interface SourcePos {
  file: number;
  line: number;
  col: number;
}

/** Types, as far as the simulator needs them to display state (memory, locals, boxes and arrows). */
export type DebugType =
  | { kind: 'int'; name: string; signed: boolean } // int, long, unsigned, char, bool, enums
  | { kind: 'ptr'; to: DebugType }
  | { kind: 'struct'; name: string; size: number; fields: { name: string; offset: number; type: DebugType }[] }
  | { kind: 'array'; of: DebugType; length: number }
  | { kind: 'fn'; name: string }
  | { kind: 'void' };

/** Where a local variable lives, for the state display. */
export interface LocalInfo {
  name: string;
  type: DebugType;
  /** a register index, or a word offset in the activation's memory frame */
  where: { register: number } | { frame: number };
  /** code range where the name is in scope */
  from: number;
  to: number;
}

export interface FunctionIR {
  name: string;
  index: number;
  /** source unit that defined it */
  file: number;
  pos: SourcePos;
  params: number;
  /** registers used (params first); the interpreter allocates this many per activation */
  registers: number;
  /** words of memory for address-taken locals and local arrays/structs (0: none) */
  frameWords: number;
  returnsValue: boolean;
  code: Int32Array;
  /** line and column of each code offset (only opcode offsets are meaningful) */
  lines: Int32Array;
  cols: Int32Array;
  locals: LocalInfo[];
  /**
   * Register liveness (runtime/dialect/liveness.ts): `liveWords(registers)` words per
   * code offset; bit r of word `pc * W + (r >> 5)` is set when register r may still
   * be read on some path from pc before it is written. The machine zeroes the other
   * registers of every frame resting at pc when it encodes a state (SEMANTICS.md,
   * "Dead registers"). Absent (hand-built IR): every register counts as live.
   */
  liveRegisters?: Uint32Array;
}

/** Words per code offset in FunctionIR.liveRegisters: one bit per register. */
export function liveWords(registers: number): number {
  return (registers + 31) >>> 5;
}

/** Whether register r of an activation of f resting at pc may still be read (true when f has no table). */
export function registerLive(f: FunctionIR, pc: number, r: number): boolean {
  const live = f.liveRegisters;
  if (live === undefined) return true;
  // registers past f.registers (a signal number handed to a handler without parameters) are never read
  if (r >= f.registers) return false;
  const word = live[pc * liveWords(f.registers) + (r >>> 5)];
  return word === undefined || (word & (1 << (r & 31))) !== 0;
}

export interface GlobalInfo {
  name: string;
  address: number;
  size: number;
  type: DebugType;
  pos: SourcePos;
}

/** A property the model declares with `#pragma invariant NAME` or `#pragma invariant at_exit NAME`. */
export interface PropertyDecl {
  /** the invariant function's name; also the property's name in verdicts */
  name: string;
  function: number;
  /** `always`: checked in every reachable state, in every live process; `at_exit`: when a process exits */
  when: 'always' | 'at_exit';
  pos: SourcePos;
}

export interface SourceFile {
  name: string;
  text: string;
}

export interface Program {
  files: SourceFile[];
  functions: FunctionIR[];
  /** function index by name */
  functionIndex: Record<string, number>;
  /** index of `main`, or -1 when the program has none (a fix compiled alone) */
  entry: number;
  globals: GlobalInfo[];
  /** memory layout of every process at start */
  memory: {
    /** words per page (`#pragma page_size N`; default 8) */
    pageSize: number;
    /** first address of globals (page 0 is the unmapped null page) */
    globalsBase: number;
    /** initial contents of [globalsBase, globalsBase + init.length) */
    init: Int32Array;
    /** words of stack per thread for frames (`#pragma stack_words N`; default 64) */
    stackWords: number;
  };
  /** string literals and assertion texts, by index */
  strings: string[];
  properties: PropertyDecl[];
  /** struct layouts by tag name, for display */
  structs: Record<string, Extract<DebugType, { kind: 'struct' }>>;
  /** other `#pragma` lines the compiler did not consume: name → arguments */
  pragmas: Record<string, string[]>;
}
