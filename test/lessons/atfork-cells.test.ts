// The atfork lesson's live cells, run in Node against the real checker with a
// stand-in for the page's rc bridge: the lock timeline tells the story, the
// interleaving table counts right, and the sampling plot shows random runs
// finding the deadlock only sometimes while the exhaustive check always does.
import { describe, expect, it } from 'vitest';
import { fakeRc, runCells, type Html } from './models/atfork/cells.ts';
import { lesson } from './models/atfork/story.ts';

const l = lesson('lessons/04-atfork-deadlock.md');
type Row = Record<string, string>;
type Plot = { x: number[]; series: { name: string; y: number[] }[] };

describe('the atfork cells on the starter', async () => {
  const cells = await runCells(l, fakeRc(l));

  it('all run without errors, in page order: timeline, interleavings, sampling', () => {
    expect(cells.map((c) => c.error)).toEqual([undefined, undefined, undefined]);
    expect(cells.map((c) => c.shown.length)).toEqual([1, 1, 1]);
  });

  it('the timeline shows the lock copied into the child held by a thread the child does not have', () => {
    const rows = (cells[0]!.shown[0] as { timeline: Row[] }).timeline;
    const forked = rows.findIndex((r) => r['lock in the child'] !== '');
    expect(rows[forked]!.step).toMatch(/fork/);
    expect(rows[forked]!['lock in the parent']).toMatch(/^T\d+ other_thread$/);
    expect(rows[forked]!['lock in the child']).toMatch(/other_thread \(not in this process\)$/);
    expect(rows.at(-1)!["the child's thread"]).toBe('blocked on lock plash_libc_lock');
    expect(rows.slice(0, forked).some((r) => r['lock in the parent'] === 'T1 main')).toBe(true);
  });

  it('the interleaving table counts binomials', () => {
    const table = (cells[1]!.shown[0] as Html).html;
    // m = 40, u = 20: C(42, 2) = 861 interleavings, 20 of them deadlock
    expect(table).toContain('<td>40</td><td>20</td><td>861</td><td>20</td><td>2.3 %</td>');
  });

  it('the sampling plot: random runs find it sometimes, more often with more threads; the checker always', () => {
    const plot = cells[2]!.shown[0] as Plot;
    expect(plot.x).toEqual([1, 2, 3, 4, 6]);
    const [random, exhaustive] = plot.series;
    expect(random!.y[0]).toBeGreaterThan(10);
    expect(random!.y[0]).toBeLessThan(40);
    expect(random!.y.at(-1)).toBeGreaterThan(random!.y[0]!);
    expect(exhaustive!.y).toEqual([100, 100, 100, 100, 100]);
  });
});

describe('the atfork cells once the editor holds the fix', async () => {
  const fixed = l.exercises['hold_lock']!.solutions![0]!.text;
  const cells = await runCells(l, fakeRc(l, { hold_lock: fixed }));

  it('the timeline says there is nothing to follow, and sampling finds nothing', () => {
    expect((cells[0]!.shown[0] as Html).html).toContain('passes the check');
    const plot = cells[2]!.shown[0] as Plot;
    expect(plot.series[0]!.y.every((y) => y === 0)).toBe(true);
    expect(plot.series[1]!.y.every((y) => y === 0)).toBe(true);
  });
});
