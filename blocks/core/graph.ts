/**
 * Graph: what a project stores and the compiler reads. Port names are React Flow handle ids.
 * Structural rules live here (unique ids, edges pointing at existing nodes, size limits);
 * block-level rules (known types, port compatibility, configs) are checked against the block
 * registry by the compiler.
 */
import { z } from 'zod';
import { diagnosticsFromZodError, type TDiagnostic } from './diagnostics';

export const GRAPH_SCHEMA_VERSION = 1;
export const GRAPH_LIMITS = { nodes: 10_000, edges: 20_000 } as const;

const ZId = z
  .string()
  .min(1, 'must not be empty')
  .max(128, 'must be at most 128 characters')
  .regex(/^[A-Za-z0-9_.:-]+$/, 'may contain only letters, digits and _ . : -');

export const ZGraphNode = z.object({
  id: ZId,
  type: z
    .string()
    .min(1, 'must not be empty')
    .max(100)
    .regex(/^[a-z][a-z0-9-]*$/, 'must be a block type such as "http-request"'),
  version: z.number().int().min(1),
  position: z.object({ x: z.number().finite(), y: z.number().finite() }),
  config: z.record(z.string(), z.unknown()),
});
export type TGraphNode = z.infer<typeof ZGraphNode>;

export const ZGraphEdge = z.object({
  id: ZId,
  source: ZId,
  sourcePort: z.string().min(1).max(100),
  target: ZId,
  targetPort: z.string().min(1).max(100),
});
export type TGraphEdge = z.infer<typeof ZGraphEdge>;

export const ZGraph = z
  .object({
    schemaVersion: z.literal(GRAPH_SCHEMA_VERSION),
    nodes: z.array(ZGraphNode).max(GRAPH_LIMITS.nodes, `must have at most ${GRAPH_LIMITS.nodes} nodes`),
    edges: z.array(ZGraphEdge).max(GRAPH_LIMITS.edges, `must have at most ${GRAPH_LIMITS.edges} edges`),
  })
  .superRefine((graph, ctx) => {
    const nodeIds = new Set<string>();
    graph.nodes.forEach((node, i) => {
      if (nodeIds.has(node.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['nodes', i, 'id'],
          message: `duplicate node id "${node.id}"`,
        });
      }
      nodeIds.add(node.id);
    });
    const edgeIds = new Set<string>();
    graph.edges.forEach((edge, i) => {
      if (edgeIds.has(edge.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['edges', i, 'id'],
          message: `duplicate edge id "${edge.id}"`,
        });
      }
      edgeIds.add(edge.id);
      for (const end of ['source', 'target'] as const) {
        if (!nodeIds.has(edge[end])) {
          ctx.addIssue({
            code: 'custom',
            path: ['edges', i, end],
            message: `edge "${edge.id}" points at missing node "${edge[end]}"`,
          });
        }
      }
    });
  });
export type TGraph = z.infer<typeof ZGraph>;

export function emptyGraph(): TGraph {
  return { schemaVersion: GRAPH_SCHEMA_VERSION, nodes: [], edges: [] };
}

/**
 * Validates an unknown value as a graph. Problems come back as Diagnostics naming the field and,
 * where the path points into a node or edge, its id.
 */
export function parseGraph(
  value: unknown,
  prefix: readonly PropertyKey[] = [],
): { ok: true; graph: TGraph } | { ok: false; diagnostics: TDiagnostic[] } {
  const result = ZGraph.safeParse(value);
  if (result.success) return { ok: true, graph: result.data };
  return {
    ok: false,
    diagnostics: diagnosticsFromZodError(result.error, {
      code: 'invalid_graph',
      prefix,
      locate: (path) => locateInGraph(value, path.slice(prefix.length)),
    }),
  };
}

function locateInGraph(value: unknown, path: readonly PropertyKey[]) {
  const [list, index] = path;
  if ((list !== 'nodes' && list !== 'edges') || typeof index !== 'number') return {};
  const items = (value as Record<string, unknown> | null)?.[list];
  const item = Array.isArray(items) ? (items[index] as { id?: unknown } | undefined) : undefined;
  if (typeof item?.id !== 'string') return {};
  return list === 'nodes' ? { nodeId: item.id } : { edgeId: item.id };
}

/** What the dashboard shows of a graph: counts, block types and a miniature of the layout. */
export const ZGraphSummary = z.object({
  nodeCount: z.number().int(),
  edgeCount: z.number().int(),
  blockTypes: z.array(z.string()),
  /** Node positions normalised to a 0..1 box, at most THUMBNAIL_POINTS of them. */
  thumbnail: z.object({
    points: z.array(z.tuple([z.number(), z.number()])),
    lines: z.array(z.tuple([z.number(), z.number()])),
  }),
});
export type TGraphSummary = z.infer<typeof ZGraphSummary>;

const THUMBNAIL_POINTS = 60;

export function summarizeGraph(graph: TGraph): TGraphSummary {
  const shown = graph.nodes.slice(0, THUMBNAIL_POINTS);
  const xs = shown.map((n) => n.position.x);
  const ys = shown.map((n) => n.position.y);
  const minX = Math.min(...xs);
  const minY = Math.min(...ys);
  const span = Math.max(Math.max(...xs) - minX, Math.max(...ys) - minY, 1);
  const round = (v: number) => Math.round(v * 1000) / 1000;
  const index = new Map(shown.map((n, i) => [n.id, i]));
  const lines: [number, number][] = [];
  for (const edge of graph.edges) {
    const a = index.get(edge.source);
    const b = index.get(edge.target);
    if (a !== undefined && b !== undefined) lines.push([a, b]);
  }
  return {
    nodeCount: graph.nodes.length,
    edgeCount: graph.edges.length,
    blockTypes: [...new Set(graph.nodes.map((n) => n.type))].sort(),
    thumbnail: {
      points: shown.map((n) => [round((n.position.x - minX) / span), round((n.position.y - minY) / span)]),
      lines: lines.slice(0, THUMBNAIL_POINTS * 2),
    },
  };
}
