// The data a lesson page carries for its client, embedded as JSON in
// <script type="application/json" id="rc-data">. Written by build/site at build
// time, read by site/client.ts. In the student build `exercises[].spec` never has
// `solutions` or `wrong` (build/site/page-data.ts strips them, and a test checks).
import type { ExerciseSpec } from '../runtime/exercise.ts';

export interface CellData {
  id: string;
  declares: string[];
  inputs: string[];
  body: string;
  async: boolean;
  expression: boolean;
  file: string;
  line: number;
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
