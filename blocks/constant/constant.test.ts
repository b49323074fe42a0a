import { describe, expect, it } from 'vitest';
import { execContext, runBlocks } from '@/blocks/code/testing';
import { constantBlock } from './constant.block';
import { executeConstant } from './constant.exec';

const constant = (config: Record<string, unknown>) =>
  executeConstant({ inputs: {}, config: constantBlock.configSchema.parse(config), ctx: execContext() });

describe('constant block', () => {
  it('passes on its value unchanged, any JSON', async () => {
    for (const value of [[{ name: 'Ada' }], { a: { b: [1, null, 'x'] } }, 'text', 0, false, null]) {
      expect(await constant({ value })).toEqual({ out: value });
    }
  });

  it('has sample rows by default', async () => {
    expect(await constant({})).toEqual({
      out: [
        { name: 'Ada', score: 3 },
        { name: 'Grace', score: 5 },
      ],
    });
  });

  it('refuses a value that is not JSON', () => {
    expect(constantBlock.configSchema.safeParse({ value: () => 1 }).success).toBe(false);
    expect(constantBlock.configSchema.safeParse({ value: Number.NaN }).success).toBe(false);
  });

  it('feeds the next block in a run', async () => {
    const { node } = await runBlocks(
      [
        ['rows', 'constant', { value: [{ n: 2 }, { n: 5 }] }],
        ['top', 'sort-limit', { field: 'n', direction: 'desc', limit: 1 }],
      ],
      ['rows.out>top.in'],
    );
    expect(node('top').outputs.out).toEqual([{ n: 5 }]);
  });
});
