'use client';

/**
 * Saves the graph a moment after each edit. Every save names the version it was based on; the
 * server refuses a stale one (another tab or device saved first) and the editor stops saving
 * until the user chooses what to keep. Nothing is overwritten silently.
 */
import { useMutation } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { useTRPC } from '@/components/trpc/client';
import { errorCode, errorMessage } from '@/components/trpc/errors';
import { useEditor, useEditorStoreApi } from './editor-store';

export const AUTOSAVE_DELAY_MS = 800;
const RETRY_DELAY_MS = 3000;

export function useAutosave(projectId: string) {
  const trpc = useTRPC();
  const store = useEditorStoreApi();
  const save = useMutation(trpc.projects.saveGraph.mutationOptions());
  const inFlight = useRef<Promise<void> | null>(null);
  const revision = useEditor((s) => s.revision);
  const savedRevision = useEditor((s) => s.savedRevision);
  const saveState = useEditor((s) => s.saveState);

  /** Saves now if there is anything unsaved; resolves when the stored graph is current. */
  const flush = useCallback(async (): Promise<void> => {
    while (inFlight.current) await inFlight.current;
    const state = store.getState();
    if (state.revision === state.savedRevision || state.saveState === 'conflict') return;
    const revisionToSave = state.revision;
    state.markSaving();
    const run = save
      .mutateAsync({ projectId, baseVersion: state.baseVersion, graph: state.graph() })
      .then((result) => store.getState().markSaved(revisionToSave, result.version, result.updatedAt))
      .catch((error: unknown) => {
        store.getState().markFailed(errorCode(error) === 'CONFLICT' ? 'conflict' : 'error', errorMessage(error));
      })
      .finally(() => {
        inFlight.current = null;
      });
    inFlight.current = run;
    await run;
  }, [projectId, save, store]);

  useEffect(() => {
    if (revision === savedRevision || saveState === 'conflict' || saveState === 'saving') return;
    const timer = setTimeout(() => void flush(), saveState === 'error' ? RETRY_DELAY_MS : AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [revision, savedRevision, saveState, flush]);

  // Leaving with unsaved edits: save at once when the tab is hidden, and ask before closing.
  useEffect(() => {
    const onHide = () => {
      if (document.visibilityState === 'hidden') void flush();
    };
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      const s = store.getState();
      if (s.revision !== s.savedRevision) event.preventDefault();
    };
    document.addEventListener('visibilitychange', onHide);
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [flush, store]);

  return { flush };
}
