// The data a lesson page carries for its client, embedded as JSON in
// <script type="application/json" id="rc-data">. Written by build/site at build
// time, read by site/client.ts. In the student build `exercises[].spec` never has
// `solutions` or `wrong` (build/site/page-data.ts strips them, and a test checks).
import type { ExerciseSpec } from '../runtime/exercise.ts';

/** A js cell or inline `${…}` expression, transpiled at build time (build/site/cells.ts). */
export interface CellData {
  /** stable id within the page: the cell's output element is #cell-<id> */
  id: string;
  /** names declared at top level; other cells may use them */
  declares: string[];
  /** free names the cell reads (other cells, builtins, or window globals) */
  inputs: string[];
  /** body of `function (display, view, ...inputs)`; returns the declared names as an object, or the expression's value */
  body: string;
  /** true when the body uses top-level await (the function must be async) */
  async: boolean;
  /** an expression cell: its value is displayed */
  expression: boolean;
  /** where the cell's code starts in the lesson, for messages */
  file: string;
  line: number;
  /** build-time error (syntax); the cell then only shows this message */
  error?: string;
}

export interface ExerciseData {
  name: string;
  title: string;
  /** what the checker needs: model units, config, starter (no solutions in student builds) */
  spec: ExerciseSpec;
  /** the editor's unit name, as diagnostics and traces name it */
  unitName: string;
  /** the hints rendered to HTML at build time, shown one at a time */
  hintsHtml: string[];
}

export interface PageData {
  lesson: { slug: string; file: string; title: string; order: number };
  instructor: boolean;
  cells: CellData[];
  inlines: CellData[];
  exercises: ExerciseData[];
  /** URL of the checker's worker script, relative to the page */
  worker: string;
}

export interface IndexData {
  lessons: { slug: string; title: string; exercises: string[] }[];
}
