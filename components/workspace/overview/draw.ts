/**
 * Draws the overview (scene.ts) into a 2D canvas: blocks as tiles in their category colour, wires
 * in the colour of the data they carry. Positions are turned into screen pixels here (not with a
 * canvas transform) so lines stay one pixel wide at any zoom. Only what intersects the pane is
 * drawn.
 */
import type { TBlockCategory } from '@/blocks/core/block';
import { intersects, visibleRect, type TRect, type TScene, type TTile, type TWire } from './scene';

export interface TView {
  x: number;
  y: number;
  zoom: number;
  /** The pane in CSS pixels. */
  width: number;
  height: number;
}

export interface TTheme {
  surface: string;
  border: string;
  primary: string;
  danger: string;
  success: string;
  fg: string;
  subtle: string;
}

/** The accents of block-visuals.tsx's category tiles (Tailwind's -600 shades), as canvas colours. */
export const CATEGORY_COLORS: Record<TBlockCategory, string> = {
  trigger: '#e11d48',
  data: '#0284c7',
  logic: '#7c3aed',
  ai: '#db2777',
  storage: '#059669',
  contract: '#4f46e5',
  ui: '#d97706',
  canvas: '#ca8a04',
};
const NOTE_FILL = '#fef3c7';
const NOTE_BORDER = '#fcd34d';

/** Which part of the scene to draw; `moving` tiles (and their wires' ends) are shifted by `offset`. */
export interface TLayer {
  /** Draw only these tiles and the wires touching them... */
  only?: ReadonlySet<string>;
  /** ...or everything except these tiles and the wires touching them. */
  except?: ReadonlySet<string>;
  offset?: { dx: number; dy: number };
}

const touches = (set: ReadonlySet<string>, wire: TWire) => set.has(wire.source.id) || set.has(wire.target.id);

function shifted(tile: TTile, layer: TLayer): { x: number; y: number } {
  return layer.only?.has(tile.id) && layer.offset ? { x: tile.x + layer.offset.dx, y: tile.y + layer.offset.dy } : tile;
}

function drawWires(ctx: CanvasRenderingContext2D, wires: readonly TWire[], view: TView, layer: TLayer): void {
  // One path per colour: a few stroke calls for thousands of wires.
  const byColor = new Map<string, number[]>();
  for (const wire of wires) {
    if (layer.only && !touches(layer.only, wire)) continue;
    if (layer.except && touches(layer.except, wire)) continue;
    const s = shifted(wire.source, layer);
    const t = shifted(wire.target, layer);
    const sx = (s.x + wire.source.width) * view.zoom + view.x;
    const sy = (s.y + wire.sourceDy) * view.zoom + view.y;
    const tx = t.x * view.zoom + view.x;
    const ty = (t.y + wire.targetDy) * view.zoom + view.y;
    const bend = Math.max(Math.abs(tx - sx) / 2, 12 * view.zoom);
    if (Math.max(sx, tx) + bend < 0 || Math.min(sx, tx) - bend > view.width) continue;
    if (Math.max(sy, ty) < 0 || Math.min(sy, ty) > view.height) continue;
    let list = byColor.get(wire.color);
    if (!list) byColor.set(wire.color, (list = []));
    list.push(sx, sy, tx, ty, bend);
  }
  ctx.lineWidth = Math.max(1, 2 * view.zoom);
  for (const [color, list] of byColor) {
    ctx.strokeStyle = color;
    ctx.beginPath();
    for (let i = 0; i < list.length; i += 5) {
      const sx = list[i]!;
      const sy = list[i + 1]!;
      const tx = list[i + 2]!;
      const ty = list[i + 3]!;
      const bend = list[i + 4]!;
      ctx.moveTo(sx, sy);
      ctx.bezierCurveTo(sx + bend, sy, tx - bend, ty, tx, ty);
    }
    ctx.stroke();
  }
}

