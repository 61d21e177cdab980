// The `racecourse` command: a table of subcommands, each in its own module that
// exports `run(args): Promise<number>` (the exit status). Modules load lazily so
// `racecourse compile` does not pay for the site builder.

type Command = { summary: string; load: () => Promise<{ run(args: string[]): Promise<number> }> };

const COMMANDS: Record<string, Command> = {
  compile: { summary: 'compile C-dialect files and print their diagnostics (exit 3 when they do not compile)', load: () => import('./compile.ts') },
  dev: { summary: 'serve the course with live reload while you write lessons (npm start)', load: () => import('./dev.ts') },
  build: { summary: 'write the static course site (student build, or --instructor)', load: () => import('./build.ts') },
  assemble: { summary: 'write a lesson from its template and the standalone .c files it includes', load: () => import('./assemble.ts') },
  new: { summary: 'scaffold a lesson that already passes check', load: () => import('./new.ts') },
  check: { summary: 'prove every exercise sound: starters fail, solutions pass, wrong fixes caught', load: () => import('./check.ts') },
  grade: { summary: 'grade student submissions of an exercise (text, JSON, JUnit, Gradescope)', load: () => import('./grade.ts') },
  export: { summary: 'write self-contained checkers, Gradescope and GitHub Classroom autograders', load: () => import('./export.ts') },
  verify: { summary: 'model-check C-dialect files: pass, fail with a counterexample, or inconclusive', load: () => import('./verify.ts') },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `usage: racecourse <command> [options]\n\ncommands:\n${lines.join('\n')}\n\nRun 'racecourse <command> --help' for a command's options.`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`racecourse: unknown command '${name}'\n${usage()}`);
    return 2;
  }
  const module = await command.load();
  return module.run(rest);
}
