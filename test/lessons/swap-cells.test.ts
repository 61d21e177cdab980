// The swap lesson's picture, run in Node against the real checker with a stand-in
// for the page's rc bridge: both objects' page arrays over the counterexample,
// page 0 moving to the new object and coming back stale in the old one.
import { describe, expect, it } from 'vitest';
import { fakeRc, runCells, type Html } from './models/atfork/cells.ts';
import { lesson } from './models/atfork/story.ts';

const l = lesson('lessons/05-swap-pager-readbehind.md');

describe('the page-array picture', async () => {
  const [starter] = await runCells(l, fakeRc(l));
  const picture = (starter!.shown[0] as Html).html;
  const rows = picture.split('<tr>').slice(2); // after the header row

  it('runs without errors', () => {
    expect(starter!.error).toBeUndefined();
  });

  it('shows page 0 moving to the new object, then a stale copy of it read into the old one, in that order', () => {
    const moved = rows.findIndex((r) => r.includes('do_fork: store new_object.pages[0].present = 1'));
    const back = rows.findIndex((r) => r.includes('page_fault: store orig_object.pages[0].present = 1'));
    const stale = rows.findIndex((r) => r.includes('stale'));
    expect(moved).toBeGreaterThan(0);
    expect(back).toBeGreaterThan(moved);
    expect(stale).toBe(rows.length - 1);
    expect(picture.match(/v1 stale/g)).toHaveLength(1);
    // the stale page is in the original object's first column, the new object keeps v2
    const cells = rows[stale]!.split('<td').slice(2).map((c) => c.replace(/^[^>]*>/, '').replace(/<\/td>.*$/s, ''));
    expect(cells[0]).toBe('v1 stale');
    expect(cells[3]).toBe('v2');
  });

  it('says there is nothing to draw once 5a holds the fix', async () => {
    const fixed = l.exercises['alloc_first']!.solutions![0]!.text;
    const [cell] = await runCells(l, fakeRc(l, { alloc_first: fixed }));
    expect((cell!.shown[0] as Html).html).toContain('passes the check');
  });
});
