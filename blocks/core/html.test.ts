import { describe, expect, it } from 'vitest';
import { markup } from './html';

describe('markup', () => {
  it('escapes every interpolated value but keeps nested safe HTML', () => {
    const name = `"><script>'`;
    expect(markup`<p title="${name}">${name}${markup`<b>ok</b>`}${[1, null, false, 'x']}</p>`.value).toBe(
      '<p title="&quot;&gt;&lt;script&gt;&#39;">&quot;&gt;&lt;script&gt;&#39;<b>ok</b>1x</p>',
    );
  });
});
