// An exercise's editor: CodeMirror 6 with C highlighting (the same tok-* classes
// as the static blocks, so one stylesheet colours both), line numbers, the
// compiler's diagnostics as inline marks, and a highlighted line for the trace
// step being shown.
import { minimalSetup } from 'codemirror';
import { EditorView, lineNumbers, Decoration, type DecorationSet } from '@codemirror/view';
import { EditorState, StateEffect, StateField } from '@codemirror/state';
import { bracketMatching, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { cpp } from '@codemirror/lang-cpp';
import { lintGutter, setDiagnostics, type Diagnostic as CmDiagnostic } from '@codemirror/lint';
import { classHighlighter } from '@lezer/highlight';
import type { Diagnostic } from '../runtime/diagnostics.ts';

const setTraceLine = StateEffect.define<number | null>();

const traceLine = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(deco, tr) {
    deco = deco.map(tr.changes);
    for (const e of tr.effects) {
      if (!e.is(setTraceLine)) continue;
      const line = e.value;
      if (line === null || line < 1 || line > tr.state.doc.lines) deco = Decoration.none;
      else deco = Decoration.set([Decoration.line({ class: 'cm-trace-line' }).range(tr.state.doc.line(line).from)]);
    }
    return deco;
  },
  provide: (f) => EditorView.decorations.from(f),
});

export interface EditorOptions {
  parent: Element;
  text: string;
  label: string;
  onChange(text: string): void;
}

export class ExerciseEditor {
  readonly view: EditorView;

  constructor(opts: EditorOptions) {
    this.view = new EditorView({
      parent: opts.parent,
      state: EditorState.create({
        doc: opts.text,
        extensions: [
          minimalSetup,
          lineNumbers(),
          indentOnInput(),
          bracketMatching(),
          cpp(),
          syntaxHighlighting(classHighlighter),
          lintGutter(),
          traceLine,
          EditorView.contentAttributes.of({ 'aria-label': opts.label }),
          EditorView.updateListener.of((u) => { if (u.docChanged) opts.onChange(u.state.doc.toString()); }),
        ],
      }),
    });
  }

  get text(): string {
    return this.view.state.doc.toString();
  }

  setText(text: string): void {
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text } });
  }

  /** Marks for the diagnostics that belong to this editor's unit. */
  showDiagnostics(list: Diagnostic[]): void {
    const doc = this.view.state.doc;
    const marks: CmDiagnostic[] = list.map((d) => {
      const line = doc.line(Math.min(Math.max(d.line, 1), doc.lines));
      const from = Math.min(line.from + Math.max(d.column - 1, 0), line.to);
      const to = d.line > 0 ? Math.min(from + Math.max(d.length ?? 1, 1), Math.max(line.to, from)) : line.to;
      return { from, to, severity: d.severity, message: d.message };
    });
    this.view.dispatch(setDiagnostics(this.view.state, marks));
  }

  /** Highlight the line the current trace step is on (null: none). */
  highlightLine(line: number | null): void {
    this.view.dispatch({ effects: setTraceLine.of(line) });
  }
}
