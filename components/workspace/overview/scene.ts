/**
 * What the zoomed-out overview draws, built from the editor's nodes and edges: one tile per node
 * and one wire per edge, with every position in flow coordinates. Plain data and arithmetic, no
 * DOM, so hit-testing and culling are unit-tested and cheap at thousands of blocks.
 */
import type { Edge } from '@xyflow/react';
import type { TBlockCategory, TBlockDefinition } from '@/blocks/core/block';
import { blockRegistry } from '@/blocks/registry';
import type { TAnnotations } from '../editor-store';
import { nodeSize, portOffset } from '../block-geometry';
import type { TEditorNode } from '../graph-mapping';

type TRunStatus = TAnnotations['runStatus'] extends Map<string, infer S> ? S : never;

export interface TTile {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  title: string;
  /** null: a note, or a block type this editor does not know. */
  category: TBlockCategory | null;
  kind: 'block' | 'note' | 'unknown';
  selected: boolean;
  problems: number;
  status: TRunStatus | null;
}

export interface TWire {
  source: TTile;
  target: TTile;
  /** Port positions below each tile's top edge. */
  sourceDy: number;
  targetDy: number;
  color: string;
}

export interface TScene {
  tiles: TTile[];
  byId: Map<string, TTile>;
  wires: TWire[];
}

export interface TRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

const DEFAULT_WIRE_COLOR = '#94a3b8';

function portDy(tile: TTile, ports: readonly { name: string }[] | undefined, handle: string | null | undefined): number {
  if (!ports || ports.length === 0) return tile.height / 2;
  const index = Math.max(
    0,
    ports.findIndex((p) => p.name === handle),
  );
  return portOffset(index, ports.length, tile.height);
}

export function buildScene(nodes: readonly TEditorNode[], edges: readonly Edge[], annotations: TAnnotations): TScene {
  const byId = new Map<string, TTile>();
  const definitions = new Map<string, TBlockDefinition>();
  const tiles = nodes.map((node) => {
    const definition = node.type === 'note' ? undefined : blockRegistry.get(node.data.blockType, node.data.version);
    if (definition) definitions.set(node.id, definition);
    const { width, height } = nodeSize(node);
    const tile: TTile = {
      id: node.id,
      x: node.position.x,
      y: node.position.y,
      width,
      height,
      title:
        node.type === 'note' ? String(node.data.config.text ?? '') : (definition?.title ?? `${node.data.blockType}@${node.data.version}`),
      category: definition?.category ?? null,
      kind: node.type === 'note' ? 'note' : definition ? 'block' : 'unknown',
      selected: node.selected === true,
      problems: annotations.problemCounts.get(node.id) ?? 0,
      status: annotations.runStatus.get(node.id) ?? null,
    };
    byId.set(node.id, tile);
    return tile;
  });
  const wires: TWire[] = [];
  for (const edge of edges) {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source || !target) continue;
    wires.push({
      source,
      target,
      sourceDy: portDy(source, definitions.get(source.id)?.outputs, edge.sourceHandle),
      targetDy: portDy(target, definitions.get(target.id)?.inputs, edge.targetHandle),
      color: typeof edge.style?.stroke === 'string' ? edge.style.stroke : DEFAULT_WIRE_COLOR,
    });
  }
  return { tiles, byId, wires };
}

/** The topmost tile under a point (tiles drawn later are on top), or null. */
export function tileAt(scene: TScene, point: { x: number; y: number }): TTile | null {
  for (let i = scene.tiles.length - 1; i >= 0; i--) {
    const t = scene.tiles[i]!;
    if (point.x >= t.x && point.x <= t.x + t.width && point.y >= t.y && point.y <= t.y + t.height) return t;
  }
  return null;
}

export function intersects(a: TRect, b: TRect): boolean {
  return a.x < b.x + b.width && a.x + a.width > b.x && a.y < b.y + b.height && a.y + a.height > b.y;
}

/** The part of the flow a pane of `width` x `height` px shows at viewport `v`. */
export function visibleRect(v: { x: number; y: number; zoom: number }, width: number, height: number): TRect {
  return { x: -v.x / v.zoom, y: -v.y / v.zoom, width: width / v.zoom, height: height / v.zoom };
}

/** The box around every node, or null for an empty canvas. */
export function sceneBounds(nodes: readonly Pick<TEditorNode, 'type' | 'data' | 'measured' | 'position'>[]): TRect | null {
  if (nodes.length === 0) return null;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const n of nodes) {
    const { width, height } = nodeSize(n);
    x0 = Math.min(x0, n.position.x);
    y0 = Math.min(y0, n.position.y);
    x1 = Math.max(x1, n.position.x + width);
    y1 = Math.max(y1, n.position.y + height);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}
