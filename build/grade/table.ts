// Plain-text tables for the terminal: columns padded to their widest cell,
// numbers right-aligned.

export function table(header: string[], rows: string[][], rightAligned: ReadonlySet<number> = new Set()): string {
  const width = (s: string) => [...s].length;
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) => cells
    .map((c, i) => (rightAligned.has(i) ? ' '.repeat(widths[i]! - width(c)) + c : c + ' '.repeat(widths[i]! - width(c))))
    .join('  ')
    .trimEnd();
  return [line(header), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
}
