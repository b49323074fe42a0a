/**
 * Plain React Flow baseline for bench/editor.bench.ts: N default nodes (and the same chain edges
 * as the Poseidon benchmark graph) in a grid, controlled state, fitView. Bundled at bench time
 * with esbuild. Query: n (nodes), w and h (canvas size in px, to match the editor's canvas).
 * Variants for `--variants` (each copies one thing the editor's canvas does):
 *   styled=1       edges re-created with a new style object whenever nodes change (useMemo on
 *                  [nodes, edges], as components/workspace/canvas.tsx does for port colours)
 *   inlineClick=1  an inline `onNodeClick={(event, node) => ...}`: a new function on every render,
 *                  as canvas.tsx passes (React Flow hands it to every node wrapper)
 *   minimap=1      a <MiniMap />
 *   visibleOnly=1  onlyRenderVisibleElements
 */
import { MiniMap, ReactFlow, useEdgesState, useNodesState, type Edge, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo } from 'react';
import { createRoot } from 'react-dom/client';
import { gridGraph } from './grid';

const params = new URLSearchParams(location.search);
const flag = (name: string) => params.get(name) === '1';
const count = Number(params.get('n') ?? '1000');
const width = Number(params.get('w') ?? '1280');
const height = Number(params.get('h') ?? '720');
const grid = gridGraph(count);
const initialNodes: Node[] = grid.nodes.map((n) => ({ id: n.id, position: { x: n.x, y: n.y }, data: { label: n.id } }));
const initialEdges: Edge[] = grid.edges.map((e) => ({ id: e.id, source: e.source, target: e.target }));

function Baseline() {
  const [nodes, , onNodesChange] = useNodesState(initialNodes);
  const [edges, , onEdgesChange] = useEdgesState(initialEdges);
  const styled = useMemo(() => {
    if (!flag('styled')) return edges;
    const byId = new Map(nodes.map((n) => [n.id, n]));
    return edges.map((e): Edge => (byId.has(e.source) ? { ...e, style: { stroke: '#64748b', strokeWidth: 2 } } : e));
  }, [nodes, edges]);
  return (
    <div style={{ width, height }}>
      <ReactFlow
        nodes={nodes}
        edges={styled}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        // Same view limits as the editor, so both open at the same zoom on the same grid.
        minZoom={0.05}
        fitView
        fitViewOptions={{ maxZoom: 1, padding: 0.2 }}
        onlyRenderVisibleElements={flag('visibleOnly')}
        {...(flag('inlineClick') ? { onNodeClick: (_event: unknown, node: Node) => void node.id } : {})}
      >
        {flag('minimap') ? <MiniMap /> : null}
      </ReactFlow>
    </div>
  );
}

createRoot(document.getElementById('root')!).render(<Baseline />);
