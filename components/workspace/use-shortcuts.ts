'use client';

/**
 * Editor keyboard shortcuts. Ignored while typing in a field or a code editor. The same list
 * feeds the help overlay, so what is shown is what works.
 */
import { useEffect } from 'react';
import { toast } from 'sonner';
import { parseGraph, type TGraph } from '@/blocks/core/graph';
import { useEditorStoreApi } from './editor-store';
import { useFitGraph } from './use-fit-graph';
import { useTidyUp } from './use-tidy-up';

export const CLIPBOARD_KEY = 'poseidon.clipboard';

export const SHORTCUTS: { keys: string; action: string }[] = [
  { keys: 'Ctrl/⌘ + Z', action: 'Undo' },
  { keys: 'Ctrl/⌘ + Shift + Z, Ctrl + Y', action: 'Redo' },
  { keys: 'Ctrl/⌘ + C / V', action: 'Copy / paste blocks (also between projects)' },
  { keys: 'Ctrl/⌘ + D', action: 'Duplicate the selection' },
  { keys: 'Ctrl/⌘ + A', action: 'Select all blocks' },
  { keys: 'Delete, Backspace', action: 'Delete the selection' },
  { keys: 'Shift + drag', action: 'Select several blocks with a box' },
  { keys: 'Ctrl/⌘ + Enter', action: 'Run the flow' },
  { keys: 'Shift + L', action: 'Tidy up (auto-layout)' },
  { keys: 'Shift + 1', action: 'Fit the whole flow in view' },
  { keys: '?', action: 'Show these shortcuts' },
];

function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || Boolean(el.closest('.monaco-editor'));
}

export function useEditorShortcuts(handlers: { run: () => void; showHelp: () => void }) {
  const store = useEditorStoreApi();
  const fitGraph = useFitGraph();
  const tidyUp = useTidyUp();

  useEffect(() => {
    function copy(): TGraph | null {
      const fragment = store.getState().selectedFragment();
      if (fragment) localStorage.setItem(CLIPBOARD_KEY, JSON.stringify(fragment));
      return fragment;
    }
    function paste() {
      const text = localStorage.getItem(CLIPBOARD_KEY);
      if (!text) return;
      const parsed = parseGraph(JSON.parse(text));
      if (parsed.ok) store.getState().insert(parsed.graph, { x: 40, y: 40 });
    }
    function onKeyDown(event: KeyboardEvent) {
      if (typingIn(event.target)) return;
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      const s = store.getState();
      if (mod && key === 'z' && !event.shiftKey) s.undo();
      else if ((mod && key === 'z' && event.shiftKey) || (mod && key === 'y')) s.redo();
      else if (mod && key === 'c') {
        if (copy()) toast.success('Copied', { id: 'clipboard', duration: 1200 });
      } else if (mod && key === 'v') paste();
      else if (mod && key === 'd') {
        const fragment = s.selectedFragment();
        if (fragment) s.insert(fragment, { x: 40, y: 40 });
      } else if (mod && key === 'a') {
        store.setState({ nodes: s.nodes.map((n) => ({ ...n, selected: true })) });
      } else if (mod && key === 'enter') handlers.run();
      else if (!mod && event.shiftKey && key === 'l') {
        void tidyUp();
      } else if (!mod && event.shiftKey && key === '!') fitGraph({ duration: 200 });
      else if (!mod && (event.key === 'Delete' || event.key === 'Backspace')) s.deleteSelected();
      else if (event.key === '?') handlers.showHelp();
      else return;
      event.preventDefault();
    }
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store, fitGraph, tidyUp, handlers]);
}
