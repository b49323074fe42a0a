/**
 * Between the stored Graph and React Flow's nodes and edges. Node data holds only data (block
 * type, version, config), never callbacks, so nodes stay cheap to compare and to serialise.
 */
import type { Edge, Node } from '@xyflow/react';
import { GRAPH_SCHEMA_VERSION, type TGraph } from '@/blocks/core/graph';
import { PORT_TYPE_COLORS } from '@/blocks/core/ports';
import { blockRegistry } from '@/blocks/registry';

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

/**
 * An edge takes the colour of the data it carries. Computed once when the edge is made (not on
 * every render), so dragging a block never rebuilds the edges.
 */
export function edgeStyle(source: Pick<TGraph['nodes'][number], 'type' | 'version'> | undefined, sourcePort: string): Edge['style'] {
  const port = source ? blockRegistry.get(source.type, source.version)?.outputs.find((p) => p.name === sourcePort) : undefined;
  return port ? { stroke: PORT_TYPE_COLORS[port.type], strokeWidth: 2 } : undefined;
}

export function flowEdge(e: TGraph['edges'][number], source?: Pick<TGraph['nodes'][number], 'type' | 'version'>): Edge {
  const style = edgeStyle(source, e.sourcePort);
  return {
    id: e.id,
    source: e.source,
    sourceHandle: e.sourcePort,
    target: e.target,
    targetHandle: e.targetPort,
    ...(style ? { style } : {}),
  };
}

export function toFlow(graph: TGraph): { nodes: TEditorNode[]; edges: Edge[] } {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  return { nodes: graph.nodes.map(flowNode), edges: graph.edges.map((e) => flowEdge(e, byId.get(e.source))) };
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
