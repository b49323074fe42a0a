'use client';

/**
 * What the canvases of overview/ redraw on: the viewport (React Flow's store) and the graph with
 * its badges (the editor's stores). One place, so they all follow the same changes.
 */
import { useReactFlow, useStoreApi, type ReactFlowState } from '@xyflow/react';
import { useEffect, useRef, type RefObject } from 'react';
import { useEditorStoreApi, type TEditorStore } from '../editor-store';

export function watchEditor(
  flow: ReturnType<typeof useStoreApi>,
  store: TEditorStore,
  on: {
    /** The view moved, zoomed or was resized; `state` for anything else of React Flow's. */
    view(state: ReactFlowState, previous: ReactFlowState): void;
    /** Blocks, wires, selection, problems or run status changed. */
    graph(): void;
  },
): () => void {
  const stops = [
    flow.subscribe((s, prev) => {
      if (s.transform !== prev.transform || s.width !== prev.width || s.height !== prev.height) on.view(s, prev);
      else if (s.userSelectionActive !== prev.userSelectionActive || s.userSelectionRect !== prev.userSelectionRect) on.view(s, prev);
    }),
    store.subscribe((s, prev) => {
      if (s.nodes !== prev.nodes || s.edges !== prev.edges) on.graph();
    }),
    store.getState().annotations.subscribe(() => on.graph()),
  ];
  return () => {
    for (const stop of stops) stop();
  };
}

export interface TCanvasTools {
  flow: ReturnType<typeof useStoreApi>;
  store: TEditorStore;
  setCenter: ReturnType<typeof useReactFlow>['setCenter'];
}

/**
 * A <canvas> that draws the editor: `setup` runs once the element exists (and again only if the
 * stores change), with its 2D context and the stores; it returns its cleanup.
 */
export function useEditorCanvas(
  setup: (canvas: HTMLCanvasElement, ctx: CanvasRenderingContext2D, tools: TCanvasTools) => () => void,
): RefObject<HTMLCanvasElement | null> {
  const ref = useRef<HTMLCanvasElement>(null);
  const flow = useStoreApi();
  const store = useEditorStoreApi();
  const { setCenter } = useReactFlow();
  useEffect(
    () => {
      const canvas = ref.current;
      const ctx = canvas?.getContext('2d');
      if (!canvas || !ctx) return;
      return setup(canvas, ctx, { flow, store, setCenter });
    },
    // `setup` is a new function every render; what it draws with is the stores, listed here.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [flow, store, setCenter],
  );
  return ref;
}
