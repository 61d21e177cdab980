import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explore } from '../../runtime/check/explore.ts';
import { decodeSchedule, encodeSchedule, replay } from '../../runtime/check/schedule.ts';
import { acquire, counterRace, release, toy } from './toy.ts';

describe('schedule strings', () => {
  it('round-trips any list of 32-bit labels', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.constantFrom(0, 1, 1 << 16))), (labels) => {
      expect(decodeSchedule(encodeSchedule(labels))).toEqual(labels);
    }));
  });

  it('spends one URL-safe character on a small label', () => {
    const s = encodeSchedule([0, 1, 7, 5, 2, 3]);
    expect(s).toHaveLength(6);
    expect(s).toMatch(/^[A-Za-z0-9_-]*$/);
    expect(encodeSchedule([1000])).toHaveLength(3);
  });

  it('shortens runs of one label', () => {
    const big = 3 << 16;
    expect(encodeSchedule([big, big, big, big, big])).toHaveLength(encodeSchedule([big]).length + 1);
    expect(decodeSchedule(encodeSchedule([big, big, big, 5, 5, 5, 5]))).toEqual([big, big, big, 5, 5, 5, 5]);
    expect(decodeSchedule('B')).toBeUndefined(); // a repeat with nothing before it
  });

  it('rejects strings that are not schedules', () => {
    expect(decodeSchedule('ab!c')).toBeUndefined();
    expect(decodeSchedule('g')).toBeUndefined(); // a digit that promises more
    expect(decodeSchedule('')).toEqual([]);
    expect(() => encodeSchedule([1.5])).toThrow(/not a 32-bit integer/);
  });
});

describe('replay', () => {
  it('explains a label that is not enabled', () => {
    const system = counterRace(false);
    // thread 3 (label 16) waits until both others are done
    const r = replay(system, encodeSchedule([16]));
    expect(r.error).toMatch(/^step 1: transition 16 is not enabled here; enabled: 0 \(thread 1 \(pid 1\)\), 8 \(thread 2 \(pid 1\)\)$/);
    expect(r.trace).toEqual([]);
  });

  it('explains a string that does not decode', () => {
    expect(replay(counterRace(false), '**').error).toMatch(/not a schedule string/);
  });

  it('reports steps left over after a finding', () => {
    const r = explore(counterRace(false));
    const labels = decodeSchedule(r.schedule!)!;
    const over = replay(counterRace(false), [...labels, 0]);
    expect(over.finding?.property).toBe('assertion');
    expect(over.error).toMatch(/1 more steps/);
  });

  it('finds the deadlock at the end of a deadlock schedule and marks the preemption', () => {
    const system = toy([0, 0], [[acquire(0), acquire(1), release(1), release(0)], [acquire(1), acquire(0), release(0), release(1)]]);
    const r = replay(system, encodeSchedule([0, 8]));
    expect(r.finding?.property).toBe('deadlock');
    expect(r.trace.map((s) => s.preemption)).toEqual([false, true]);
    expect(r.states).toHaveLength(3);
  });
});
