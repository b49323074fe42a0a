/**
 * Cycle checks on a graph's edges. Apart from validate.ts so the editor can refuse a looping
 * connection without loading the rest of the compiler (its JavaScript parser among it).
 */
import type { TGraph, TGraphEdge } from '@/blocks/core/graph';

/** Returns an edge that closes a cycle, or undefined (iterative DFS; safe for large graphs). */
export function findCycleEdge(graph: Pick<TGraph, 'nodes' | 'edges'>): TGraphEdge | undefined {
  const outgoing = new Map<string, TGraphEdge[]>();
  for (const edge of graph.edges) {
    const list = outgoing.get(edge.source) ?? [];
    list.push(edge);
    outgoing.set(edge.source, list);
  }
  const state = new Map<string, 1 | 2>(); // 1 = on the stack, 2 = done
  for (const start of graph.nodes) {
    if (state.has(start.id)) continue;
    const stack: { id: string; next: number }[] = [{ id: start.id, next: 0 }];
    state.set(start.id, 1);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      const edges = outgoing.get(frame.id) ?? [];
      if (frame.next >= edges.length) {
        state.set(frame.id, 2);
        stack.pop();
        continue;
      }
      const edge = edges[frame.next++]!;
      const seen = state.get(edge.target);
      if (seen === 1) return edge;
      if (seen === undefined) {
        state.set(edge.target, 1);
        stack.push({ id: edge.target, next: 0 });
      }
    }
  }
  return undefined;
}

/** Would adding this edge close a loop? Used by the editor before it accepts a connection. */
export function wouldCreateCycle(edges: readonly Pick<TGraphEdge, 'source' | 'target'>[], source: string, target: string): boolean {
  // The new edge closes a loop exactly when `source` is reachable from `target`.
  const outgoing = new Map<string, string[]>();
  for (const e of edges) outgoing.set(e.source, [...(outgoing.get(e.source) ?? []), e.target]);
  const seen = new Set<string>([target]);
  const queue = [target];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (id === source) return true;
    for (const next of outgoing.get(id) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return false;
}
