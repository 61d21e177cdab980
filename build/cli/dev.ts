// `racecourse dev [--port N] [--lessons DIR] [--instructor]`: serve the course
// with live reload while lessons are written (`npm start`).
import { startDevServer } from '../dev/server.ts';

const HELP = `usage: racecourse dev [--port N] [--lessons DIR] [--instructor]

  --port N        port to listen on (default 4321)
  --lessons DIR   the lesson Markdown files (default: lessons/)
  --instructor    show reference solutions and the wrong-fix catalogue`;

export async function run(args: string[]): Promise<number> {
  let port = 4321;
  let lessons = 'lessons';
  let instructor = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--help' || a === '-h') { console.log(HELP); return 0; }
    if (a === '--instructor') instructor = true;
    else if (a === '--port') {
      const v = Number(args[++i]);
      if (!Number.isInteger(v) || v < 0 || v > 65535) { console.error(`racecourse dev: --port needs a number from 0 to 65535`); return 2; }
      port = v;
    } else if (a === '--lessons') {
      const v = args[++i];
      if (!v) { console.error('racecourse dev: --lessons needs a directory'); return 2; }
      lessons = v;
    } else { console.error(`racecourse dev: unknown option '${a}'\n${HELP}`); return 2; }
  }
  let server;
  try {
    server = await startDevServer({ lessonsDir: lessons, port, instructor });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    console.error(`racecourse dev: ${err.code === 'EADDRINUSE' ? `port ${port} is in use; try --port ${port + 1}` : err.message}`);
    return 1;
  }
  console.log(`racecourse dev: serving ${lessons}/ at ${server.url} (live reload; Ctrl-C stops)`);
  await new Promise<void>((resolve) => {
    const stop = () => { void server.close().then(resolve); };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
