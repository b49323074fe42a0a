/**
 * Whether a connection may be made, and why not: the editor's use of the shared port
 * compatibility function, plus the graph rules (one connection per input, no loops).
 */
import type { Connection, Edge } from '@xyflow/react';
import { wouldCreateCycle } from '@/blocks/compiler/cycles';
import { canConnect, PORT_TYPE_LABELS } from '@/blocks/core/ports';
import { blockRegistry } from '@/blocks/registry';
import type { TEditorNode } from './graph-mapping';

export type TConnectionCheck = { ok: true } | { ok: false; reason: string };

export function checkConnection(
  connection: Pick<Connection, 'source' | 'target' | 'sourceHandle' | 'targetHandle'>,
  nodes: readonly TEditorNode[],
  edges: readonly Edge[],
): TConnectionCheck {
  const source = nodes.find((n) => n.id === connection.source);
  const target = nodes.find((n) => n.id === connection.target);
  if (!source || !target) return { ok: false, reason: 'Both ends must be blocks.' };
  if (source.id === target.id) return { ok: false, reason: 'A block cannot feed itself.' };
  const from = blockRegistry.get(source.data.blockType, source.data.version)?.outputs.find((p) => p.name === connection.sourceHandle);
  const to = blockRegistry.get(target.data.blockType, target.data.version)?.inputs.find((p) => p.name === connection.targetHandle);
  if (!from || !to) return { ok: false, reason: 'Connect an output (right side) to an input (left side).' };
  const compatible = canConnect(from.type, to.type);
  if (!compatible.ok) return { ok: false, reason: compatible.reason };
  if (edges.some((e) => e.target === target.id && e.targetHandle === to.name)) {
    return { ok: false, reason: `Input "${to.label ?? to.name}" already has a connection; remove it first.` };
  }
  if (wouldCreateCycle(edges, source.id, target.id)) {
    return { ok: false, reason: 'This connection would make a loop; flows must not loop back.' };
  }
  return { ok: true };
}

export function describePortType(type: keyof typeof PORT_TYPE_LABELS): string {
  return PORT_TYPE_LABELS[type];
}
