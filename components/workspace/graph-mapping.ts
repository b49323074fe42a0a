/**
 * Between the stored Graph and React Flow's nodes and edges. Node data holds only data (block
 * type, version, config), never callbacks, so nodes stay cheap to compare and to serialise.
 */
import type { Edge, Node } from '@xyflow/react';
import { GRAPH_SCHEMA_VERSION, type TGraph } from '@/blocks/core/graph';

export const NOTE_TYPE = 'note';

export type TBlockNodeData = { blockType: string; version: number; config: Record<string, unknown> };
export type TBlockNode = Node<TBlockNodeData, 'block'>;
export type TNoteNode = Node<TBlockNodeData, 'note'>;
export type TEditorNode = TBlockNode | TNoteNode;

export function flowNode(n: TGraph['nodes'][number]): TEditorNode {
  return {
    id: n.id,
    type: n.type === NOTE_TYPE ? 'note' : 'block',
    position: { ...n.position },
    data: { blockType: n.type, version: n.version, config: n.config },
  };
}

export function flowEdge(e: TGraph['edges'][number]): Edge {
  return { id: e.id, source: e.source, sourceHandle: e.sourcePort, target: e.target, targetHandle: e.targetPort };
}

export function toFlow(graph: TGraph): { nodes: TEditorNode[]; edges: Edge[] } {
  return { nodes: graph.nodes.map(flowNode), edges: graph.edges.map(flowEdge) };
}

export function fromFlow(nodes: readonly TEditorNode[], edges: readonly Edge[]): TGraph {
  return {
    schemaVersion: GRAPH_SCHEMA_VERSION,
    nodes: nodes.map((n) => ({
      id: n.id,
      type: n.data.blockType,
      version: n.data.version,
      position: { x: Math.round(n.position.x * 100) / 100, y: Math.round(n.position.y * 100) / 100 },
      config: n.data.config,
    })),
    edges: edges.map((e) => ({
      id: e.id,
      source: e.source,
      sourcePort: e.sourceHandle ?? 'out',
      target: e.target,
      targetPort: e.targetHandle ?? 'in',
    })),
  };
}
