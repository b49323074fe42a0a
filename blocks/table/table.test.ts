import { describe, expect, it } from 'vitest';
import { BlockError } from '@/blocks/core/executor';
import { execContext } from '@/blocks/code/testing';
import { tableBlock } from './table.block';
import { executeTable } from './table.exec';

const show = (rows: unknown, config: Record<string, unknown> = {}) =>
  executeTable({ inputs: { rows }, config: tableBlock.configSchema.parse(config), ctx: execContext() });

describe('table block', () => {
  it('accepts rows, with all columns or chosen ones, and outputs nothing', () => {
    expect(tableBlock.configSchema.parse({})).toEqual({ title: '', columns: [], pageSize: 20 });
    const rows = [
      { name: 'Ada', score: 3 },
      { name: 'Grace', extra: true },
    ];
    expect(show(rows)).toEqual({});
    expect(show(rows, { columns: ['name', 'extra'] })).toEqual({});
    expect(show([], { columns: ['anything'] })).toEqual({});
  });

  it('names a chosen column that no row has', () => {
    try {
      show([{ name: 'Ada' }], { columns: ['name', 'nmae'] });
      throw new Error('expected a BlockError');
    } catch (error) {
      expect(error).toBeInstanceOf(BlockError);
      expect((error as BlockError).where.field).toBe('columns');
      expect((error as BlockError).message).toContain('"nmae"');
      expect((error as BlockError).message).toContain('"name"');
    }
  });

  it('refuses an input that is not a table and page sizes out of range', () => {
    expect(() => show({ name: 'Ada' })).toThrow(BlockError);
    expect(tableBlock.configSchema.safeParse({ pageSize: 4 }).success).toBe(false);
    expect(tableBlock.configSchema.safeParse({ pageSize: 101 }).success).toBe(false);
  });
});
