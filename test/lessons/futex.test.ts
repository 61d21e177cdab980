// The robust futex lesson tells Torvald Riegel's story: the checker's
// counterexample for the starter must be the owner killed between L3 (word
// zeroed) and L4 (wake), the exit routine reading a word that is not the dead
// TID and waking no one, and the waiter asleep forever on the futex; with the
// conservative wake, reusing the freed mutex's memory must let the exit routine
// corrupt it; the intent-to-release scheme must pass both.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TraceStep } from '../../runtime/check/types.ts';
import { checkExercise } from '../../runtime/exercise.ts';
import { assemble } from '../../build/lesson/assemble.ts';
import { allCases, lesson, outcome, Story } from './models/dax/story.ts';

const FILE = 'lessons/03-robust-futex-wakeup.md';
const l = lesson(FILE);
const text = readFileSync(FILE, 'utf8');
const ex = (name: string) => l.exercises[name]!;
const WAITERS = 0x80000000 | 0;
const OWNER_DIED = 0x40000000;

const op = (test: RegExp) => (t: TraceStep) => test.test(t.op);
const by = (tid: number, test: (t: TraceStep) => boolean) => (t: TraceStep) => t.thread === tid && test(t);
const reads = (name: string, test: (v: number) => boolean) => (t: TraceStep) => t.reads.some((r) => r.name === name && test(r.value));
const writes = (name: string, test: (v: number) => boolean) => (t: TraceStep) => t.writes.some((w) => w.name === name && test(w.value));

describe('the robust futex lesson', () => {
  it('is exactly its template with the checked C files included', () => {
    expect(text).toBe(assemble('test/lessons/models/futex/lesson.template.md'));
  });

  it('has exercises 3a-b with kill faults on the owner, hints, solutions, wrong fixes and the futex-bits cell', () => {
    expect(Object.keys(l.exercises)).toEqual(['exit_wake', 'destroy']);
    for (const spec of Object.values(l.exercises)) {
      expect(spec.config.faults).toEqual({ kill: { threads: ['owner'], max: 1 } });
      expect(spec.hints.length).toBeGreaterThanOrEqual(3);
      expect(spec.solutions!.length).toBeGreaterThanOrEqual(1);
      expect(spec.wrong!.length).toBeGreaterThanOrEqual(2);
    }
    const labels = ex('exit_wake').wrong!.map((w) => w.label).join(' | ');
    expect(labels).toContain('TID matches');
    expect(labels).toContain('before the exchange');
    const cells = l.blocks.filter((b) => b.kind === 'js');
    expect(cells.some((c) => c.text.includes('rc.timeline') && c.text.includes('m.futex') && c.text.includes('OWNER_DIED'))).toBe(true);
  });

  it.each(allCases(l).map(([name, label, source, want]) => [name, label, want, source]))('%s, %s → %s', (name, _label, want, source) => {
    expect(outcome(checkExercise(ex(name), source))).toBe(want);
  });
});

