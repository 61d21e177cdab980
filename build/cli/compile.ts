// `racecourse compile file.c… [--json]`: compile C-dialect files together (in the
// order given, like a lesson's model then a fix) and report. Exit 0 when the
// program compiles, 3 when it does not or a file cannot be read, 2 for bad usage.

import { readFile } from 'node:fs/promises';
import { disassemble } from '../../runtime/dialect/disasm.ts';
import { compile, type SourceUnit } from '../../runtime/dialect/index.ts';
import { formatDiagnostic, sortDiagnostics, type Diagnostic } from '../../runtime/diagnostics.ts';
import { operandCount as operands, type Program } from '../../runtime/ir.ts';

const USAGE = `usage: racecourse compile FILE.c… [--json]

Compiles the files together as one program (later files see earlier declarations)
and prints its diagnostics, or a one-line summary when it compiles.
  --json   print {ok, diagnostics: [{file, line, column, severity, message}]}
  --ir     also print every function's compiled code (one instruction a line)
Exit status: 0 compiles, 3 does not compile (or a file cannot be read), 2 usage.`;

export interface Output {
  out: (s: string) => void;
  err: (s: string) => void;
}

const stdio: Output = { out: (s) => console.log(s), err: (s) => console.error(s) };

export async function run(args: string[], io: Output = stdio): Promise<number> {
  const json = args.includes('--json');
  const ir = args.includes('--ir');
  const files = args.filter((a) => a !== '--json' && a !== '--ir');
  if (args.includes('--help') || args.includes('-h')) {
    io.out(USAGE);
    return 0;
  }
  const unknown = files.find((f) => f.startsWith('-'));
  if (unknown !== undefined || files.length === 0) {
    io.err(unknown !== undefined ? `racecourse compile: unknown option '${unknown}'\n${USAGE}` : USAGE);
    return 2;
  }
  const units: SourceUnit[] = [];
  const unreadable: Diagnostic[] = [];
  for (const file of files) {
    try {
      units.push({ name: file, text: await readFile(file, 'utf8') });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
      unreadable.push({ severity: 'error', file, line: 0, column: 0, message: `cannot read this file: ${why}` });
    }
  }
  const result = unreadable.length > 0 ? { ok: false, diagnostics: unreadable } : compile(units);
  const diagnostics = sortDiagnostics(result.diagnostics);
  if (json) {
    io.out(JSON.stringify({
      ok: result.ok,
      diagnostics: diagnostics.map((d) => ({ file: d.file, line: d.line, column: d.column, severity: d.severity, message: d.message })),
    }));
  } else {
    const texts = new Map(units.map((u) => [u.name, u.text]));
    for (const d of diagnostics) io.err(formatDiagnostic(d, texts.get(d.file)));
    if (result.ok && 'program' in result && result.program) {
      const program = result.program;
      if (ir) for (const f of program.functions) io.out(`${disassemble(program, f)}\n`);
      const warnings = diagnostics.length;
      io.out(summary(program, files) + (warnings > 0 ? `; ${warnings} warning${warnings === 1 ? '' : 's'}` : ''));
    }
    else {
      const n = diagnostics.filter((d) => d.severity === 'error').length;
      io.err(`${n} error${n === 1 ? '' : 's'}; the program does not compile`);
    }
  }
  return result.ok ? 0 : 3;
}

function summary(p: Program, files: string[]): string {
  const instructions = p.functions.reduce((n, f) => n + countInstructions(f.code), 0);
  const words = p.memory.init.length;
  return `${files.join(' ')}: ok: ${p.functions.length} function${p.functions.length === 1 ? '' : 's'}, ${p.globals.length} global${p.globals.length === 1 ? '' : 's'} (${words} word${words === 1 ? '' : 's'}), ${instructions} instructions${p.properties.length ? `, invariants: ${p.properties.map((x) => x.name).join(', ')}` : ''}`;
}

function countInstructions(code: Int32Array): number {
  let n = 0;
  for (let pc = 0; pc < code.length; n++) pc += 1 + operands(code[pc]!);
  return n;
}
