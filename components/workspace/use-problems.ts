'use client';

/** Keeps the editor's problem list current: the compiler's validation, shortly after each edit. */
import { useEffect } from 'react';
import { validateGraph } from '@/blocks/compiler/validate';
import { blockRegistry } from '@/blocks/registry';
import { useEditor, useEditorStoreApi } from './editor-store';

const DELAY_MS = 150;

export function useProblems() {
  const store = useEditorStoreApi();
  const revision = useEditor((s) => s.revision);
  const baseVersion = useEditor((s) => s.baseVersion);
  useEffect(() => {
    const timer = setTimeout(
      () => {
        const { diagnostics } = validateGraph(store.getState().graph(), blockRegistry);
        store.getState().setProblems(diagnostics);
      },
      revision === 0 ? 0 : DELAY_MS,
    );
    return () => clearTimeout(timer);
  }, [revision, baseVersion, store]);
}
