// The swap pager lesson tells review D15293's story: the starter's counterexample
// must be alc's interleaving (the fault drops the object lock for a buffer, the
// split moves the pages below the faulting index and sleeps on the busy page, the
// fault relocks and reads stale read-behind pages into the old object), and each
// alternative from the review must fail for the reason the reviewers gave.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TraceStep } from '../../runtime/check/types.ts';
import { checkExercise } from '../../runtime/exercise.ts';
import { assemble } from '../../build/lesson/assemble.ts';
import { allCases, lesson, outcome, Story } from './models/atfork/story.ts';

const FILE = 'lessons/05-swap-pager-readbehind.md';
const TEMPLATE = 'test/lessons/models/swap/lesson.md.in';
const l = lesson(FILE);
const text = readFileSync(FILE, 'utf8');
const ex = (name: string) => l.exercises[name]!;
const wrong = (exercise: string, label: string) => ex(exercise).wrong!.find((w) => w.label.includes(label))!.text;
const by = (thread: number, op: string | RegExp) => (t: TraceStep) =>
  t.thread === thread && (typeof op === 'string' ? t.op.startsWith(op) : op.test(t.op));

/** what the picture cell reads: a page slot of an object in a snapshot's memory */
function slot(s: Story, at: number, object: string, i: number) {
  const mem = s.after(at).processes[0]!.memory;
  const w = (f: string) => mem.find((m) => m.name === `${object}.pages[${i}].${f}`)!.value;
  return { present: w('present'), valid: w('valid'), busy: w('busy'), data: w('data') };
}
const latest = (s: Story, at: number, i: number) => s.after(at).processes[0]!.memory.find((m) => m.name === `latest[${i}]`)!.value;

describe('the swap pager lesson', () => {
  it('is exactly its template with the C parts included', () => {
    expect(text).toBe(assemble(TEMPLATE));
  });

  it('has exercises 5a and 5b and the page-array picture', () => {
    expect(Object.keys(l.exercises)).toEqual(['alloc_first', 'review']);
    expect(l.blocks.some((b) => b.kind === 'js' && b.text.includes("rc.replay('alloc_first'"))).toBe(true);
  });

  it.each(allCases(l))('%s, %s → %s', (name, _label, want, source) => {
    expect(outcome(checkExercise(ex(name), source))).toBe(want);
  });
});

describe('5a: the starter is the race alc described', () => {
  const s = new Story(ex('alloc_first'), ex('alloc_first').starter);
  const fault = s.thread('page_fault');
  const fork = s.thread('do_fork');
  const unlock = s.step(by(fault, 'mutex_unlock(orig_object.lock)'));
  const moved = s.step(by(fork, 'store new_object.pages[0].present = 1'));
  const sleeps = s.step(by(fork, 'msleep(orig_object.pages[2]'));
  const relock = s.step(by(fault, 'mutex_lock(orig_object.lock)'), unlock);
  const realloc = s.step(by(fault, 'store orig_object.pages[0].present = 1'), relock);
  const read = s.step(by(fault, 'store orig_object.pages[0].data = '), realloc);

  it('fails no_stale_page in the original object', () => {
    expect(s.result.finding).toMatchObject({ property: 'no_stale_page', kind: 'invariant' });
  });

  it('the fault drops the object lock for its buffer while the faulting page is busy', () => {
    expect(s.where(s.trace[unlock]!.pos)).toBe('alloc_first.c:5');
    expect(slot(s, unlock, 'orig_object', 2)).toMatchObject({ present: 1, busy: 1, valid: 0 });
  });

  it('the split moves page 0 to the new object, then sleeps on the busy page 2', () => {
    expect(moved).toBeGreaterThan(unlock);
    expect(sleeps).toBeGreaterThan(moved);
    expect(slot(s, sleeps, 'new_object', 0)).toMatchObject({ present: 1, valid: 1, data: 2 });
    expect(slot(s, sleeps, 'orig_object', 0).present).toBe(0);
  });

  it('the fault relocks, re-allocates page 0 in the original object and reads stale swap data into it', () => {
    expect(relock).toBeGreaterThan(sleeps);
    expect(realloc).toBeGreaterThan(relock);
    expect(read).toBeGreaterThan(realloc);
    const end = s.trace.length - 1;
    expect(slot(s, end, 'orig_object', 0)).toMatchObject({ present: 1, valid: 1, data: 1 });
    expect(slot(s, end, 'new_object', 0)).toMatchObject({ present: 1, valid: 1, data: 2 });
    expect(latest(s, end, 0)).toBe(2);
    // fork is still asleep on the faulting page when the stale read lands
    expect(s.final.threads.find((t) => t.tid === fork)).toMatchObject({ status: 'blocked' });
    expect(s.final.threads.find((t) => t.tid === fork)!.blockedOn).toContain('orig_object.pages[2]');
  });

  it('the third path plays no part in it', () => {
    const other = s.thread('other_path');
    expect(s.trace.filter((t) => t.thread === other && t.op.startsWith('store'))).toEqual([]);
  });
});

