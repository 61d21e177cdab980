// The DAX lesson tells the story of Ross Zwisler's and Dave Chinner's thread: the
// checker's counterexamples must be the ones the thread describes — the
// generic/075 release of a semaphore never taken, then (after the short-term
// fix) the re-check that finds a page under the lock and never releases it, the
// write-fault race the lock exists for, and the PMD early return — and the
// i_mmap_rwsem timeline the lesson draws must come out of the trace.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TraceStep } from '../../runtime/check/types.ts';
import { checkExercise } from '../../runtime/exercise.ts';
import { assemble } from '../../build/lesson/assemble.ts';
import { allCases, lesson, lineOf, outcome, Story } from './models/dax/story.ts';

const FILE = 'lessons/02-dax-fault-lock.md';
const l = lesson(FILE);
const text = readFileSync(FILE, 'utf8');
const ex = (name: string) => l.exercises[name]!;
const RWSEM = 'mapping.i_mmap_rwsem';

const reads = (name: string, test: (v: number) => boolean) => (t: TraceStep) => t.reads.some((r) => r.name === name && test(r.value));
const writes = (name: string, test: (v: number) => boolean) => (t: TraceStep) => t.writes.some((w) => w.name === name && test(w.value));
const op = (prefix: string) => (t: TraceStep) => t.op.startsWith(prefix);
const by = (tid: number, test: (t: TraceStep) => boolean) => (t: TraceStep) => t.thread === tid && test(t);

describe('the DAX lesson', () => {
  it('is exactly its template with the checked C files included', () => {
    expect(text).toBe(assemble('test/lessons/models/dax/lesson.template.md'));
  });

  it('has exercises 2a-c, each with hints, a solution and wrong fixes, and a live timeline cell', () => {
    expect(Object.keys(l.exercises)).toEqual(['short_term', 'balanced', 'pmd']);
    for (const spec of Object.values(l.exercises)) {
      expect(spec.hints.length).toBeGreaterThanOrEqual(3);
      expect(spec.solutions!.length).toBeGreaterThanOrEqual(1);
      expect(spec.wrong!.length).toBeGreaterThanOrEqual(2);
    }
    const cells = l.blocks.filter((b) => b.kind === 'js');
    expect(cells.some((c) => c.text.includes('rc.timeline') && c.text.includes(RWSEM))).toBe(true);
    expect(l.meta.links.some((k) => k.url.includes('lkml.org/lkml/2015/9/25/602'))).toBe(true);
  });

  it.each(allCases(l).map(([name, label, source, want]) => [name, label, want, source]))('%s, %s → %s', (name, _label, want, source) => {
    expect(outcome(checkExercise(ex(name), source))).toBe(want);
  });
});

describe('2a: the starter is the generic/075 path', () => {
  const spec = ex('short_term');
  const s = new Story(spec, spec.starter);
  const reader = s.thread('read_fault');
  const release = lineOf(spec.starter, 'up_write(&mapping.i_mmap_rwsem);        /* i_mmap_unlock_write */');

  it('is a lock-misuse finding naming the release and its line', () => {
    expect(s.result.property).toBe('lock-misuse');
    expect(s.result.finding!.message).toContain(`releases ${RWSEM}`);
    expect(s.result.finding!.message).toContain('not held');
    expect(s.result.finding!.thread).toBe(reader);
    expect(s.where(s.result.finding!.pos)).toBe(`short_term.c:${release}`);
  });

  it('the read fault finds a page, skips the lock, sees a hole and releases what it never took', () => {
    const found = s.step(by(reader, reads('mapping.cached', (v) => v !== 0)));
    const pageLock = s.step(by(reader, op('mutex_lock(hole_page.lock)')), found);
    const hole = s.step(by(reader, reads('inode.extent', (v) => v === 0)), pageLock);
    expect(found).toBeGreaterThanOrEqual(0);
    expect(pageLock).toBeGreaterThan(found);
    expect(hole).toBeGreaterThan(pageLock);
    expect(s.steps(by(reader, op('down_write')))).toEqual([]);
    const last = s.trace[s.trace.length - 1]!;
    expect(last.thread).toBe(reader);
    expect(s.where(last.pos)).toBe(`short_term.c:${release}`);
    expect(s.owner(s.trace.length - 2, RWSEM)).toBe(0);
  });

  it('needs no preemption at all, which is why a test found it every time', () => {
    expect(s.trace.some((t) => t.preemption)).toBe(false);
  });
});

