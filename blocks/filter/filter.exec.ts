import { BlockError, inField, type TBlockExecutor, type TJson } from '@/blocks/core/executor';
import { valueFitsPort } from '@/blocks/core/ports';
import { truthinessOf } from '@/blocks/condition/truthiness';
import type { filterBlock } from './filter.block';

/**
 * The condition is evaluated for all rows in one sandbox call. Results are read by JavaScript
 * truthiness (as `Array.prototype.filter` does), so `item.name` keeps rows with a non-empty name
 * and rejects rows without one.
 */
export const executeFilter: TBlockExecutor<typeof filterBlock> = async ({ inputs, config, ctx }) => {
  const code = ctx.code;
  if (!code) throw new BlockError('This block needs the code capability.');
  const rows = inputs.in;
  if (!valueFitsPort(rows, 'table')) throw new BlockError('Input "Rows" must be a table (a list of rows).', { port: 'in' });
  const items = rows as TJson[];
  if (items.length === 0) return { out: [], rejected: [] };
  const verdicts = await inField('condition', () => code.evaluateEach(truthinessOf(config.condition), items));
  if (!Array.isArray(verdicts) || verdicts.length !== items.length) {
    throw new BlockError('The sandbox returned a result per row that does not match the input.', { field: 'condition' });
  }
  const kept: TJson[] = [];
  const rejected: TJson[] = [];
  items.forEach((row, i) => (verdicts[i] === true ? kept : rejected).push(row));
  return { out: kept, rejected };
};
