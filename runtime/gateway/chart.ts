/**
 * Charts drawn on the server as inline SVG (no script, no external library, nothing for the CSP
 * to allow): bar, line and pie, one point or slice per row. Labels and values are escaped text.
 * Colours are presentation attributes (CSP blocks inline `style`).
 */
import { markup, joinHtml, type SafeHtml } from '@/blocks/core/html';

export interface TChartSpec {
  kind: 'bar' | 'line' | 'pie';
  x: string;
  y: string;
  /** Read aloud by screen readers. */
  title: string;
}

/** Rows drawn at most; a longer table is cut (and says so). */
export const MAX_CHART_POINTS = 500;
const WIDTH = 640;
const HEIGHT = 320;
const MARGIN = { top: 16, right: 16, bottom: 32, left: 56 };
export const PALETTE = ['#2563eb', '#16a34a', '#f59e0b', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#ea580c', '#475569'];

interface TPoint {
  label: string;
  value: number;
}

const numberFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
const compactFormat = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

export function formatNumber(value: number): string {
  return numberFormat.format(value);
}

function labelOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** The chart, or a short note when there is nothing to draw. */
export function renderChart(rows: readonly unknown[], spec: TChartSpec): SafeHtml {
  const points: TPoint[] = [];
  for (const row of rows.slice(0, MAX_CHART_POINTS)) {
    if (typeof row !== 'object' || row === null) continue;
    const value = (row as Record<string, unknown>)[spec.y];
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    points.push({ label: labelOf((row as Record<string, unknown>)[spec.x]), value });
  }
  if (points.length === 0) return markup`<p class="empty">No data to chart yet.</p>`;
  const svg = spec.kind === 'pie' ? pie(points, spec) : axes(points, spec);
  const cut =
    rows.length > MAX_CHART_POINTS ? markup`<p class="note">Showing the first ${MAX_CHART_POINTS} of ${rows.length} rows.</p>` : '';
  return markup`${svg}${cut}`;
}

function niceStep(range: number, ticks: number): number {
  const rough = range / ticks;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const residual = rough / magnitude;
  return (residual > 5 ? 10 : residual > 2 ? 5 : residual > 1 ? 2 : 1) * magnitude;
}

function axes(points: TPoint[], spec: TChartSpec): SafeHtml {
  const values = points.map((p) => p.value);
  let min = Math.min(0, ...values);
  let max = Math.max(0, ...values);
  if (min === max) max = min + 1;
  const step = niceStep(max - min, 5);
  min = Math.floor(min / step) * step;
  max = Math.ceil(max / step) * step;
  const plotW = WIDTH - MARGIN.left - MARGIN.right;
  const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
  const y = (v: number) => MARGIN.top + plotH - ((v - min) / (max - min)) * plotH;
  const band = plotW / points.length;
  const xCenter = (i: number) => MARGIN.left + band * (i + 0.5);

  const grid: SafeHtml[] = [];
  for (let v = min; v <= max + step / 2; v += step) {
    const gy = y(v).toFixed(1);
    grid.push(
      markup`<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${gy}" y2="${gy}" class="grid"></line><text x="${MARGIN.left - 6}" y="${gy}" class="tick" text-anchor="end" dominant-baseline="middle">${compactFormat.format(v)}</text>`,
    );
  }
  // At most ~12 labels under the axis, so they stay readable.
  const every = Math.max(1, Math.ceil(points.length / 12));
  const labels = points.map((p, i) =>
    i % every === 0
      ? markup`<text x="${xCenter(i).toFixed(1)}" y="${HEIGHT - MARGIN.bottom + 16}" class="tick" text-anchor="middle">${truncate(p.label, 14)}</text>`
      : markup``,
  );

  let marks: SafeHtml;
  if (spec.kind === 'bar') {
    const barW = Math.max(1, band * 0.7);
    marks = joinHtml(
      points.map((p, i) => {
        const top = y(Math.max(0, p.value));
        const height = Math.max(0.5, Math.abs(y(p.value) - y(0)));
        return markup`<rect x="${(xCenter(i) - barW / 2).toFixed(1)}" y="${top.toFixed(1)}" width="${barW.toFixed(1)}" height="${height.toFixed(1)}" fill="${PALETTE[0]}"><title>${p.label}: ${formatNumber(p.value)}</title></rect>`;
      }),
    );
  } else {
    const path = points.map((p, i) => `${xCenter(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
    marks = markup`<polyline points="${path}" fill="none" stroke="${PALETTE[0]}" stroke-width="2"></polyline>${points.map(
      (p, i) =>
        markup`<circle cx="${xCenter(i).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="${points.length > 60 ? 1.5 : 3}" fill="${PALETTE[0]}"><title>${p.label}: ${formatNumber(p.value)}</title></circle>`,
    )}`;
  }
  return markup`<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${spec.title || `${spec.kind} chart of ${spec.y} by ${spec.x}`}" xmlns="http://www.w3.org/2000/svg">${grid}<line x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y(0).toFixed(1)}" y2="${y(0).toFixed(1)}" class="axis"></line>${marks}${labels}</svg>`;
}

function pie(points: TPoint[], spec: TChartSpec): SafeHtml {
  const slices = points.filter((p) => p.value > 0);
  const total = slices.reduce((sum, p) => sum + p.value, 0);
  if (total <= 0) return markup`<p class="empty">No data to chart yet.</p>`;
  const cx = 160;
  const cy = 160;
  const r = 150;
  let angle = -Math.PI / 2;
  const paths = slices.map((p, i) => {
    const sweep = (p.value / total) * Math.PI * 2;
    const colour = PALETTE[i % PALETTE.length]!;
    const share = `${((p.value / total) * 100).toFixed(1)}%`;
    let shape: SafeHtml;
    if (sweep >= Math.PI * 2 - 1e-9) {
      shape = markup`<circle cx="${cx}" cy="${cy}" r="${r}" fill="${colour}"><title>${p.label}: ${formatNumber(p.value)} (${share})</title></circle>`;
    } else {
      const x1 = cx + r * Math.cos(angle);
      const y1 = cy + r * Math.sin(angle);
      const x2 = cx + r * Math.cos(angle + sweep);
      const y2 = cy + r * Math.sin(angle + sweep);
      const d = `M${cx},${cy} L${x1.toFixed(2)},${y1.toFixed(2)} A${r},${r} 0 ${sweep > Math.PI ? 1 : 0} 1 ${x2.toFixed(2)},${y2.toFixed(2)} Z`;
      shape = markup`<path d="${d}" fill="${colour}" stroke="#fff" stroke-width="1"><title>${p.label}: ${formatNumber(p.value)} (${share})</title></path>`;
    }
    angle += sweep;
    return { shape, colour, label: p.label, share };
  });
  const legend = paths
    .slice(0, 20)
    .map(
      (s) =>
        markup`<li><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" rx="2" fill="${s.colour}"></rect></svg> ${truncate(s.label, 40)} <span class="muted">${s.share}</span></li>`,
    );
  return markup`<div class="pie"><svg class="chart chart-pie" viewBox="0 0 320 320" role="img" aria-label="${spec.title || `pie chart of ${spec.y} by ${spec.x}`}" xmlns="http://www.w3.org/2000/svg">${paths.map((s) => s.shape)}</svg><ul class="legend">${legend}</ul></div>`;
}
