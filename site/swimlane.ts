// The counterexample as a swimlane: one column per thread (and process), one row
// per step in time, the op in the column of whoever took the step, like the
// hand-drawn interleaving tables in the bug reports. Rows are buttons for the
// step-through; preemptions and the start of a loop are marked.
import { h } from './dom.ts';
import type { StepView } from './protocol.ts';

export interface SwimlaneOptions {
  steps: StepView[];
  /** index in steps where a non-termination loop starts */
  loopStart?: number;
  /** the finding's message, shown as the last row */
  finding?: string;
  /** called with a step index when a row is chosen (absent: a static table) */
  onSelect?: (index: number) => void;
  /** how to name a place: "line 12" for the editor, "model 40" for the lesson */
  placeText?: (step: StepView) => string;
}

export function columnsOf(steps: StepView[]): string[] {
  const cols: string[] = [];
  for (const s of steps) if (!cols.includes(s.actor)) cols.push(s.actor);
  return cols;
}

export function swimlane(opts: SwimlaneOptions): HTMLElement {
  const cols = columnsOf(opts.steps);
  const where = opts.placeText ?? ((s: StepView) => (s.at ? `line ${s.at.line}` : ''));
  const head = h('tr', {}, h('th', { scope: 'col', class: 'step-no' }, '#'), cols.map((c) => h('th', { scope: 'col' }, c)));
  const rows = opts.steps.map((s, i) => {
    const cells = cols.map((c) => {
      if (c !== s.actor) return h('td', { class: 'idle' });
      const marks = [s.preemption ? h('span', { class: 'mark preempt', title: 'preemption: the previous thread could still run' }, '⤼ ') : null,
        s.fault ? h('span', { class: 'mark fault' }, `${s.fault} `) : null];
      return h('td', { class: 'active' }, marks, h('span', { class: 'op' }, s.op), ' ', h('span', { class: 'where' }, where(s)));
    });
    const attrs: Record<string, unknown> = { 'data-step': i, class: i === opts.loopStart ? 'loop-start' : undefined };
    if (opts.onSelect) {
      attrs.tabindex = -1;
      attrs.onclick = () => opts.onSelect!(i);
    }
    return h('tr', attrs, h('td', { class: 'step-no' }, i === opts.loopStart ? `↻${i + 1}` : String(i + 1)), cells);
  });
  const tail = opts.finding
    ? h('tr', { class: 'finding-row' }, h('td', { class: 'step-no' }, '✗'), h('td', { colspan: Math.max(cols.length, 1) }, opts.finding))
    : null;
  const table = h('table', { class: 'swimlane' },
    h('caption', { class: 'visually-hidden' }, 'Counterexample: one column per thread, one row per step'),
    h('thead', {}, head), h('tbody', {}, rows, tail));
  return h('div', { class: 'swimlane-wrap' }, table);
}

/** Bring a row into view inside its scrolling wrapper only: never move the page. */
function scrollWithin(root: Element, row: HTMLElement): void {
  const wrap = row.closest('.swimlane-wrap') as HTMLElement | null ?? (root.querySelector('.swimlane-wrap') as HTMLElement | null);
  if (!wrap) return;
  const top = row.offsetTop;
  const head = (wrap.querySelector('thead') as HTMLElement | null)?.offsetHeight ?? 0;
  if (top - head < wrap.scrollTop) wrap.scrollTop = top - head;
  else if (top + row.offsetHeight > wrap.scrollTop + wrap.clientHeight) wrap.scrollTop = top + row.offsetHeight - wrap.clientHeight;
}

/** Mark row `index` (-1: none) as the current step. */
export function selectRow(root: Element, index: number): void {
  for (const row of root.querySelectorAll('tr[data-step]')) {
    const on = Number((row as HTMLElement).dataset.step) === index;
    row.classList.toggle('current', on);
    if (on) row.setAttribute('aria-current', 'step'); else row.removeAttribute('aria-current');
    if (on) scrollWithin(root, row as HTMLElement);
  }
}
