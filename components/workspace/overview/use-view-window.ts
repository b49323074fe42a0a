'use client';

import { useStore as useFlowStore, useStoreApi, type Viewport } from '@xyflow/react';
import { useMemo, useState } from 'react';
import { useEditor, useEditorStoreApi } from '../editor-store';
import { isOverviewZoom } from './overview-layer';
import { fitViewport, nodesInWindow, windowKey, windowRect } from './viewport';

/**
 * What the canvas shows for a pane of `size`: the viewport a project opens at (fitted before React
 * Flow mounts), whether the overview draws the blocks, and otherwise the blocks and wires near the
 * view that React Flow is given. Re-computed when the view moves on (windowKey), not every frame.
 */
export function useViewWindow(size: { width: number; height: number }) {
  const store = useEditorStoreApi();
  const flow = useStoreApi();
  const nodes = useEditor((s) => s.nodes);
  const edges = useEditor((s) => s.edges);
  const [initialViewport] = useState<Viewport>(() => fitViewport(store.getState().nodes, size.width, size.height));
  // Until React Flow has set up its viewport, the view is the initial one.
  const viewport = (s: { panZoom: unknown; transform: [number, number, number] }): Viewport =>
    s.panZoom ? { x: s.transform[0], y: s.transform[1], zoom: s.transform[2] } : initialViewport;
  const overview = useFlowStore((s) => isOverviewZoom(viewport(s).zoom));
  const paneWidth = useFlowStore((s) => s.width) || size.width;
  const paneHeight = useFlowStore((s) => s.height) || size.height;
  const key = useFlowStore((s) => windowKey(viewport(s), paneWidth, paneHeight));
  // eslint-disable-next-line react-hooks/exhaustive-deps -- the window moves when its key changes, not on every pan frame
  const area = useMemo(() => windowRect(viewport(flow.getState()), paneWidth, paneHeight), [key, paneWidth, paneHeight]);
  const shown = useMemo(() => (overview ? null : nodesInWindow(nodes, edges, area)), [overview, nodes, edges, area]);
  return { initialViewport, overview, shown };
}
