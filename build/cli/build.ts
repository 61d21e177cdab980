// `racecourse build [--instructor] [--out DIR] [--lessons DIR]`: the static site.
// The student build (default) contains no reference solution or wrong fix; the
// instructor build shows them. Exit 1 when a lesson has errors (they are printed
// with file:line:col; the pages that could be built are still written).
import { resolve } from 'node:path';
import { formatDiagnostic, sortDiagnostics } from '../../runtime/diagnostics.ts';
import { Site } from '../site/build.ts';

const HELP = `usage: racecourse build [--instructor] [--out DIR] [--lessons DIR]

  --instructor    include reference solutions and the wrong-fix catalogue
  --out DIR       where to write the site (default: dist/, or dist-instructor/ with --instructor)
  --lessons DIR   the lesson Markdown files (default: lessons/)`;

export interface BuildArgs {
  instructor: boolean;
  out: string;
  lessons: string;
}

export function parseBuildArgs(args: string[]): BuildArgs | string {
  let instructor = false;
  let out: string | undefined;
  let lessons = 'lessons';
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--instructor') instructor = true;
    else if (a === '--out' || a === '--lessons') {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) return `racecourse build: ${a} needs a directory`;
      if (a === '--out') out = v; else lessons = v;
    } else return `racecourse build: unknown option '${a}'\n${HELP}`;
  }
  return { instructor, out: out ?? (instructor ? 'dist-instructor' : 'dist'), lessons };
}

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) { console.log(HELP); return 0; }
  const parsed = parseBuildArgs(args);
  if (typeof parsed === 'string') { console.error(parsed); return 2; }
  const started = performance.now();
  const site = new Site({ lessonsDir: parsed.lessons, instructor: parsed.instructor });
  try {
    await site.buildAll();
  } catch (e) {
    console.error(`racecourse build: ${(e as Error).message}`);
    return 1;
  }
  try {
    site.write(parsed.out);
  } catch (e) {
    console.error(`racecourse build: ${(e as Error).message}`);
    return 1;
  }
  const diagnostics = sortDiagnostics(site.diagnostics());
  for (const d of diagnostics) console.error(formatDiagnostic(d));
  const pages = [...site.files.keys()].filter((f) => f.endsWith('.html')).length;
  console.log(`racecourse build: ${pages} pages (${parsed.instructor ? 'instructor' : 'student'} build) in ${Math.round(performance.now() - started)} ms → ${resolve(parsed.out)}`);
  return diagnostics.some((d) => d.severity === 'error') ? 1 : 0;
}
