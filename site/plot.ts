// A small SVG chart for lesson cells (rc.plot): lines or bars over a numeric x
// axis, with axis labels and a legend. Enough for "how often does random
// scheduling hit the bug" without shipping a charting library.
import { s } from './dom.ts';

export interface PlotSeries {
  name: string;
  y: number[];
}

export interface PlotSpec {
  x: number[];
  series: PlotSeries[];
  xLabel?: string;
  yLabel?: string;
  /** 'line' (default) or 'bar' */
  kind?: 'line' | 'bar';
  width?: number;
  height?: number;
  title?: string;
}

function ticks(min: number, max: number, count = 5): number[] {
  if (max <= min) return [min];
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((st) => st >= raw) ?? raw;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + 1e-9; v += step) out.push(Number(v.toFixed(10)));
  return out;
}

export function plot(spec: PlotSpec): SVGSVGElement {
  const width = spec.width ?? 560;
  const height = spec.height ?? 260;
  const m = { left: 52, right: 16, top: 16 + (spec.series.length > 1 ? 18 : 0), bottom: 40 };
  const xs = spec.x;
  const all = spec.series.flatMap((se) => se.y).filter((v) => Number.isFinite(v));
  const yMax = Math.max(1e-9, ...all);
  const yMin = Math.min(0, ...all);
  const xMin = Math.min(...xs);
  const xMax = Math.max(...xs);
  const px = (x: number) => m.left + (xMax === xMin ? 0.5 : (x - xMin) / (xMax - xMin)) * (width - m.left - m.right);
  const py = (y: number) => height - m.bottom - ((y - yMin) / (yMax - yMin)) * (height - m.top - m.bottom);
  const svg = s('svg', { class: 'plot', viewBox: `0 0 ${width} ${height}`, width, height, role: 'img' });
  svg.append(s('title', {}, spec.title ?? `${spec.yLabel ?? 'y'} against ${spec.xLabel ?? 'x'}`));
  const axes = s('g', { class: 'axes' });
  axes.append(s('line', { x1: m.left, x2: width - m.right, y1: py(yMin), y2: py(yMin) }));
  axes.append(s('line', { x1: m.left, x2: m.left, y1: m.top, y2: height - m.bottom }));
  for (const t of ticks(yMin, yMax)) {
    axes.append(s('line', { x1: m.left - 4, x2: m.left, y1: py(t), y2: py(t) }));
    axes.append(s('text', { x: m.left - 6, y: py(t) + 4, 'text-anchor': 'end' }, String(t)));
  }
  for (const x of xs) axes.append(s('text', { x: px(x), y: height - m.bottom + 16, 'text-anchor': 'middle' }, String(x)));
  if (spec.xLabel) axes.append(s('text', { x: (m.left + width - m.right) / 2, y: height - 6, 'text-anchor': 'middle', class: 'label' }, spec.xLabel));
  if (spec.yLabel) axes.append(s('text', { x: 12, y: (m.top + height - m.bottom) / 2, transform: `rotate(-90 12 ${(m.top + height - m.bottom) / 2})`, 'text-anchor': 'middle', class: 'label' }, spec.yLabel));
  svg.append(axes);
  const barW = Math.max(4, (width - m.left - m.right) / Math.max(1, xs.length) / (spec.series.length + 1));
  spec.series.forEach((se, k) => {
    const cls = `series series-${k % 6}`;
    if (spec.kind === 'bar') {
      const g = s('g', { class: cls });
      se.y.forEach((y, i) => {
        const x = px(xs[i]!) - (barW * spec.series.length) / 2 + k * barW;
        g.append(s('rect', { x, y: py(Math.max(y, 0)), width: barW - 1, height: Math.abs(py(0) - py(y)) }, s('title', {}, `${se.name}: ${y} at ${xs[i]}`)));
      });
      svg.append(g);
    } else {
      const d = se.y.map((y, i) => `${i === 0 ? 'M' : 'L'} ${px(xs[i]!)} ${py(y)}`).join(' ');
      const g = s('g', { class: cls }, s('path', { d, fill: 'none' }));
      se.y.forEach((y, i) => g.append(s('circle', { cx: px(xs[i]!), cy: py(y), r: 3 }, s('title', {}, `${se.name}: ${y} at ${xs[i]}`))));
      svg.append(g);
    }
    if (spec.series.length > 1) {
      svg.append(s('g', { class: cls }, s('rect', { x: m.left + k * 150, y: 4, width: 10, height: 10 }),
        s('text', { x: m.left + k * 150 + 14, y: 13 }, se.name)));
    }
  });
  return svg;
}
