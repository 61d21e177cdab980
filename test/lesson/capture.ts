// Runs a CLI subcommand's run(args) in-process, capturing what it prints.
import { vi } from 'vitest';

export async function capture(fn: (a: string[]) => Promise<number>, args: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => { out += a.join(' ') + '\n'; });
  const error = vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => { err += a.join(' ') + '\n'; });
  const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    return { status: await fn(args), out, err };
  } finally {
    log.mockRestore(); error.mockRestore(); write.mockRestore();
  }
}

