// Which run of which lesson cell the page is executing. A cell that reads an
// editor runs again with each text the panel checks; the checks its previous run
// asked for (rc.check) are then of no use to anyone, so they are cancelled
// instead of searching on beside the student's own check. Only what a cell asks
// for before its first `await` is known to belong to it (JavaScript has no
// async context here); later requests simply run to the end, as before.

/** One run of one cell. */
export class CellRun {
  /** resolves when the cell has started again (or is gone): this run's requests are obsolete */
  readonly obsolete: Promise<void>;
  private end!: () => void;

  constructor() {
    this.obsolete = new Promise<void>((resolve) => { this.end = resolve; });
  }

  finish(): void {
    this.end();
  }
}

let running: CellRun | undefined;

/** The cell run whose synchronous part is executing now, if any. */
export function currentCellRun(): CellRun | undefined {
  return running;
}

/** Calls `body` as (the synchronous part of) `run`. */
export function inCellRun<T>(run: CellRun, body: () => T): T {
  const outer = running;
  running = run;
  try {
    return body();
  } finally {
    running = outer;
  }
}
