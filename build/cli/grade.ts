// `racecourse grade <lesson> --exercise <name> <submission|dir…>`: grade student
// submissions under the same rules as the browser, in parallel worker threads.
// Exit: 0 every submission passed, 1 some did not, 2 bad usage, 3 malformed lesson.

import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { expandSubmissions, readSubmission } from '../grade/collect.ts';
import { gradescopeResults, jsonReport, junitReport, textReport } from '../grade/formats.ts';
import { gradeAll } from '../grade/pool.ts';
import { resolveLessons } from '../grade/resolve.ts';
import { didYouMean } from '../lesson/suggest.ts';
import { printDiagnostics } from './check.ts';

const USAGE = `usage: racecourse grade <lesson> [--exercise NAME] <submission|dir…> [options]

Grades each submission (the exercise's editable code, raw or as the editor's
downloaded file; directories are searched for *.c, *.txt, *.json) exactly as the
browser checks it. --exercise may be left out when the lesson has one exercise.

  --json              print the results as JSON instead of text
  --junit FILE        also write JUnit XML
  --gradescope FILE   also write Gradescope's results.json (one submission: the
                      object itself; several: an object keyed by submission)
  --jobs N            parallel workers (default: the number of cores)
  --timeout SECONDS   per submission (default: the exercise's timeout, else 20)
  --memory MB         heap per worker (default 512)
  --dir DIR           where lesson names are looked up (default lessons/)

Exit status: 0 all passed, 1 some did not, 2 bad usage, 3 malformed lesson.`;

function positive(v: string | undefined, what: string): number | string {
  const n = Number(v);
  return v !== undefined && Number.isFinite(n) && n > 0 ? n : `${what} needs a positive number`;
}

export async function run(args: string[]): Promise<number> {
  const o = { json: false, exercise: undefined as string | undefined, junit: undefined as string | undefined, gradescope: undefined as string | undefined, jobs: availableParallelism(), timeout: undefined as number | undefined, memory: 512, dir: 'lessons' };
  const positional: string[] = [];
  const usage = (msg: string) => { console.error(`racecourse grade: ${msg}\n\n${USAGE}`); return 2; };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const value = () => args[++i];
    switch (a) {
      case '--help': case '-h': console.log(USAGE); return 0;
      case '--json': o.json = true; break;
      case '--exercise': case '-e': o.exercise = value(); if (!o.exercise) return usage('--exercise needs a name'); break;
      case '--junit': o.junit = value(); if (!o.junit) return usage('--junit needs a file'); break;
      case '--gradescope': o.gradescope = value(); if (!o.gradescope) return usage('--gradescope needs a file'); break;
      case '--dir': { const d = value(); if (!d) return usage('--dir needs a directory'); o.dir = d; break; }
      case '--jobs': case '--timeout': case '--memory': {
        const n = positive(value(), a);
        if (typeof n === 'string') return usage(n);
        if (a === '--jobs') o.jobs = Math.floor(n); else if (a === '--timeout') o.timeout = n * 1000; else o.memory = Math.floor(n);
        break;
      }
      default:
        if (a.startsWith('-') && a !== '-') return usage(`unknown option '${a}'`);
        positional.push(a);
    }
  }
  const [lessonName, ...subs] = positional;
  if (!lessonName) return usage('name a lesson');
  if (subs.length === 0) return usage('name at least one submission file or directory');
  const resolved = resolveLessons([lessonName], o.dir);
  if (resolved.unknown.length) return usage(resolved.unknown[0]!);
  const lesson = resolved.lessons[0];
  if (!lesson) {
    printDiagnostics(resolved.diagnostics, (s) => console.error(s));
    return 3;
  }
  const names = Object.keys(lesson.exercises);
  const exName = o.exercise ?? (names.length === 1 ? names[0] : undefined);
  if (!exName) return usage(`lesson '${lesson.slug}' has ${names.length} exercises; pick one with --exercise (${names.join(', ')})`);
  const full = lesson.exercises[exName];
  if (!full) return usage(`lesson '${lesson.slug}' has no exercise '${exName}'${didYouMean(exName, names)}; it has: ${names.join(', ')}`);
  // Workers get the exercise without its solutions: nothing of them can leak into feedback.
  const { solutions: _s, wrong: _w, ...spec } = full;

  const items = expandSubmissions(subs).map((p) => readSubmission(spec, p));
  if (items.length === 0) return usage('no submission files found (directories are searched for *.c, *.txt, *.json)');
  const tty = process.stderr.isTTY === true;
  const counts = { pass: 0, fail: 0, other: 0 };
  const t0 = performance.now();
  const progress = (done: number) =>
    `grading ${lesson.slug}/${exName}: ${done}/${items.length} — ${counts.pass} passed, ${counts.fail} failed, ${counts.other} error/inconclusive, ${((performance.now() - t0) / 1000).toFixed(1)} s`;
  const records = await gradeAll(spec, items, {
    jobs: o.jobs,
    timeoutMs: o.timeout ?? spec.config.timeout ?? 20_000,
    memoryMb: o.memory,
    onDone: (r, done) => {
      if (r.verdict === 'pass') counts.pass++; else if (r.verdict === 'fail') counts.fail++; else counts.other++;
      if (tty) process.stderr.write(`\r${progress(done)}\x1b[K`);
    },
  });
  process.stderr.write(`${tty ? '\r' : ''}${progress(records.length)}${tty ? '\x1b[K' : ''}\n`);

  if (o.junit) writeFileSync(o.junit, junitReport(records));
  if (o.gradescope) {
    const g = records.length === 1 ? gradescopeResults(records) : Object.fromEntries(records.map((r) => [r.submission, gradescopeResults([r])]));
    writeFileSync(o.gradescope, JSON.stringify(g, null, 2) + '\n');
  }
  console.log(o.json ? jsonReport(records) : textReport(records));
  return records.every((r) => r.passed) ? 0 : 1;
}
