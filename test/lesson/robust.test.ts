// The lesson parser on arbitrary text: it reports, it never throws.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLesson } from '../../build/lesson/index.ts';

// Pieces that exercise every branch: front matter, fences with roles, YAML, junk.
const PIECES = [
  '---\n', 'title: T\n', 'order: 1\n', 'summary: S\n', 'order: x\n', 'links: [1]\n', '```c model\n', '```c model=m\n',
  '```c exercise=ex\n', '```yaml check=ex\n', '```c solution=ex\n', '```c wrong=ex breaks=deadlock label="l\n',
  '```c wrong=ex\n', '```\n', '~~~\n', '```js echo\n', 'defines: [f]\n', 'starter_fails: deadlock\n', 'memory: arm\n',
  'faults: { kill: { max: 0 } }\n', 'int f(void);\n', '#pragma invariant ok\n', '  - x\n', '> ```c model\n', '\t', '"', ':', '{', '\r\n',
];

describe('parseLesson on arbitrary input', () => {
  it('never throws, and every diagnostic has a place', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), fc.string(), (pieces, junk) => {
      for (const text of [pieces.join(''), pieces.join('') + junk, junk]) {
        const r = parseLesson(text, 'x.md');
        for (const d of r.diagnostics) {
          expect(d.file).toBe('x.md');
          expect(d.line).toBeGreaterThanOrEqual(0);
          expect(d.message.length).toBeGreaterThan(0);
        }
        if (r.lesson) expect(r.diagnostics.every((d) => d.severity === 'warning')).toBe(true);
      }
    }), { numRuns: 300 });
  });
});
