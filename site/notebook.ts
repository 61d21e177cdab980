// The reactive half of a lesson page, in the style of Observable: each js cell is
// a variable of an @observablehq/runtime module whose inputs are the free names
// the build found (build/site/cells.ts); cells re-run when an input changes. A
// cell's `display(…)` output goes into the cell's own element, an error stays in
// that cell (with the lesson's file:line), and the rest of the page keeps working.
import { Runtime, type Module, type Variable } from '@observablehq/runtime';
import type { CellData } from './data.ts';
import { h } from './dom.ts';
import { CellRun, inCellRun } from './cell-runs.ts';
import { inspect } from './inspect.ts';

type AnyFunction = (...args: unknown[]) => unknown;
const AsyncFunction = (async function () {}).constructor as new (...args: string[]) => AnyFunction;

/** `view(input)`: shows the input and makes the cell's value follow what the reader enters. */
function valueOf(el: Element): unknown {
  if (el instanceof HTMLInputElement) {
    if (el.type === 'checkbox') return el.checked;
    if (el.type === 'range' || el.type === 'number') return el.valueAsNumber;
    return el.value;
  }
  if (el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement) return el.value;
  return (el as Element & { value?: unknown }).value;
}

function inputGenerator(el: Element): Iterator<unknown> & { return(): IteratorResult<unknown> } {
  let pending: ((v: unknown) => void) | undefined;
  let fresh = true;
  const onInput = () => {
    if (pending) { pending(valueOf(el)); pending = undefined; } else fresh = true;
  };
  el.addEventListener('input', onInput);
  return {
    next() {
      if (fresh) { fresh = false; return { done: false, value: valueOf(el) }; }
      return { done: false, value: new Promise((resolve) => { pending = resolve; }) };
    },
    return() {
      el.removeEventListener('input', onInput);
      return { done: true, value: undefined };
    },
  };
}

/** Where in the lesson a runtime error happened, from the stack of code made by `new Function`. */
function errorPlace(cell: CellData, error: unknown): string {
  const stack = error instanceof Error ? error.stack ?? '' : '';
  const m = /<anonymous>:(\d+):(\d+)/.exec(stack) ?? /anonymous.*?:(\d+):(\d+)/.exec(stack);
  // new Function puts two header lines before the body; expression bodies add `return (`.
  const bodyLine = m ? Number(m[1]) - 2 - (cell.expression ? 1 : 0) : 0;
  if (bodyLine < 1) return `${cell.file}:${cell.line}`;
  // Body lines are the cell's own lines, so the column is the lesson's column.
  return `${cell.file}:${cell.line + bodyLine - 1}:${m![2]}`;
}

function showError(root: Element, cell: CellData, error: unknown): void {
  const message = error instanceof Error ? `${error.name === 'RuntimeError' ? '' : `${error.name}: `}${error.message}` : String(error);
  root.replaceChildren(h('div', { class: 'rc-error', role: 'alert' }, `${errorPlace(cell, error)}: ${message}`));
}

export class Notebook {
  readonly runtime: Runtime;
  readonly module: Module;
  private inputs = new Map<string, Variable>();

  constructor(builtins: Record<string, unknown>) {
    const defs: Record<string, () => unknown> = {};
    for (const [name, value] of Object.entries(builtins)) defs[name] = () => value;
    this.runtime = new Runtime(defs);
    this.module = this.runtime.module();
  }

  /** Define a cell (or an inline `${…}` expression) whose output goes into `root`. */
  defineCell(cell: CellData, root: Element): void {
    if (cell.error) {
      root.replaceChildren(h('div', { class: 'rc-error', role: 'alert' }, cell.error));
      return;
    }
    let fn: AnyFunction;
    try {
      fn = cell.async ? new AsyncFunction('display', 'view', ...cell.inputs, cell.body) : new Function('display', 'view', ...cell.inputs, cell.body) as AnyFunction;
    } catch (e) {
      showError(root, cell, e);
      return;
    }
    const inline = root.classList.contains('rc-inline');
    const display = (value: unknown): unknown => {
      root.append(inspect(value));
      return value;
    };
    const view = (el: Element): Iterator<unknown> => {
      display(el);
      return inputGenerator(el);
    };
    const hidden = `cell ${cell.id}`;
    let lastRun: CellRun | undefined;
    this.module.variable({
      pending: () => root.classList.add('running'),
      fulfilled: (value) => {
        root.classList.remove('running');
        if (cell.expression) root.replaceChildren(inline && typeof value !== 'object' ? String(value) : inspect(value));
      },
      rejected: (error) => {
        root.classList.remove('running');
        showError(root, cell, error);
      },
    }).define(hidden, cell.inputs, (...args: unknown[]) => {
      if (!cell.expression) root.replaceChildren();
      // a new run makes the last one's checks obsolete (cell-runs.ts)
      lastRun?.finish();
      const run = (lastRun = new CellRun());
      return inCellRun(run, () => fn(display, view, ...args));
    });
    for (const name of cell.declares) {
      this.module.variable(true).define(name, [hidden], (value: unknown) => (value as Record<string, unknown>)[name]);
    }
  }

  /** A value the page itself provides (an exercise's editor text); redefining it re-runs its readers. */
  setInput(name: string, value: unknown): void {
    const existing = this.inputs.get(name);
    if (existing) existing.define(name, [], () => value);
    else this.inputs.set(name, this.module.variable(true).define(name, [], () => value));
  }
}

/** A JavaScript identifier for an exercise name (`fork-wrapper` → `fork_wrapper`). */
export function identifierFor(name: string): string {
  const id = name.replace(/[^\w$]/g, '_');
  return /^\d/.test(id) ? `_${id}` : id;
}
