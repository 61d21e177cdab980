// One exercise on the page: the editor (text kept in localStorage and offered to
// cells as a reactive variable named after the exercise), the live verdict, the
// hints one at a time, and for a failure the counterexample: swimlane, step-
// through that highlights the line, state panel, share link. Also the "you are
// the scheduler" mode, and in the instructor build the reference solutions and
// wrong fixes to load into the editor.
import type { Diagnostic } from '../runtime/diagnostics.ts';
import { ExerciseChecker } from './checker.ts';
import type { ExerciseData, PageData } from './data.ts';
import { h } from './dom.ts';
import { ExerciseEditor } from './editor.ts';
import { identifierFor, type Notebook } from './notebook.ts';
import type { Place, ReplayView, ResultView, SchedulerView, StepView } from './protocol.ts';
import { shareUrl } from './share.ts';
import type { SharedChecks } from './shared-checks.ts';
import { statePanel } from './state-panel.ts';
import { saveText, savedText, setPassed } from './storage.ts';
import { selectRow, swimlane } from './swimlane.ts';

/** The panel whose step is highlighted in the code now: one at a time on a page. */
let highlightOwner: ExercisePanel | undefined;

/**
 * Opening a page checks every exercise's current text; one after another, so a
 * lesson with three exercises does not run three searches at once on a laptop.
 */
let firstChecks: Promise<void> = Promise.resolve();

/** When every panel of the page has had its first check. */
export function firstChecksDone(): Promise<void> {
  return firstChecks;
}

function where(d: Diagnostic): string {
  return d.line > 0 ? `${d.file}:${d.line}:${d.column}` : d.file;
}

function stats(r: ResultView): string {
  return `${r.stats.states.toLocaleString('en')} states, ${Math.round(r.stats.elapsedMs)} ms`;
}

export class ExercisePanel {
  readonly editor: ExerciseEditor;
  readonly checker: ExerciseChecker;
  private readonly verdict: HTMLElement;
  private readonly messages: HTMLElement;
  private readonly trace: HTMLElement;
  /** a shared counterexample from the URL; new verdicts leave it alone */
  private readonly shared: HTMLElement;
  private readonly sched: HTMLElement;
  /** the model's code lines currently highlighted */
  private marked: Element[] = [];
  /** resolves this panel's turn in the page's queue of first checks */
  private firstDone: (() => void) | undefined;
  private checkedOnce = false;
  /** the editor text the page's cells were last given */
  private cellsSee = '';

  constructor(private section: HTMLElement, private data: PageData, private ex: ExerciseData, notebook: Notebook, shared?: SharedChecks) {
    const lesson = data.lesson.slug;
    const initial = savedText(lesson, ex.name) ?? ex.spec.starter;
    this.verdict = h('p', { class: 'verdict', role: 'status', 'aria-live': 'polite' }, 'Checking…');
    this.messages = h('ul', { class: 'messages' });
    this.trace = h('div', { class: 'trace' });
    this.shared = h('div', { class: 'shared-host' });
    this.sched = h('div', { class: 'scheduler', hidden: true });
    const editorHost = h('div', { class: 'editor' });
    const hints = this.hints();
    const schedButton = h('button', { type: 'button', onclick: () => void this.toggleScheduler(schedButton) }, 'You are the scheduler');
    const toolbar = h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': `Exercise ${ex.title}` },
      h('button', { type: 'button', onclick: () => this.reset() }, 'Reset to starter'),
      h('button', { type: 'button', onclick: () => this.checker.checkNow(this.editor.text) }, 'Check now'),
      schedButton,
      this.instructorTools());
    section.querySelector('.rc-exercise-static')?.remove();
    section.append(
      h('h3', { class: 'exercise-title' }, `Exercise: ${ex.title}`),
      toolbar, editorHost, this.verdict, this.messages, hints ?? '', this.shared, this.trace, this.sched);

