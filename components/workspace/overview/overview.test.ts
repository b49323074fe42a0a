import type { Edge } from '@xyflow/react';
import { describe, expect, it } from 'vitest';
import { blockRegistry } from '@/blocks/registry';
import { BLOCK_WIDTH, blockHeight, nodeSize } from '../block-geometry';
import { flowEdge, flowNode, type TEditorNode } from '../graph-mapping';
import { buildScene, sceneBounds, tileAt } from './scene';
import { fitViewport, MIN_ZOOM, nodesInWindow, windowKey, windowRect } from './viewport';

const annotations = { problemCounts: new Map<string, number>(), runStatus: new Map(), running: false };

function block(id: string, type: string, x: number, y: number, extra: Partial<TEditorNode> = {}): TEditorNode {
  return { ...flowNode({ id, type, version: blockRegistry.latest(type)!.version, position: { x, y }, config: {} }), ...extra };
}

function wire(id: string, source: TEditorNode, sourcePort: string, target: TEditorNode, targetPort: string): Edge {
  return flowEdge(
    { id, source: source.id, sourcePort, target: target.id, targetPort },
    { type: source.data.blockType, version: source.data.version },
  );
}

/** A row of `count` Expression blocks, 260 px apart, each wired to the next. */
function chain(count: number): { nodes: TEditorNode[]; edges: Edge[] } {
  const nodes = Array.from({ length: count }, (_, i) => block(`n${i}`, 'expression', i * 260, 0));
  const edges = nodes.slice(1).map((n, i) => wire(`e${i}`, nodes[i]!, 'out', n, 'in'));
  return { nodes, edges };
}

describe('block geometry', () => {
  it('sizes a block from its ports until the canvas has measured it', () => {
    const merge = blockRegistry.latest('merge')!;
    expect(nodeSize(block('m', 'merge', 0, 0))).toEqual({ width: BLOCK_WIDTH, height: blockHeight(merge) });
    expect(blockHeight(merge)).toBeGreaterThan(blockHeight(blockRegistry.latest('constant')!));
    expect(nodeSize(block('m', 'merge', 0, 0, { measured: { width: 300, height: 90 } }))).toEqual({ width: 300, height: 90 });
  });
});

describe('overview scene', () => {
  it('places each wire at the ports it joins and takes the colour of the data', () => {
    const a = block('a', 'constant', 0, 0);
    const m = block('m', 'merge', 400, 0);
    const scene = buildScene([a, m], [wire('e1', a, 'out', m, 'a'), wire('e2', a, 'out', m, 'b')], annotations);
    const [left, right] = scene.wires;
    const height = scene.byId.get('m')!.height;
    // Two inputs on the left side: at a third and two thirds of the height, like the handles.
    expect(left!.targetDy).toBeCloseTo(height / 3);
    expect(right!.targetDy).toBeCloseTo((2 * height) / 3);
    expect(left!.color).toMatch(/^#/);
  });

  it('finds the topmost block under a point, and nothing on empty canvas', () => {
    const under = block('under', 'constant', 0, 0);
    const over = block('over', 'constant', 100, 10);
    const scene = buildScene([under, over], [], annotations);
    expect(tileAt(scene, { x: 150, y: 20 })?.id).toBe('over');
    expect(tileAt(scene, { x: 50, y: 20 })?.id).toBe('under');
    expect(tileAt(scene, { x: 50, y: 500 })).toBeNull();
  });

  it('carries selection, problems, run status and unknown block types to the tiles', () => {
    const known = block('k', 'constant', 0, 0, { selected: true });
    const unknown = flowNode({ id: 'u', type: 'no-such-block', version: 1, position: { x: 0, y: 100 }, config: {} });
    const scene = buildScene([known, unknown], [], {
      problemCounts: new Map([['u', 2]]),
      runStatus: new Map([['k', 'ok' as const]]),
      running: false,
    });
    expect(scene.byId.get('k')).toMatchObject({ selected: true, status: 'ok', kind: 'block', category: 'data' });
    expect(scene.byId.get('u')).toMatchObject({ kind: 'unknown', problems: 2, title: 'no-such-block@1' });
  });
});

describe('viewport', () => {
  it('fits every block in the pane, never past 100% and never below the minimum zoom', () => {
    const { nodes } = chain(40);
    const bounds = sceneBounds(nodes)!;
    const v = fitViewport(nodes, 800, 400);
    expect(v.zoom).toBeLessThan(1);
    // The whole row is inside the pane.
    expect(bounds.x * v.zoom + v.x).toBeGreaterThanOrEqual(0);
    expect((bounds.x + bounds.width) * v.zoom + v.x).toBeLessThanOrEqual(800);
    expect(fitViewport(chain(1).nodes, 800, 400).zoom).toBe(1);
    expect(fitViewport(chain(5000).nodes, 800, 400).zoom).toBeGreaterThanOrEqual(MIN_ZOOM);
    expect(fitViewport([], 800, 400)).toEqual({ x: 0, y: 0, zoom: 1 });
  });

  it('hands React Flow only the blocks near the view, with the far ends of wires leaving it', () => {
    const { nodes, edges } = chain(1000);
    // 100% zoom on the first blocks: about 3 blocks across an 800 px pane.
    const area = windowRect({ x: 0, y: 0, zoom: 1 }, 800, 400);
    const shown = nodesInWindow(nodes, edges, area);
    const ids = shown.nodes.map((n) => n.id);
    expect(ids.length).toBeLessThan(12);
    expect(ids).toContain('n0');
    // The last block in the window is wired to the next one, which comes along.
    const last = Math.max(...ids.map((id) => Number(id.slice(1))));
    expect(shown.edges.every((e) => ids.includes(e.source) && ids.includes(e.target))).toBe(true);
    expect(shown.edges.some((e) => e.target === `n${last}`)).toBe(true);
    // A selected block far away is not mounted either (the editor store moves it with the group).
    const withSelection = nodes.map((n) => (n.id === 'n900' ? { ...n, selected: true } : n));
    expect(nodesInWindow(withSelection, edges, area).nodes.map((n) => n.id)).not.toContain('n900');
  });

  it('keeps the window while the view pans a little, and moves it when the view moves on', () => {
    const at = (x: number, zoom = 1) => windowKey({ x, y: 0, zoom }, 800, 400);
    expect(at(-10)).toBe(at(-20));
    expect(at(-1000)).not.toBe(at(0));
    expect(at(0, 0.5)).not.toBe(at(0, 1));
    // The window contains the view for as long as the key stays the same.
    const v = { x: -10, y: 0, zoom: 1 };
    const area = windowRect(v, 800, 400);
    expect(area.x).toBeLessThan(10);
    expect(area.x + area.width).toBeGreaterThan(810);
  });
});