describe('clipping read-behind before unlocking fails by kib\'s objection', () => {
  const clip = wrong('alloc_first', 'clip read-behind');
  const s = new Story(ex('alloc_first'), clip);
  const fault = s.thread('page_fault');
  const fork = s.thread('do_fork');
  const other = s.thread('other_path');

  it('another path instantiates page 1 while the fault waits for its buffer; the split moves it; the fault reads a stale copy', () => {
    expect(s.result.finding).toMatchObject({ property: 'no_stale_page' });
    const unlock = s.step(by(fault, 'mutex_unlock(orig_object.lock)'));
    const instantiated = s.step(by(other, 'store orig_object.pages[1].present = 1'));
    const moved = s.step(by(fork, 'store new_object.pages[1].present = 1'));
    const relock = s.step(by(fault, 'mutex_lock(orig_object.lock)'), unlock);
    const realloc = s.step(by(fault, 'store orig_object.pages[1].present = 1'), relock);
    expect(unlock).toBeGreaterThan(0);
    expect(instantiated).toBeGreaterThan(unlock);
    expect(moved).toBeGreaterThan(instantiated);
    expect(relock).toBeGreaterThan(moved);
    expect(realloc).toBeGreaterThan(relock);
    const end = s.trace.length - 1;
    expect(slot(s, end, 'orig_object', 1)).toMatchObject({ valid: 1, data: 1 });
    expect(slot(s, end, 'new_object', 1)).toMatchObject({ valid: 1, data: 2 });
    // clipped before unlocking: page 0 was resident, so only page 1 is read behind
    expect(slot(s, end, 'orig_object', 0).present).toBe(0);
  });

  it('without the third path the clipping fix passes: nothing else breaks it', () => {
    const noOther = (model: string) => {
      const edited = model.replace('pthread_create(&other, NULL, other_path, NULL);', '').replace('pthread_join(other, NULL);', '');
      expect(edited).not.toBe(model);
      return edited;
    };
    expect(outcome(new Story(ex('alloc_first'), clip, noOther).result)).toBe('pass');
    expect(outcome(new Story(ex('alloc_first'), ex('alloc_first').starter, noOther).result)).toBe('no_stale_page');
  });

  it('is also the starter of 5b', () => {
    expect(ex('review').starter).toBe(clip);
  });
});

describe('5b: the split-side ideas fail for the review\'s reasons', () => {
  it('waiting out paging in progress at the start of the split: fork and the fault wait for each other', () => {
    const s = new Story(ex('review'), wrong('review', 'paging in progress'));
    const fault = s.thread('page_fault');
    const fork = s.thread('do_fork');
    const f = s.result.finding!;
    expect(f.kind).toBe('deadlock');
    expect(f.message).toMatch(/map_lock/);
    expect(f.waits).toContainEqual(expect.objectContaining({ thread: fault, waitsFor: 'map_lock for reading', heldBy: fork }));
    expect(f.waits).toContainEqual(expect.objectContaining({ thread: fork, waitsFor: 'a wakeup on channel orig_object.pip' }));
    expect(s.final.processes[0]!.memory.find((m) => m.name === 'orig_object.pip')!.value).toBe(1);
  });

  for (const label of ['resumes at the busy page', 'ignores a page']) {
    it(`${label}: only masks the race; the stale page is still read in`, () => {
      const s = new Story(ex('review'), wrong('review', label));
      expect(s.result.finding).toMatchObject({ property: 'no_stale_page' });
      const end = s.trace.length - 1;
      expect(slot(s, end, 'orig_object', 0)).toMatchObject({ valid: 1, data: 1 });
      expect(latest(s, end, 0)).toBe(2);
    });

    it(`${label}: judged on split_exact alone it fails too, leaving pages behind in the original object`, () => {
      const r = checkExercise(ex('review'), wrong('review', label), { properties: ['split_exact', 'assertion'] });
      expect(outcome(r)).toBe('split_exact');
    });
  }

  it('the unchanged split, on split_exact alone, trips the kernel\'s duplicate-page assertion', () => {
    const r = checkExercise(ex('alloc_first'), ex('alloc_first').starter, { properties: ['split_exact', 'assertion'] });
    expect(r.finding).toMatchObject({ kind: 'assertion' });
    expect(r.finding!.message).toContain('!to->pages[pindex].present');
  });
});

describe('split_exact can fail', () => {
  it('a split that frees the swap blocks instead of handing them over leaves indexes without a home', () => {
    const dir = 'test/lessons/models/swap';
    const text = readFileSync(join(dir, 'getpages-pbuf-last.c'), 'utf8') + '\n' + readFileSync(join(dir, 'split-drops-swap.c'), 'utf8');
    expect(outcome(checkExercise(ex('review'), text))).toBe('split_exact');
  });
});
