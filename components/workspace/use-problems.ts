'use client';

/**
 * Keeps the editor's problem list current: the compiler's validation, shortly after each edit,
 * in a worker (validation.worker.ts) so a large graph never stalls the canvas. Where a worker
 * cannot start, the same validation runs here, after the canvas has been drawn.
 */
import { useEffect, useRef } from 'react';
import type { TGraph } from '@/blocks/core/graph';
import { useEditor, useEditorStoreApi } from './editor-store';
import type { TValidationRequest, TValidationResult } from './validation.worker';

const DELAY_MS = 150;

type TValidate = (graph: TGraph) => Promise<TValidationResult['diagnostics']>;

function startWorker(): { validate: TValidate; stop: () => void } | null {
  let worker: Worker;
  try {
    worker = new Worker(new URL('./validation.worker.ts', import.meta.url), { type: 'module', name: 'poseidon-validation' });
  } catch {
    return null;
  }
  let next = 0;
  let failed = false;
  const waiting = new Map<number, { resolve: (d: TValidationResult['diagnostics']) => void; reject: (e: Error) => void }>();
  worker.onmessage = (event: MessageEvent<TValidationResult>) => {
    waiting.get(event.data.id)?.resolve(event.data.diagnostics);
    waiting.delete(event.data.id);
  };
  // A worker that fails to load or crashes hands its work (and all later work) back to this thread.
  worker.onerror = () => {
    failed = true;
    for (const { reject } of waiting.values()) reject(new Error('validation worker failed'));
    waiting.clear();
  };
  return {
    validate: (graph) =>
      new Promise((resolve, reject) => {
        if (failed) return reject(new Error('validation worker failed'));
        next += 1;
        waiting.set(next, { resolve, reject });
        worker.postMessage({ id: next, graph } satisfies TValidationRequest);
      }),
    stop: () => worker.terminate(),
  };
}

/**
 * In this thread, in the browser's idle time (after the first paint of a freshly opened graph).
 * The compiler (with its JavaScript parser) is loaded only if it comes to this.
 */
const validateHere: TValidate = async (graph) => {
  const [{ validateGraph }, { blockRegistry }] = await Promise.all([import('@/blocks/compiler/validate'), import('@/blocks/registry')]);
  return new Promise((resolve) => {
    const run = () => resolve(validateGraph(graph, blockRegistry).diagnostics);
    if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 1000 });
    else setTimeout(run, 0);
  });
};

export function useProblems() {
  const store = useEditorStoreApi();
  const revision = useEditor((s) => s.revision);
  const baseVersion = useEditor((s) => s.baseVersion);
  const validator = useRef<TValidate>(validateHere);

  useEffect(() => {
    const worker = startWorker();
    if (!worker) return;
    validator.current = (graph) => worker.validate(graph).catch(() => validateHere(graph));
    return () => {
      worker.stop();
      validator.current = validateHere;
    };
  }, []);

  useEffect(() => {
    let current = true;
    const timer = setTimeout(
      () => {
        void validator.current(store.getState().graph()).then((diagnostics) => {
          // A newer edit has started its own validation: this result is stale.
          if (current) store.getState().setProblems(diagnostics);
        });
      },
      revision === 0 ? 0 : DELAY_MS,
    );
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [revision, baseVersion, store]);
}
