// The page client: theme toggle everywhere; on the index, each lesson's progress
// from localStorage; on a lesson, the reactive cells, the exercise panels, and a
// shared counterexample from the URL.
import { cellBuiltins } from './cell-api.ts';
import type { IndexData, PageData } from './data.ts';
import { ExercisePanel, firstChecksDone } from './exercise-panel.ts';
import { Notebook } from './notebook.ts';
import { readShare } from './share.ts';
import { SharedChecks } from './shared-checks.ts';
import { hasPassed } from './storage.ts';
import { setupTheme } from './theme.ts';

function json<T>(id: string): T | undefined {
  const el = document.getElementById(id);
  return el?.textContent ? (JSON.parse(el.textContent) as T) : undefined;
}

function indexPage(data: IndexData): void {
  for (const lesson of data.lessons) {
    const el = document.querySelector(`[data-progress="${CSS.escape(lesson.slug)}"]`);
    if (!el || lesson.exercises.length === 0) continue;
    const passed = lesson.exercises.filter((e) => hasPassed(lesson.slug, e)).length;
    el.textContent = `${passed} of ${lesson.exercises.length} exercise${lesson.exercises.length === 1 ? '' : 's'} passed`;
    el.classList.toggle('done', passed === lesson.exercises.length);
  }
}

function lessonPage(data: PageData): void {
  const panels = new Map<string, ExercisePanel>();
  // the panels and the cells ask for the same checks: each runs once (shared-checks.ts)
  const shared = new SharedChecks();
  const notebook = new Notebook(cellBuiltins(data, {
    editorText: (name) => panels.get(name)?.editor.text,
    checker: (name) => panels.get(name)?.checker,
  }, shared));
  for (const ex of data.exercises) {
    const section = document.getElementById(`ex-${ex.name}`);
    if (section) panels.set(ex.name, new ExercisePanel(section, data, ex, notebook, shared));
  }
  for (const cell of data.cells) {
    const root = document.getElementById(`cell-${cell.id}`);
    if (root) notebook.defineCell(cell, root);
  }
  for (const cell of data.inlines) {
    const root = document.getElementById(`inline-${cell.id}`);
    if (root) notebook.defineCell(cell, root);
  }
  const openShared = () => {
    const shared = readShare(location.hash);
    const panel = shared && panels.get(shared.exercise);
    if (shared && panel) void panel.openShared(shared.schedule);
  };
  openShared();
  addEventListener('hashchange', openShared);
  // once every exercise has its first verdict, warm their workers up, one at a time
  // (then <html data-checkers="warm">: what the benchmark waits for, as a reading student does)
  void firstChecksDone().then(async () => {
    for (const panel of panels.values()) await panel.warmUp();
  }).catch(() => { /* a warm-up is an optimisation: nothing to tell the student */ })
    .finally(() => { document.documentElement.dataset.checkers = 'warm'; });
}

setupTheme();
const page = json<PageData>('rc-data');
if (page) lessonPage(page);
const index = json<IndexData>('rc-index');
if (index) indexPage(index);
