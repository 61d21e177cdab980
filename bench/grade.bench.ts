// Grading throughput (issue 6): 500 submissions of one exercise on 2 worker
// threads. Target: under 60 s. Reports peak memory (RSS of the whole process,
// which includes the workers).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSubmission } from '../build/grade/collect.ts';
import { gradeAll } from '../build/grade/pool.ts';
import { loadLesson, loadLessons } from '../build/lesson/index.ts';
import type { ExerciseSpec } from '../runtime/exercise.ts';

const COUNT = 500;
const WORKERS = 2;

/** The exercise to grade: the atfork lesson's first if present (the pilot lesson), else the test fixture. */
function pickExercise(): ExerciseSpec {
  const lessons = loadLessons('lessons').lessons;
  const pilot = lessons.find((l) => l.slug === 'atfork-deadlock') ?? lessons[0];
  const fromLessons = pilot && Object.values(pilot.exercises)[0];
  return fromLessons ?? loadLesson('test/fixtures/lessons-check/01-counter.md').lesson!.exercises.increment!;
}

export async function bench(): Promise<void> {
  const spec = pickExercise();
  // A realistic mix: the starter, every reference solution and every wrong fix,
  // each copy made distinct by a comment so nothing could be cached by text.
  const variants = [spec.starter, ...(spec.solutions ?? []).map((s) => s.text), ...(spec.wrong ?? []).map((w) => w.text)];
  const dir = mkdtempSync(join(tmpdir(), 'racecourse-bench-grade-'));
  try {
    const files: string[] = [];
    for (let i = 0; i < COUNT; i++) {
      const f = join(dir, `s${String(i).padStart(3, '0')}.c`);
      writeFileSync(f, `// submission ${i}\n${variants[i % variants.length]}\n`);
      files.push(f);
    }
    const { solutions: _s, wrong: _w, ...publicSpec } = spec;
    let peak = process.memoryUsage().rss;
    const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 50);
    const t0 = performance.now();
    const records = await gradeAll(publicSpec, files.map((f) => readSubmission(publicSpec, f)), {
      jobs: WORKERS, timeoutMs: spec.config.timeout ?? 20_000, memoryMb: 512,
    });
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    peak = Math.max(peak, process.resourceUsage().maxRSS * 1024);
    const by = (v: string) => records.filter((r) => r.verdict === v).length;
    console.log(`exercise ${spec.lesson}/${spec.name}: ${COUNT} submissions (${variants.length} variants), ${WORKERS} workers`);
    console.log(`  ${seconds.toFixed(1)} s total, ${(COUNT / seconds).toFixed(1)} submissions/s — target < 60 s: ${seconds < 60 ? 'met' : 'NOT met'}`);
    console.log(`  verdicts: ${by('pass')} pass, ${by('fail')} fail, ${by('error')} error, ${by('inconclusive')} inconclusive`);
    console.log(`  peak memory (RSS, main + workers): ${(peak / 1024 / 1024).toFixed(0)} MB`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
