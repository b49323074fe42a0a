'use client';

/**
 * One store per open editor (zustand, read through selectors): the canvas contents, undo/redo,
 * the last test run and the autosave bookkeeping. `revision` counts graph edits;
 * `savedRevision` is the last one stored.
 */
import { addEdge, applyEdgeChanges, applyNodeChanges, type Connection, type Edge, type EdgeChange, type NodeChange } from '@xyflow/react';
import { createContext, useContext } from 'react';
import { createStore, useStore, type StoreApi } from 'zustand';
import type { TGraph } from '@/blocks/core/graph';
import type { TBlockDefinition } from '@/blocks/core/block';
import type { TDiagnostic } from '@/blocks/core/diagnostics';
import type { TRunTrace } from '@/blocks/core/run-trace';
import { nodeSize } from './block-geometry';
import { edgeStyle, flowEdge, flowNode, fromFlow, toFlow, type TEditorNode } from './graph-mapping';
import { boundingBox, freeSpot, type TBox } from './placement';

export type TSaveState = 'saved' | 'unsaved' | 'saving' | 'error' | 'conflict';

interface TSnapshot {
  nodes: TEditorNode[];
  edges: Edge[];
}

const HISTORY_LIMIT = 100;
/** Consecutive edits of one config within this window undo as one step (typing). */
const COALESCE_MS = 1000;

export interface TEditorState {
  nodes: TEditorNode[];
  edges: Edge[];
  past: TSnapshot[];
  future: TSnapshot[];
  /** Key of the last coalescable edit and when it happened. */
  lastEdit: { key: string; at: number } | null;
  /** The stored project version the current edits are based on. */
  baseVersion: number;
  revision: number;
  savedRevision: number;
  saveState: TSaveState;
  lastSavedAt: Date | null;
  saveError: string | null;
  lastRun: TRunTrace | null;
  running: boolean;
  /** What each block shows about itself, in a store of its own (see TAnnotations). */
  annotations: StoreApi<TAnnotations>;
  /** The node whose run details the bottom panel shows. */
  focusedNodeId: string | null;
  /** Problems of the current graph (validation). */
  problems: TDiagnostic[];
  panelTab: 'run' | 'problems';

