// Turning a fenced `js` block into a reactive cell, the Observable way: parse it
// (acorn), find the names it declares at top level and the names it reads but
// does not declare, and emit a function body the browser runtime can define as a
// variable with those inputs. Analysis is done at build time so the page needs no
// parser; a syntax error becomes a diagnostic at the lesson's file:line:col and a
// cell that shows the error in place.
import { parse, parseExpressionAt } from 'acorn';
import type { Diagnostic } from '../../runtime/diagnostics.ts';
import type { CellData } from '../../site/data.ts';

/** A cell as the page carries it (site/data.ts defines the shape the client reads). */
export type CellDef = CellData;

type Node = { type: string; start: number; end: number; loc?: { start: { line: number; column: number } }; [key: string]: unknown };

const PARSE_OPTIONS = {
  ecmaVersion: 'latest' as const,
  sourceType: 'module' as const,
  allowAwaitOutsideFunction: true,
  allowReturnOutsideFunction: false,
  locations: true,
};

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';
}

function children(node: Node): Node[] {
  const out: Node[] = [];
  for (const key of Object.keys(node)) {
    if (key === 'loc' || key === 'start' || key === 'end' || key === 'type') continue;
    const value = node[key];
    if (Array.isArray(value)) for (const v of value) { if (isNode(v)) out.push(v); }
    else if (isNode(value)) out.push(value);
  }
  return out;
}

/** Names bound by a declaration pattern (`a`, `{b, c: [d]}`, `...e`). */
function patternNames(pattern: Node, out: string[] = []): string[] {
  switch (pattern.type) {
    case 'Identifier': out.push(pattern.name as string); break;
    case 'ObjectPattern':
      for (const p of pattern.properties as Node[]) patternNames(p.type === 'RestElement' ? p : (p.value as Node), out);
      break;
    case 'ArrayPattern': for (const e of pattern.elements as (Node | null)[]) if (e) patternNames(e, out); break;
    case 'RestElement': patternNames(pattern.argument as Node, out); break;
    case 'AssignmentPattern': patternNames(pattern.left as Node, out); break;
  }
  return out;
}

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

/** `var` names anywhere under `node`, not crossing into nested functions. */
function varNames(node: Node, out: string[]): void {
  if (node.type === 'VariableDeclaration' && node.kind === 'var') {
    for (const d of node.declarations as Node[]) patternNames(d.id as Node, out);
  }
  for (const child of children(node)) if (!FUNCTIONS.has(child.type)) varNames(child, out);
}

/** let/const/class/function declared directly in a statement list. */
function lexicalNames(statements: Node[], out: string[]): void {
  for (const s of statements) {
    if (s.type === 'VariableDeclaration' && s.kind !== 'var') for (const d of s.declarations as Node[]) patternNames(d.id as Node, out);
    else if ((s.type === 'FunctionDeclaration' || s.type === 'ClassDeclaration') && s.id) out.push((s.id as Node).name as string);
  }
}

/**
 * Free identifiers of `root`: read somewhere but not declared in any scope
 * enclosing the read. `outer` is the set of names already bound around `root`.
 */
function freeNames(root: Node, outer: Set<string>): Set<string> {
  const free = new Set<string>();
  const visit = (node: Node, scope: Set<string>): void => {
    switch (node.type) {
      case 'Identifier':
        if (!scope.has(node.name as string)) free.add(node.name as string);
        return;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression': {
        const inner = new Set(scope);
        if (node.type === 'FunctionExpression' && node.id) inner.add((node.id as Node).name as string);
        if (node.type !== 'ArrowFunctionExpression') inner.add('arguments');
        for (const p of node.params as Node[]) for (const n of patternNames(p)) inner.add(n);
        const body = node.body as Node;
        if (body.type === 'BlockStatement') {
          const names: string[] = [];
          varNames(body, names);
          lexicalNames(body.body as Node[], names);
          for (const n of names) inner.add(n);
        }
        for (const p of node.params as Node[]) visitPattern(p, inner);
        if (body.type === 'BlockStatement') for (const s of body.body as Node[]) visit(s, inner);
        else visit(body, inner);
        return;
      }
      case 'BlockStatement':
      case 'StaticBlock': {
        const names: string[] = [];
        lexicalNames(node.body as Node[], names);
        const inner = names.length ? new Set([...scope, ...names]) : scope;
        for (const s of node.body as Node[]) visit(s, inner);
        return;
      }
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement': {
        const head = (node.init ?? node.left) as Node | null;
        const names: string[] = [];
        if (head && head.type === 'VariableDeclaration') lexicalNames([head], names);
        const inner = names.length ? new Set([...scope, ...names]) : scope;
        for (const c of children(node)) visit(c, inner);
        return;
      }
      case 'CatchClause': {
        const inner = new Set(scope);
        if (node.param) for (const n of patternNames(node.param as Node)) inner.add(n);
        if (node.param) visitPattern(node.param as Node, inner);
        visit(node.body as Node, inner);
        return;
      }
      case 'ClassDeclaration':
      case 'ClassExpression': {
        const inner = node.id ? new Set([...scope, (node.id as Node).name as string]) : scope;
        if (node.superClass) visit(node.superClass as Node, inner);
        visit(node.body as Node, inner);
        return;
      }
      case 'VariableDeclarator':
        visitPattern(node.id as Node, scope);
        if (node.init) visit(node.init as Node, scope);
        return;
      case 'MemberExpression':
        visit(node.object as Node, scope);
        if (node.computed) visit(node.property as Node, scope);
        return;
      case 'Property':
      case 'MethodDefinition':
      case 'PropertyDefinition':
        if (node.computed) visit(node.key as Node, scope);
        if (node.value) visit(node.value as Node, scope);
        return;
      case 'LabeledStatement':
        visit(node.body as Node, scope);
        return;
      case 'BreakStatement':
      case 'ContinueStatement':
      case 'MetaProperty':
      case 'ThisExpression':
      case 'Super':
        return;
    }
    for (const c of children(node)) visit(c, scope);
  };
  // Declaration patterns: names are bindings, but defaults and computed keys are reads.
  const visitPattern = (p: Node, scope: Set<string>): void => {
    switch (p.type) {
      case 'Identifier': return;
      case 'AssignmentPattern': visitPattern(p.left as Node, scope); visit(p.right as Node, scope); return;
      case 'ObjectPattern':
        for (const prop of p.properties as Node[]) {
          if (prop.type === 'RestElement') visitPattern(prop.argument as Node, scope);
          else { if (prop.computed) visit(prop.key as Node, scope); visitPattern(prop.value as Node, scope); }
        }
        return;
      case 'ArrayPattern': for (const e of p.elements as (Node | null)[]) if (e) visitPattern(e, scope); return;
      case 'RestElement': visitPattern(p.argument as Node, scope); return;
      default: visit(p, scope);
    }
  };
  visit(root, outer);
  return free;
}

