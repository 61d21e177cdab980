// Resolved types of the dialect. Every scalar (char and bool included) is one
// 32-bit word; sizes count words. See docs/DIALECT.md.

import type { DebugType } from '../ir.ts';

/** Scalar integer flavours: how a stored value is normalised and how operators read it. */
export type IntKind = 'int' | 'unsigned' | 'char' | 'uchar' | 'bool';

export interface StructType {
  k: 'struct';
  tag: string;
  fields: { name: string; type: Type; offset: number }[] | null;
  size: number;
  /** where it was defined (for "already defined" messages) */
  defined: { file: string; line: number; col: number } | null;
  debug: Extract<DebugType, { kind: 'struct' }>;
}

export type Type =
  | { k: 'void' }
  | { k: 'int'; kind: IntKind; name: string }
  | { k: 'ptr'; to: Type }
  | { k: 'array'; of: Type; len: number }
  | StructType
  | { k: 'fn'; ret: Type; params: Type[]; varargs: boolean };

export type FnType = Extract<Type, { k: 'fn' }>;

export const VOID: Type = { k: 'void' };
export const INT: Type = { k: 'int', kind: 'int', name: 'int' };
export const UNSIGNED: Type = { k: 'int', kind: 'unsigned', name: 'unsigned' };
export const CHAR: Type = { k: 'int', kind: 'char', name: 'char' };
export const BOOL: Type = { k: 'int', kind: 'bool', name: 'bool' };
/** The type of an erroneous expression (and of an unknown type name): later checks stay quiet about it. */
export const BAD: Type = { k: 'int', kind: 'int', name: 'int' };
export const VOID_PTR: Type = { k: 'ptr', to: VOID };
export const CHAR_PTR: Type = { k: 'ptr', to: CHAR };

/** Words a value of this type occupies in memory. */
export function sizeOf(t: Type): number {
  switch (t.k) {
    case 'void': return 1; // like GCC's sizeof(void), so void * arithmetic steps one word
    case 'int': case 'ptr': case 'fn': return 1;
    case 'array': return t.len * sizeOf(t.of);
    case 'struct': return t.size;
  }
}

export function isScalar(t: Type): boolean {
  return t.k === 'int' || t.k === 'ptr';
}
export function isInt(t: Type): t is Extract<Type, { k: 'int' }> {
  return t.k === 'int';
}
export function isPtr(t: Type): t is Extract<Type, { k: 'ptr' }> {
  return t.k === 'ptr';
}
export function isUnsigned(t: Type): boolean {
  return t.k === 'int' && (t.kind === 'unsigned' || t.kind === 'uchar');
}
/** A pointer to a function (how function designators and fn-pointer variables are used). */
export function fnOf(t: Type): FnType | null {
  if (t.k === 'fn') return t;
  if (t.k === 'ptr' && t.to.k === 'fn') return t.to;
  return null;
}

/** Structural type equality (struct types are equal only when they are the same struct). */
export function sameType(a: Type, b: Type): boolean {
  if (a === b) return true;
  if (a.k !== b.k) return false;
  switch (a.k) {
    case 'void': return true;
    case 'int': return a.kind === (b as typeof a).kind;
    case 'ptr': return sameType(a.to, (b as typeof a).to);
    case 'array': return a.len === (b as typeof a).len && sameType(a.of, (b as typeof a).of);
    case 'struct': return false;
    case 'fn': {
      const f = b as typeof a;
      return f.params.length === a.params.length && f.varargs === a.varargs && sameType(a.ret, f.ret)
        && a.params.every((p, i) => sameType(p, f.params[i]!));
    }
  }
}

/** C spelling of a type for messages: `struct node *`, `int [4]`, `void *(*)(void *)`. */
export function typeName(t: Type): string {
  return render(t, '');
}

function render(t: Type, inner: string): string {
  switch (t.k) {
    case 'void': return join('void', inner);
    case 'int': return join(t.name, inner);
    case 'struct': return join(`struct ${t.tag}`, inner);
    case 'ptr': {
      const star = '*' + inner;
      return render(t.to, t.to.k === 'array' || t.to.k === 'fn' ? `(${star})` : star);
    }
    case 'array': return render(t.of, `${inner}[${t.len}]`);
    case 'fn': return render(t.ret, `${inner}(${t.params.length === 0 ? 'void' : t.params.map(typeName).join(', ')}${t.varargs ? ', ...' : ''})`);
  }
}

function join(base: string, inner: string): string {
  return inner === '' ? base : inner.startsWith('[') || inner.startsWith('(') ? `${base} ${inner}` : `${base} ${inner}`;
}

/** The display type the simulator uses (struct debug objects are shared, so self-reference is a cycle). */
export function debugType(t: Type): DebugType {
  switch (t.k) {
    case 'void': return { kind: 'void' };
    case 'int': return { kind: 'int', name: t.name, signed: !isUnsigned(t) && t.kind !== 'bool' };
    case 'ptr': return { kind: 'ptr', to: debugType(t.to) };
    case 'array': return { kind: 'array', of: debugType(t.of), length: t.len };
    case 'struct': return t.debug;
    case 'fn': return { kind: 'fn', name: typeName(t) };
  }
}
