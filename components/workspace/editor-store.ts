'use client';

/**
 * One store per open editor (zustand, read through selectors): the canvas contents and the
 * autosave bookkeeping. `revision` counts graph edits; `savedRevision` is the last one stored.
 */
import {
  addEdge,
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type Edge,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import { createContext, useContext } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import type { TGraph } from '@/blocks/core/graph';
import { fromFlow, NOTE_TYPE, toFlow, type TEditorNode } from './graph-mapping';

export type TSaveState = 'saved' | 'unsaved' | 'saving' | 'error' | 'conflict';

export interface TEditorState {
  nodes: TEditorNode[];
  edges: Edge[];
  /** The stored project version the current edits are based on. */
  baseVersion: number;
  revision: number;
  savedRevision: number;
  saveState: TSaveState;
  lastSavedAt: Date | null;
  saveError: string | null;

  onNodesChange(changes: NodeChange<TEditorNode>[]): void;
  onEdgesChange(changes: EdgeChange[]): void;
  onConnect(connection: Connection): void;
  addNote(position: { x: number; y: number }): string;
  updateConfig(nodeId: string, config: Record<string, unknown>): void;
  /** Replaces everything with a stored graph (load, reload after a conflict, restore). */
  load(graph: TGraph, version: number, savedAt: Date): void;
  graph(): TGraph;
  markSaving(): void;
  markSaved(revision: number, version: number, savedAt: Date): void;
  markFailed(kind: 'error' | 'conflict', message: string): void;
}

/** Changes that alter the stored graph; selection and measured sizes do not. */
function changesGraph(change: NodeChange | EdgeChange): boolean {
  if (change.type === 'select' || change.type === 'dimensions') return false;
  // During a drag only the final position counts as an edit.
  if (change.type === 'position') return change.dragging !== true;
  return true;
}

let idCounter = 0;
function newId(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${Date.now().toString(36)}${idCounter.toString(36)}`;
}

export function createEditorStore(graph: TGraph, version: number, savedAt: Date) {
  return createStore<TEditorState>()((set, get) => {
    const edited = (patch: Partial<TEditorState>) =>
      set((s) => ({ ...patch, revision: s.revision + 1, saveState: s.saveState === 'conflict' ? 'conflict' : 'unsaved' }));
    return {
      ...toFlow(graph),
      baseVersion: version,
      revision: 0,
      savedRevision: 0,
      saveState: 'saved',
      lastSavedAt: savedAt,
      saveError: null,

      onNodesChange(changes) {
        const nodes = applyNodeChanges(changes, get().nodes);
        if (changes.some(changesGraph)) edited({ nodes });
        else set({ nodes });
      },
      onEdgesChange(changes) {
        const edges = applyEdgeChanges(changes, get().edges);
        if (changes.some(changesGraph)) edited({ edges });
        else set({ edges });
      },
      onConnect(connection) {
        edited({ edges: addEdge({ ...connection, id: newId('e') }, get().edges) });
      },
      addNote(position) {
        const id = newId(NOTE_TYPE);
        const note: TEditorNode = {
          id,
          type: 'note',
          position,
          data: { blockType: NOTE_TYPE, version: 1, config: { text: '' } },
          selected: true,
        };
        edited({ nodes: [...get().nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), note] });
        return id;
      },
      updateConfig(nodeId, config) {
        edited({
          nodes: get().nodes.map((n) => (n.id === nodeId ? { ...n, data: { ...n.data, config } } : n)) as TEditorNode[],
        });
      },
      load(next, nextVersion, nextSavedAt) {
        set((s) => ({
          ...toFlow(next),
          baseVersion: nextVersion,
          savedRevision: s.revision,
          saveState: 'saved',
          lastSavedAt: nextSavedAt,
          saveError: null,
        }));
      },
      graph() {
        return fromFlow(get().nodes, get().edges);
      },
      markSaving() {
        set({ saveState: 'saving', saveError: null });
      },
      markSaved(revision, nextVersion, savedAt) {
        set((s) => ({
          baseVersion: nextVersion,
          savedRevision: revision,
          lastSavedAt: savedAt,
          saveState: s.revision === revision ? 'saved' : 'unsaved',
          saveError: null,
        }));
      },
      markFailed(kind, message) {
        set({ saveState: kind, saveError: message });
      },
    };
  });
}

export type TEditorStore = StoreApi<TEditorState>;

export const EditorStoreContext = createContext<TEditorStore | null>(null);

export function useEditorStoreApi(): TEditorStore {
  const store = useContext(EditorStoreContext);
  if (!store) throw new Error('useEditor must be used inside an editor');
  return store;
}

export function useEditor<T>(selector: (state: TEditorState) => T): T {
  return useStore(useEditorStoreApi(), selector);
}
