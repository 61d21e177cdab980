// `npm run bench`: runs every bench/*.bench.ts in name order (or only those whose
// names contain one of the words given: `npm run bench -- compile checker`).
// Each module exports `bench(): Promise<void>` and prints its own figures next to
// the targets the issues set. Benchmarks measure; they never fail the test suite.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((w) => f.includes(w)))
  .sort();

if (files.length === 0) {
  console.error(`bench: nothing matches ${filters.join(' ')}`);
  process.exit(2);
}
for (const file of files) {
  console.log(`\n== ${file.replace('.bench.ts', '')}`);
  const module = (await import(pathToFileURL(join(here, file)).href)) as { bench(): Promise<void> };
  await module.bench();
}
