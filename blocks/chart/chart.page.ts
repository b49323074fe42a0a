/**
 * The Chart on the page: drawn on the server by echarts 6 as SVG (`ssr: true`), inline in the
 * page, so it needs no script and nothing for the CSP to allow. One point or slice per row, at
 * most MAX_CHART_POINTS. echarts escapes its labels; what it writes that the page's CSP would
 * refuse (a `<style>` element for hover effects, `style` attributes on text) is rewritten as
 * presentation attributes or dropped. Cacheable: the SVG depends only on the rows and settings.
 * Server-only.
 */
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { markup, SafeHtml } from '@/blocks/core/html';
import { problem, rowsOf, section, type TPageRendererOf } from '@/blocks/core/page';
import type { chartBlock } from './chart.block';

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, SVGRenderer]);

/** Rows drawn at most; a longer table is cut (and says so). */
export const MAX_CHART_POINTS = 500;
const WIDTH = 640;
const HEIGHT = 320;
export const PALETTE = ['#2563eb', '#16a34a', '#f59e0b', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#ea580c', '#475569'];
/** Readable on the page's light and dark backgrounds (SVG attributes cannot use the page's CSS variables). */
const INK = '#8a8f98';
const GRID = 'rgba(138, 143, 152, 0.3)';

export interface TChartSpec {
  kind: 'bar' | 'line' | 'pie';
  x: string;
  y: string;
  /** Read aloud by screen readers. */
  title: string;
}

interface TPoint {
  label: string;
  value: number;
}

function labelOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function pointsOf(rows: readonly unknown[], spec: TChartSpec): TPoint[] {
  const points: TPoint[] = [];
  for (const row of rows.slice(0, MAX_CHART_POINTS)) {
    if (typeof row !== 'object' || row === null) continue;
    const value = (row as Record<string, unknown>)[spec.y];
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    points.push({ label: truncate(labelOf((row as Record<string, unknown>)[spec.x]), 40), value });
  }
  return points;
}

function optionOf(points: TPoint[], spec: TChartSpec): echarts.EChartsCoreOption {
  const common = { animation: false, color: PALETTE, textStyle: { color: INK, fontFamily: 'system-ui, sans-serif' } };
  if (spec.kind === 'pie') {
    return {
      ...common,
      legend: {
        type: 'plain',
        orient: 'vertical',
        right: 8,
        top: 'middle',
        textStyle: { color: INK },
        data: points.slice(0, 20).map((p) => p.label),
      },
      series: [
        {
          type: 'pie',
          radius: '80%',
          center: ['35%', '50%'],
          label: { show: false },
          data: points.filter((p) => p.value > 0).map((p) => ({ name: p.label, value: p.value })),
        },
      ],
    };
  }
  return {
    ...common,
    grid: { left: 56, right: 16, top: 16, bottom: 32 },
    xAxis: {
      type: 'category',
      data: points.map((p) => truncate(p.label, 14)),
      axisLine: { lineStyle: { color: INK } },
      axisLabel: { color: INK },
    },
    yAxis: { type: 'value', splitLine: { lineStyle: { color: GRID } }, axisLabel: { color: INK } },
    series: [{ type: spec.kind, data: points.map((p) => p.value), showSymbol: points.length <= 60 }],
  };
}

/** What echarts writes that the page's CSP refuses: inline `<style>` and `style="..."` (text escapes `"`, so these are markup). */
function withoutInlineStyles(svg: string): string {
  return svg.replace(/<style[^>]*>[\s\S]*?<\/style>/g, '').replace(/ style="([^"]*)"/g, (_match, declarations: string) =>
    declarations
      .split(';')
      .map((declaration) => declaration.split(':').map((part) => part.trim()))
      .filter(([name, value]) => name && value && /^(font-size|font-family|font-weight|font-style)$/.test(name))
      .map(([name, value]) => ` ${name}="${value}"`)
      .join(''),
  );
}

/** The chart as inline SVG, or a short note when there is nothing to draw. */
export function renderChart(rows: readonly unknown[], spec: TChartSpec): SafeHtml {
  const points = pointsOf(rows, spec);
  if (points.length === 0 || (spec.kind === 'pie' && !points.some((p) => p.value > 0))) {
    return markup`<p class="empty">No data to chart yet.</p>`;
  }
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: WIDTH, height: HEIGHT });
  let svg: string;
  try {
    chart.setOption(optionOf(points, spec));
    svg = withoutInlineStyles(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
  const label = spec.title || `${spec.kind} chart of ${spec.y} by ${spec.x}`;
  const opening = markup`<svg class="chart chart-${spec.kind}" role="img" aria-label="${label}" `;
  const drawn = new SafeHtml(svg.replace(/^<svg /, opening.value));
  const cut =
    rows.length > MAX_CHART_POINTS ? markup`<p class="note">Showing the first ${MAX_CHART_POINTS} of ${rows.length} rows.</p>` : '';
  return markup`${drawn}${cut}`;
}

export const chartPage: TPageRendererOf<typeof chartBlock> = {
  cacheable: true,
  render(element, data, context) {
    const { config } = element;
    if (data?.status === 'error') return section(element, config.title, problem(data, context));
    return section(
      element,
      config.title,
      renderChart(rowsOf(data) ?? [], { kind: config.kind, x: config.x.trim(), y: config.y.trim(), title: config.title }),
    );
  },
};
