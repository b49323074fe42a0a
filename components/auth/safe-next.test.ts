import { describe, expect, it } from 'vitest';
import { safeNextPath } from './safe-next';

describe('safeNextPath', () => {
  it.each(['/projects', '/projects/123?tab=logs#x', '/a/b/../c', '/projects/%20x'])('keeps a path on this site: %s', (next) => {
    const kept = safeNextPath(next);
    expect(new URL(kept, 'http://ide.test').origin).toBe('http://ide.test');
    expect(kept).toBe(
      new URL(next, 'http://ide.test').pathname + new URL(next, 'http://ide.test').search + new URL(next, 'http://ide.test').hash,
    );
  });

  it.each([
    undefined,
    '',
    'projects',
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '\\/evil.example',
    '\\\\evil.example',
    '/\\/evil.example',
    '/%5Cevil.example',
    '/%5cevil.example',
    '/%2F/evil.example',
    '/%2fevil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    '/\u0000/evil.example',
    '/.//evil.example',
    '/..//evil.example',
    'https://evil.example',
    'https:evil.example',
    'http:/evil.example',
    'javascript:alert(1)',
    ' /evil',
    '\t//evil.example',
    `/${'a'.repeat(3000)}`,
  ])('refuses %j', (next) => {
    expect(safeNextPath(next)).toBe('/projects');
  });

  it('refuses every value a browser would resolve to another origin', () => {
    // Whatever it keeps, resolved against any origin, stays on that origin.
    const tricky = ['/\\evil', '/%5Cevil', '//evil', '/./\\evil', '/.//evil', '/..//evil', '/%09/evil', '/x', '/@evil.example'];
    for (const next of tricky) {
      const kept = safeNextPath(next);
      expect(new URL(kept, 'http://ide.test').origin, next).toBe('http://ide.test');
    }
  });
});
