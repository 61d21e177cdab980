// Which of a check's progress reports the worker passes on to the page. The
// explorer reports at every time slice (~10 ms); showing each one repaints the
// exercise's status line a hundred times a second, and on a tall lesson page
// each repaint costs the page's main thread a few milliseconds — on a two-core
// laptop, time taken from the check itself (measured on the COW page: the main
// thread painted for ~70 ms of every ~200 ms keystroke-to-verdict). A check
// that answers within a blink needs no progress line at all.

/** no progress line for a check younger than this */
export const PROGRESS_AFTER_MS = 250;
/** then at most one report per this many milliseconds */
export const PROGRESS_EVERY_MS = 100;

/** A gate for one check's reports: true when the report at `elapsedMs` should be shown. */
export function progressGate(afterMs = PROGRESS_AFTER_MS, everyMs = PROGRESS_EVERY_MS): (elapsedMs: number) => boolean {
  let shownAt = -Infinity;
  return (elapsedMs) => {
    if (elapsedMs < afterMs || elapsedMs - shownAt < everyMs) return false;
    shownAt = elapsedMs;
    return true;
  };
}