function drawTile(ctx: CanvasRenderingContext2D, tile: TTile, x: number, y: number, w: number, h: number, theme: TTheme): void {
  const accent = tile.kind === 'note' ? NOTE_BORDER : tile.category ? CATEGORY_COLORS[tile.category] : theme.danger;
  if (w < 6) {
    // A few pixels: a coloured dot is all the eye can take in.
    ctx.fillStyle = tile.selected ? theme.primary : accent;
    ctx.fillRect(x, y, Math.max(w, 1), Math.max(h, 1));
    return;
  }
  ctx.fillStyle = tile.kind === 'note' ? NOTE_FILL : theme.surface;
  ctx.fillRect(x, y, w, h);
  if (tile.kind !== 'note') {
    ctx.fillStyle = accent;
    ctx.fillRect(x, y, Math.max(2, Math.min(w * 0.14, 36 * (w / tile.width))), h);
  }
  const flagged = tile.problems > 0 || tile.kind === 'unknown';
  ctx.lineWidth = tile.selected ? 2 : 1;
  ctx.strokeStyle = tile.selected ? theme.primary : flagged ? theme.danger : tile.kind === 'note' ? NOTE_BORDER : theme.border;
  ctx.strokeRect(x + 0.5, y + 0.5, w - 1, h - 1);
  // The same type size on every tile at a given zoom (a block's title is 14 px at 100%, and
  // is kept legible a little longer here), dropped when it would be too small to read.
  const fontPx = Math.min(12, h * 0.6, 28 * (w / tile.width));
  if (fontPx >= 6 && w >= 40) {
    ctx.fillStyle = theme.fg;
    ctx.font = `500 ${fontPx.toFixed(1)}px ui-sans-serif, system-ui, sans-serif`;
    ctx.textBaseline = 'middle';
    const left = tile.kind === 'note' ? x + fontPx * 0.6 : x + Math.min(w * 0.14, 36 * (w / tile.width)) + fontPx * 0.6;
    ctx.fillText(tile.title.split('\n')[0]!, left, y + h / 2, Math.max(0, x + w - left - fontPx));
  }
  const status = tile.status;
  if (status && w >= 24) {
    ctx.fillStyle = status === 'ok' ? theme.success : status === 'error' ? theme.danger : theme.subtle;
    ctx.beginPath();
    ctx.arc(x + w - Math.max(4, h * 0.2), y + h / 2, Math.max(2, h * 0.1), 0, Math.PI * 2);
    ctx.fill();
  }
}

/** Draws one layer of the scene; returns how many tiles it drew (those in view). */
export function drawScene(ctx: CanvasRenderingContext2D, scene: TScene, view: TView, theme: TTheme, layer: TLayer = {}): number {
  drawWires(ctx, scene.wires, view, layer);
  const area: TRect = visibleRect(view, view.width, view.height);
  let drawn = 0;
  for (const tile of scene.tiles) {
    if (layer.only && !layer.only.has(tile.id)) continue;
    if (layer.except?.has(tile.id)) continue;
    const at = shifted(tile, layer);
    if (!intersects({ x: at.x, y: at.y, width: tile.width, height: tile.height }, area)) continue;
    drawTile(ctx, tile, at.x * view.zoom + view.x, at.y * view.zoom + view.y, tile.width * view.zoom, tile.height * view.zoom, theme);
    drawn++;
  }
  return drawn;
}

/** The theme from the page's CSS variables (globals.css), so the overview matches the blocks. */
export function readTheme(element: Element): TTheme {
  const style = getComputedStyle(element);
  const v = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    surface: v('--color-surface', '#ffffff'),
    border: v('--color-border-strong', '#cbd2e1'),
    primary: v('--color-primary', '#2f54eb'),
    danger: v('--color-danger', '#d92d20'),
    success: v('--color-success', '#067647'),
    fg: v('--color-fg', '#111827'),
    subtle: v('--color-fg-subtle', '#8a93a6'),
  };
}
