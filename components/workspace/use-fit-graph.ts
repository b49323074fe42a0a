'use client';

import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useCallback } from 'react';
import { useEditorStoreApi } from './editor-store';
import { fitViewport } from './overview/viewport';

/**
 * Fits the whole graph in view. React Flow's own fitView only knows the blocks it has been given,
 * which near a large graph's view is not all of them (see nodesInWindow), so the editor fits
 * from its own nodes.
 */
export function useFitGraph(): (options?: { duration?: number }) => void {
  const flow = useStoreApi();
  const store = useEditorStoreApi();
  const { setViewport } = useReactFlow();
  return useCallback(
    (options) => {
      const { width, height } = flow.getState();
      void setViewport(fitViewport(store.getState().nodes, width, height), options);
    },
    [flow, store, setViewport],
  );
}
