// The whole site build: hashed, relative asset URLs, the index in lesson order,
// and — for the fixture and for every real lesson — no reference solution or
// wrong fix anywhere in the student build (HTML, JS, CSS, maps, fonts), while the
// instructor build has them.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLessons } from '../../build/lesson/index.ts';
import { parseBuildArgs } from '../../build/cli/build.ts';
import { Site } from '../../build/site/build.ts';

function texts(site: Site): [string, string][] {
  return [...site.files].map(([name, body]) => [name, typeof body === 'string' ? body : Buffer.from(body).toString('latin1')]);
}

/** Lines of a snippet long enough to be telling (a bare `}` is in every starter too). */
function telling(text: string, starter: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l.length >= 12 && !starter.includes(l));
}

describe('the fixture site', () => {
  let student: Site;
  let instructor: Site;
  beforeAll(async () => {
    student = new Site({ lessonsDir: 'test/fixtures/lessons', instructor: false });
    instructor = new Site({ lessonsDir: 'test/fixtures/lessons', instructor: true });
    await student.buildAll();
    await instructor.buildAll();
  }, 60_000);

  it('has an index, a page per lesson and hashed assets with relative URLs', () => {
    const names = [...student.files.keys()];
    expect(names).toContain('index.html');
    expect(names).toContain('counter.html');
    const page = student.files.get('counter.html') as string;
    const scripts = [...page.matchAll(/(?:src|href)="(assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBe(2);
    for (const s of scripts) {
      expect(s).toMatch(/^assets\/(client|style)-[A-Z0-9]{8}\.(js|css)$/);
      expect(names).toContain(s);
    }
    expect(page).not.toMatch(/(?:src|href)="\/(?!\/)/); // no root-absolute URLs
    const data = JSON.parse(/<script type="application\/json" id="rc-data">(.*?)<\/script>/s.exec(page)![1]!);
    expect(data.worker).toMatch(/^assets\/worker-[A-Z0-9]{8}\.js$/);
    expect(names).toContain(data.worker);
    expect(student.diagnostics()).toEqual([]);
  });

  it('keeps solution text out of every file of the student build', () => {
    for (const [name, text] of texts(student)) {
      expect(text.includes('SOLUTION-MARKER-7f3a'), name).toBe(false);
      expect(text.includes('WRONG-MARKER-91c2'), name).toBe(false);
    }
    const all = texts(instructor).map(([, t]) => t).join('\n');
    expect(all).toContain('SOLUTION-MARKER-7f3a');
    expect(all).toContain('WRONG-MARKER-91c2');
  });

  it('rebuilds one lesson without re-bundling', () => {
    const before = student.files.get('counter.html');
    const assets = [...student.files.keys()].filter((k) => k.startsWith('assets/')).sort();
    expect(student.updateLesson('test/fixtures/lessons/01-counter.md')).toEqual(['counter.html']);
    expect(student.files.get('counter.html')).toBe(before);
    expect([...student.files.keys()].filter((k) => k.startsWith('assets/')).sort()).toEqual(assets);
  });

  it('writes the files to disk, replacing only a previous build', () => {
    const out = mkdtempSync(join(tmpdir(), 'racecourse-site-'));
    try {
      student.write(out);
      expect(readdirSync(out).sort()).toEqual(['assets', 'counter.html', 'index.html']);
      expect(readFileSync(join(out, 'counter.html'), 'utf8')).toBe(student.files.get('counter.html'));
      writeFileSync(join(out, 'stale.html'), 'old page');
      student.write(out);
      expect(readdirSync(out).sort()).toEqual(['assets', 'counter.html', 'index.html']);
      writeFileSync(join(out, 'notes.txt'), 'someone else\'s file');
      expect(() => student.write(out)).toThrow(/refusing to replace .*'notes\.txt'/);
      expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('someone else\'s file');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});

describe('the real lessons', () => {
  const { lessons } = loadLessons('lessons');
  let site: Site;
  beforeAll(async () => {
    site = new Site({ lessonsDir: 'lessons', instructor: false });
    await site.buildAll();
  }, 60_000);
  afterAll(() => undefined);

  it('exist', () => {
    expect(lessons.length).toBeGreaterThan(0);
  });

  it('are in the index in order, with prev/next links between them', () => {
    const index = site.files.get('index.html') as string;
    const order = lessons.map((l) => index.indexOf(`href="${l.slug}.html"`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    for (let i = 1; i < lessons.length; i++) {
      expect(site.files.get(`${lessons[i]!.slug}.html`) as string).toContain(`rel="prev" href="${lessons[i - 1]!.slug}.html"`);
    }
  });

  it('leak no reference solution or wrong fix into the student build', () => {
    const files = texts(site);
    for (const lesson of lessons) {
      for (const spec of Object.values(lesson.exercises)) {
        const secrets = [...(spec.solutions ?? []), ...(spec.wrong ?? [])];
        for (const secret of secrets) {
          for (const line of telling(secret.text, spec.starter + spec.modelUnits.map((u) => u.text).join('\n'))) {
            // A line may legitimately appear in prose or in another exercise's starter or model.
            const elsewhere = lessons.some((l) => Object.values(l.exercises).some((e) => e.starter.includes(line) || e.modelUnits.some((u) => u.text.includes(line))))
              || readFileSync(lesson.file, 'utf8').split('\n').filter((l) => l.includes(line)).length > secrets.filter((s) => s.text.includes(line)).length;
            if (elsewhere) continue;
            for (const [name, text] of files) expect(text.includes(line), `${lesson.slug}: "${line}" in ${name}`).toBe(false);
          }
        }
      }
    }
  });
});

describe('a missing lessons directory', () => {
  it('is a clear error', async () => {
    await expect(new Site({ lessonsDir: 'no/such/dir', instructor: false }).buildAll()).rejects.toThrow("cannot read the lessons directory 'no/such/dir'");
  });
});

describe('racecourse build arguments', () => {
  it('default to dist/, dist-instructor/ with --instructor, and reject unknown options', () => {
    expect(parseBuildArgs([])).toEqual({ instructor: false, out: 'dist', lessons: 'lessons' });
    expect(parseBuildArgs(['--instructor'])).toEqual({ instructor: true, out: 'dist-instructor', lessons: 'lessons' });
    expect(parseBuildArgs(['--out', 'x', '--lessons', 'y'])).toEqual({ instructor: false, out: 'x', lessons: 'y' });
    expect(parseBuildArgs(['--out'])).toMatch(/needs a directory/);
    expect(parseBuildArgs(['--bogus'])).toMatch(/unknown option '--bogus'/);
  });
});
