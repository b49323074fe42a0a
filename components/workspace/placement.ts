/**
 * Where a new block goes: at the point asked for when that is free, else at the nearest free
 * place around it, so a block added from the palette, dropped or pasted never lands on top of
 * another one (hiding it and its wires).
 */
export interface TBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Space kept between a new block and its neighbours. */
const GAP = 24;
/** Candidate places are this far apart... */
const STEP = 32;
/** ...in this many rings around the wanted point (a bound: the canvas may hold thousands of blocks). */
const RINGS = 40;

function overlaps(a: TBox, b: TBox): boolean {
  return a.x < b.x + b.width + GAP && b.x < a.x + a.width + GAP && a.y < b.y + b.height + GAP && b.y < a.y + a.height + GAP;
}

/**
 * The top-left corner nearest `wanted` (itself when free) where a box of `size` touches none of
 * `occupied`. Nearer first; at equal distance, right of and below the wanted point first, where a
 * flow goes on. When the whole search area is full, the wanted point itself.
 */
export function freeSpot(
  occupied: readonly TBox[],
  { width, height }: { width: number; height: number },
  wanted: { x: number; y: number },
) {
  const size = { width, height };
  const reach = RINGS * STEP;
  const area: TBox = { x: wanted.x - reach, y: wanted.y - reach, width: size.width + 2 * reach, height: size.height + 2 * reach };
  const near = occupied.filter((box) => overlaps(box, area));
  const fits = (x: number, y: number) => near.every((box) => !overlaps({ x, y, ...size }, box));
  if (fits(wanted.x, wanted.y)) return { x: wanted.x, y: wanted.y };
  for (let ring = 1; ring <= RINGS; ring += 1) {
    for (const [dx, dy] of ringOffsets(ring)) {
      const x = wanted.x + dx * STEP;
      const y = wanted.y + dy * STEP;
      if (fits(x, y)) return { x, y };
    }
  }
  return { x: wanted.x, y: wanted.y };
}

/** The grid offsets on the square ring `ring` steps out, nearest the centre first, then right and down first. */
function ringOffsets(ring: number): [number, number][] {
  const offsets: [number, number][] = [];
  for (let dx = -ring; dx <= ring; dx += 1) {
    for (let dy = -ring; dy <= ring; dy += 1) {
      if (Math.max(Math.abs(dx), Math.abs(dy)) === ring) offsets.push([dx, dy]);
    }
  }
  const rank = ([dx, dy]: [number, number]) => dx * dx + dy * dy - (dx > 0 ? 0.5 : 0) - (dy > 0 ? 0.25 : 0);
  return offsets.sort((a, b) => rank(a) - rank(b));
}

/** The box around all of `boxes`. */
export function boundingBox(boxes: readonly TBox[]): TBox | null {
  if (boxes.length === 0) return null;
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const b of boxes) {
    left = Math.min(left, b.x);
    top = Math.min(top, b.y);
    right = Math.max(right, b.x + b.width);
    bottom = Math.max(bottom, b.y + b.height);
  }
  return { x: left, y: top, width: right - left, height: bottom - top };
}
