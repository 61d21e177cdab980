import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { zip } from '../../build/grade/zip.ts';

const dir = mkdtempSync(join(tmpdir(), 'racecourse-zip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('zip', () => {
  it('writes an archive that unzip extracts byte for byte, with modes', () => {
    const big = 'int x;\n'.repeat(5000);
    const bytes = zip([
      { name: 'setup.sh', data: '#!/bin/sh\necho hi\n', mode: 0o755 },
      { name: 'source/check.mjs', data: big },
      { name: 'empty.txt', data: '' },
      { name: 'bin.dat', data: new Uint8Array([0, 1, 2, 255]) },
    ]);
    const file = join(dir, 'a.zip');
    writeFileSync(file, bytes);
    execFileSync('unzip', ['-q', '-o', file, '-d', join(dir, 'out')]);
    expect(readFileSync(join(dir, 'out/setup.sh'), 'utf8')).toBe('#!/bin/sh\necho hi\n');
    expect(readFileSync(join(dir, 'out/source/check.mjs'), 'utf8')).toBe(big);
    expect(readFileSync(join(dir, 'out/empty.txt'), 'utf8')).toBe('');
    expect([...readFileSync(join(dir, 'out/bin.dat'))]).toEqual([0, 1, 2, 255]);
    expect(statSync(join(dir, 'out/setup.sh')).mode & 0o777).toBe(0o755);
    // deflate did its job on repetitive text
    expect(bytes.length).toBeLessThan(big.length / 10);
    // integrity check by unzip itself
    expect(execFileSync('unzip', ['-t', file]).toString()).toMatch(/No errors detected/);
  });

  it('gives the same bytes for the same input', () => {
    const e = [{ name: 'a', data: 'x' }];
    expect(zip(e).equals(zip(e))).toBe(true);
  });
});
