import { BlockError, type TBlockExecutor } from '@/blocks/core/executor';
import { valueFitsPort } from '@/blocks/core/ports';
import { fieldList } from '@/blocks/table/fields';
import type { chartBlock } from './chart.block';

/**
 * The page draws the chart; the run checks the data fits it: both fields chosen, every row has
 * the x field, and y is a number in every row (not null, not a text like "3"). A pie's slices
 * cannot be negative.
 */
export const executeChart: TBlockExecutor<typeof chartBlock> = ({ inputs, config }) => {
  if (!valueFitsPort(inputs.rows, 'table')) throw new BlockError('Input "Rows" must be a table (a list of rows).', { port: 'rows' });
  const rows = inputs.rows as Record<string, unknown>[];
  const x = config.x.trim();
  const y = config.y.trim();
  if (!x) throw new BlockError('Choose the field for the labels (x).', { field: 'x' });
  if (!y) throw new BlockError('Choose the field with the numbers (y).', { field: 'y' });
  rows.forEach((row, i) => {
    if (!Object.hasOwn(row, x)) {
      throw new BlockError(`Row ${i + 1} has no field "${x}". Fields found: ${fieldList(rows)}.`, { field: 'x', code: 'unknown_field' });
    }
    if (!Object.hasOwn(row, y)) {
      throw new BlockError(`Row ${i + 1} has no field "${y}". Fields found: ${fieldList(rows)}.`, { field: 'y', code: 'unknown_field' });
    }
    const value = row[y];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new BlockError(`Row ${i + 1}: "${y}" is ${JSON.stringify(value)}, but a chart needs a number there.`, {
        field: 'y',
        code: 'not_a_number',
      });
    }
    if (config.kind === 'pie' && value < 0) {
      throw new BlockError(`Row ${i + 1}: "${y}" is ${value}; a pie slice cannot be negative.`, { field: 'y', code: 'negative_slice' });
    }
  });
  return {};
};
