/**
 * Starter projects offered by "New project": small flows that work when you press Run.
 * Plain graphs, browser-safe; the registry test checks each one validates against the blocks.
 */
import { emptyGraph, GRAPH_SCHEMA_VERSION, type TGraph } from '@/blocks/core/graph';

export interface TProjectTemplate {
  id: string;
  name: string;
  description: string;
  graph: TGraph;
}

type TStep = { id: string; type: string; version?: number; config?: Record<string, unknown>; at: [column: number, row: number] };
type TWire = `${string}.${string} -> ${string}.${string}`;

/** Lays blocks out on a grid and wires them: `'form.submitted -> save.in'`. */
function flow(steps: TStep[], wires: TWire[]): TGraph {
  return {
    schemaVersion: GRAPH_SCHEMA_VERSION,
    nodes: steps.map((s) => ({
      id: s.id,
      type: s.type,
      version: s.version ?? 1,
      position: { x: s.at[0] * 300, y: s.at[1] * 140 },
      config: s.config ?? {},
    })),
    edges: wires.map((wire, i) => {
      const [from, to] = wire.split(' -> ') as [string, string];
      const [source, sourcePort] = from.split('.') as [string, string];
      const [target, targetPort] = to.split('.') as [string, string];
      return { id: `e${i + 1}`, source, sourcePort, target, targetPort };
    }),
  };
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
    graph: flow(
      [
        { id: 'start', type: 'manual-trigger', at: [0, 0] },
        {
          id: 'fetch',
          type: 'http-request',
          config: { method: 'GET', url: 'https://jsonplaceholder.typicode.com/users', timeoutMs: 10000 },
          at: [1, 0],
        },
        { id: 'show', type: 'table', config: { title: 'Users', columns: ['name', 'email', 'phone'] }, at: [2, 0] },
      ],
      ['start.out -> fetch.in', 'fetch.out -> show.rows'],
    ),
  },
  {
    id: 'guestbook',
    name: 'Guestbook',
    description: 'A form that stores each entry in a collection and lists them in a table.',
    graph: flow(
      [
        {
          id: 'sign',
          type: 'form',
          config: {
            title: 'Sign the guestbook',
            fields: [
              { name: 'name', label: 'Your name', type: 'text', required: true },
              { name: 'message', label: 'Message', type: 'textarea', required: true },
            ],
            submitLabel: 'Sign',
          },
          at: [0, 0],
        },
        { id: 'save', type: 'collection', config: { name: 'entries', operation: 'insert' }, at: [1, 0] },
        {
          id: 'list',
          type: 'collection',
          config: { name: 'entries', operation: 'find', sortField: 'createdAt', sortDirection: 'desc', limit: 50 },
          at: [2, 0],
        },
        { id: 'entries', type: 'table', config: { title: 'Entries', columns: ['name', 'message'] }, at: [3, 0] },
      ],
      ['sign.submitted -> save.in', 'save.out -> list.in', 'list.out -> entries.rows'],
    ),
  },
  {
    id: 'csv-chart',
    name: 'Chart a CSV dataset',
    description: 'Load a CSV file, keep the rows you want and chart them.',
    graph: flow(
      [
        { id: 'data', type: 'dataset', at: [0, 0] },
        { id: 'keep', type: 'filter', config: { condition: 'item.value > 0' }, at: [1, 0] },
        { id: 'chart', type: 'chart', config: { title: 'Values', kind: 'bar', x: 'label', y: 'value' }, at: [2, 0] },
      ],
      ['data.out -> keep.in', 'keep.out -> chart.rows'],
    ),
  },
];

export function findTemplate(id: string): TProjectTemplate | undefined {
  return PROJECT_TEMPLATES.find((t) => t.id === id);
}
