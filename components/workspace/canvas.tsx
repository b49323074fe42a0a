'use client';

import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type IsValidConnection,
  type OnConnectEnd,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useRef, useState } from 'react';
import { toast } from 'sonner';
import { blockRegistry } from '@/blocks/registry';
import { ConnectionHighlight } from './connection-highlight';
import { checkConnection } from './connection-rules';
import { useEditor, useEditorStoreApi } from './editor-store';
import { nodeTypes } from './nodes';
import { PALETTE_DRAG_TYPE } from './palette';

const DELETE_KEYS = ['Backspace', 'Delete'];
const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];
const FIT_VIEW_OPTIONS = { maxZoom: 1, padding: 0.2 };
const PRO_OPTIONS = { hideAttribution: true };
const MINIMAP_STYLE = { width: 150, height: 96 };

export function Canvas() {
  const store = useEditorStoreApi();
  const nodes = useEditor((s) => s.nodes);
  const edges = useEditor((s) => s.edges);
  const onNodesChange = useEditor((s) => s.onNodesChange);
  const onEdgesChange = useEditor((s) => s.onEdgesChange);
  const onConnect = useEditor((s) => s.onConnect);
  const { screenToFlowPosition } = useReactFlow();
  const lastRefusal = useRef<string | null>(null);
  // Fit the flow into view when a project opens; an empty canvas keeps a steady 100% zoom, so
  // the first block dropped does not make the view jump.
  const [fitOnOpen] = useState(() => store.getState().nodes.length > 0);

  // Stable handlers and props: React Flow hands them to every node, so a new function per render
  // would re-render every block on every drag step.
  const onNodeClick = useCallback((_event: unknown, node: { id: string }) => store.getState().focusNode(node.id), [store]);

  const onConnectStart = useCallback(() => {
    lastRefusal.current = null;
  }, []);
  const onConnectEnd: OnConnectEnd = useCallback((_event, state) => {
    // Dropped on a port that refused: say why, in the user's terms.
    if (!state.isValid && state.toHandle && lastRefusal.current) {
      toast.error('Connection refused', { description: lastRefusal.current, id: 'connection-refused' });
    }
  }, []);
  const onDragOver = useCallback((event: React.DragEvent) => {
    if (event.dataTransfer.types.includes(PALETTE_DRAG_TYPE)) {
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    }
  }, []);
  const onDrop = useCallback(
    (event: React.DragEvent) => {
      const key = event.dataTransfer.getData(PALETTE_DRAG_TYPE);
      if (!key) return;
      event.preventDefault();
      const [type, version] = key.split('@') as [string, string];
      const definition = blockRegistry.get(type, Number(version));
      if (definition) store.getState().addBlock(definition, screenToFlowPosition({ x: event.clientX - 100, y: event.clientY - 20 }));
    },
    [store, screenToFlowPosition],
  );

  const isValidConnection: IsValidConnection = useCallback(
    (connection) => {
      const s = store.getState();
      const result = checkConnection(connection as Connection, s.nodes, s.edges);
      lastRefusal.current = result.ok ? null : result.reason;
      return result.ok;
    },
    [store],
  );

  return (
    <div className="relative h-full w-full" data-testid="canvas">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onConnectStart={onConnectStart}
        onConnectEnd={onConnectEnd}
        onDragOver={onDragOver}
        onDrop={onDrop}
        onNodeClick={onNodeClick}
        deleteKeyCode={DELETE_KEYS}
        multiSelectionKeyCode={MULTI_SELECT_KEYS}
        onlyRenderVisibleElements
        minZoom={0.05}
        fitView={fitOnOpen}
        fitViewOptions={FIT_VIEW_OPTIONS}
        proOptions={PRO_OPTIONS}
      >
        <ConnectionHighlight />
        <Background gap={20} size={1.2} color="var(--color-border-strong)" />
        <MiniMap pannable zoomable style={MINIMAP_STYLE} className="!rounded-lg !border !border-border" />
        <Controls showInteractive={false} />
      </ReactFlow>
      {nodes.length === 0 ? (
        <div className="pointer-events-none absolute inset-0 grid place-items-center">
          <div className="rounded-xl border border-dashed border-border-strong bg-surface/80 px-6 py-5 text-center shadow-xs">
            <p className="font-medium">This canvas is empty</p>
            <p className="text-sm text-fg-muted">Drag a block from the left, or click one to add it. Start with a trigger.</p>
          </div>
        </div>
      ) : null}
    </div>
  );
}
