// The bounded search's queue of nodes still to expand, in order of cost:
// preemptions used first, then depth. Both are small integers and a step adds
// at most one to each, so a bucket queue does it without comparisons: one
// level per preemption count, and in each level one first-in-first-out bucket
// per depth. Costs never go below the node last taken (a step costs at least
// one more step), so one cursor sweeps the buckets forward.
//
// A node whose depth drops before it is expanded (a shorter way to it was
// found) is simply queued again at its new depth; the caller recognises and
// skips the stale entry (see Search).

export class Frontier {
  /** buckets[level][depth]: nodes queued at that cost, in the order they were queued */
  private readonly buckets: (number[] | undefined)[][] = [];
  private level = 0;
  private depth = 0;
  private at = 0;
  private queued = 0;

  push(node: number, level: number, depth: number): void {
    while (this.buckets.length <= level) this.buckets.push([]);
    const row = this.buckets[level]!;
    const bucket = row[depth];
    if (bucket === undefined) row[depth] = [node];
    else bucket.push(node);
    this.queued++;
  }

  /**
   * The next node in cost order (it stays queued until drop()), or -1 when
   * none is left. Its cost is then `level` and `depthOf`.
   */
  peek(): number {
    if (this.queued === 0) return -1;
    for (;;) {
      const row = this.buckets[this.level];
      if (row === undefined) return -1;
      const bucket = row[this.depth];
      if (bucket !== undefined && this.at < bucket.length) return bucket[this.at]!;
      if (bucket !== undefined) row[this.depth] = undefined; // spent: let it be collected
      this.at = 0;
      if (++this.depth >= row.length) {
        this.level++;
        this.depth = 0;
      }
    }
  }

  /** removes the node peek() returned */
  drop(): void {
    this.at++;
    this.queued--;
  }

  /** preemptions of the node peek() returned */
  get levelOf(): number {
    return this.level;
  }

  /** depth the node peek() returned was queued at (stale if its depth dropped since) */
  get depthOf(): number {
    return this.depth;
  }
}
