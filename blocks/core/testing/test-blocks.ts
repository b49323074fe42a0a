/**
 * Small blocks that exist only for tests of the compiler and the executor, so those tests pin
 * the engine's behaviour without depending on the real block library.
 */
import { z } from 'zod';
import { defineBlock, type TBlockDefinition } from '@/blocks/core/block';
import { BlockError, type TBlockExecutor } from '@/blocks/core/executor';
import { GRAPH_SCHEMA_VERSION, type TGraph } from '@/blocks/core/graph';
import { createRegistry } from '@/blocks/core/registry';

const empty = z.object({});

export const testBlocks = {
  start: defineBlock({
    type: 'start',
    version: 1,
    category: 'trigger',
    title: 'Start',
    description: '',
    icon: 'play',
    inputs: [],
    outputs: [{ name: 'out', type: 'json' }],
    configSchema: empty,
    capabilities: [],
  }),
  number: defineBlock({
    type: 'number',
    version: 1,
    category: 'data',
    title: 'Number',
    description: '',
    icon: 'hash',
    inputs: [],
    outputs: [{ name: 'out', type: 'number' }],
    configSchema: z.object({ value: z.number().default(1) }),
    capabilities: [],
  }),
  add: defineBlock({
    type: 'add',
    version: 1,
    category: 'logic',
    title: 'Add',
    description: '',
    icon: 'plus',
    inputs: [
      { name: 'a', type: 'number', required: true },
      { name: 'b', type: 'number' },
    ],
    outputs: [{ name: 'out', type: 'number' }],
    configSchema: empty,
    capabilities: [],
  }),
  rows: defineBlock({
    type: 'rows',
    version: 1,
    category: 'logic',
    title: 'Rows',
    description: '',
    icon: 'table',
    inputs: [{ name: 'in', type: 'table', required: true }],
    outputs: [{ name: 'out', type: 'table' }],
    configSchema: empty,
    capabilities: [],
  }),
  branch: defineBlock({
    type: 'branch',
    version: 1,
    category: 'logic',
    title: 'Branch',
    description: '',
    icon: 'split',
    inputs: [{ name: 'in', type: 'json', required: true }],
    outputs: [
      { name: 'yes', type: 'json' },
      { name: 'no', type: 'json' },
    ],
    configSchema: empty,
    capabilities: [],
  }),
  fail: defineBlock({
    type: 'fail',
    version: 1,
    category: 'logic',
    title: 'Fail',
    description: '',
    icon: 'x',
    inputs: [{ name: 'in', type: 'json' }],
    outputs: [{ name: 'out', type: 'json' }],
    configSchema: z.object({ mode: z.enum(['throw', 'block-error', 'hang', 'bad-shape', 'undeclared']).default('throw') }),
    capabilities: [],
  }),
  spy: defineBlock({
    type: 'spy',
    version: 1,
    category: 'logic',
    title: 'Spy',
    description: '',
    icon: 'eye',
    inputs: [{ name: 'in', type: 'any' }],
    outputs: [{ name: 'out', type: 'json' }],
    configSchema: empty,
    capabilities: ['storage', 'code'],
  }),
  note: defineBlock({
    type: 'note',
    version: 1,
    category: 'canvas',
    title: 'Note',
    description: '',
    icon: 'sticky-note',
    inputs: [],
    outputs: [],
    configSchema: empty,
    capabilities: [],
  }),
} satisfies Record<string, TBlockDefinition>;

export const testRegistry = createRegistry(Object.values(testBlocks));

export const testExecutors = new Map<string, TBlockExecutor>([
  ['start@1', ({ ctx }) => ({ out: ctx.trigger?.payload ?? null })],
  ['number@1', ({ config }) => ({ out: (config as { value: number }).value })],
  ['add@1', ({ inputs }) => ({ out: (inputs.a as number) + ((inputs.b as number | undefined) ?? 0) })],
  ['rows@1', ({ inputs }) => ({ out: inputs.in })],
  ['branch@1', ({ inputs }) => (inputs.in ? { yes: inputs.in } : { no: inputs.in })],
  [
    'fail@1',
    async ({ config, ctx }) => {
      switch ((config as { mode: string }).mode) {
        case 'block-error':
          throw new BlockError('must be a valid URL', { field: 'url' });
        case 'hang':
          return new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('aborted'))));
        case 'bad-shape':
          return { out: undefined } as unknown as Record<string, unknown>;
        case 'undeclared':
          return { surprise: 1 };
        default:
          throw new Error('boom');
      }
    },
  ],
  [
    'spy@1',
    ({ inputs, ctx }) => ({
      out: {
        received: (inputs.in ?? null) as never,
        hasStorage: Boolean(ctx.storage),
        hasNet: Boolean(ctx.net),
        hasCode: Boolean(ctx.code),
      },
    }),
  ],
]);

type TNodeSpec = [id: string, type: keyof typeof testBlocks, config?: Record<string, unknown>];
type TEdgeSpec = `${string}.${string}>${string}.${string}`;

/** `graph([['s','start'],['n','add']], ['s.out>n.a'])` */
export function graph(nodes: TNodeSpec[], edges: TEdgeSpec[] = []): TGraph {
  return {
    schemaVersion: GRAPH_SCHEMA_VERSION,
    nodes: nodes.map(([id, type, config], i) => ({ id, type, version: 1, position: { x: i * 100, y: 0 }, config: config ?? {} })),
    edges: edges.map((spec, i) => {
      const [from, to] = spec.split('>') as [string, string];
      const [source, sourcePort] = from.split('.') as [string, string];
      const [target, targetPort] = to.split('.') as [string, string];
      return { id: `e${i}`, source, sourcePort, target, targetPort };
    }),
  };
}
