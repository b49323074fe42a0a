import { describe, expect, it } from 'vitest';
import { joinBytes } from './bytes';

describe('joinBytes', () => {
  it('joins parts in order, counting their length or taking the one given', () => {
    const parts = [Uint8Array.of(1, 2), new Uint8Array(0), Uint8Array.of(3), new Uint8Array([9, 8, 7, 6]).subarray(1, 3)];
    expect([...joinBytes(parts)]).toEqual([1, 2, 3, 8, 7]);
    expect([...joinBytes(parts, 5)]).toEqual([1, 2, 3, 8, 7]);
    expect(joinBytes([]).byteLength).toBe(0);
  });

  it('returns a copy of its own, even of a single part', () => {
    const only = Uint8Array.of(4, 5);
    const joined = joinBytes([only]);
    only[0] = 0;
    expect([...joined]).toEqual([4, 5]);
    expect(joined.buffer).toBeInstanceOf(ArrayBuffer);
    expect(joined.byteOffset).toBe(0);
  });
});