function hasTopLevelAwait(node: Node): boolean {
  if (node.type === 'AwaitExpression' || (node.type === 'ForOfStatement' && node.await)) return true;
  if (FUNCTIONS.has(node.type)) return false;
  return children(node).some(hasTopLevelAwait);
}

/** Names the runtime gives every cell without an input variable. */
const LOCAL_TO_CELL = new Set(['display', 'view', 'arguments', 'undefined', 'NaN', 'Infinity', 'globalThis']);

function syntaxError(e: unknown, file: string, firstLine: number, diagnostics: Diagnostic[]): { message: string } {
  const err = e as { message?: string; loc?: { line: number; column: number } };
  const raw = (err.message ?? String(e)).replace(/\s*\(\d+:\d+\)$/, '');
  const line = firstLine + (err.loc ? err.loc.line - 1 : 0);
  const column = err.loc ? err.loc.column + 1 : 0;
  diagnostics.push({ severity: 'error', file, line, column, message: `js cell: ${raw}` });
  return { message: `${file}:${line}:${column}: ${raw}` };
}

/**
 * Analyse one `js` cell. `firstLine` is the lesson line of the cell's first code
 * line, so positions in messages point into the .md file.
 */
export function transpileCell(code: string, id: string, file: string, firstLine: number, diagnostics: Diagnostic[]): CellDef {
  const base = { id, file, line: firstLine, declares: [], inputs: [], body: '', async: false, expression: false };
  let program: Node;
  try {
    program = parse(code, PARSE_OPTIONS) as unknown as Node;
  } catch (e) {
    return { ...base, error: syntaxError(e, file, firstLine, diagnostics).message };
  }
  const statements = program.body as Node[];
  const imports = statements.find((s) => s.type.startsWith('Import') || s.type.startsWith('Export'));
  if (imports) {
    const line = firstLine + (imports.loc?.start.line ?? 1) - 1;
    const column = (imports.loc?.start.column ?? 0) + 1;
    const message = 'js cell: import/export is not supported in lesson cells; use the builtins (display, view, html, svg, rc)';
    diagnostics.push({ severity: 'error', file, line, column, message });
    return { ...base, error: `${file}:${line}:${column}: ${message}` };
  }
  const declares: string[] = [];
  lexicalNames(statements, declares);
  varNames(program, declares);
  const unique = [...new Set(declares)];
  const free = freeNames(program, new Set(unique));
  const inputs = [...free].filter((n) => !LOCAL_TO_CELL.has(n)).sort();
  const isAsync = hasTopLevelAwait(program);
  const only = statements.length === 1 ? statements[0] : undefined;
  if (only && only.type === 'ExpressionStatement') {
    // An expression cell: its value is the cell's value, and it is displayed.
    const expr = code.slice((only.expression as Node).start, (only.expression as Node).end);
    return { ...base, inputs, async: isAsync, expression: true, body: `return (\n${expr}\n);` };
  }
  const body = `${code}\nreturn {${unique.join(', ')}};`;
  return { ...base, declares: unique, inputs, async: isAsync, body };
}

/** An inline `${…}` expression in prose: analysed like an expression cell. */
export function transpileInline(expr: string, id: string, file: string, line: number, diagnostics: Diagnostic[]): CellDef {
  const base = { id, file, line, declares: [], inputs: [], body: '', async: false, expression: true };
  let node: Node;
  try {
    node = parseExpressionAt(expr, 0, PARSE_OPTIONS) as unknown as Node;
    if (expr.slice(node.end).trim() !== '') throw Object.assign(new SyntaxError('Unexpected token after expression'), { loc: { line: 1, column: node.end } });
  } catch (e) {
    return { ...base, error: syntaxError(e, file, line, diagnostics).message };
  }
  const inputs = [...freeNames(node, new Set())].filter((n) => !LOCAL_TO_CELL.has(n)).sort();
  return { ...base, inputs, async: hasTopLevelAwait(node), body: `return (\n${expr}\n);` };
}
