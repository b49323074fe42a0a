'use client';

import { useConnection, type ConnectionState, type InternalNode } from '@xyflow/react';
import { canConnect, PORT_TYPES, ZPortType, type TPortType } from '@/blocks/core/ports';
import { blockRegistry } from '@/blocks/registry';
import type { TEditorNode } from './graph-mapping';

/** The port being dragged from as "kind|type", or '' (a string: cheap to compare each frame). */
function draggingFrom(c: ConnectionState<InternalNode<TEditorNode>>): string {
  if (!c.inProgress) return '';
  const { blockType, version } = c.fromNode.data;
  const definition = blockRegistry.get(blockType, version);
  const ports = c.fromHandle.type === 'source' ? definition?.outputs : definition?.inputs;
  const port = ports?.find((p) => p.name === c.fromHandle.id);
  return port ? `${c.fromHandle.type}|${port.type}` : '';
}

/**
 * While a connection is dragged, the ports it may connect to stand out and the others fade. One
 * subscription and one style rule per port type for the whole canvas: no per-handle work, so a
 * thousand blocks cost nothing extra here.
 */
export function ConnectionHighlight() {
  const from = useConnection<TEditorNode, string>(draggingFrom);
  if (!from) return null;
  const [kind, rawType] = from.split('|') as ['source' | 'target', string];
  const type = ZPortType.parse(rawType);
  const otherSide = kind === 'source' ? 'target' : 'source';
  const fits = (other: TPortType) => (kind === 'source' ? canConnect(type, other).ok : canConnect(other, type).ok);
  const selector = PORT_TYPES.filter(fits)
    .map((t) => `.react-flow__handle.${otherSide}[data-port-type="${t}"]`)
    .join(',');
  const css = [
    '.react-flow__handle{opacity:.25}',
    selector ? `${selector}{opacity:1;box-shadow:0 0 0 4px rgb(47 84 235 / .3);width:16px!important;height:16px!important}` : '',
  ].join('');
  return <style>{css}</style>;
}
