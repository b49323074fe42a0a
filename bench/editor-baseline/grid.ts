/**
 * The benchmark graph, shared by bench/editor.bench.ts (the Poseidon project file) and the plain
 * React Flow baseline page, so both draw the same nodes at the same places with the same edges.
 * Rows of chains: each row starts with a Constant followed by Expressions, each wired out -> in.
 */
export const GRID_DX = 260;
export const GRID_DY = 90;

export interface TGridNode {
  id: string;
  type: 'constant' | 'expression';
  x: number;
  y: number;
}

export interface TGridEdge {
  id: string;
  source: string;
  target: string;
}

export interface TGrid {
  columns: number;
  rows: number;
  nodes: TGridNode[];
  edges: TGridEdge[];
}

/** About 0.6 columns per row: a grid roughly the shape of the editor's canvas. */
export function gridGraph(count: number): TGrid {
  const columns = Math.max(1, Math.round(Math.sqrt(count * 0.6)));
  const rows = Math.ceil(count / columns);
  const nodes: TGridNode[] = [];
  const edges: TGridEdge[] = [];
  for (let i = 0; i < count; i++) {
    const column = i % columns;
    const row = Math.floor(i / columns);
    const id = `n${i}`;
    nodes.push({ id, type: column === 0 ? 'constant' : 'expression', x: column * GRID_DX, y: row * GRID_DY });
    if (column > 0) edges.push({ id: `e${i}`, source: `n${i - 1}`, target: id });
  }
  return { columns, rows, nodes, edges };
}
