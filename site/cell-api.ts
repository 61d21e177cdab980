// What a lesson's js cells can use besides each other's variables (documented in
// docs/AUTHORING.md): html`…` and svg`…` templates, and `rc`, the bridge to the
// checker and the pictures the exercise panels draw, so an author's cell can show
// a counterexample as a swimlane, a structure as boxes and arrows, a value over
// time, or a plot.
import { currentCellRun } from './cell-runs.ts';
import { CellChecker, type ExerciseChecker } from './checker.ts';
import type { PageData } from './data.ts';
import type { SharedChecks } from './shared-checks.ts';
import { h } from './dom.ts';
import { boxes } from './boxes.ts';
import { plot, type PlotSpec } from './plot.ts';
import type { ReplayView, ResultView, SampleView, SnapshotView, StepView } from './protocol.ts';
import { statePanel } from './state-panel.ts';
import { swimlane } from './swimlane.ts';

function template(kind: 'html' | 'svg') {
  return (strings: TemplateStringsArray, ...values: unknown[]): Element | DocumentFragment => {
    const holes: Node[] = [];
    let source = '';
    strings.forEach((str, i) => {
      source += str;
      if (i < values.length) {
        const v = values[i];
        if (v instanceof Node) { source += `<!--rc-hole-${holes.length}-->`; holes.push(v); }
        else if (Array.isArray(v) && v.every((x) => x instanceof Node)) { for (const n of v as Node[]) { source += `<!--rc-hole-${holes.length}-->`; holes.push(n); } }
        else source += String(v ?? '').replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
      }
    });
    const tpl = document.createElement('template');
    tpl.innerHTML = kind === 'svg' ? `<svg xmlns="http://www.w3.org/2000/svg">${source}</svg>` : source.trim();
    const root = kind === 'svg' ? tpl.content.firstElementChild! : tpl.content;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_COMMENT);
    const comments: Comment[] = [];
    for (let n = walker.nextNode(); n; n = walker.nextNode()) comments.push(n as Comment);
    for (const c of comments) {
      const m = /^rc-hole-(\d+)$/.exec(c.data);
      if (m) c.replaceWith(holes[Number(m[1])]!);
    }
    if (kind === 'svg') {
      const svg = root as Element;
      return svg.childElementCount === 1 && svg.firstElementChild!.tagName === 'svg' ? svg.firstElementChild! : svg;
    }
    const frag = root as DocumentFragment;
    return frag.childNodes.length === 1 && frag.firstChild instanceof Element ? frag.firstChild : frag;
  };
}

/** What the cells need from the page's exercise panels. */
export interface PanelAccess {
  /** what the exercise's editor holds now */
  editorText(exercise: string): string | undefined;
  /** the exercise panel's checker, whose worker runs every check of that exercise */
  checker(exercise: string): ExerciseChecker | undefined;
}

export function cellBuiltins(data: PageData, panels: PanelAccess, shared?: SharedChecks): Record<string, unknown> {
  const editorText = (exercise: string) => panels.editorText(exercise);
  let checker: CellChecker | undefined;
  const spec = (exercise: string) => {
    const ex = data.exercises.find((e) => e.name === exercise);
    if (!ex) throw new Error(`rc: this lesson has no exercise '${exercise}' (it has ${data.exercises.map((e) => e.name).join(', ') || 'none'})`);
    return ex.spec;
  };
  const rc = {
    /** the exercise names of this lesson */
    exercises: data.exercises.map((e) => e.name),
    /** check `text` (default: what the exercise's editor holds now, else the starter) */
    check(exercise: string, text?: string): Promise<ResultView> {
      const sp = spec(exercise);
      const source = text ?? editorText(exercise) ?? sp.starter;
      return panels.checker(exercise)?.ask(source, currentCellRun()?.obsolete) ?? (checker ??= new CellChecker(data.worker, shared)).check(sp, source);
    },
    /** run a schedule (a result's `schedule`) and get every step and state snapshot */
    replay(exercise: string, schedule: string, text?: string): Promise<ReplayView> {
      const sp = spec(exercise);
      return (checker ??= new CellChecker(data.worker, shared)).replay(sp, text ?? editorText(exercise) ?? sp.starter, schedule);
    },
    /**
     * Seeded random schedules of the exercise (as a test would run it): how many
     * of `runs` runs hit a finding. `edit` may rewrite each model unit's text first
     * (e.g. a #define), `text` replaces the editor's text.
     */
    async sample(exercise: string, options: { runs: number; seed?: number; maxSteps?: number; text?: string; edit?: (model: string) => string }): Promise<SampleView> {
      const sp = spec(exercise);
      const edited = options.edit ? { ...sp, modelUnits: sp.modelUnits.map((u) => ({ ...u, text: options.edit!(u.text) })) } : sp;
      const o: { runs: number; seed: number; maxSteps?: number } = { runs: options.runs, seed: options.seed ?? 1 };
      if (options.maxSteps !== undefined) o.maxSteps = options.maxSteps;
      const r = await (checker ??= new CellChecker(data.worker, shared)).sample(edited, options.text ?? editorText(exercise) ?? sp.starter, o);
      const error = r.diagnostics.find((d) => d.severity === 'error');
      if (error) throw new Error(`rc.sample: ${error.file}:${error.line}:${error.column}: ${error.message}`);
      return r;
    },
    /** a swimlane table of a result's or replay's steps */
    swimlane(run: { steps: StepView[]; finding?: { property: string; message: string }; loopStart?: number }): HTMLElement {
      const opts: Parameters<typeof swimlane>[0] = { steps: run.steps };
      if (run.finding) opts.finding = `${run.finding.property}: ${run.finding.message}`;
      if (run.loopStart !== undefined) opts.loopStart = run.loopStart;
      return swimlane(opts);
    },
    /** the linked structures of one process in a snapshot, as boxes and arrows */
    boxes(snapshot: SnapshotView, pid?: number): Element {
      const graph = pid === undefined ? snapshot.graphs[0] : snapshot.graphs.find((g) => g.process === pid);
      return graph ? boxes(graph) : h('p', {}, 'No linked structures in this state.');
    },
    /** the full state panel of a snapshot */
    state(snapshot: SnapshotView, caption = ''): HTMLElement {
      return statePanel(snapshot, caption);
    },
    /** a table with one row per step: the columns are functions of the state after it */
    timeline(replay: ReplayView, columns: Record<string, (snap: SnapshotView, step?: StepView) => unknown>): HTMLElement {
      const names = Object.keys(columns);
      const rows = replay.snapshots.map((snap, i) => {
        const step = replay.steps[i - 1];
        return h('tr', {}, h('td', {}, i === 0 ? 'start' : String(i)), h('td', {}, step ? `${step.actor}: ${step.op}` : ''),
          names.map((n) => h('td', {}, String(columns[n]!(snap, step) ?? ''))));
      });
      return h('div', { class: 'swimlane-wrap' }, h('table', { class: 'timeline' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, '#'), h('th', { scope: 'col' }, 'step'), names.map((n) => h('th', { scope: 'col' }, n)))),
        h('tbody', {}, rows)));
    },
    /** the value of a named memory word (e.g. 'm.__lock', 'stack_used.next') in a process of a snapshot */
    word(snapshot: SnapshotView, name: string, pid?: number): number | undefined {
      const proc = pid === undefined ? snapshot.processes[0] : snapshot.processes.find((p) => p.pid === pid);
      return proc?.memory.find((m) => m.name === name)?.value;
    },
    plot(spec: PlotSpec): SVGSVGElement {
      return plot(spec);
    },
  };
  return { html: template('html'), svg: template('svg'), rc };
}
