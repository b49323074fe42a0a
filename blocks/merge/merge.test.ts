import { describe, expect, it } from 'vitest';
import { execContext } from '@/blocks/code/testing';
import { mergeBlock } from './merge.block';
import { executeMerge } from './merge.exec';
import { thrown } from '@/blocks/core/testing/errors';

const users = [
  { id: 1, name: 'Ada' },
  { id: 2, name: 'Grace' },
  { id: 3, name: 'Linus' },
];
const orders = [
  { id: 2, total: 10, name: 'Grace H.' },
  { id: 1, total: 5 },
  { id: 2, total: 7 },
  { id: 9, total: 1 },
];

const merge = (a: unknown, b: unknown, config: Record<string, unknown> = {}) =>
  executeMerge({ inputs: { a, b }, config: mergeBlock.configSchema.parse(config), ctx: execContext() });

describe('merge block', () => {
  it('appends B after A by default', () => {
    expect(mergeBlock.configSchema.parse({})).toEqual({ mode: 'append', key: 'id', join: 'inner' });
    expect(merge(users.slice(0, 1), orders.slice(0, 2))).toEqual({ out: [users[0], orders[0], orders[1]] });
  });

  it("inner-joins on the key: one row per match, in A's order, B's fields winning", () => {
    expect(merge(users, orders, { mode: 'join', key: 'id' })).toEqual({
      out: [
        { id: 1, name: 'Ada', total: 5 },
        { id: 2, name: 'Grace H.', total: 10 },
        { id: 2, name: 'Grace', total: 7 },
      ],
    });
  });

  it('left-joins: keeps rows of A without a match unchanged', () => {
    const { out } = merge(users, orders, { mode: 'join', key: 'id', join: 'left' }) as { out: unknown[] };
    expect(out).toHaveLength(4);
    expect(out[3]).toEqual({ id: 3, name: 'Linus' });
  });

  it('matches keys by value and type: 1 is not "1"', () => {
    expect(merge([{ id: 1 }], [{ id: '1', x: true }], { mode: 'join' })).toEqual({ out: [] });
    expect(merge([{ id: '1' }], [{ id: '1', x: true }], { mode: 'join' })).toEqual({ out: [{ id: '1', x: true }] });
    expect(merge([{ id: { k: 1 } }], [{ id: { k: 1 }, x: 1 }], { mode: 'join' })).toEqual({ out: [{ id: { k: 1 }, x: 1 }] });
  });

  it('names the key and the row when a row lacks the key field', () => {
    const inA = thrown(() => merge([{ id: 1 }, { name: 'no id' }], orders, { mode: 'join' }));
    expect(inA.message).toBe('Row 2 of input "A" has no field "id".');
    expect(inA.where.port).toBe('a');
    const inB = thrown(() => merge(users, [{ id: 1 }, { id: 2 }, { userId: 3 }], { mode: 'join' }));
    expect(inB.message).toBe('Row 3 of input "B" has no field "id".');
    expect(inB.where.port).toBe('b');
  });

  it('refuses a join without a key, in the config and at run time', () => {
    expect(mergeBlock.configSchema.safeParse({ mode: 'join', key: ' ' }).success).toBe(false);
    expect(mergeBlock.configSchema.safeParse({ mode: 'append', key: '' }).success).toBe(true);
    const error = thrown(() =>
      executeMerge({ inputs: { a: [], b: [] }, config: { mode: 'join', key: '', join: 'inner' }, ctx: execContext() }),
    );
    expect(error.where.field).toBe('key');
  });

  it('refuses inputs that are not tables', () => {
    expect(thrown(() => merge({ id: 1 }, [])).where.port).toBe('a');
    expect(thrown(() => merge([], [1, 2])).where.port).toBe('b');
  });
});
