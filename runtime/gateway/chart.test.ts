import { describe, expect, it } from 'vitest';
import { renderChart } from './chart';
import { markup } from '@/blocks/core/html';

describe('markup', () => {
  it('escapes every interpolated value but keeps nested safe HTML', () => {
    const name = `"><script>'`;
    expect(markup`<p title="${name}">${name}${markup`<b>ok</b>`}${[1, null, false, 'x']}</p>`.value).toBe(
      '<p title="&quot;&gt;&lt;script&gt;&#39;">&quot;&gt;&lt;script&gt;&#39;<b>ok</b>1x</p>',
    );
  });
});

describe('renderChart', () => {
  const rows = [
    { day: 'Mon', n: 3 },
    { day: '<b>Tue</b>', n: 7 },
    { day: 'Wed', n: 'oops' },
  ];

  it('draws bars with escaped labels and skips rows without a number', () => {
    const svg = renderChart(rows, { kind: 'bar', x: 'day', y: 'n', title: 'Days' }).value;
    expect(svg).toMatch(/^<svg class="chart" viewBox="0 0 640 320" role="img" aria-label="Days"/);
    expect(svg.match(/<rect /g)).toHaveLength(2);
    expect(svg).toContain('<title>&lt;b&gt;Tue&lt;/b&gt;: 7</title>');
    expect(svg).not.toContain('<b>');
  });

  it('draws a line and a pie with a legend', () => {
    expect(renderChart(rows, { kind: 'line', x: 'day', y: 'n', title: '' }).value).toContain('<polyline points="');
    const pie = renderChart(rows, { kind: 'pie', x: 'day', y: 'n', title: 'Share' }).value;
    expect(pie.match(/<path d="M/g)).toHaveLength(2);
    expect(pie).toContain('Mon <span class="muted">30.0%</span>');
    expect(renderChart([{ day: 'only', n: 5 }], { kind: 'pie', x: 'day', y: 'n', title: '' }).value).toContain('<circle');
  });

  it('says so when there is nothing to draw', () => {
    expect(renderChart([], { kind: 'bar', x: 'a', y: 'b', title: '' }).value).toBe('<p class="empty">No data to chart yet.</p>');
  });
});
