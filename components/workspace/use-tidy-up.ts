'use client';

import { useCallback } from 'react';
import { useEditorStoreApi } from './editor-store';
import { useFitGraph } from './use-fit-graph';

/** Tidy up: lays the flow out left to right (one undo step), then fits it in view. */
export function useTidyUp(): () => Promise<void> {
  const store = useEditorStoreApi();
  const fitGraph = useFitGraph();
  return useCallback(async () => {
    // dagre (with its lodash) is about a quarter of the editor's code: loaded when first used.
    const { layoutPositions } = await import('./auto-layout');
    const s = store.getState();
    s.setPositions(layoutPositions(s.nodes, s.edges));
    requestAnimationFrame(() => fitGraph({ duration: 200 }));
  }, [store, fitGraph]);
}