  onNodesChange(changes: NodeChange<TEditorNode>[]): void;
  onEdgesChange(changes: EdgeChange[]): void;
  onConnect(connection: Connection): void;
  /** Adds a block at `position`, or in the nearest free space when another block is there. */
  addBlock(definition: Pick<TBlockDefinition, 'type' | 'version' | 'configSchema'>, position: { x: number; y: number }): string;
  updateConfig(nodeId: string, config: Record<string, unknown>): void;
  /**
   * Adds nodes and edges (paste, duplicate) with fresh ids, selected, offset from the originals
   * (further, as a group, when blocks already stand there).
   */
  insert(fragment: TGraph, offset: { x: number; y: number }): void;
  deleteSelected(): void;
  selectOnly(nodeId: string): void;
  toggleSelected(nodeId: string): void;
  /** Selects exactly these nodes (a box selection). */
  selectMany(nodeIds: readonly string[]): void;
  /** Deselects every node and edge (a no-op, with no new arrays, when nothing is selected). */
  clearSelection(): void;
  setPositions(positions: Map<string, { x: number; y: number }>): void;
  undo(): void;
  redo(): void;
  /** Replaces everything with a stored graph (load, reload after a conflict, restore). */
  load(graph: TGraph, version: number, savedAt: Date): void;
  graph(): TGraph;
  selectedFragment(): TGraph | null;
  setRun(trace: TRunTrace | null, running: boolean): void;
  focusNode(nodeId: string | null): void;
  setProblems(problems: TDiagnostic[]): void;
  setPanelTab(tab: 'run' | 'problems'): void;
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

/**
 * React Flow moves the selected blocks it draws; on a large canvas it draws only those near the
 * view (overview/viewport.ts). The rest of the selection moves here by the same amount, so a group
 * move reaches every selected block.
 */
function withSelectionMoved(changes: NodeChange<TEditorNode>[], before: TEditorNode[], after: TEditorNode[]): TEditorNode[] {
  const moves = changes.filter(
    (c): c is NodeChange<TEditorNode> & { type: 'position' } => c.type === 'position' && c.position !== undefined,
  );
  const first = moves[0];
  if (!first?.position) return after;
  const was = before.find((n) => n.id === first.id);
  if (!was?.selected) return after;
  const dx = first.position.x - was.position.x;
  const dy = first.position.y - was.position.y;
  if (dx === 0 && dy === 0) return after;
  const movedByFlow = new Set(moves.map((c) => c.id));
  return after.map((n) => (n.selected && !movedByFlow.has(n.id) ? { ...n, position: { x: n.position.x + dx, y: n.position.y + dy } } : n));
}

function boxOf(node: TEditorNode): TBox {
  return { ...node.position, ...nodeSize(node) };
}

let idCounter = 0;
export function newId(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${Date.now().toString(36)}${idCounter.toString(36)}`;
}

/**
 * Per-block badges: problems and last-run status. Kept apart from the canvas contents, which
 * change on every drag step, so a thousand blocks do not re-check their badges while one moves.
 */
export interface TAnnotations {
  problemCounts: Map<string, number>;
  runStatus: Map<string, TRunTrace['nodes'][number]['status']>;
  running: boolean;
}

export function createEditorStore(graph: TGraph, version: number, savedAt: Date) {
  const annotations = createStore<TAnnotations>()(() => ({ problemCounts: new Map(), runStatus: new Map(), running: false }));
  return createStore<TEditorState>()((set, get) => {
    /** Records an undoable edit. `coalesceKey` merges rapid edits of the same thing. */
    const edited = (patch: Partial<Pick<TEditorState, 'nodes' | 'edges'>>, coalesceKey?: string, before?: TSnapshot) =>
      set((s) => {
        const now = Date.now();
        const coalesce = coalesceKey !== undefined && s.lastEdit?.key === coalesceKey && now - s.lastEdit.at < COALESCE_MS;
        return {
          ...patch,
          past: coalesce ? s.past : [...s.past.slice(-HISTORY_LIMIT + 1), before ?? { nodes: s.nodes, edges: s.edges }],
          future: [],
          lastEdit: coalesceKey ? { key: coalesceKey, at: now } : null,
          revision: s.revision + 1,
          saveState: s.saveState === 'conflict' ? 'conflict' : 'unsaved',
        };
      });
    const restore = (from: 'past' | 'future') =>
      set((s) => {
        const stack = s[from];
        const snapshot = stack[stack.length - 1];
        if (!snapshot) return {};
        const current = { nodes: s.nodes, edges: s.edges };
        return {
          nodes: snapshot.nodes,
          edges: snapshot.edges,
          [from]: stack.slice(0, -1),
          [from === 'past' ? 'future' : 'past']: [...s[from === 'past' ? 'future' : 'past'], current],
          lastEdit: null,
          revision: s.revision + 1,
          saveState: s.saveState === 'conflict' ? 'conflict' : 'unsaved',
        };
      });
    let dragStart: TSnapshot | null = null;
    const deselected = (nodes: TEditorNode[]) => nodes.map((n) => (n.selected ? { ...n, selected: false } : n));

    return {
      ...toFlow(graph),
      past: [],
      future: [],
      lastEdit: null,
      baseVersion: version,
      revision: 0,
      savedRevision: 0,
      saveState: 'saved',
      lastSavedAt: savedAt,
      saveError: null,
      lastRun: null,
      running: false,
      annotations,
      focusedNodeId: null,
      problems: [],
      panelTab: 'run',

      onNodesChange(changes) {
        const s = get();
        const nodes = withSelectionMoved(changes, s.nodes, applyNodeChanges(changes, s.nodes));
        const dragging = changes.some((c) => c.type === 'position' && c.dragging === true);
        if (changes.some(changesGraph)) {
          // A drag's many moves are one undo step, back to where the drag started.
          edited({ nodes }, undefined, dragStart ?? undefined);
          dragStart = null;
        } else {
          if (dragging && !dragStart) dragStart = { nodes: s.nodes, edges: s.edges };
          set({ nodes });
        }
      },
      onEdgesChange(changes) {
        const edges = applyEdgeChanges(changes, get().edges);
        if (changes.some(changesGraph)) edited({ edges });
        else set({ edges });
      },
      onConnect(connection) {
        const source = get().nodes.find((n) => n.id === connection.source);
        const style = edgeStyle(source && { type: source.data.blockType, version: source.data.version }, connection.sourceHandle ?? 'out');
        edited({ edges: addEdge({ ...connection, id: newId('e'), ...(style ? { style } : {}) }, get().edges) });
      },
      addBlock(definition, position) {
        const id = newId(definition.type);
        const parsed = definition.configSchema.safeParse({});
        const placed = flowNode({
          id,
          type: definition.type,
          version: definition.version,
          position,
          config: parsed.success ? (parsed.data as Record<string, unknown>) : {},
        });
        const node = { ...placed, position: freeSpot(get().nodes.map(boxOf), nodeSize(placed), position) };
        edited({ nodes: [...deselected(get().nodes), { ...node, selected: true }] });
        return id;
      },
      updateConfig(nodeId, config) {
        edited(
          { nodes: get().nodes.map((n) => (n.id === nodeId ? { ...n, data: { ...n.data, config } } : n)) as TEditorNode[] },
          `config:${nodeId}`,
        );
      },
      insert(fragment, offset) {
        const ids = new Map(fragment.nodes.map((n) => [n.id, newId(n.type)]));
        const shifted = fragment.nodes.map((n) =>
          flowNode({ ...n, id: ids.get(n.id)!, position: { x: n.position.x + offset.x, y: n.position.y + offset.y } }),
        );
        // The pasted group moves as one to where its bounding box is free.
        const box = boundingBox(shifted.map(boxOf));
        const to = box ? freeSpot(get().nodes.map(boxOf), { width: box.width, height: box.height }, box) : { x: 0, y: 0 };
        const [dx, dy] = box ? [to.x - box.x, to.y - box.y] : [0, 0];
        const nodes = shifted.map((n) => ({ ...n, position: { x: n.position.x + dx, y: n.position.y + dy }, selected: true }));
        const edges = fragment.edges
          .filter((e) => ids.has(e.source) && ids.has(e.target))
          .map((e) =>
            flowEdge(
              { ...e, id: newId('e'), source: ids.get(e.source)!, target: ids.get(e.target)! },
              fragment.nodes.find((n) => n.id === e.source),
            ),
          );
        edited({ nodes: [...deselected(get().nodes), ...nodes], edges: [...get().edges, ...edges] });
      },
      deleteSelected() {
        const s = get();
        const gone = new Set(s.nodes.filter((n) => n.selected).map((n) => n.id));
        const edges = s.edges.filter((e) => !e.selected && !gone.has(e.source) && !gone.has(e.target));
        if (gone.size === 0 && edges.length === s.edges.length) return;
        edited({ nodes: s.nodes.filter((n) => !gone.has(n.id)), edges });
      },
      selectOnly(nodeId) {
        set((s) => ({ nodes: s.nodes.map((n) => (Boolean(n.selected) === (n.id === nodeId) ? n : { ...n, selected: n.id === nodeId })) }));
      },
      selectMany(nodeIds) {
        const ids = new Set(nodeIds);
        set((s) => ({ nodes: s.nodes.map((n) => (Boolean(n.selected) === ids.has(n.id) ? n : { ...n, selected: ids.has(n.id) })) }));
      },
      toggleSelected(nodeId) {
        set((s) => ({ nodes: s.nodes.map((n) => (n.id === nodeId ? { ...n, selected: !n.selected } : n)) }));
      },
      clearSelection() {
        const s = get();
        if (s.nodes.some((n) => n.selected)) set({ nodes: deselected(s.nodes) });
        if (s.edges.some((e) => e.selected)) set({ edges: s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)) });
      },
      setPositions(positions) {
        edited({ nodes: get().nodes.map((n) => (positions.has(n.id) ? { ...n, position: positions.get(n.id)! } : n)) });
      },
      undo: () => restore('past'),
      redo: () => restore('future'),
      load(next, nextVersion, nextSavedAt) {
        set((s) => ({
          ...toFlow(next),
          past: [],
          future: [],
          lastEdit: null,
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
      selectedFragment() {
        const s = get();
        const nodes = s.nodes.filter((n) => n.selected);
        if (nodes.length === 0) return null;
        const ids = new Set(nodes.map((n) => n.id));
        return fromFlow(
          nodes,
          s.edges.filter((e) => ids.has(e.source) && ids.has(e.target)),
        );
      },
      setRun(trace, running) {
        const changed = trace !== get().lastRun;
        set({ lastRun: trace, running });
        annotations.setState((a) => ({
          running,
          runStatus: changed ? new Map(trace?.nodes.map((n) => [n.nodeId, n.status])) : a.runStatus,
        }));
      },
      focusNode(nodeId) {
        set({ focusedNodeId: nodeId });
      },
      setPanelTab(panelTab) {
        set({ panelTab });
      },
      setProblems(problems) {
        const problemCounts = new Map<string, number>();
        for (const p of problems)
          if (p.nodeId && p.severity === 'error') problemCounts.set(p.nodeId, (problemCounts.get(p.nodeId) ?? 0) + 1);
        set({ problems });
        annotations.setState({ problemCounts });
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

export function useAnnotations<T>(selector: (state: TAnnotations) => T): T {
  return useStore(useEditorStoreApi().getState().annotations, selector);
}
