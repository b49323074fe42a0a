import { describe, expect, it } from 'vitest';
import { LruCache } from './lru';

describe('LruCache', () => {
  it('evicts the least recently used entry, asked-for entries counting as used', () => {
    const cache = new LruCache<string, number>(2, 100);
    cache.set('a', 1, 1);
    cache.set('b', 2, 1);
    expect(cache.get('a')).toBe(1); // now b is the oldest
    expect(cache.get('a')).toBe(1); // asked again while newest: still the newest
    cache.set('c', 3, 1);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    cache.delete('a');
    cache.set('d', 4, 1);
    expect(cache.get('c')).toBe(3);
    expect(cache.get('d')).toBe(4);
    cache.set('e', 5, 1); // c was asked before d: c goes
    expect(cache.get('c')).toBeUndefined();
    expect([cache.get('d'), cache.get('e')]).toEqual([4, 5]);
  });
});
