import { describe, expect, it } from 'vitest';
import { BlockError } from '@/blocks/core/executor';
import { codeCapabilityForTests, execContext, runBlocks } from '@/blocks/code/testing';
import { filterBlock } from './filter.block';
import { executeFilter } from './filter.exec';

const rows = [
  { name: 'Ada', score: 3 },
  { name: 'Grace', score: 5 },
  { name: '', score: 0 },
  { name: 'Linus', score: 4 },
];

const filter = async (input: unknown, condition?: string) =>
  executeFilter({
    inputs: { in: input },
    config: filterBlock.configSchema.parse({ condition }),
    ctx: execContext({ code: await codeCapabilityForTests() }),
  });

describe('filter block', () => {
  it('keeps every row with the default condition', async () => {
    expect(filterBlock.configSchema.parse({})).toEqual({ condition: 'true' });
    expect(await filter(rows)).toEqual({ out: rows, rejected: [] });
  });

  it('splits rows into kept and rejected, keeping their order', async () => {
    expect(await filter(rows, 'item.score > 3')).toEqual({
      out: [rows[1], rows[3]],
      rejected: [rows[0], rows[2]],
    });
  });

  it('has `index` in scope', async () => {
    expect((await filter(rows, 'index % 2 === 0')).out).toEqual([rows[0], rows[2]]);
  });

  it('reads a non-boolean result by truthiness', async () => {
    const result = await filter(rows, 'item.name');
    expect(result.out).toEqual([rows[0], rows[1], rows[3]]);
    expect(result.rejected).toEqual([rows[2]]);
    expect((await filter(rows, 'item.score')).rejected).toEqual([rows[2]]);
  });

  it('rejects rows where the condition reads a missing field, and accepts a trailing semicolon', async () => {
    const mixed = [{ n: 1, active: true }, { n: 2 }, { n: 3, active: false }];
    expect(await filter(mixed, 'item.active;')).toEqual({ out: [mixed[0]], rejected: [mixed[1], mixed[2]] });
    expect((await filter(mixed, 'item.n > 1 // a comment')).out).toEqual([mixed[1], mixed[2]]);
  });

  it('gives two empty tables for an empty table', async () => {
    expect(await filter([], 'item.nope.deeper')).toEqual({ out: [], rejected: [] });
  });

  it('attributes a failing condition to the condition field', async () => {
    const error = await filter(rows, 'item.missing.deeper > 1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlockError);
    expect((error as BlockError).where.field).toBe('condition');
  });

  it('refuses an input that is not a table', async () => {
    for (const bad of [{ a: 1 }, [1, 2], 'rows']) {
      const error = await filter(bad).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BlockError);
      expect((error as BlockError).where.port).toBe('in');
    }
  });

  it('feeds kept and rejected rows to different blocks in a run', async () => {
    const { node } = await runBlocks(
      [
        ['data', 'constant', { value: rows }],
        ['f', 'filter', { condition: 'item.score >= 4' }],
        ['kept', 'code', { source: 'return input.map((r) => r.name);' }],
        ['others', 'code', { source: 'return input.length;' }],
      ],
      ['data.out>f.in', 'f.out>kept.in', 'f.rejected>others.in'],
    );
    expect(node('kept').outputs).toEqual({ out: ['Grace', 'Linus'] });
    expect(node('others').outputs).toEqual({ out: 2 });
  });
});
