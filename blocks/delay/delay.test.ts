import { describe, expect, it } from 'vitest';
import { BlockError } from '@/blocks/core/executor';
import { migrateConfig } from '@/blocks/core/registry';
import { blockRegistry } from '@/blocks/registry';
import { BLOCK_EXECUTORS } from '@/blocks/executors';
import { execContext, runBlocks } from '@/blocks/code/testing';
import { delayBlock, delayBlockV1 } from './delay.block';
import { executeDelay, executeDelayV1 } from './delay.exec';

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

describe('delay block', () => {
  it('registers both versions, v2 as the newest', () => {
    expect(blockRegistry.get('delay', 1)).toBe(delayBlockV1);
    expect(blockRegistry.get('delay', 2)).toBe(delayBlock);
    expect(blockRegistry.latest('delay')).toBe(delayBlock);
    expect(BLOCK_EXECUTORS.get('delay@1')).toBe(executeDelayV1);
    expect(BLOCK_EXECUTORS.get('delay@2')).toBe(executeDelay);
  });

  it('has configs that parse with defaults and refuse out-of-range values', () => {
    expect(delayBlockV1.configSchema.parse({})).toEqual({ seconds: 1 });
    expect(delayBlock.configSchema.parse({})).toEqual({ ms: 1000, jitterMs: 0 });
    expect(delayBlockV1.configSchema.safeParse({ seconds: 61 }).success).toBe(false);
    expect(delayBlock.configSchema.safeParse({ ms: 60_001 }).success).toBe(false);
    expect(delayBlock.configSchema.safeParse({ ms: 1.5 }).success).toBe(false);
    expect(delayBlock.configSchema.safeParse({ jitterMs: -1 }).success).toBe(false);
  });

  it('migrates a v1 config to v2 through the registry', () => {
    expect(migrateConfig(blockRegistry, 'delay', 1, { seconds: 2.5 })).toEqual({ version: 2, config: { ms: 2500, jitterMs: 0 } });
    expect(migrateConfig(blockRegistry, 'delay', 1, { seconds: 0.0004 })).toEqual({ version: 2, config: { ms: 0, jitterMs: 0 } });
    expect(migrateConfig(blockRegistry, 'delay', 1, {})).toEqual({ version: 2, config: { ms: 1000, jitterMs: 0 } });
    expect(migrateConfig(blockRegistry, 'delay', 2, { ms: 5, jitterMs: 1 })).toEqual({ version: 2, config: { ms: 5, jitterMs: 1 } });
    const migrated = migrateConfig(blockRegistry, 'delay', 1, { seconds: 60 });
    expect(delayBlock.configSchema.parse(migrated?.config)).toEqual({ ms: 60_000, jitterMs: 0 });
  });

  it('keeps an invalid v1 value visible to validation instead of replacing it by the default', () => {
    const migrated = migrateConfig(blockRegistry, 'delay', 1, { seconds: 'soon' });
    expect(delayBlock.configSchema.safeParse(migrated?.config).success).toBe(false);
  });

  it('v2 waits ms (plus up to jitterMs) and passes the input through', async () => {
    const input = { rows: [1, 2] };
    const { result, ms } = await timed(() =>
      Promise.resolve(executeDelay({ inputs: { in: input }, config: { ms: 60, jitterMs: 0 }, ctx: execContext() })),
    );
    expect(result).toEqual({ out: input });
    expect(ms).toBeGreaterThanOrEqual(55);
    const jittered = await timed(() =>
      Promise.resolve(executeDelay({ inputs: { in: 1 }, config: { ms: 10, jitterMs: 40 }, ctx: execContext() })),
    );
    expect(jittered.ms).toBeGreaterThanOrEqual(5);
    expect(jittered.ms).toBeLessThan(1000);
  });

  it('v1 waits seconds and passes the input through', async () => {
    const { result, ms } = await timed(() =>
      Promise.resolve(executeDelayV1({ inputs: { in: 'x' }, config: { seconds: 0.05 }, ctx: execContext() })),
    );
    expect(result).toEqual({ out: 'x' });
    expect(ms).toBeGreaterThanOrEqual(45);
  });

  it.each([
    ['v1', () => executeDelayV1],
    ['v2', () => executeDelay],
  ] as const)('%s stops early with "cancelled" when the run is aborted', async (_v, pick) => {
    const controller = new AbortController();
    const config = { seconds: 60, ms: 60_000, jitterMs: 0 };
    setTimeout(() => controller.abort(), 20);
    const { result, ms } = await timed(() =>
      Promise.resolve(pick()({ inputs: { in: 1 }, config, ctx: execContext({ signal: controller.signal }) })).catch((e: unknown) => e),
    );
    expect(result).toBeInstanceOf(BlockError);
    expect((result as BlockError).where.code).toBe('cancelled');
    expect((result as BlockError).message).toMatch(/cancelled/i);
    expect(ms).toBeLessThan(1000);
  });

  it('does not start waiting when the run is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      Promise.resolve(
        executeDelay({ inputs: { in: 1 }, config: { ms: 60_000, jitterMs: 0 }, ctx: execContext({ signal: controller.signal }) }),
      ),
    ).rejects.toThrow(/cancelled/i);
  });

  it('runs a saved v1 node and a v2 node in one flow', async () => {
    const { trace, node } = await runBlocks(
      [
        ['start', 'manual-trigger'],
        ['old', 'delay', { seconds: 0 }, 1],
        ['new', 'delay', { ms: 0 }, 2],
      ],
      ['start.out>old.in', 'old.out>new.in'],
      { trigger: 'start', payload: { hello: 'world' } },
    );
    expect(trace.status).toBe('ok');
    expect(node('new').outputs).toEqual({ out: { hello: 'world' } });
  });
});
