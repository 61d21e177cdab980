// Linked structures as boxes and arrows (SVG): one box per struct the worker
// reached by following pointers (site/engine.ts heapGraph), one row per field,
// an arrow from each pointer field to the box it points at. Layout: columns by
// distance from the roots, so a list reads left to right and back-pointers curve.
import { s } from './dom.ts';
import type { HeapGraph } from './protocol.ts';

const BOX_W = 170;
const ROW_H = 18;
const HEAD_H = 22;
const GAP_X = 60;
const GAP_Y = 18;

export function boxes(graph: HeapGraph): SVGSVGElement {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  // Depth from the roots (nodes nobody points at, or the first node).
  const pointed = new Set(graph.nodes.flatMap((n) => n.fields.map((f) => f.to).filter((t): t is string => !!t)));
  const roots = graph.nodes.filter((n) => !pointed.has(n.id));
  const depth = new Map<string, number>();
  const queue = (roots.length ? roots : graph.nodes.slice(0, 1)).map((n) => n.id);
  for (const id of queue) depth.set(id, 0);
  for (let i = 0; i < queue.length; i++) {
    const node = byId.get(queue[i]!);
    for (const f of node?.fields ?? []) {
      if (f.to && !depth.has(f.to)) { depth.set(f.to, depth.get(queue[i]!)! + 1); queue.push(f.to); }
    }
  }
  for (const n of graph.nodes) if (!depth.has(n.id)) depth.set(n.id, 0);
  const columnY = new Map<number, number>();
  const pos = new Map<string, { x: number; y: number; h: number }>();
  for (const n of graph.nodes) {
    const d = depth.get(n.id)!;
    const y = columnY.get(d) ?? 0;
    const height = HEAD_H + n.fields.length * ROW_H;
    pos.set(n.id, { x: d * (BOX_W + GAP_X), y, h: height });
    columnY.set(d, y + height + GAP_Y);
  }
  const width = Math.max(...[...pos.values()].map((p) => p.x + BOX_W), BOX_W) + 10;
  const height = Math.max(...[...columnY.values()], HEAD_H) + 10;
  const svg = s('svg', { class: 'boxes', viewBox: `-5 -5 ${width} ${height}`, width, height, role: 'img' });
  const names = graph.nodes.map((n) => n.label).join(', ');
  svg.append(s('title', {}, `Memory of process ${graph.process} as boxes and arrows: ${names}`));
  const marker = `arrow-${graph.process}-${Math.random().toString(36).slice(2, 7)}`;
  svg.append(s('defs', {}, s('marker', { id: marker, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' },
    s('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow-head' }))));
  const arrows = s('g', { class: 'arrows' });
  for (const n of graph.nodes) {
    const p = pos.get(n.id)!;
    const g = s('g', { class: n.freed ? 'box freed' : 'box' });
    g.append(s('rect', { x: p.x, y: p.y, width: BOX_W, height: p.h, rx: 4 }));
    g.append(s('text', { x: p.x + 6, y: p.y + 15, class: 'box-title' }, n.freed ? `${n.label} (freed)` : n.label));
    n.fields.forEach((f, i) => {
      const y = p.y + HEAD_H + i * ROW_H;
      g.append(s('line', { x1: p.x, x2: p.x + BOX_W, y1: y, y2: y, class: 'sep' }));
      g.append(s('text', { x: p.x + 6, y: y + 13 }, f.name));
      g.append(s('text', { x: p.x + BOX_W - 6, y: y + 13, 'text-anchor': 'end', class: f.to ? 'ptr' : 'val' }, f.to ? '●' : f.text));
      const target = f.to ? pos.get(f.to) : undefined;
      if (target) {
        const x1 = p.x + BOX_W - 10;
        const y1 = y + ROW_H / 2;
        const forward = target.x > p.x;
        const x2 = forward ? target.x : target.x + BOX_W;
        const y2 = f.toRow !== undefined ? target.y + HEAD_H + f.toRow * ROW_H + ROW_H / 2 : target.y + HEAD_H / 2;
        const bend = forward ? GAP_X : -GAP_X * 1.5;
        arrows.append(s('path', { d: `M ${x1} ${y1} C ${x1 + Math.abs(bend)} ${y1}, ${x2 + (forward ? -GAP_X / 2 : GAP_X)} ${y2}, ${x2} ${y2}`, 'marker-end': `url(#${marker})` }));
      }
    });
    svg.append(g);
  }
  svg.append(arrows);
  return svg;
}
