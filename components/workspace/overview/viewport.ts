/**
 * Viewport arithmetic shared by the canvas, the fit-view actions and the overview: fitting the
 * whole graph, and the window of blocks handed to React Flow around what is in view.
 */
import { getViewportForBounds, type Edge, type Viewport } from '@xyflow/react';
import { nodeSize } from '../block-geometry';
import type { TEditorNode } from '../graph-mapping';
import { intersects, sceneBounds, visibleRect, type TRect } from './scene';

export const MIN_ZOOM = 0.02;
export const MAX_ZOOM = 2;
export const FIT_PADDING = 0.2;
/** Fitting never zooms in past 100%: a small flow opens at its real size. */
export const FIT_MAX_ZOOM = 1;

/** The viewport that shows every node in a pane of `width` x `height` px (100% for an empty canvas). */
export function fitViewport(nodes: readonly TEditorNode[], width: number, height: number): Viewport {
  const bounds = sceneBounds(nodes);
  if (!bounds || width <= 0 || height <= 0) return { x: 0, y: 0, zoom: 1 };
  return getViewportForBounds(bounds, width, height, MIN_ZOOM, FIT_MAX_ZOOM, FIT_PADDING);
}

/** Extra room around the visible part, as a share of its size on each side. */
const WINDOW_MARGIN = 0.5;
/** The window is recomputed when the view's centre crosses a cell this share of the view... */
const WINDOW_CELL = 0.25;
/** ...or the zoom crosses a step of this factor. */
const WINDOW_ZOOM_STEP = 1.25;

/**
 * A key that changes only when the view has moved or zoomed enough to need a new window, so the
 * window (and React Flow's node list) is not rebuilt on every frame of a pan.
 */
export function windowKey(v: Viewport, width: number, height: number): string {
  const view = visibleRect(v, width, height);
  const cx = view.x + view.width / 2;
  const cy = view.y + view.height / 2;
  const step = Math.floor(Math.log(v.zoom) / Math.log(WINDOW_ZOOM_STEP));
  return `${step}:${Math.floor(cx / (view.width * WINDOW_CELL))}:${Math.floor(cy / (view.height * WINDOW_CELL))}`;
}

export function windowRect(v: Viewport, width: number, height: number): TRect {
  const view = visibleRect(v, width, height);
  return {
    x: view.x - view.width * WINDOW_MARGIN,
    y: view.y - view.height * WINDOW_MARGIN,
    width: view.width * (1 + 2 * WINDOW_MARGIN),
    height: view.height * (1 + 2 * WINDOW_MARGIN),
  };
}

/**
 * The nodes in (or wired to a node in) `area`, and the edges between them. React Flow draws
 * every node it has not measured yet, in view or not, so it is only ever given these: opening or
 * zooming into a large graph mounts the blocks near the view, not all of them.
 */
export function nodesInWindow<TNode extends TEditorNode>(
  nodes: readonly TNode[],
  edges: readonly Edge[],
  area: TRect,
): { nodes: TNode[]; edges: Edge[] } {
  const inside = new Set<string>();
  for (const n of nodes) {
    const { width, height } = nodeSize(n);
    if (intersects({ x: n.position.x, y: n.position.y, width, height }, area)) inside.add(n.id);
  }
  // A wire leaving the window keeps its far end, so no wire is cut off at the edge of the window.
  const kept = new Set(inside);
  const windowEdges = edges.filter((e) => {
    if (!inside.has(e.source) && !inside.has(e.target)) return false;
    kept.add(e.source);
    kept.add(e.target);
    return true;
  });
  return { nodes: nodes.filter((n) => kept.has(n.id)), edges: windowEdges };
}
