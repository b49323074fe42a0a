import { describe, expect, it } from 'vitest';
import { execContext } from '@/blocks/code/testing';
import { aggregateBlock } from './aggregate.block';
import { executeAggregate } from './aggregate.exec';
import { thrown } from '@/blocks/core/testing/errors';

const sales = [
  { region: 'north', product: 'tea', amount: 10, day: '2024-03-02' },
  { region: 'south', product: 'tea', amount: 4, day: '2024-03-01' },
  { region: 'north', product: 'coffee', amount: 6, day: '2024-03-05' },
  { region: 'north', product: 'tea', amount: null, day: '2024-03-04' },
  { region: 'south', product: 'coffee', amount: 2 },
];

const aggregate = (rows: unknown, config: Record<string, unknown> = {}) =>
  executeAggregate({ inputs: { in: rows }, config: aggregateBlock.configSchema.parse(config), ctx: execContext() });

describe('aggregate block', () => {
  it('counts all rows by default, as one group', () => {
    expect(aggregateBlock.configSchema.parse({})).toEqual({ groupBy: [], aggregations: [{ field: '', op: 'count', as: 'count' }] });
    expect(aggregate(sales)).toEqual({ out: [{ count: 5 }] });
    expect(aggregate([])).toEqual({ out: [{ count: 0 }] });
  });

  it('computes every op per group, groups in order of first appearance, skipping nulls', () => {
    const result = aggregate(sales, {
      groupBy: ['region'],
      aggregations: [
        { op: 'count', as: 'rows' },
        { op: 'count', field: 'amount' },
        { op: 'sum', field: 'amount', as: 'total' },
        { op: 'avg', field: 'amount' },
        { op: 'min', field: 'amount' },
        { op: 'max', field: 'day', as: 'lastDay' },
      ],
    });
    expect(result).toEqual({
      out: [
        { region: 'north', rows: 3, count_amount: 2, total: 16, avg_amount: 8, min_amount: 6, lastDay: '2024-03-05' },
        { region: 'south', rows: 2, count_amount: 2, total: 6, avg_amount: 3, min_amount: 2, lastDay: '2024-03-01' },
      ],
    });
  });

  it('groups by several fields; a missing group field counts as null', () => {
    const { out } = aggregate([...sales, { product: 'tea', amount: 1 }], {
      groupBy: ['region', 'product'],
      aggregations: [{ op: 'sum', field: 'amount', as: 'total' }],
    }) as {
      out: unknown[];
    };
    expect(out).toEqual([
      { region: 'north', product: 'tea', total: 10 },
      { region: 'south', product: 'tea', total: 4 },
      { region: 'north', product: 'coffee', total: 6 },
      { region: 'south', product: 'coffee', total: 2 },
      { region: null, product: 'tea', total: 1 },
    ]);
  });

  it('gives sum 0 and avg/min/max null for a field without values', () => {
    expect(
      aggregate([{ a: null }, {}], {
        aggregations: [
          { op: 'sum', field: 'a' },
          { op: 'avg', field: 'a' },
          { op: 'min', field: 'a' },
          { op: 'max', field: 'a' },
        ],
      }),
    ).toEqual({ out: [{ sum_a: 0, avg_a: null, min_a: null, max_a: null }] });
    expect(aggregate([], { groupBy: ['region'] })).toEqual({ out: [] });
  });

  it('names the field and the row of a value that is not a number in sum and avg', () => {
    const rows = [{ amount: 1 }, { amount: '3' }];
    for (const op of ['sum', 'avg']) {
      const error = thrown(() => aggregate(rows, { aggregations: [{ op, field: 'amount' }] }));
      expect(error.message).toContain('Row 2');
      expect(error.message).toContain('"amount"');
      expect(error.where).toMatchObject({ port: 'in', code: 'not_a_number' });
    }
  });

  it('refuses min/max over a mix of numbers and texts', () => {
    const error = thrown(() => aggregate([{ v: 1 }, { v: 'a' }], { aggregations: [{ op: 'max', field: 'v' }] }));
    expect(error.message).toContain('Row 2');
  });

  it('refuses aggregations without a field (except count) and duplicate column names', () => {
    const noField = aggregateBlock.configSchema.safeParse({ aggregations: [{ op: 'sum' }] });
    expect(noField.success).toBe(false);
    expect(noField.error?.issues[0]?.path).toEqual(['aggregations', 0, 'field']);
    expect(aggregateBlock.configSchema.safeParse({ groupBy: ['count'] }).success).toBe(false);
    expect(
      aggregateBlock.configSchema.safeParse({
        aggregations: [
          { op: 'sum', field: 'a', as: 't' },
          { op: 'avg', field: 'b', as: 't' },
        ],
      }).success,
    ).toBe(false);
    expect(aggregateBlock.configSchema.safeParse({ aggregations: [] }).success).toBe(false);
    const atRun = thrown(() =>
      executeAggregate({
        inputs: { in: [] },
        config: { groupBy: [], aggregations: [{ op: 'avg', field: '', as: '' }] },
        ctx: execContext(),
      }),
    );
    expect(atRun.where.field).toBe('aggregations[0].field');
  });

  it('reads only a row\'s own fields, never inherited ones like "constructor"', () => {
    expect(aggregate([{ a: 1 }, { a: 2 }], { groupBy: ['constructor'], aggregations: [{ op: 'count', field: 'toString' }] })).toEqual({
      out: [{ constructor: null, count_toString: 0 }],
    });
  });

  it('refuses an input that is not a table', () => {
    expect(thrown(() => aggregate({ count: 1 })).where.port).toBe('in');
  });
});