describe('after the short-term fix, the next counterexample is the re-check under the lock', () => {
  const fixed = ex('short_term').solutions![0]!.text;
  // 2b's starter is the short-term fix; lifting 2a's preemption bound on it gives the same story.
  const strip = (t: string) => t.split('\n').slice(1).join('\n');

  it('2b starts from 2a\'s reference fix', () => {
    expect(strip(ex('balanced').starter)).toBe(strip(fixed));
  });

  for (const [title, s] of [
    ['2a\'s fix without the preemption bound', new Story(ex('short_term'), fixed, { preemptions: undefined })],
    ['2b\'s starter', new Story(ex('balanced'), ex('balanced').starter)],
  ] as const) {
    describe(title, () => {
      const reader = s.thread('read_fault');
      const writer = s.thread('write_fault');

      it('is a write fault returning to user space still holding i_mmap_rwsem', () => {
        expect(s.result.property).toBe('lock-misuse');
        expect(s.result.finding!.thread).toBe(writer);
        expect(s.result.finding!.message).toContain(`returns while holding ${RWSEM}`);
      });

      it('the writer finds no page; the reader, having released the lock, caches its page; the re-check under the lock finds it', () => {
        const writerLooks = s.step(by(writer, reads('mapping.cached', (v) => v === 0)));
        const readerUp = s.step(by(reader, op(`up_write(${RWSEM})`)));
        const cached = s.step(by(reader, writes('mapping.cached', (v) => v !== 0)), Math.max(writerLooks, readerUp));
        const writerDown = s.step(by(writer, op(`down_write(${RWSEM})`)), readerUp);
        const recheck = s.step(by(writer, reads('mapping.cached', (v) => v !== 0)), Math.max(cached, writerDown));
        expect(writerLooks).toBeGreaterThanOrEqual(0);
        expect(readerUp).toBeGreaterThanOrEqual(0);
        expect(cached).toBeGreaterThan(writerLooks);
        expect(writerDown).toBeGreaterThan(readerUp);
        expect(recheck).toBeGreaterThan(cached);
        expect(s.owner(recheck, RWSEM)).toBe(writer);
        expect(s.steps(by(writer, op(`up_write(${RWSEM})`)))).toEqual([]);
      });

      it('the semaphore stays held by a thread that has gone back to user space', () => {
        expect(s.owner(s.trace.length - 1, RWSEM)).toBe(writer);
        expect(s.final.threads.find((t) => t.tid === writer)?.held.map((h) => h.name)).toContain(RWSEM);
      });

      it('and the next fault blocks on it for good', () => {
        // Without the return-to-user check, the run goes on: main joins both
        // faults and takes the next fault on the offset, which waits forever.
        const spec = title.startsWith('2a') ? ex('short_term') : ex('balanced');
        const text = title.startsWith('2a') ? fixed : spec.starter;
        const extra = { properties: ['deadlock', 'stores_survive', 'no_mapping_past_eof'], ...(title.startsWith('2a') ? { preemptions: undefined } : {}) };
        const next = new Story(spec, text, extra);
        expect(next.result.property).toBe('deadlock');
        expect(next.result.finding!.message).toContain(`thread 1 waits for ${RWSEM}`);
        expect(next.result.finding!.waits).toContainEqual(expect.objectContaining({ thread: 1, heldBy: next.thread('write_fault') }));
        const main = next.final.threads.find((t) => t.tid === 1)!;
        expect(main).toMatchObject({ status: 'blocked', function: '__dax_fault' });
        // the holder is gone back to user space (finished and joined)
        expect(['finished', 'gone']).toContain(next.final.threads.find((t) => t.tid === next.thread('write_fault'))?.status ?? 'gone');
      });
    });
  }
});

