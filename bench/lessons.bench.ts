// The full check of every exercise of every lesson in lessons/: starter found
// failing, every reference solution proven, every wrong fix caught. Target (the
// lesson issues): under 100 ms per exercise.
import { loadLessons } from '../build/lesson/index.ts';
import { checkLesson } from '../build/grade/validate.ts';
import { table } from '../build/grade/table.ts';

/** Each case at most this long, so the bench ends even when a lesson's model is too big. */
const CAP_MS = 10_000;

export async function bench(): Promise<void> {
  const { lessons, diagnostics } = loadLessons('lessons');
  if (diagnostics.some((d) => d.severity === 'error')) console.log(`(${diagnostics.length} lesson diagnostics; run racecourse check)`);
  if (lessons.length === 0) { console.log('no lessons in lessons/'); return; }
  const rows: string[][] = [];
  for (const lesson of lessons) {
    const outcomes = checkLesson(lesson, undefined, { timeoutCapMs: CAP_MS });
    for (const name of Object.keys(lesson.exercises)) {
      const mine = outcomes.filter((o) => o.case.exercise === name);
      const ms = mine.reduce((t, o) => t + o.ms, 0);
      const states = mine.reduce((t, o) => t + o.states, 0);
      const ok = mine.every((o) => o.ok);
      rows.push([lesson.slug, name, String(mine.length), String(states), ms.toFixed(0), ms < 100 ? 'yes' : 'no', ok ? 'sound' : 'SURPRISE']);
    }
  }
  console.log(table(['lesson', 'exercise', 'cases', 'states', 'ms', '< 100 ms', 'check'], rows, new Set([2, 3, 4])));
}
