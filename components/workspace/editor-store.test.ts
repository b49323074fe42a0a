import { describe, expect, it } from 'vitest';
import { GRAPH_SCHEMA_VERSION, type TGraph } from '@/blocks/core/graph';
import { blockRegistry } from '@/blocks/registry';
import { nodeSize } from './block-geometry';
import { createEditorStore } from './editor-store';
import type { TEditorNode } from './graph-mapping';

const graph: TGraph = {
  schemaVersion: GRAPH_SCHEMA_VERSION,
  nodes: [
    { id: 'c', type: 'constant', version: 1, position: { x: 0, y: 0 }, config: { value: 1 } },
    { id: 'x', type: 'expression', version: 1, position: { x: 300, y: 0 }, config: { expression: 'input', forEach: false } },
  ],
  edges: [{ id: 'e1', source: 'c', sourcePort: 'out', target: 'x', targetPort: 'in' }],
};

const fresh = () => createEditorStore(structuredClone(graph), 1, new Date());

/** Pairs of blocks whose boxes on the canvas overlap. */
function overlapping(nodes: TEditorNode[]): [string, string][] {
  const boxes = nodes.map((n) => ({ id: n.id, ...n.position, ...nodeSize(n) }));
  const pairs: [string, string][] = [];
  for (const [i, a] of boxes.entries())
    for (const b of boxes.slice(i + 1))
      if (a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height) pairs.push([a.id, b.id]);
  return pairs;
}

