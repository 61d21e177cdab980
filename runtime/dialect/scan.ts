// Finds the local names whose address is taken (`&x`) anywhere in a function:
// those variables must live in the activation's memory frame, not in registers.
// By name, conservatively: a shadowed variable of the same name also goes to memory.

import type { Expr, Init, Stmt } from './ast.ts';

export function addressTaken(body: Stmt): Set<string> {
  const out = new Set<string>();
  stmt(body, out);
  return out;
}

function stmt(s: Stmt, out: Set<string>): void {
  switch (s.k) {
    case 'expr': return expr(s.e, out);
    case 'decl': for (const d of s.decls) if (d.init) init(d.init, out); return;
    case 'block': for (const b of s.body) stmt(b, out); return;
    case 'if': expr(s.test, out); stmt(s.then, out); if (s.else) stmt(s.else, out); return;
    case 'while': case 'do': expr(s.test, out); stmt(s.body, out); return;
    case 'for':
      if (s.init) stmt(s.init, out);
      if (s.test) expr(s.test, out);
      if (s.step) expr(s.step, out);
      stmt(s.body, out);
      return;
    case 'return': if (s.value) expr(s.value, out); return;
    case 'switch': expr(s.test, out); stmt(s.body, out); return;
    default: return;
  }
}

function init(i: Init, out: Set<string>): void {
  if (i.k === 'expr') expr(i.e, out);
  else for (const it of i.items) init(it.init, out);
}

function expr(e: Expr, out: Set<string>): void {
  switch (e.k) {
    case 'unary':
      if (e.op === '&') {
        // &x, &x.f, &x[i]: the base variable's storage is what is addressed
        let base: Expr = e.arg;
        while (base.k === 'member' && !base.arrow) base = base.obj;
        while (base.k === 'index') base = base.obj;
        if (base.k === 'id') out.add(base.name);
      }
      return expr(e.arg, out);
    case 'postfix': case 'sizeofExpr': case 'assert': return expr(e.arg, out);
    case 'cast': return expr(e.arg, out);
    case 'binary': case 'logical': case 'comma': expr(e.left, out); expr(e.right, out); return;
    case 'assign': expr(e.target, out); expr(e.value, out); return;
    case 'cond': expr(e.test, out); expr(e.then, out); expr(e.else, out); return;
    case 'call': expr(e.callee, out); for (const a of e.args) expr(a, out); return;
    case 'member': return expr(e.obj, out);
    case 'index': expr(e.obj, out); expr(e.index, out); return;
    default: return;
  }
}
