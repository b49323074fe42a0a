import { describe, expect, it } from 'vitest';
import { boundingBox, freeSpot } from './placement';

const size = { width: 200, height: 60 };

describe('freeSpot', () => {
  it('keeps a free point', () => {
    expect(freeSpot([{ x: 0, y: 0, ...size }], size, { x: 500, y: 0 })).toEqual({ x: 500, y: 0 });
  });

  it('moves off an occupied point to the nearest free place, keeping a gap', () => {
    const occupied = [{ x: 0, y: 0, ...size }];
    const spot = freeSpot(occupied, size, { x: 10, y: 10 });
    expect(spot).not.toEqual({ x: 10, y: 10 });
    // Clear of the block with a gap, and near the point asked for.
    const clear = spot.x >= 224 || spot.x + 224 <= 0 || spot.y >= 84 || spot.y + 84 <= 0;
    expect(clear).toBe(true);
    expect(Math.hypot(spot.x - 10, spot.y - 10)).toBeLessThanOrEqual(150);
  });

  it('gives up at the wanted point when everything around is full (the search is bounded)', () => {
    const wall = { x: -10_000, y: -10_000, width: 20_000, height: 20_000 };
    expect(freeSpot([wall], size, { x: 3, y: 4 })).toEqual({ x: 3, y: 4 });
  });

  it('bounds a group', () => {
    expect(boundingBox([])).toBeNull();
    expect(
      boundingBox([
        { x: 0, y: 10, width: 5, height: 5 },
        { x: -5, y: 0, width: 1, height: 30 },
      ]),
    ).toEqual({ x: -5, y: 0, width: 10, height: 30 });
  });
});
