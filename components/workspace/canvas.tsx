'use client';

import { Background, Controls, MiniMap, ReactFlow, useReactFlow } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
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

  return (
    <div className="relative h-full w-full" data-testid="canvas">
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        onDragOver={(event) => {
          if (event.dataTransfer.types.includes(PALETTE_DRAG_TYPE)) {
            event.preventDefault();
            event.dataTransfer.dropEffect = 'copy';
          }
        }}
        onDrop={(event) => {
          if (!event.dataTransfer.getData(PALETTE_DRAG_TYPE)) return;
          event.preventDefault();
          store.getState().addNote(screenToFlowPosition({ x: event.clientX, y: event.clientY }));
        }}
        deleteKeyCode={['Backspace', 'Delete']}
        fitView
        fitViewOptions={{ maxZoom: 1, padding: 0.3 }}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} size={1.2} color="var(--color-border-strong)" />
        <MiniMap pannable zoomable className="!rounded-lg !border !border-border" />
        <Controls showInteractive={false} />
      </ReactFlow>
      {nodes.length === 0 ? (
        <div className="pointer-events-none absolute inset-0 grid place-items-center">
          <div className="rounded-xl border border-dashed border-border-strong bg-surface/80 px-6 py-5 text-center shadow-xs">
            <p className="font-medium">This canvas is empty</p>
            <p className="text-sm text-fg-muted">Drag a note from the left panel, or click it to add one.</p>
          </div>
        </div>
      ) : null}
    </div>
  );
}
