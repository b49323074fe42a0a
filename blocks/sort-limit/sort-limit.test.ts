import { describe, expect, it } from 'vitest';
import { BlockError } from '@/blocks/core/executor';
import { execContext } from '@/blocks/code/testing';
import { compareValues } from './compare';
import { sortLimitBlock } from './sort-limit.block';
import { executeSortLimit } from './sort-limit.exec';

const sortLimit = (rows: unknown, config: Record<string, unknown> = {}) =>
  (
    executeSortLimit({ inputs: { in: rows }, config: sortLimitBlock.configSchema.parse(config), ctx: execContext() }) as {
      out: Record<string, unknown>[];
    }
  ).out;

const names = (rows: Record<string, unknown>[]) => rows.map((r) => r.n);

const rows = [{ n: 'a', v: 10 }, { n: 'b', v: 9 }, { n: 'c', v: null }, { n: 'd', v: 10 }, { n: 'e' }, { n: 'f', v: -1.5 }];

describe('sort-limit block', () => {
  it('keeps everything in order with the default config', () => {
    expect(sortLimitBlock.configSchema.parse({})).toEqual({ field: '', direction: 'asc', limit: 0, offset: 0 });
    expect(sortLimit(rows)).toEqual(rows);
  });

  it('sorts numbers numerically, stably, with nulls and missing values last in both directions', () => {
    expect(names(sortLimit(rows, { field: 'v' }))).toEqual(['f', 'b', 'a', 'd', 'c', 'e']);
    expect(names(sortLimit(rows, { field: 'v', direction: 'desc' }))).toEqual(['a', 'd', 'b', 'f', 'c', 'e']);
  });

  it('sorts texts alphabetically, ignoring case and reading numbers in them as numbers', () => {
    const words = ['banana', 'Apple', 'item 10', 'item 2', 'cherry'].map((n) => ({ n }));
    expect(names(sortLimit(words, { field: 'n' }))).toEqual(['Apple', 'banana', 'cherry', 'item 2', 'item 10']);
  });

  it('applies offset, then limit (0 = no limit)', () => {
    expect(names(sortLimit(rows, { field: 'v', limit: 2 }))).toEqual(['f', 'b']);
    expect(names(sortLimit(rows, { field: 'v', offset: 1, limit: 2 }))).toEqual(['b', 'a']);
    expect(names(sortLimit(rows, { offset: 4 }))).toEqual(['e', 'f']);
    expect(sortLimit(rows, { offset: 100 })).toEqual([]);
  });

  it('does not change the input table', () => {
    const input = rows.map((r) => ({ ...r }));
    sortLimit(input, { field: 'v', direction: 'desc' });
    expect(input).toEqual(rows);
  });

  it('refuses out-of-range numbers in the config and an input that is not a table', () => {
    expect(sortLimitBlock.configSchema.safeParse({ limit: -1 }).success).toBe(false);
    expect(sortLimitBlock.configSchema.safeParse({ limit: 100_001 }).success).toBe(false);
    expect(sortLimitBlock.configSchema.safeParse({ offset: 1.5 }).success).toBe(false);
    expect(() => sortLimit('nope')).toThrow(BlockError);
  });
});

describe('compareValues', () => {
  it('orders kinds number < text < yes/no < other, and nulls last whatever the direction', () => {
    const values = [null, { a: 1 }, true, 'x', 2, false, undefined, 1];
    expect([...values].sort((a, b) => compareValues(a, b))).toEqual([1, 2, 'x', false, true, { a: 1 }, null, undefined]);
    expect([...values].sort((a, b) => compareValues(a, b, 'desc'))).toEqual([{ a: 1 }, true, false, 'x', 2, 1, null, undefined]);
  });
});
