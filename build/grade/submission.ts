// What a submission file may be: the raw text of the exercise's editor, or the
// file the editor's Download button saves. Both are accepted; a downloaded file
// that names another lesson or exercise is refused rather than graded wrongly.
// Pure (no Node APIs) so the exported checker decodes exactly like the grader.
//
// Downloaded forms:
//   - C text whose first line is `// racecourse: LESSON/EXERCISE` (the comment
//     compiles, so the file is also valid raw text);
//   - JSON `{ "lesson": "…", "exercise": "…", "text": "…" }`.

export type Decoded = { text: string } | { error: string };

const HEADER = /^\uFEFF?[ \t]*\/\/[ \t]*racecourse:[ \t]*([\w-]+)\/([\w-]+)[ \t]*\r?$/m;

export function decodeSubmission(content: string, lesson: string, exercise: string): Decoded {
  const trimmed = content.trimStart();
  if (trimmed.startsWith('{')) {
    let parsed: unknown;
    try { parsed = JSON.parse(trimmed); } catch { parsed = undefined; }
    if (parsed && typeof parsed === 'object' && typeof (parsed as { text?: unknown }).text === 'string') {
      const p = parsed as { lesson?: unknown; exercise?: unknown; text: string };
      const mismatch = mismatchOf(p.lesson, p.exercise, lesson, exercise);
      return mismatch ? { error: mismatch } : { text: p.text };
    }
    // Not our JSON: grade it as C text, where it will not compile.
  }
  const firstLine = content.split('\n', 1)[0] ?? '';
  const m = HEADER.exec(firstLine);
  if (m) {
    const mismatch = mismatchOf(m[1], m[2], lesson, exercise);
    if (mismatch) return { error: mismatch };
  }
  return { text: content.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n') };
}

function mismatchOf(l: unknown, e: unknown, lesson: string, exercise: string): string | undefined {
  if ((typeof l === 'string' && l !== lesson) || (typeof e === 'string' && e !== exercise)) {
    return `this file was downloaded from exercise '${String(e)}' of lesson '${String(l)}', not '${exercise}' of '${lesson}'`;
  }
  return undefined;
}

/** The first line the editor's Download button writes. */
export function downloadHeader(lesson: string, exercise: string): string {
  return `// racecourse: ${lesson}/${exercise}`;
}
