import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../build/cli/new.ts';
import { loadLesson } from '../../build/lesson/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'racecourse-new-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function quiet(args: string[]): Promise<number> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  const err = vi.spyOn(console, 'error').mockImplementation(() => {});
  try { return await run(args); } finally { log.mockRestore(); err.mockRestore(); }
}

describe('racecourse new', () => {
  it('scaffolds a lesson that parses cleanly, numbered after the existing ones', async () => {
    writeFileSync(join(dir, '03-old.md'), '---\ntitle: Old\norder: 7\nsummary: s\n---\n');
    expect(await quiet(['race-demo', '--dir', dir])).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['03-old.md', '04-race-demo.md']);
    const r = loadLesson(join(dir, '04-race-demo.md'));
    expect(r.diagnostics).toEqual([]);
    expect(r.lesson!.meta.order).toBe(8);
    expect(r.lesson!.meta.title).toBe('Race demo');
    const ex = r.lesson!.exercises.increment!;
    expect(ex.solutions).toHaveLength(1);
    expect(ex.wrong).toHaveLength(1);
    expect(readFileSync(join(dir, '04-race-demo.md'), 'utf8')).toContain('docs/AUTHORING.md');
  });

  it('refuses bad names and existing lessons', async () => {
    expect(await quiet(['Race Demo', '--dir', dir])).toBe(2);
    expect(await quiet(['race-demo', '--dir', dir])).toBe(1);
    expect(await quiet([])).toBe(2);
  });
});
