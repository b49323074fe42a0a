'use client';

import { Background, Controls, MiniMap, ReactFlow, useReactFlow, type Connection, type Edge, type IsValidConnection } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useMemo, useRef, useState } from 'react';
import { toast } from 'sonner';
import { PORT_TYPE_COLORS } from '@/blocks/core/ports';
import { blockRegistry } from '@/blocks/registry';
import { checkConnection } from './connection-rules';
import { useEditor, useEditorStoreApi } from './editor-store';
import { nodeTypes } from './nodes';
import { PALETTE_DRAG_TYPE } from './palette';

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

  // Edges take the colour of the data they carry.
  const styledEdges = useMemo(() => {
    const byId = new Map(nodes.map((n) => [n.id, n]));
    return edges.map((e): Edge => {
      const source = byId.get(e.source);
      const port = source
        ? blockRegistry.get(source.data.blockType, source.data.version)?.outputs.find((p) => p.name === e.sourceHandle)
        : undefined;
      return port ? { ...e, style: { stroke: PORT_TYPE_COLORS[port.type], strokeWidth: 2 } } : e;
    });
  }, [nodes, edges]);

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
        edges={styledEdges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onConnectStart={() => {
          lastRefusal.current = null;
        }}
        onConnectEnd={(_event, state) => {
          // Dropped on a port that refused: say why, in the user's terms.
          if (!state.isValid && state.toHandle && lastRefusal.current) {
            toast.error('Connection refused', { description: lastRefusal.current, id: 'connection-refused' });
          }
        }}
        onDragOver={(event) => {
          if (event.dataTransfer.types.includes(PALETTE_DRAG_TYPE)) {
            event.preventDefault();
            event.dataTransfer.dropEffect = 'copy';
          }
        }}
        onDrop={(event) => {
          const key = event.dataTransfer.getData(PALETTE_DRAG_TYPE);
          if (!key) return;
          event.preventDefault();
          const [type, version] = key.split('@') as [string, string];
          const definition = blockRegistry.get(type, Number(version));
          if (definition) store.getState().addBlock(definition, screenToFlowPosition({ x: event.clientX - 100, y: event.clientY - 20 }));
        }}
        onNodeClick={(_event, node) => store.getState().focusNode(node.id)}
        deleteKeyCode={['Backspace', 'Delete']}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        onlyRenderVisibleElements
        minZoom={0.05}
        fitView={fitOnOpen}
        fitViewOptions={{ maxZoom: 1, padding: 0.2 }}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} size={1.2} color="var(--color-border-strong)" />
        <MiniMap pannable zoomable style={{ width: 150, height: 96 }} className="!rounded-lg !border !border-border" />
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
