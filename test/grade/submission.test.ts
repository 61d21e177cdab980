import { describe, expect, it } from 'vitest';
import { decodeSubmission, downloadHeader } from '../../build/grade/submission.ts';

describe('decodeSubmission', () => {
  it('takes raw text as it is (CRLF and BOM normalised)', () => {
    expect(decodeSubmission('\uFEFFvoid f(void) {}\r\n', 'l', 'e')).toEqual({ text: 'void f(void) {}\n' });
  });
  it('accepts the editor download with its header line, and refuses one for another exercise', () => {
    const text = `${downloadHeader('counter', 'increment')}\r\nvoid increment(void) {}\n`;
    // the header goes, so line numbers match the editor's
    expect(decodeSubmission(text, 'counter', 'increment')).toEqual({ text: 'void increment(void) {}\n' });
    expect(decodeSubmission(text, 'counter', 'other')).toEqual({
      error: "this file was downloaded from exercise 'increment' of lesson 'counter', not 'other' of 'counter'",
    });
  });
  it('accepts the JSON form', () => {
    const json = JSON.stringify({ lesson: 'counter', exercise: 'increment', text: 'void increment(void) {}' });
    expect(decodeSubmission(json, 'counter', 'increment')).toEqual({ text: 'void increment(void) {}' });
    expect('error' in decodeSubmission(json, 'atfork', 'increment')).toBe(true);
  });
  it('treats other JSON-looking text as C (which will not compile)', () => {
    expect(decodeSubmission('{"score": 100}', 'l', 'e')).toEqual({ text: '{"score": 100}' });
  });
});
