/**
 * Bundles for tests of the app runtime and gateway: real ones, compiled from graphs by the
 * compiler (blocks/compiler/bundle.ts), exactly as the IDE publishes them.
 */
import { bundleCid } from '@/blocks/compiler/cid';
import { compileBundle } from '@/blocks/compiler/bundle';
import { GRAPH_SCHEMA_VERSION, type TGraph } from '@/blocks/core/graph';
import { findTemplate } from '@/blocks/templates';
import type { TAppBundle } from '../load';

export async function bundleOf(graph: TGraph, appName: string, title?: string): Promise<TAppBundle> {
  const compiled = compileBundle(graph, { appName, ...(title ? { title } : {}) });
  if (!compiled.ok) throw new Error(`the test graph does not compile: ${compiled.diagnostics.map((d) => d.message).join('; ')}`);
  return { cid: (await bundleCid(compiled.files)).toString(), manifest: compiled.manifest, files: compiled.files };
}

export function guestbookGraph(): TGraph {
  return structuredClone(findTemplate('guestbook')!.graph);
}

type TNode = { id: string; type: string; config?: Record<string, unknown>; x?: number; y?: number };

/** Nodes laid out left to right, wired `'a.out -> b.in'`. */
export function graphOf(nodes: TNode[], wires: string[]): TGraph {
  return {
    schemaVersion: GRAPH_SCHEMA_VERSION,
    nodes: nodes.map((n, i) => ({
      id: n.id,
      type: n.type,
      version: 1,
      position: { x: n.x ?? i * 300, y: n.y ?? 0 },
      config: n.config ?? {},
    })),
    edges: wires.map((wire, i) => {
      const [from, to] = wire.split(' -> ') as [string, string];
      const [source, sourcePort] = from.split('.') as [string, string];
      const [target, targetPort] = to.split('.') as [string, string];
      return { id: `e${i + 1}`, source, sourcePort, target, targetPort };
    }),
  };
}

/** An HTTP endpoint `/api/<path>` (POST, or GET) whose request goes through a Code block: the answer is what the code returns. */
export function codeEndpointGraph(source: string, options: { path?: string; method?: 'GET' | 'POST'; timeoutMs?: number } = {}): TGraph {
  return graphOf(
    [
      {
        id: 'endpoint',
        type: 'http-trigger',
        config: {
          path: options.path ?? 'run',
          method: options.method ?? 'POST',
          fields: [{ name: 'n', type: 'number', required: true }],
          sample: { n: 1 },
        },
      },
      { id: 'work', type: 'code', config: { source, timeoutMs: options.timeoutMs ?? 1000 } },
    ],
    ['endpoint.out -> work.in'],
  );
}
