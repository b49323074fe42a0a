'use client';

/** Starts test runs: saves first, runs the stored graph on the server, shows the trace. */
import { useMutation } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { TJson } from '@/blocks/core/executor';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc/client';
import { errorMessage } from '@/components/trpc/errors';
import { useEditorStoreApi } from './editor-store';

export function useRun(projectId: string, flush: () => Promise<void>) {
  const trpc = useTRPC();
  const store = useEditorStoreApi();
  const start = useMutation(trpc.runs.start.mutationOptions());

  return useCallback(
    async (options: { triggerId?: string; onlyNodeId?: string; payload?: TJson } = {}) => {
      const s = store.getState();
      if (s.running) return;
      await flush();
      if (store.getState().saveState === 'conflict') return;
      const previous = store.getState().lastRun;
      let pinned: Record<string, Record<string, unknown>> | undefined;
      if (options.onlyNodeId) {
        // Feed the block what its upstream blocks produced in the last run.
        const feeding = new Set(s.edges.filter((e) => e.target === options.onlyNodeId).map((e) => e.source));
        pinned = Object.fromEntries(
          (previous?.nodes ?? []).filter((n) => feeding.has(n.nodeId) && n.status === 'ok').map((n) => [n.nodeId, n.outputs]),
        );
      }
      store.getState().setRun(previous, true);
      store.getState().setPanelTab('run');
      try {
        const result = await start.mutateAsync({ projectId, ...options, ...(pinned ? { pinned } : {}) });
        if (!result.ok) {
          store.getState().setRun(previous, false);
          store.getState().setPanelTab('problems');
          toast.error('The flow was not run', { description: result.diagnostics[0]?.message ?? 'Fix the problems listed below first.' });
          return;
        }
        // A single-block run updates that block's result within the previous run.
        const single = options.onlyNodeId ? result.trace.nodes.find((n) => n.nodeId === options.onlyNodeId) : undefined;
        const trace =
          single && previous
            ? {
                ...previous,
                nodes: previous.nodes.some((n) => n.nodeId === single.nodeId)
                  ? previous.nodes.map((n) => (n.nodeId === single.nodeId ? single : n))
                  : [...previous.nodes, single],
              }
            : result.trace;
        store.getState().setRun(trace, false);
        const failed = result.trace.nodes.find((n) => n.status === 'error');
        store.getState().focusNode(options.onlyNodeId ?? failed?.nodeId ?? result.trace.nodes.at(-1)?.nodeId ?? null);
      } catch (error) {
        store.getState().setRun(previous, false);
        toast.error('The run could not start', { description: errorMessage(error) });
      }
    },
    [projectId, flush, start, store],
  );
}
