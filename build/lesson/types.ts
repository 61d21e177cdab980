// What a parsed lesson looks like: the contract between the lesson loader and its
// users (the site builder, `racecourse check`, `grade`, `export`).

import type { Diagnostic } from '../../runtime/diagnostics.ts';
import type { ExerciseSpec, SourceUnit } from '../../runtime/exercise.ts';

export interface LessonLink {
  title: string;
  url: string;
}

export interface LessonMeta {
  title: string;
  order: number;
  summary: string;
  /** the seed document the lesson teaches from */
  source?: string;
  links: LessonLink[];
}

interface BlockBase {
  /** 1-based line in the lesson file of the block's first line of content */
  line: number;
  /** the block's content (no fences), lines joined with \n, ending without a newline */
  text: string;
}

/** A fenced block's own place: the line of its opening fence. */
interface FencedBase extends BlockBase {
  fence: number;
}

export type Block =
  | (BlockBase & { kind: 'prose' })
  | (FencedBase & { kind: 'js'; /** show the source under the output */ echo: boolean })
  | (FencedBase & { kind: 'code'; /** the info string's language (c, sh, text, …; '' for none) */ lang: string })
  | (FencedBase & { kind: 'model'; model: string })
  | (FencedBase & { kind: 'exercise'; exercise: string })
  | (FencedBase & { kind: 'solution'; exercise: string })
  | (FencedBase & { kind: 'wrong'; exercise: string; breaks: string; label: string })
  | (FencedBase & { kind: 'check'; exercise: string });

export type BlockKind = Block['kind'];

export interface Lesson {
  /** the path it was loaded from, as given (also the model units' name) */
  file: string;
  /** file name without directory, `.md` and the leading `NN-`: `atfork-deadlock` */
  slug: string;
  meta: LessonMeta;
  /** everything on the page, in page order */
  blocks: Block[];
  /** model units by model name (`default` for ```c model) */
  models: Record<string, SourceUnit>;
  exercises: Record<string, ExerciseSpec>;
}

export interface ParseResult {
  /** absent when there are errors */
  lesson?: Lesson;
  diagnostics: Diagnostic[];
}
