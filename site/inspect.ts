// How a cell's value appears on the page: DOM nodes as themselves, strings as
// text, everything else as a compact, readable rendering of the value.

function preview(value: unknown, depth: number): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return depth === 0 ? value : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (typeof value === 'function') return `ƒ ${value.name || '(anonymous)'}()`;
  if (depth > 2) return Array.isArray(value) ? `Array(${value.length})` : '{…}';
  if (Array.isArray(value)) {
    const items = value.slice(0, 20).map((v) => preview(v, depth + 1));
    return `[${items.join(', ')}${value.length > 20 ? `, … ${value.length - 20} more` : ''}]`;
  }
  if (value instanceof Map) return `Map(${value.size})`;
  if (value instanceof Set) return `Set(${value.size})`;
  const entries = Object.entries(value as object).slice(0, 20).map(([k, v]) => `${k}: ${preview(v, depth + 1)}`);
  return `{${entries.join(', ')}}`;
}

export function inspect(value: unknown): Node {
  if (value instanceof Node) return value;
  const el = document.createElement(typeof value === 'string' ? 'span' : 'code');
  el.className = 'rc-value';
  el.textContent = preview(value, 0);
  return el;
}
