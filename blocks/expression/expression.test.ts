import { describe, expect, it } from 'vitest';
import { codeCapabilityForTests, execContext } from '@/blocks/code/testing';
import { failure } from '@/blocks/core/testing/errors';
import { expressionBlock } from './expression.block';
import { executeExpression } from './expression.exec';

const expression = async (input: unknown, config: Record<string, unknown>, code = true) =>
  executeExpression({
    inputs: { in: input },
    config: expressionBlock.configSchema.parse(config),
    ctx: execContext(code ? { code: await codeCapabilityForTests() } : {}),
  });

describe('expression block', () => {
  it('computes a value from the input in the sandbox', async () => {
    expect(await expression({ a: 2, b: 3 }, { expression: 'input.a * input.b' })).toEqual({ out: 6 });
    expect(await expression([1, 2], { expression: 'input.length' })).toEqual({ out: 2 });
    expect(await expression('x', {})).toEqual({ out: 'x' }); // the default is `input`
  });

  it('maps every row with "For each row" (item and index)', async () => {
    expect(await expression([{ n: 1 }, { n: 4 }], { expression: 'item.n * 10 + index', forEach: true })).toEqual({ out: [10, 41] });
  });

  it('says what is wrong: a list is needed for each row, the code capability, an error in the expression', async () => {
    expect((await failure(expression({ n: 1 }, { expression: 'item', forEach: true }))).message).toBe(
      '"For each row" needs a list as input.',
    );
    expect((await failure(expression(1, { expression: 'input' }, false))).message).toBe('This block needs the code capability.');
    const failed = await failure(expression({}, { expression: 'input.missing.deeper' }));
    expect(failed.message).toMatch(/missing|undefined/);
  });

  it('refuses an empty expression', () => {
    expect(expressionBlock.configSchema.safeParse({ expression: '' }).success).toBe(false);
  });
});
