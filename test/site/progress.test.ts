import { describe, expect, it } from 'vitest';
import { PROGRESS_AFTER_MS, PROGRESS_EVERY_MS, progressGate } from '../../site/progress.ts';

describe('progressGate', () => {
  it('shows nothing for a check that answers quickly', () => {
    const shown = progressGate();
    const reports = [10, 20, 30, 100, 200, PROGRESS_AFTER_MS - 1];
    expect(reports.filter(shown)).toEqual([]);
  });

  it('then shows a report at most every PROGRESS_EVERY_MS', () => {
    const shown = progressGate();
    const reports: number[] = [];
    for (let ms = 10; ms <= 600; ms += 10) reports.push(ms);
    const passed = reports.filter(shown);
    expect(passed[0]).toBe(PROGRESS_AFTER_MS);
    for (let i = 1; i < passed.length; i++) expect(passed[i]! - passed[i - 1]!).toBeGreaterThanOrEqual(PROGRESS_EVERY_MS);
    expect(passed).toEqual([250, 350, 450, 550]);
  });

  it('keeps one gate per check', () => {
    const a = progressGate(0, 100);
    const b = progressGate(0, 100);
    expect(a(5)).toBe(true);
    expect(b(5)).toBe(true);
    expect(a(50)).toBe(false);
  });
});
