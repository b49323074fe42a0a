import { describe, expect, it } from 'vitest';
import { BlockError } from '@/blocks/core/executor';
import { codeCapabilityForTests, execContext, runBlocks } from '@/blocks/code/testing';
import { conditionBlock } from './condition.block';
import { executeCondition } from './condition.exec';

const decide = async (input: unknown, expression?: string) =>
  executeCondition({
    inputs: { in: input },
    config: conditionBlock.configSchema.parse({ expression }),
    ctx: execContext({ code: await codeCapabilityForTests() }),
  });

describe('condition block', () => {
  it('sends the input down exactly one branch', async () => {
    const order = { amount: 250, currency: 'EUR' };
    expect(await decide(order, 'input.amount > 100')).toEqual({ true: order });
    expect(await decide({ ...order, amount: 20 }, 'input.amount > 100')).toEqual({ false: { ...order, amount: 20 } });
  });

  it('defaults to the truthiness of the input', async () => {
    expect(conditionBlock.configSchema.parse({})).toEqual({ expression: 'Boolean(input)' });
    expect(await decide({ a: 1 })).toEqual({ true: { a: 1 } });
    expect(await decide(0)).toEqual({ false: 0 });
    expect(await decide('')).toEqual({ false: '' });
  });

  it('reads a non-boolean result by truthiness', async () => {
    expect(await decide({ tags: [] }, 'input.tags.length')).toEqual({ false: { tags: [] } });
    expect(await decide({ tags: ['x'] }, 'input.tags.length')).toEqual({ true: { tags: ['x'] } });
    expect(await decide({ name: null }, 'input.name')).toEqual({ false: { name: null } });
    expect(await decide({}, 'input.name')).toEqual({ false: {} });
    expect(await decide({ n: 2 }, 'input.n > 1;')).toEqual({ true: { n: 2 } });
  });

  it('attributes a failing or malformed expression to the expression field', async () => {
    for (const expression of ['input.a.b', 'input.a >']) {
      const error = await decide({}, expression).catch((e: unknown) => e);
      expect(error, expression).toBeInstanceOf(BlockError);
      expect((error as BlockError).where.field).toBe('expression');
    }
  });

  it('runs the blocks on the chosen branch and skips those on the other', async () => {
    const flow = (payload: { amount: number }) =>
      runBlocks(
        [
          ['start', 'manual-trigger'],
          ['if', 'condition', { expression: 'input.amount > 100' }],
          ['big', 'delay', { ms: 0 }],
          ['small', 'delay', { ms: 0 }],
        ],
        ['start.out>if.in', 'if.true>big.in', 'if.false>small.in'],
        { trigger: 'start', payload },
      );
    const big = await flow({ amount: 500 });
    expect(big.trace.status).toBe('ok');
    expect(big.node('big')).toMatchObject({ status: 'ok', outputs: { out: { amount: 500 } } });
    expect(big.node('small').status).toBe('skipped');
    const small = await flow({ amount: 5 });
    expect(small.node('big').status).toBe('skipped');
    expect(small.node('small')).toMatchObject({ status: 'ok', outputs: { out: { amount: 5 } } });
  });
});
