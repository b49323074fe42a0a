/**
 * How messages name a block: by the title the builder sees on the canvas ("Filter"), never by its
 * internal id ("filter-mx8e8kfc2"). Where a graph holds several blocks of one title, each gets its
 * place among them ("Filter #2"), counted from the left of the canvas, as a flow is read.
 * The diagnostic's nodeId still points the editor at the very block.
 */
import type { TBlockDefinition } from '@/blocks/core/block';
import type { TGraph } from '@/blocks/core/graph';

export type TBlockNamer = (nodeId: string) => string;

export function blockNamer(graph: Pick<TGraph, 'nodes'>, definitions: ReadonlyMap<string, Pick<TBlockDefinition, 'title'>>): TBlockNamer {
  const titleOf = (node: TGraph['nodes'][number]) => definitions.get(node.id)?.title ?? `Unknown block (${node.type})`;
  const byTitle = new Map<string, TGraph['nodes']>();
  for (const node of graph.nodes) {
    const same = byTitle.get(titleOf(node));
    if (same) same.push(node);
    else byTitle.set(titleOf(node), [node]);
  }
  const names = new Map<string, string>();
  for (const [title, nodes] of byTitle) {
    if (nodes.length === 1) {
      names.set(nodes[0]!.id, title);
      continue;
    }
    const ordered = [...nodes].sort((a, b) => a.position.x - b.position.x || a.position.y - b.position.y || (a.id < b.id ? -1 : 1));
    ordered.forEach((node, i) => names.set(node.id, `${title} #${i + 1}`));
  }
  return (nodeId) => names.get(nodeId) ?? 'A block that is not in this flow';
}
