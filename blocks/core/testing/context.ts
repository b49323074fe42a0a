/**
 * A TExecContext for calling an executor directly in a block test. Pass only the capabilities the
 * test needs; `logs` collects what the block logged and `secrets` backs `ctx.secret`.
 */
import type { TBlockDefinition, TConfigOf } from '@/blocks/core/block';
import type { TBlockExecutor, TExecContext, TJson, TLogEntry } from '@/blocks/core/executor';
import { valueFitsPort } from '@/blocks/core/ports';

export function testContext(
  options: Partial<Omit<TExecContext, 'secret' | 'log' | 'trigger'>> & {
    secrets?: Record<string, string>;
    payload?: TJson;
  } = {},
): TExecContext & { logs: TLogEntry[] } {
  const { secrets = {}, payload, ...rest } = options;
  const logs: TLogEntry[] = [];
  return {
    nodeId: 'node-1',
    runId: 'run-1',
    signal: new AbortController().signal,
    log: (level, message) => logs.push({ level, message, at: new Date().toISOString() }),
    secret: (name) => (Object.hasOwn(secrets, name) ? secrets[name] : undefined),
    ...(payload !== undefined ? { trigger: { nodeId: 'node-1', payload } } : {}),
    ...rest,
    logs,
  };
}

/**
 * Runs an executor the way the flow runner does, minus the graph: the config is parsed with the
 * block's schema (defaults applied, invalid config throws) and every output must fit its port's
 * type, so a test fails when a block returns what the runtime would refuse.
 */
export async function executeForTest<D extends TBlockDefinition>(
  definition: D,
  executor: TBlockExecutor<D>,
  args: { config?: unknown; inputs?: Record<string, unknown>; ctx?: TExecContext },
): Promise<Record<string, unknown>> {
  const config = definition.configSchema.parse(args.config ?? {}) as TConfigOf<D>;
  const outputs = await executor({ inputs: args.inputs ?? {}, config, ctx: args.ctx ?? testContext() });
  for (const [name, value] of Object.entries(outputs)) {
    const port = definition.outputs.find((p) => p.name === name);
    if (!port) throw new Error(`${definition.type} returned an undeclared output "${name}"`);
    if (value === undefined || !valueFitsPort(value, port.type)) {
      throw new Error(`${definition.type} output "${name}" does not fit its port type ${port.type}: ${JSON.stringify(value)}`);
    }
  }
  return outputs;
}