    this.checker = new ExerciseChecker(data.worker, ex.spec, {
      started: (text) => {
        this.checkedOnce = true;
        this.setVerdict('running', 'Checking…');
        // Cells that read the editor see each text the panel checks, not every keystroke:
        // one that checks it too (rc.check) then waits for this very check instead of
        // piling an older text's search onto the worker.
        if (text !== this.cellsSee) notebook.setInput(identifierFor(ex.name), (this.cellsSee = text));
      },
      progress: (states, ms) => this.setVerdict('running', `Checking… ${states.toLocaleString('en')} states, ${Math.round(ms)} ms`),
      done: (result, text) => { this.showResult(result, text); this.turnDone(); },
      failed: (message) => { this.setVerdict('error', `The checker failed: ${message}`); this.turnDone(); },
    }, shared);
    this.editor = new ExerciseEditor({
      parent: editorHost,
      text: initial,
      label: `Editor for exercise ${ex.title} (${ex.unitName})`,
      onChange: (text) => {
        saveText(lesson, ex.name, text === ex.spec.starter ? null : text);
        this.checker.edited(text);
      },
    });
    notebook.setInput(identifierFor(ex.name), (this.cellsSee = initial));
    this.setVerdict('queued', 'Waiting to check…');
    firstChecks = firstChecks.then(() => new Promise<void>((resolve) => {
      if (this.checkedOnce) { resolve(); return; } // the student's edits got there first
      this.firstDone = resolve;
      this.checker.checkNow(this.editor.text);
    }));
  }

  /** Warms the exercise's checker up for the student's first edit (ExerciseChecker.warmUp). */
  warmUp(): Promise<void> {
    return this.checker.warmUp(this.editor.text);
  }

  private turnDone(): void {
    const done = this.firstDone;
    this.firstDone = undefined;
    done?.();
  }

  private hints(): HTMLElement | null {
    const all = this.ex.hintsHtml;
    if (all.length === 0) return null;
    const list = h('ol', { class: 'hint-list' });
    const button = h('button', { type: 'button', class: 'hint-button' }, `Show a hint (1 of ${all.length})`);
    button.addEventListener('click', () => {
      const n = list.children.length;
      if (n >= all.length) return;
      const item = h('li', {});
      item.innerHTML = all[n]!;
      list.append(item);
      if (n + 1 >= all.length) { button.disabled = true; button.textContent = 'No more hints'; }
      else button.textContent = `Show another hint (${n + 2} of ${all.length})`;
    });
    return h('div', { class: 'hints' }, button, list);
  }

  private instructorTools(): HTMLElement | null {
    if (!this.data.instructor) return null;
    const solutions = this.ex.spec.solutions ?? [];
    const wrong = this.ex.spec.wrong ?? [];
    const select = h('select', { 'aria-label': 'Load a reference solution or a wrong fix into the editor' },
      h('option', { value: '' }, 'Load…'),
      solutions.map((_, i) => h('option', { value: `s${i}` }, `reference solution ${i + 1}`)),
      wrong.map((w, i) => h('option', { value: `w${i}` }, `wrong: ${w.label} (breaks ${w.breaks})`)));
    select.addEventListener('change', () => {
      const v = select.value;
      const text = v.startsWith('s') ? solutions[Number(v.slice(1))]?.text : v.startsWith('w') ? wrong[Number(v.slice(1))]?.text : undefined;
      if (text !== undefined) this.editor.setText(text.endsWith('\n') ? text : `${text}\n`);
      select.value = '';
    });
    return select;
  }

  private reset(): void {
    this.editor.setText(this.ex.spec.starter);
    saveText(this.data.lesson.slug, this.ex.name, null);
  }

  private setVerdict(kind: string, text: string): void {
    this.verdict.className = `verdict verdict-${kind}`;
    this.verdict.textContent = text;
    this.section.dataset.verdict = kind;
  }

  private showResult(r: ResultView, text: string): void {
    const mine = r.diagnostics.filter((d) => d.file === this.ex.unitName);
    this.editor.showDiagnostics(mine);
    this.messages.replaceChildren(...r.diagnostics.map((d) => h('li', { class: d.severity }, h('code', {}, where(d)), `: ${d.severity}: ${d.message}`)));
    const lesson = this.data.lesson.slug;
    switch (r.verdict) {
      case 'pass':
        this.setVerdict('pass', `✓ Pass — every interleaving keeps ${r.propertiesChecked.join(', ') || 'the properties'}${r.options.preemptions !== undefined ? ` (within ${r.options.preemptions} preemptions)` : ''}. ${stats(r)}.`);
        setPassed(lesson, this.ex.name, true);
        break;
      case 'fail':
        this.setVerdict('fail', `✗ Fail — ${r.property ?? r.finding?.property ?? 'a property'}: ${r.finding?.message ?? 'violated'}. ${stats(r)}.`);
        setPassed(lesson, this.ex.name, false);
        break;
      case 'inconclusive':
        this.setVerdict('inconclusive', `? Inconclusive — the search stopped (${r.limit ?? 'a bound'}) before it could prove anything. ${stats(r)}.`);
        setPassed(lesson, this.ex.name, false);
        break;
      case 'error': {
        const first = r.diagnostics.find((d) => d.severity === 'error');
        this.setVerdict('error', `Does not compile${first ? ` — ${where(first)}: ${first.message}` : ''}.`);
        setPassed(lesson, this.ex.name, false);
        break;
      }
    }
    this.showTrace(r.verdict === 'fail' ? r : undefined, text);
  }

  /** The counterexample of the last failed check, or nothing. */
  private showTrace(r: ResultView | undefined, text: string): void {
    this.clearHighlight();
    if (!r || r.steps.length === 0 && !r.finding) { this.trace.replaceChildren(); return; }
    const finding = r.finding ? `${r.finding.property}: ${r.finding.message}` : undefined;
    const title = h('h4', {}, r.finding?.property === 'non-termination' ? 'Counterexample (a run that never ends)' : 'Counterexample');
    const share = r.schedule !== undefined
      ? h('p', { class: 'share' }, h('a', { href: shareUrl(location, { exercise: this.ex.name, schedule: r.schedule }) }, 'Link to this counterexample'))
      : null;
    const waits = r.finding?.waits?.length
      ? h('ul', { class: 'waits', 'aria-label': 'Who waits for what' }, r.finding.waits.map((w) => h('li', {},
        `T${w.thread} (pid ${w.process}) waits for ${w.waitsFor}${w.heldBy !== undefined ? `, held by T${w.heldBy}` : ''}`)))
      : null;
    this.trace.replaceChildren(title, waits ?? '', share ?? '');
    this.stepThrough(this.trace, r.steps, finding, r.loopStart, r.schedule !== undefined ? () => this.checker.replay(text, r.schedule!) : undefined);
  }

  /** Open a shared counterexample: replay it on the current text, else on the starter. */
  async openShared(schedule: string): Promise<void> {
    let text = this.editor.text;
    let replay = await this.checker.replay(text, schedule);
    if (replay.error && !replay.finding && text !== this.ex.spec.starter) {
      text = this.ex.spec.starter;
      replay = await this.checker.replay(text, schedule);
    }
    const box = h('div', { class: 'shared', role: 'region', 'aria-label': 'Shared counterexample' },
      h('h4', {}, 'Shared counterexample ', h('button', { type: 'button', onclick: () => { this.clearHighlight(); this.shared.replaceChildren(); } }, 'Close')),
      text === this.editor.text ? null : h('p', {}, 'Replayed on the starter code (it does not apply to your current text).'),
      replay.error ? h('p', { class: 'rc-error' }, replay.error) : null);
    this.shared.replaceChildren(box);
    const finding = replay.finding ? `${replay.finding.property}: ${replay.finding.message}` : undefined;
    this.stepThrough(box, replay.steps, finding, undefined, async () => replay);
    this.section.scrollIntoView({ block: 'start' });
  }

  /**
   * Swimlane + stepper + state panel under `host`. Snapshots come from a replay
   * in the worker, fetched once the swimlane is on screen.
   */
  private stepThrough(host: HTMLElement, steps: StepView[], finding: string | undefined, loopStart: number | undefined, fetch?: () => Promise<ReplayView>): void {
    let current = steps.length; // after the last step
    let replay: ReplayView | undefined;
    // The code is highlighted once the student steps, not on every new verdict.
    let stepped = false;
    const state = h('div', { class: 'state' });
    const counter = h('span', { class: 'step-counter', 'aria-live': 'polite' });
    const go = (k: number, highlight = true) => {
      current = Math.max(0, Math.min(steps.length, k));
      counter.textContent = current === 0 ? `Initial state (0 of ${steps.length})` : `After step ${current} of ${steps.length}`;
      selectRow(lane, current - 1);
      const step = steps[current - 1];
      if (highlight) { stepped = true; this.highlight(step?.at); }
      const snap = replay?.snapshots[current];
      const source = this.sourceLine(step?.at);
      const caption = step ? `${counter.textContent}: ${step.actor} — ${step.op}${source ? ` — ${this.placeText(step.at)}: ${source}` : ''}` : counter.textContent;
      if (snap) state.replaceChildren(statePanel(snap, caption));
      else if (replay?.error) state.replaceChildren(h('p', { class: 'rc-error' }, replay.error));
    };
    const opts: Parameters<typeof swimlane>[0] = { steps, onSelect: (i) => go(i + 1), placeText: (s) => this.placeText(s.at) };
    if (finding !== undefined) opts.finding = finding;
    if (loopStart !== undefined) opts.loopStart = loopStart;
    const lane = swimlane(opts);
    lane.tabIndex = 0;
    lane.setAttribute('aria-label', 'Counterexample swimlane; use the arrow keys to step');
    lane.addEventListener('keydown', (e) => {
      const moves: Record<string, number> = { ArrowDown: current + 1, ArrowRight: current + 1, ArrowUp: current - 1, ArrowLeft: current - 1, Home: 0, End: steps.length };
      const to = moves[e.key];
      if (to !== undefined) { e.preventDefault(); go(to); }
    });
    const controls = h('div', { class: 'stepper', role: 'group', 'aria-label': 'Step through the counterexample' },
      h('button', { type: 'button', class: 'step-first', onclick: () => go(0) }, '« Start'),
      h('button', { type: 'button', class: 'step-prev', onclick: () => go(current - 1) }, '◀ Back'),
      h('button', { type: 'button', class: 'step-next', onclick: () => go(current + 1) }, 'Next step ▶'),
      h('button', { type: 'button', class: 'step-last', onclick: () => go(steps.length) }, 'End »'),
      counter);
    host.append(controls, lane, state);
    go(steps.length, false);
    if (fetch) {
      fetch().then((r) => { replay = r; go(current, stepped); }).catch((e: unknown) => {
        state.replaceChildren(h('p', { class: 'rc-error' }, `Could not replay: ${e instanceof Error ? e.message : String(e)}`));
      });
    }
  }

  /** The text of a step's source line, from the editor or the model code on the page. */
  private sourceLine(at: Place | undefined): string {
    if (!at) return '';
    if (at.file === this.ex.unitName) {
      const doc = this.editor.view.state.doc;
      return at.line >= 1 && at.line <= doc.lines ? doc.line(at.line).text.trim() : '';
    }
    if (at.file !== this.data.lesson.file) return '';
    return document.querySelector(`.rc-model .line[data-line="${at.line}"]`)?.textContent?.trim() ?? '';
  }

  private placeText(at: Place | undefined): string {
    if (!at) return '';
    return at.file === this.ex.unitName ? `line ${at.line}` : at.file === this.data.lesson.file ? `model line ${at.line}` : `${at.file}:${at.line}`;
  }

  private clearHighlight(): void {
    if (highlightOwner === this) highlightOwner = undefined;
    this.editor.highlightLine(null);
    for (const el of this.marked) el.classList.remove('trace-line');
    this.marked = [];
  }

  /** Highlight the code line of a step: in the editor, or in the lesson's model code. */
  private highlight(at: Place | undefined): void {
    if (highlightOwner && highlightOwner !== this) highlightOwner.clearHighlight();
    this.clearHighlight();
    if (!at) return;
    highlightOwner = this;
    if (at.file === this.ex.unitName) { this.editor.highlightLine(at.line); return; }
    if (at.file !== this.data.lesson.file) return;
    for (const el of document.querySelectorAll(`.rc-model .line[data-line="${at.line}"]`)) {
      el.classList.add('trace-line');
      this.marked.push(el);
    }
  }

  // ---- you are the scheduler -------------------------------------------------

  private async toggleScheduler(button: HTMLButtonElement): Promise<void> {
    if (!this.sched.hidden) {
      this.sched.hidden = true;
      button.setAttribute('aria-pressed', 'false');
      this.clearHighlight();
      return;
    }
    this.sched.hidden = false;
    button.setAttribute('aria-pressed', 'true');
    this.sched.replaceChildren(h('p', {}, 'Starting…'));
    this.renderScheduler(await this.checker.scheduler({ kind: 'sched-start', text: this.editor.text }));
  }

  private renderScheduler(v: SchedulerView): void {
    const act = async (req: { kind: 'sched-step'; label: number } | { kind: 'sched-undo' }) => {
      this.renderScheduler(await this.checker.scheduler(req));
    };
    const intro = h('p', {}, 'Pick who runs next, one step at a time. Can you reach the bad state before the checker shows it to you?');
    if (v.diagnostics.some((d) => d.severity === 'error')) {
      this.sched.replaceChildren(h('h4', {}, 'You are the scheduler'), h('p', { class: 'rc-error' }, 'The code does not compile; fix it first.'));
      return;
    }
    const last = v.steps[v.steps.length - 1];
    this.highlight(last?.at);
    const outcome = v.finding
      ? h('p', { class: 'verdict verdict-fail', role: 'status' }, `You found it: ${v.finding.property} — ${v.finding.message}`,
        ' ', h('a', { href: shareUrl(location, { exercise: this.ex.name, schedule: v.schedule }) }, 'link to this run'))
      : v.terminated ? h('p', { class: 'verdict verdict-pass', role: 'status' }, 'Every thread finished and nothing went wrong on this run. Try another order.') : null;
    const choices = h('div', { class: 'choices', role: 'group', 'aria-label': 'Enabled transitions' },
      v.choices.map((c) => h('button', { type: 'button', class: 'choice', 'data-label': c.label, onclick: () => void act({ kind: 'sched-step', label: c.label }) },
        h('strong', {}, c.actor), `: ${c.fault ? `${c.fault}! ` : ''}${c.op}${c.at ? ` (${this.placeText(c.at)})` : ''}`)));
    const tools = h('div', { class: 'toolbar' },
      h('button', { type: 'button', disabled: v.steps.length === 0, onclick: () => void act({ kind: 'sched-undo' }) }, 'Undo'),
      h('button', { type: 'button', onclick: async () => this.renderScheduler(await this.checker.scheduler({ kind: 'sched-start', text: this.editor.text })) }, 'Restart'));
    const lane = v.steps.length ? swimlane({ steps: v.steps, placeText: (s) => this.placeText(s.at) }) : null;
    const state = v.snapshot ? statePanel(v.snapshot, v.steps.length ? `After step ${v.steps.length}` : 'Initial state') : null;
    this.sched.replaceChildren(h('h4', {}, 'You are the scheduler'), intro, outcome ?? '', choices, tools, lane ?? '', state ?? '');
  }
}
