// The submissions named on the command line: files as given, directories walked
// for *.c, *.txt and *.json (hidden files skipped), in name order. Files too big to
// be a submission are judged here without being read into memory.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LIMITS, sizeDiagnostic, type ExerciseSpec } from '../../runtime/exercise.ts';
import { limitRecord } from './grade-one.ts';
import type { PoolItem } from './pool.ts';

const SUBMISSION_FILE = /\.(c|txt|json)$/i;

/** Expands directories; a name that does not exist is kept so it gets its own error record. */
export function expandSubmissions(args: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && SUBMISSION_FILE.test(e.name)) out.push(p);
    }
  };
  for (const a of args) {
    let isDir = false;
    try { isDir = statSync(a).isDirectory(); } catch { /* reported when read */ }
    if (isDir) walk(a);
    else out.push(a);
  }
  return out;
}

export function readSubmission(spec: ExerciseSpec, path: string): PoolItem {
  const fail = (summary: string) => ({ submission: path, content: limitRecord(spec, path, 'error', summary, 0) });
  try {
    const size = statSync(path).size;
    // Reading a huge file only to refuse it would let one upload exhaust the grader.
    if (size > 4 * LIMITS.maxSourceBytes) return fail(`error: ${sizeDiagnostic(size, path).message}`);
    return { submission: path, content: readFileSync(path, 'utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return fail(`error: cannot read the submission: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message}`);
  }
}