describe('3a: the owner dies between L3 and L4', () => {
  const spec = ex('exit_wake');
  const s = new Story(spec, spec.starter);
  const owner = s.thread('owner');
  const waiter = s.thread('waiter');
  const exchange = s.step(by(owner, op(/^atomic_exchange\(m\.futex, 0\)/)));
  const killed = s.step(by(owner, op(/is killed/)));

  it('is a lost wakeup of the waiter, naming the futex', () => {
    expect(s.result.property).toBe('lost-wakeup');
    expect(s.result.finding!.thread).toBe(waiter);
    expect(s.result.finding!.message).toContain('m.futex');
  });

  it('the waiter set FUTEX_WAITERS and went to sleep while the owner held the mutex', () => {
    const sleeps = s.step(by(waiter, op(/^futex_wait\(m\.futex/)));
    expect(sleeps).toBeGreaterThanOrEqual(0);
    expect(sleeps).toBeLessThan(exchange);
    const word = s.word(sleeps, 'm.futex')!;
    expect(word & WAITERS).toBe(WAITERS);
    expect(word & 0x3fffffff).toBe(owner);
  });

  it('the owner zeroes the word (L3) and is killed before it wakes anyone (L4)', () => {
    expect(exchange).toBeGreaterThanOrEqual(0);
    expect(s.trace[exchange]!.reads.find((r) => r.name === 'm.futex')!.value & WAITERS).toBe(WAITERS);
    expect(killed).toBeGreaterThan(exchange);
    expect(s.steps(by(owner, op(/^futex_wake/))).filter((i) => i < killed)).toEqual([]);
    expect(s.word(killed, 'heads[2].list_op_pending')).not.toBe(0);
  });

  it('the exit routine reads the pending word, finds 0 instead of the dead TID, and wakes no one', () => {
    const look = s.step(by(owner, reads('m.futex', (v) => v === 0)), killed);
    expect(look).toBeGreaterThan(killed);
    expect(s.steps(op(/^futex_wake/)).filter((i) => i > killed)).toEqual([]);
    expect(s.steps(writes('m.futex', () => true)).filter((i) => i > killed)).toEqual([]);
  });

  it('and the waiter sleeps forever on a free mutex', () => {
    const w = s.final.threads.find((t) => t.tid === waiter)!;
    expect(w.status).toBe('blocked');
    expect(w.blockedOn).toContain('m.futex');
    expect(s.word(s.trace.length - 1, 'm.futex')).toBe(0);
    // the owner is gone (killed; its exit routine has run to the end)
    expect(s.final.threads.find((t) => t.tid === owner)?.status ?? 'gone').not.toBe('runnable');
  });
});

describe('3b: with the conservative wake, reused memory gets corrupted', () => {
  const spec = ex('destroy');
  const s = new Story(spec, spec.starter);
  const owner = s.thread('owner');
  const waiter = s.thread('waiter');

  it('fails kernel_writes_only_live_mutexes', () => {
    expect(s.result.property).toBe('kernel_writes_only_live_mutexes');
  });

  it('the owner wakes the waiter and is killed before L5; the waiter takes, releases, destroys and reuses', () => {
    const wake = s.step(by(owner, op(/^futex_wake\(arena\[0\]/)));
    const killed = s.step(by(owner, op(/is killed/)), wake);
    expect(wake).toBeGreaterThanOrEqual(0);
    expect(killed).toBeGreaterThan(wake);
    expect(s.word(killed, 'heads[2].list_op_pending')).not.toBe(0);
    const destroyed = s.step(by(waiter, writes('arena_is_mutex', (v) => v === 0)), killed);
    const reused = s.step(by(waiter, writes('arena[0]', (v) => (v & 0x1fffffff) === owner)), destroyed);
    expect(destroyed).toBeGreaterThan(killed);
    expect(reused).toBeGreaterThan(destroyed);
  });

  it('then the dead owner\'s exit routine marks the job record OWNER_DIED', () => {
    const last = s.trace[s.trace.length - 1]!;
    expect(last.thread).toBe(owner);
    expect(last.op).toMatch(/^cmpxchg\(arena\[0\]/);
    expect(s.word(s.trace.length - 1, 'arena[0]')! & OWNER_DIED).toBe(OWNER_DIED);
    expect(s.word(s.trace.length - 1, 'arena_is_mutex')).toBe(0);
  });

  it('the intent-to-release solution keeps both properties', () => {
    const r = checkExercise(spec, spec.solutions![0]!.text);
    expect(r.verdict).toBe('pass');
    expect(r.propertiesChecked).toEqual(expect.arrayContaining(['lost-wakeup', 'kernel_writes_only_live_mutexes']));
  });
});

describe('the futex word the lesson draws', () => {
  const s = new Story(ex('exit_wake'), ex('exit_wake').starter);

  it('goes owner TID → TID | WAITERS → 0, and never gets OWNER_DIED', () => {
    const values: number[] = [];
    for (let i = -1; i < s.trace.length; i++) {
      const v = s.word(i, 'm.futex')!;
      if (values[values.length - 1] !== v) values.push(v);
    }
    const owner = s.thread('owner');
    expect(values).toEqual([0, owner, owner | WAITERS, 0]);
    expect(values.some((v) => (v & OWNER_DIED) !== 0)).toBe(false);
  });
});
