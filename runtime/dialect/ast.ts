// The syntax tree the parser builds and the code generator walks. Types are kept
// as written (TypeSyntax) and resolved later, because struct sizes, enum values
// and array lengths need the declarations of every unit.

import type { Type } from './types.ts';

export interface Pos {
  line: number;
  col: number;
}

export interface StructField {
  name: string;
  type: TypeSyntax;
  pos: Pos;
}

export interface EnumItem {
  name: string;
  value: Expr | null;
  pos: Pos;
}

export interface Param {
  name: string | null;
  type: TypeSyntax;
  pos: Pos;
}

export type TypeSyntax =
  /** keywords: int, unsigned, long, char, bool, void, short, signed */
  | { k: 'base'; words: string[]; pos: Pos }
  | { k: 'named'; name: string; pos: Pos }
  /** `cache` is set when the (shared) specifier is resolved, so a definition happens once */
  | { k: 'struct'; tag: string | null; fields: StructField[] | null; pos: Pos; cache?: Type }
  | { k: 'enum'; tag: string | null; items: EnumItem[] | null; pos: Pos; cache?: Type }
  | { k: 'ptr'; to: TypeSyntax; pos: Pos }
  | { k: 'array'; of: TypeSyntax; size: Expr | null; pos: Pos }
  | { k: 'fn'; ret: TypeSyntax; params: Param[]; varargs: boolean; pos: Pos };

export type Expr =
  | { k: 'num'; value: number; unsigned: boolean; pos: Pos }
  | { k: 'str'; value: string; pos: Pos }
  | { k: 'id'; name: string; pos: Pos }
  /** prefix operators: - + ! ~ * & ++ -- */
  | { k: 'unary'; op: string; arg: Expr; pos: Pos }
  | { k: 'postfix'; op: '++' | '--'; arg: Expr; pos: Pos }
  | { k: 'binary'; op: string; left: Expr; right: Expr; pos: Pos }
  | { k: 'logical'; op: '&&' | '||'; left: Expr; right: Expr; pos: Pos }
  /** = += -= … */
  | { k: 'assign'; op: string; target: Expr; value: Expr; pos: Pos; /** written inside its own parentheses */ parenthesized?: boolean }
  | { k: 'cond'; test: Expr; then: Expr; else: Expr; pos: Pos }
  | { k: 'call'; callee: Expr; args: Expr[]; pos: Pos }
  | { k: 'member'; obj: Expr; name: string; arrow: boolean; pos: Pos }
  | { k: 'index'; obj: Expr; index: Expr; pos: Pos }
  | { k: 'cast'; type: TypeSyntax; arg: Expr; pos: Pos }
  | { k: 'sizeofType'; type: TypeSyntax; pos: Pos }
  | { k: 'sizeofExpr'; arg: Expr; pos: Pos }
  | { k: 'comma'; left: Expr; right: Expr; pos: Pos }
  /** assert(cond): `text` is the condition as written, the failure message */
  | { k: 'assert'; arg: Expr; text: string; pos: Pos };

/** An initialiser: an expression or a braced list (with optional `.field =` / `[i] =` designators). */
export type Init =
  | { k: 'expr'; e: Expr; pos: Pos }
  | { k: 'list'; items: { designator: Designator | null; init: Init }[]; pos: Pos };

export type Designator = { field: string; pos: Pos } | { index: Expr; pos: Pos };

export interface Storage {
  typedef: boolean;
  static: boolean;
  extern: boolean;
}

export interface VarDecl {
  name: string;
  type: TypeSyntax;
  init: Init | null;
  storage: Storage;
  pos: Pos;
}

export type Stmt =
  | { k: 'expr'; e: Expr; pos: Pos }
  | { k: 'decl'; decls: VarDecl[]; /** a struct/enum declared without variables */ tags: TypeSyntax[]; pos: Pos }
  | { k: 'block'; body: Stmt[]; pos: Pos; end: Pos }
  | { k: 'if'; test: Expr; then: Stmt; else: Stmt | null; pos: Pos }
  | { k: 'while'; test: Expr; body: Stmt; pos: Pos }
  | { k: 'do'; body: Stmt; test: Expr; pos: Pos }
  | { k: 'for'; init: Stmt | null; test: Expr | null; step: Expr | null; body: Stmt; pos: Pos }
  | { k: 'break'; pos: Pos }
  | { k: 'continue'; pos: Pos }
  | { k: 'return'; value: Expr | null; pos: Pos }
  | { k: 'switch'; test: Expr; body: Stmt; pos: Pos }
  /** labelled statements: `body` is the statement after the colon (null before a '}') */
  | { k: 'case'; value: Expr; body: Stmt | null; pos: Pos }
  | { k: 'default'; body: Stmt | null; pos: Pos }
  | { k: 'goto'; label: string; pos: Pos }
  | { k: 'label'; name: string; body: Stmt | null; pos: Pos }
  | { k: 'empty'; pos: Pos };

export type TopItem =
  | { k: 'decl'; decls: VarDecl[]; tags: TypeSyntax[]; pos: Pos }
  /** addressTaken: names that appear under `&` in the body (those locals live in the frame) */
  | { k: 'fndef'; name: string; type: Extract<TypeSyntax, { k: 'fn' }>; storage: Storage; body: Extract<Stmt, { k: 'block' }>; addressTaken: Set<string>; pos: Pos }
  | { k: 'pragma'; name: string; args: string[]; pos: Pos };

export interface UnitAst {
  items: TopItem[];
}
