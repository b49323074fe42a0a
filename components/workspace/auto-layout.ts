/** Left-to-right layered layout (dagre), the way data flows through the graph. */
import dagre from '@dagrejs/dagre';
import type { Edge } from '@xyflow/react';
import { nodeSize } from './block-geometry';
import type { TEditorNode } from './graph-mapping';

export function layoutPositions(nodes: readonly TEditorNode[], edges: readonly Edge[]): Map<string, { x: number; y: number }> {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 90, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, nodeSize(n));
  for (const e of edges) g.setEdge(e.source, e.target);
  dagre.layout(g);
  const positions = new Map<string, { x: number; y: number }>();
  for (const n of nodes) {
    const laid = g.node(n.id);
    // dagre gives centres; React Flow positions are top-left corners.
    positions.set(n.id, { x: laid.x - laid.width / 2, y: laid.y - laid.height / 2 });
  }
  return positions;
}
