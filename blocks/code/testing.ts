/**
 * Test support for blocks: the real code sandbox, a bare execution context, and a runner for small
 * flows of real blocks. Tests only; never imported by the app.
 */
import type { TCodeCapability, TExecContext, TJson } from '@/blocks/core/executor';
import { GRAPH_SCHEMA_VERSION } from '@/blocks/core/graph';
import { getSandbox } from '@/runtime/sandbox/sandbox';

/** The same sandbox the runtime hands to blocks: user code in tests runs nowhere else either. */
export async function codeCapabilityForTests(): Promise<TCodeCapability> {
  return getSandbox();
}

/** A minimal execution context; pass capabilities and a trigger as needed. */
export function execContext(overrides: Partial<TExecContext> = {}): TExecContext & { logs: string[] } {
  const logs: string[] = [];
  return {
    nodeId: 'node-1',
    runId: 'run-1',
    signal: new AbortController().signal,
    log: (_level, message) => void logs.push(message),
    secret: () => undefined,
    logs,
    ...overrides,
  };
}

type TNodeSpec = [id: string, type: string, config?: Record<string, unknown>, version?: number];

/**
 * Runs a small flow of real blocks through the real compiler and executor (the sandbox as above),
 * so a test sees what a user's run sees: output port checks, skipped branches, diagnostics.
 * Edges are written `source.port>target.port`.
 */
export async function runBlocks(
  nodes: TNodeSpec[],
  edges: string[],
  options: { trigger?: string; payload?: TJson; signal?: AbortSignal } = {},
) {
  const [{ validateGraph }, { planRun }, { runFlow }, { blockRegistry }, { BLOCK_EXECUTORS }] = await Promise.all([
    import('@/blocks/compiler/validate'),
    import('@/blocks/compiler/plan'),
    import('@/runtime/executor/run-flow'),
    import('@/blocks/registry'),
    import('@/blocks/executors'),
  ]);
  const graph = {
    schemaVersion: GRAPH_SCHEMA_VERSION,
    nodes: nodes.map(([id, type, config, version]) => ({
      id,
      type,
      version: version ?? blockRegistry.latest(type)?.version ?? 1,
      position: { x: 0, y: 0 },
      config: config ?? {},
    })),
    edges: edges.map((spec, i) => {
      const [from, to] = spec.split('>') as [string, string];
      const [source, sourcePort] = from.split('.') as [string, string];
      const [target, targetPort] = to.split('.') as [string, string];
      return { id: `e${i}`, source, sourcePort, target, targetPort };
    }),
  };
  const validated = validateGraph(graph, blockRegistry);
  const errors = validated.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(`invalid test graph: ${errors.map((d) => d.message).join('; ')}`);
  const trace = await runFlow({
    validated,
    plan: planRun(validated, options.trigger),
    executors: BLOCK_EXECUTORS,
    capabilities: { code: await codeCapabilityForTests() },
    payload: options.payload,
    signal: options.signal,
  });
  return { trace, node: (id: string) => trace.nodes.find((n) => n.nodeId === id)! };
}
