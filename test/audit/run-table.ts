// Prints the audit table (case, mode, expected, got, ms): `npx tsx test/audit/run-table.ts`.
import { checkSource } from '../../runtime/check/index.ts';
import { CASES, source } from './cases.ts';

for (const c of CASES) {
  const t0 = performance.now();
  const r = checkSource([{ name: c.file, text: source(c) }], c.options ?? {});
  const ms = Math.round(performance.now() - t0);
  const exp = `${c.verdict}${c.property ? ` ${c.property}` : ''}`;
  const got = `${r.verdict}${r.verdict === 'fail' ? ` ${r.property}` : r.limit ? ` ${r.limit}` : ''}`;
  const mark = exp === got || (c.verdict !== 'fail' && got.startsWith(c.verdict)) ? 'ok ' : 'BAD';
  const diag = r.verdict === 'error' ? ` ${r.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`).join('; ')}` : '';
  console.log(`${mark} | ${c.name} | ${c.options?.memoryModel ?? 'sc'} | ${exp} | ${got} | ${ms} ms | ${r.stats.states} states${diag}`);
}