describe('the editor store', () => {
  it('round-trips the stored graph unchanged', () => {
    expect(fresh().getState().graph()).toEqual(graph);
  });

  it('undoes and redoes every kind of edit, and counts each as unsaved', () => {
    const store = fresh();
    const s = () => store.getState();
    s().addBlock(blockRegistry.latest('table')!, { x: 600, y: 0 });
    expect(s().nodes).toHaveLength(3);
    expect(s().saveState).toBe('unsaved');
    s().updateConfig('c', { value: 2 });
    s().onConnect({ source: 'x', sourceHandle: 'out', target: s().nodes[2]!.id, targetHandle: 'rows' });
    expect(s().edges).toHaveLength(2);

    s().undo();
    expect(s().edges).toHaveLength(1);
    s().undo();
    expect(s().nodes.find((n) => n.id === 'c')!.data.config).toEqual({ value: 1 });
    s().undo();
    expect(s().nodes).toHaveLength(2);
    s().undo(); // nothing left: no change
    expect(s().nodes).toHaveLength(2);
    s().redo();
    s().redo();
    s().redo();
    expect(s().edges).toHaveLength(2);
    expect(s().nodes.find((n) => n.id === 'c')!.data.config).toEqual({ value: 2 });
  });

  it('makes rapid typing in one field a single undo step', () => {
    const store = fresh();
    for (const text of ['i', 'in', 'inp', 'input * 2']) store.getState().updateConfig('x', { expression: text, forEach: false });
    expect(store.getState().past).toHaveLength(1);
    store.getState().undo();
    expect(store.getState().nodes.find((n) => n.id === 'x')!.data.config).toEqual({ expression: 'input', forEach: false });
  });

  it('makes a whole drag one undo step, back to where it started', () => {
    const store = fresh();
    const move = (x: number, dragging: boolean) =>
      store.getState().onNodesChange([{ type: 'position', id: 'c', position: { x, y: 0 }, dragging }]);
    move(10, true);
    move(20, true);
    move(30, true);
    expect(store.getState().revision).toBe(0); // not an edit until the drag ends
    move(30, false);
    expect(store.getState().past).toHaveLength(1);
    store.getState().undo();
    expect(store.getState().nodes.find((n) => n.id === 'c')!.position).toEqual({ x: 0, y: 0 });
  });

  it('does not count selection as an edit', () => {
    const store = fresh();
    store.getState().onNodesChange([{ type: 'select', id: 'c', selected: true }]);
    expect(store.getState().revision).toBe(0);
    expect(store.getState().past).toHaveLength(0);
  });

  it('pastes a copy with new ids, its internal edges kept and others dropped', () => {
    const store = fresh();
    store.getState().onNodesChange([
      { type: 'select', id: 'c', selected: true },
      { type: 'select', id: 'x', selected: true },
    ]);
    const fragment = store.getState().selectedFragment()!;
    store.getState().insert(fragment, { x: 40, y: 40 });
    const { nodes, edges } = store.getState();
    expect(nodes).toHaveLength(4);
    expect(new Set(nodes.map((n) => n.id)).size).toBe(4);
    const pasted = nodes.filter((n) => n.selected);
    // Moved on as a group from (40, 40), where it would cover the originals.
    const [first, second] = pasted.map((n) => n.position);
    expect(second!.x - first!.x).toBe(300);
    expect(second!.y).toBe(first!.y);
    expect(overlapping(nodes)).toEqual([]);
    const newEdge = edges.find((e) => e.id !== 'e1')!;
    expect([newEdge.source, newEdge.target]).toEqual(pasted.map((n) => n.id));
  });

  it('places a new block in free space near the point asked for, never on another block', () => {
    const store = fresh();
    const s = () => store.getState();
    const filter = blockRegistry.latest('filter')!;
    // Five blocks asked for on top of the constant at (0, 0): each goes to a free place near it.
    for (let i = 0; i < 5; i += 1) s().addBlock(filter, { x: 0, y: 0 });
    expect(overlapping(s().nodes)).toEqual([]);
    for (const node of s().nodes.slice(2)) {
      expect(Math.hypot(node.position.x, node.position.y)).toBeLessThan(600);
    }
    // A free point is kept as it is.
    const id = s().addBlock(filter, { x: 2000, y: 2000 });
    expect(s().nodes.find((n) => n.id === id)!.position).toEqual({ x: 2000, y: 2000 });
  });

  it('deletes the selection with the edges that touch it', () => {
    const store = fresh();
    store.getState().selectOnly('c');
    store.getState().deleteSelected();
    expect(store.getState().nodes.map((n) => n.id)).toEqual(['x']);
    expect(store.getState().edges).toEqual([]);
  });

  it('tracks what is saved: a save of an older revision leaves newer edits unsaved', () => {
    const store = fresh();
    store.getState().updateConfig('c', { value: 5 });
    const revision = store.getState().revision;
    store.getState().markSaving();
    store.getState().updateConfig('x', { expression: 'input + 1', forEach: false });
    store.getState().markSaved(revision, 2, new Date());
    expect(store.getState()).toMatchObject({ baseVersion: 2, saveState: 'unsaved' });
  });

  it('moves the whole selection when React Flow moves only the selected blocks it draws', () => {
    const store = fresh();
    const s = () => store.getState();
    s().addBlock(blockRegistry.latest('table')!, { x: 5000, y: 5000 }); // far out of any view
    store.setState({ nodes: s().nodes.map((n) => ({ ...n, selected: n.id !== 'x' })) });
    const far = s().nodes[2]!.id;
    // React Flow drew only 'c' and reports it dragged 40 px right, 10 px down, then dropped.
    s().onNodesChange([{ type: 'position', id: 'c', position: { x: 40, y: 10 }, dragging: true }]);
    s().onNodesChange([{ type: 'position', id: 'c', position: { x: 50, y: 10 }, dragging: false }]);
    const at = (id: string) => s().nodes.find((n) => n.id === id)!.position;
    expect(at('c')).toEqual({ x: 50, y: 10 });
    expect(at(far)).toEqual({ x: 5050, y: 5010 });
    expect(at('x')).toEqual({ x: 300, y: 0 }); // not selected: stays
    // The whole move is one undo step.
    s().undo();
    expect(at('c')).toEqual({ x: 0, y: 0 });
    expect(at(far)).toEqual({ x: 5000, y: 5000 });
  });

  it('selects for the overview: one, a box, a toggle, none; none of it an edit', () => {
    const store = fresh();
    const s = () => store.getState();
    const selected = () =>
      s()
        .nodes.filter((n) => n.selected)
        .map((n) => n.id);
    s().selectMany(['c', 'x']);
    expect(selected()).toEqual(['c', 'x']);
    s().toggleSelected('c');
    expect(selected()).toEqual(['x']);
    s().selectOnly('c');
    expect(selected()).toEqual(['c']);
    store.setState({ edges: s().edges.map((e) => ({ ...e, selected: true })) });
    s().clearSelection();
    expect(selected()).toEqual([]);
    expect(s().edges.some((e) => e.selected)).toBe(false);
    const nodes = s().nodes;
    s().clearSelection(); // nothing selected: the same arrays, so nothing redraws
    expect(s().nodes).toBe(nodes);
    expect(s().revision).toBe(0);
  });
});
