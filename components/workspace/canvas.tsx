'use client';

import {
  Background,
  ControlButton,
  Controls,
  Panel,
  ReactFlow,
  useReactFlow,
  type Connection,
  type IsValidConnection,
  type OnConnectEnd,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { Maximize } from 'lucide-react';
import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import { toast } from 'sonner';
import { blockRegistry } from '@/blocks/registry';
import { ConnectionHighlight } from './connection-highlight';
import { checkConnection } from './connection-rules';
import { useEditor, useEditorStoreApi, type TEditorState } from './editor-store';
import type { TEditorNode } from './graph-mapping';
import { nodeTypes } from './nodes';
import { OverviewMap } from './overview/overview-map';
import { OverviewLayer } from './overview/overview-layer';
import { useViewWindow } from './overview/use-view-window';
import { MAX_ZOOM, MIN_ZOOM } from './overview/viewport';
import { PALETTE_DRAG_TYPE } from './palette';
import { useFitGraph } from './use-fit-graph';

const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];
const PRO_OPTIONS = { hideAttribution: true };
const NO_NODES: TEditorNode[] = [];
const NO_EDGES: TEditorState['edges'] = [];

/**
 * The canvas. Its size is read before React Flow mounts, so a project opens straight at the view
 * that fits it (no first render at 100% that would mount every block).
 */
export function Canvas() {
  const element = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  useLayoutEffect(() => {
    const el = element.current;
    if (el) setSize({ width: el.clientWidth, height: el.clientHeight });
  }, []);
  return (
    <div ref={element} className="relative h-full w-full" data-testid="canvas">
      {size ? <FlowCanvas size={size} /> : null}
    </div>
  );
}

/**
 * Zoomed out, blocks are drawn by the overview layer (one <canvas>); zoomed in, React Flow draws
 * the blocks near the view (nodesInWindow). Either way a large graph costs what is on screen.
 */
function FlowCanvas({ size }: { size: { width: number; height: number } }) {
  const store = useEditorStoreApi();
  const { initialViewport, overview, shown } = useViewWindow(size);
  const isEmpty = useEditor((s) => s.nodes.length === 0);
  const fitGraph = useFitGraph();
  const onNodesChange = useEditor((s) => s.onNodesChange);
  const onEdgesChange = useEditor((s) => s.onEdgesChange);
  const onConnect = useEditor((s) => s.onConnect);
  const { screenToFlowPosition } = useReactFlow();
  const lastRefusal = useRef<string | null>(null);

  // Stable handlers and props: React Flow hands them to every node, so a new function per render
  // would re-render every block on every drag step.
  const onNodeClick = useCallback((_event: unknown, node: { id: string }) => store.getState().focusNode(node.id), [store]);
  // React Flow deselects the blocks it draws; the overview's blocks are deselected here.
  const onPaneClick = useCallback(() => store.getState().clearSelection(), [store]);

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
    <>
      <ReactFlow
        nodes={shown?.nodes ?? NO_NODES}
        edges={shown?.edges ?? NO_EDGES}
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
        onPaneClick={onPaneClick}
        // Deleting goes through the editor's store (use-shortcuts): it also reaches selected
        // blocks React Flow is not drawing.
        deleteKeyCode={null}
        multiSelectionKeyCode={MULTI_SELECT_KEYS}
        onlyRenderVisibleElements
        minZoom={MIN_ZOOM}
        maxZoom={MAX_ZOOM}
        defaultViewport={initialViewport}
        proOptions={PRO_OPTIONS}
      >
        <ConnectionHighlight />
        <Background gap={20} size={1.2} color="var(--color-border-strong)" />
        {overview ? (
          <>
            <OverviewLayer />
            <Panel position="top-left" className="!m-2 rounded-md bg-surface/90 px-2 py-1 text-xs text-fg-muted shadow-xs">
              Zoomed out: double-click a block to zoom in and edit it
            </Panel>
          </>
        ) : null}
        <OverviewMap />
        <Controls showInteractive={false} showFitView={false}>
          <ControlButton onClick={() => fitGraph({ duration: 200 })} title="Fit the whole flow in view" aria-label="fit view">
            <Maximize />
          </ControlButton>
        </Controls>
      </ReactFlow>
      {isEmpty ? (
        <div className="pointer-events-none absolute inset-0 grid place-items-center">
          <div className="rounded-xl border border-dashed border-border-strong bg-surface/80 px-6 py-5 text-center shadow-xs">
            <p className="font-medium">This canvas is empty</p>
            <p className="text-sm text-fg-muted">Drag a block from the left, or click one to add it. Start with a trigger.</p>
          </div>
        </div>
      ) : null}
    </>
  );
}
