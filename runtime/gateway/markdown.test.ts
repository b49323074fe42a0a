import { describe, expect, it } from 'vitest';
import { renderChart } from './chart';
import { markup } from './html';
import { renderMarkdown } from './markdown';

const md = (text: string) => renderMarkdown(text).value;

describe('renderMarkdown', () => {
  it('renders headings (one level below the page title), paragraphs, emphasis and lists', () => {
    expect(md('# Title\n## Sub')).toBe('<h2>Title</h2>\n<h3>Sub</h3>');
    expect(md('one\ntwo\n\nthree')).toBe('<p>one\ntwo</p>\n<p>three</p>');
    expect(md('**bold**, __bold__, *it*, _it_ and `co*de*`')).toBe(
      '<p><strong>bold</strong>, <strong>bold</strong>, <em>it</em>, <em>it</em> and <code>co*de*</code></p>',
    );
    expect(md('snake_case_name and 2 * 3 * 4')).toBe('<p>snake_case_name and 2 * 3 * 4</p>');
    expect(md('- a\n- **b**\n\n3. c\n4. d')).toBe(
      '<ul><li>a</li><li><strong>b</strong></li></ul>\n<ol start="3"><li>c</li><li>d</li></ol>',
    );
    expect(md('> quoted *text*')).toBe('<blockquote><p>quoted <em>text</em></p></blockquote>');
    expect(md('```\n<b>code</b>\n```')).toBe('<pre><code>&lt;b&gt;code&lt;/b&gt;</code></pre>');
  });

  it('links only to http(s) addresses', () => {
    expect(md('[docs](https://example.com/a?b=1&c=2)')).toBe(
      '<p><a href="https://example.com/a?b=1&amp;c=2" rel="nofollow noopener noreferrer">docs</a></p>',
    );
    expect(md('[click](javascript:alert(1))')).toBe('<p>click</p>');
    expect(md('[x](data:text/html;base64,PHNjcmlwdD4=)')).toBe('<p>x</p>');
    expect(md('[rel](/elsewhere)')).toBe('<p>rel</p>');
    // A quote in the address cannot leave the attribute.
    expect(md('[q](https://a.example/"onmouseover="alert(1))')).toBe(
      '<p><a href="https://a.example/&quot;onmouseover=&quot;alert(1)" rel="nofollow noopener noreferrer">q</a></p>',
    );
  });

  it('never passes raw HTML through', () => {
    const attack = '<script>alert(1)</script> <img src=x onerror=alert(1)> <a href="javascript:x">a</a>';
    const out = md(attack);
    expect(out).not.toMatch(/<(script|img|a )/);
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(md('# <i>t</i>')).toBe('<h2>&lt;i&gt;t&lt;/i&gt;</h2>');
    expect(md('**<b>x</b>**')).toBe('<p><strong>&lt;b&gt;x&lt;/b&gt;</strong></p>');
  });
});

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
