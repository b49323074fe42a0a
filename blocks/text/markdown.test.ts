import { describe, expect, it } from 'vitest';
import { MAX_TEXT_CHARS, renderMarkdown } from './markdown';

const md = (text: string) => renderMarkdown(text).value;

const repeat = (unit: string, chars: number) => unit.repeat(Math.ceil(chars / unit.length)).slice(0, chars);

describe('renderMarkdown', () => {
  it('renders headings (one level below the page title), paragraphs, emphasis and lists', () => {
    expect(md('# Title\n## Sub')).toBe('<h2>Title</h2>\n<h3>Sub</h3>');
    expect(md('###### six')).toBe('<h6>six</h6>');
    expect(md('one\ntwo\n\nthree')).toBe('<p>one\ntwo</p>\n<p>three</p>');
    expect(md('**bold**, __bold__, *it*, _it_ and `co*de*`')).toBe(
      '<p><strong>bold</strong>, <strong>bold</strong>, <em>it</em>, <em>it</em> and <code>co*de*</code></p>',
    );
    expect(md('snake_case_name and 2 * 3 * 4')).toBe('<p>snake_case_name and 2 * 3 * 4</p>');
    expect(md('- a\n- **b**\n\n3. c\n4. d')).toBe(
      '<ul>\n<li>a</li>\n<li><strong>b</strong></li>\n</ul>\n<ol start="3">\n<li>c</li>\n<li>d</li>\n</ol>',
    );
    expect(md('> quoted *text*')).toBe('<blockquote>\n<p>quoted <em>text</em></p>\n</blockquote>');
    expect(md('```\n<b>code</b>\n```')).toBe('<pre><code>&lt;b&gt;code&lt;/b&gt;\n</code></pre>');
  });

  it('links only to http(s) addresses, never opener-linked', () => {
    expect(md('[docs](https://example.com/a?b=1&c=2)')).toBe(
      '<p><a href="https://example.com/a?b=1&amp;c=2" rel="nofollow noopener noreferrer">docs</a></p>',
    );
    for (const attack of [
      '[click](javascript:alert(1))',
      '[click](JaVaScRiPt:alert(1))',
      '[click](java\tscript:alert(1))',
      '[x](data:text/html;base64,PHNjcmlwdD4=)',
      '[v](vbscript:msgbox)',
      '[rel](/elsewhere)',
      '<javascript:alert(1)>',
      '[ref]\n\n[ref]: javascript:alert(1)',
    ]) {
      expect(md(attack), attack).not.toContain('<a');
    }
    // A quote in the address cannot leave the attribute.
    const quoted = md('[q](https://a.example/"onmouseover="alert(1))');
    expect(quoted).toContain('href="https://a.example/%22onmouseover=%22alert(1)"');
    expect(quoted).not.toMatch(/"\s*onmouseover/);
  });

  it('never passes raw HTML through, nor shows pictures', () => {
    const attack = '<script>alert(1)</script> <img src=x onerror=alert(1)> <a href="javascript:x">a</a>\n\n<div onclick="x">\n\n</div>';
    const out = md(attack);
    expect(out).not.toMatch(/<(script|img|a |div)/);
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(md('# <i>t</i>')).toBe('<h2>&lt;i&gt;t&lt;/i&gt;</h2>');
    expect(md('**<b>x</b>**')).toBe('<p><strong>&lt;b&gt;x&lt;/b&gt;</strong></p>');
    expect(md('![x](https://example.com/p.png)')).not.toContain('<img');
  });

  it('bounds the size of one text: the rest is cut and says so', () => {
    const long = md(repeat('word ', MAX_TEXT_CHARS + 5_000));
    expect(long).toContain('was cut here');
    expect(long.length).toBeLessThan(MAX_TEXT_CHARS * 2);
    expect(md(repeat('word ', MAX_TEXT_CHARS))).not.toContain('was cut here');
  });

  // Ten times the input must cost about ten times the work, not a hundred (the old hand-written
  // renderer took ~1 s for 10,000 characters of `*_a ` and ~70 s for 96,000).
  const PATHOLOGICAL: [string, string][] = [
    ['emphasis runs', '*_a '],
    ['open brackets', '['],
    ['nested brackets and parentheses', '[('],
    ['backticks', '`'],
    ['unclosed strong', '**a'],
    ['image openers', '![a'],
    ['angle brackets', '<a'],
    ['link ends', ']('],
    ['nested quotes and lists', '> - '],
  ];

  // Work counted, not timed: the calls a renderer makes to the string and pattern primitives it
  // scans with (charCodeAt is how markdown-it reads; slice, startsWith, indexOf and regular
  // expressions how the old renderer did). Rescanning is what makes a parser quadratic, and it
  // shows as calls: 10x the input gives ~10x here, and gave ~100x for `*_a ` with the old renderer.
  it.each(PATHOLOGICAL)('looks at each character a bounded number of times: %s', (_name, unit) => {
    const ratio = scanCalls(repeat(unit, 20_000)) / scanCalls(repeat(unit, 2_000));
    expect(ratio).toBeLessThan(15);
  });
});

const SCANNERS = [
  [String.prototype, ['charCodeAt', 'slice', 'startsWith', 'indexOf', 'charAt']],
  [RegExp.prototype, ['exec', 'test']],
] as const;

/** How many times rendering `text` calls one of the SCANNERS (each counted while the render runs). */
function scanCalls(text: string): number {
  let calls = 0;
  const restore: (() => void)[] = [];
  for (const [prototype, names] of SCANNERS) {
    for (const name of names) {
      const target = prototype as unknown as Record<string, (...args: unknown[]) => unknown>;
      const original = target[name]!;
      target[name] = function (this: unknown, ...args: unknown[]) {
        calls += 1;
        return original.apply(this, args);
      };
      restore.push(() => (target[name] = original));
    }
  }
  try {
    renderMarkdown(text);
  } finally {
    for (const undo of restore) undo();
  }
  return calls;
}
