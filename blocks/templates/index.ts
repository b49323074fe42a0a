/**
 * Starter projects offered by "New project". Plain graphs, browser-safe, so the dashboard can
 * show them and the server can create from them. Block types follow the block library plan
 * (DESIGN.md); the registry test of the block library checks them once those blocks exist.
 */
import { emptyGraph, GRAPH_SCHEMA_VERSION, type TGraph } from '@/blocks/core/graph';

export interface TProjectTemplate {
  id: string;
  name: string;
  description: string;
  graph: TGraph;
}

type TChainStep = [type: string, config: Record<string, unknown>];

/** Lays blocks out left to right and wires each one's `out` to the next one's `in`. */
function chain(steps: TChainStep[]): TGraph {
  const nodes = steps.map(([type, config], i) => ({
    id: `${type}-${i + 1}`,
    type,
    version: 1,
    position: { x: i * 280, y: 80 },
    config,
  }));
  const edges = nodes.slice(1).map((node, i) => ({
    id: `e${i + 1}`,
    source: nodes[i]!.id,
    sourcePort: 'out',
    target: node.id,
    targetPort: 'in',
  }));
  return { schemaVersion: GRAPH_SCHEMA_VERSION, nodes, edges };
}

export const PROJECT_TEMPLATES: readonly TProjectTemplate[] = [
  {
    id: 'blank',
    name: 'Blank project',
    description: 'An empty canvas.',
    graph: emptyGraph(),
  },
  {
    id: 'fetch-json-table',
    name: 'Fetch JSON and show it',
    description: 'Request JSON from an HTTP API and show the rows in a table.',
    graph: chain([
      ['manual-trigger', { sample: {} }],
      ['http-request', { method: 'GET', url: 'https://example.com/data.json', timeoutMs: 10000 }],
      ['table', { title: 'Results' }],
    ]),
  },
  {
    id: 'guestbook',
    name: 'Guestbook',
    description: 'A form that stores each entry in a collection and lists them in a table.',
    graph: chain([
      ['form', { title: 'Sign the guestbook', fields: [{ name: 'name' }, { name: 'message' }] }],
      ['collection', { name: 'entries', operation: 'insert' }],
      ['table', { title: 'Entries' }],
    ]),
  },
  {
    id: 'csv-chart',
    name: 'Chart a CSV dataset',
    description: 'Load a CSV file, keep the rows you want and chart them.',
    graph: chain([
      ['dataset', { format: 'csv' }],
      ['filter', { expression: 'row.value > 0' }],
      ['chart', { kind: 'bar', x: 'label', y: 'value' }],
    ]),
  },
];

export function findTemplate(id: string): TProjectTemplate | undefined {
  return PROJECT_TEMPLATES.find((t) => t.id === id);
}