describe('removing the serialisation lets the loser zero the winner\'s store', () => {
  const spec = ex('balanced');
  const narrow = spec.wrong!.find((w) => w.breaks === 'stores_survive')!;

  it('fails the data invariant, not lock balance', () => {
    expect(outcome(checkExercise(spec, narrow.text))).toBe('fail stores_survive');
  });

  // The same fix with the run pinned to two write faults on the hole: the race of
  // Ross's point 1, with the loser a write fault too.
  const pairLine = 'int pair = nondet(READ_WRITE, READ_TRUNCATE);';
  const twoWriters = {
    ...spec,
    modelUnits: spec.modelUnits.map((u) => ({ ...u, text: u.text.replace(pairLine, 'int pair = WRITE_WRITE;') })),
  };
  const s = new Story(twoWriters, narrow.text);

  it('with two write faults: both look the extent up, the winner stores, the loser zeroes afterwards', () => {
    expect(spec.modelUnits.some((u) => u.text.includes(pairLine))).toBe(true);
    expect(s.result.property).toBe('stores_survive');
    const writers = s.trace.filter(op('pthread_create'));
    expect(writers.map((t) => t.op.endsWith('(write_fault)'))).toEqual([true, true]);
    const store = s.step(writes('user_stored', (v) => v === 1));
    const winner = s.trace[store]!.thread;
    const loser = writers.map((t) => Number(/thread (\d+)/.exec(t.op)![1])).find((w) => w !== winner)!;
    const loserLooks = s.step(by(loser, reads('inode.extent', (v) => v === 1)));
    expect(loserLooks).toBeGreaterThanOrEqual(0);
    expect(loserLooks).toBeLessThan(store);
    expect(s.step(by(loser, writes('inode.data', (v) => v === 0)), store)).toBe(s.trace.length - 1);
    // with the reference solution the same pair is safe
    expect(outcome(checkExercise(twoWriters, spec.solutions![0]!.text))).toBe('pass');
  });
});

describe('2c: the PMD early return', () => {
  const spec = ex('pmd');
  const s = new Story(spec, spec.starter);

  it('returns from a failed get_block holding the semaphore taken at the top of the handler', () => {
    expect(s.result.property).toBe('lock-misuse');
    expect(s.result.finding!.message).toContain(`returns while holding ${RWSEM}, taken at pmd.c:${lineOf(spec.starter, 'down_write(')}`);
    expect(s.step(reads('enospc', (v) => v === 1))).toBeGreaterThanOrEqual(0);
  });

  it('once balanced, the fallback path exposes stale blocks', () => {
    const fallback = spec.wrong!.find((w) => w.breaks === 'no_stale_data')!;
    const f = new Story(spec, fallback.text);
    expect(f.result.property).toBe('no_stale_data');
    expect(f.step(reads('misaligned', (v) => v === 1)) >= 0 || f.step(reads('no_zero_page', (v) => v === 1)) >= 0).toBe(true);
    expect(f.word(f.trace.length - 1, 'inode.extent')).toBe(2);
    expect(f.word(f.trace.length - 1, 'inode.data')).toBe(0x5ca1ab1e);
  });
});

describe('the lock-ownership timeline the lesson draws', () => {
  const s = new Story(ex('balanced'), ex('balanced').starter);

  it('follows i_mmap_rwsem from free to the reader, back to free, and to the writer for good', () => {
    const holders: number[] = [];
    for (let i = -1; i < s.trace.length; i++) {
      const h = s.owner(i, RWSEM);
      if (holders[holders.length - 1] !== h) holders.push(h);
    }
    expect(holders).toEqual([0, s.thread('read_fault'), 0, s.thread('write_fault')]);
  });
});
