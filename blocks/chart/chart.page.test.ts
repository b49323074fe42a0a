import { describe, expect, it } from 'vitest';
import { chartPage, MAX_CHART_POINTS, renderChart } from './chart.page';

const rows = [
  { day: 'Mon', n: 3 },
  { day: '<b>Tue</b>', n: 7 },
  { day: 'Wed', n: 'oops' },
];

describe('the Chart on the page (echarts, server-side SVG)', () => {
  it('draws bars with escaped labels and skips rows without a number', () => {
    const svg = renderChart(rows, { kind: 'bar', x: 'day', y: 'n', title: 'Days "x"' }).value;
    expect(svg).toMatch(/^<svg class="chart chart-bar" role="img" aria-label="Days &quot;x&quot;" /);
    expect(svg.match(/ecmeta_ssr_type="chart"/g)).toHaveLength(2);
    expect(svg).toContain('&lt;b&gt;Tue&lt;/b&gt;');
    expect(svg).not.toContain('<b>');
  });

  it('writes nothing the page CSP refuses: no <style>, no style attributes, no script', () => {
    for (const kind of ['bar', 'line', 'pie'] as const) {
      const svg = renderChart(rows, { kind, x: 'day', y: 'n', title: '' }).value;
      expect(svg).not.toMatch(/<style|style="|<script|\son[a-z]+=/i);
    }
  });

  it('draws a line and a pie with a legend', () => {
    expect(renderChart(rows, { kind: 'line', x: 'day', y: 'n', title: '' }).value).toMatch(/<path d="M[^"]+L/);
    const pie = renderChart(rows, { kind: 'pie', x: 'day', y: 'n', title: 'Share' }).value;
    expect(pie.match(/ecmeta_ssr_type="chart"/g)).toHaveLength(2);
    expect(pie.match(/ecmeta_ssr_type="legend" ecmeta_silent/g)).toHaveLength(2);
    expect(pie).toContain('>Mon</text>');
  });

  it('says so when there is nothing to draw, and when rows were cut', () => {
    expect(renderChart([], { kind: 'bar', x: 'a', y: 'b', title: '' }).value).toBe('<p class="empty">No data to chart yet.</p>');
    expect(renderChart([{ a: 'x', b: -1 }], { kind: 'pie', x: 'a', y: 'b', title: '' }).value).toContain('No data to chart yet.');
    const many = Array.from({ length: MAX_CHART_POINTS + 10 }, (_, i) => ({ a: `r${i}`, b: i }));
    const svg = renderChart(many, { kind: 'bar', x: 'a', y: 'b', title: '' }).value;
    expect(svg.match(/ecmeta_ssr_type="chart"/g)).toHaveLength(MAX_CHART_POINTS);
    expect(svg).toContain(`Showing the first ${MAX_CHART_POINTS} of ${MAX_CHART_POINTS + 10} rows.`);
  });

  it('is a cacheable section: the block message only in a preview', () => {
    expect(chartPage.cacheable).toBe(true);
    const element = { nodeId: 'c', type: 'chart', config: { title: 'T', kind: 'bar' as const, x: 'a', y: 'b' } };
    const failed = { status: 'error' as const, inputs: {}, outputs: {}, message: 'secret detail' };
    const context = { base: '/apps/x/', query: new URLSearchParams() };
    expect(chartPage.render(element, failed, { ...context, preview: true }).value).toContain('secret detail');
    expect(chartPage.render(element, failed, { ...context, preview: false }).value).not.toContain('secret detail');
  });
});
