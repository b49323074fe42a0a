import { BlockError, type TBlockExecutor } from '@/blocks/core/executor';
import { valueFitsPort } from '@/blocks/core/ports';
import { fieldList } from './fields';
import type { tableBlock } from './table.block';

/**
 * The page draws the rows; the run only checks them: the input is a table and every chosen
 * column is a field of at least one row (a typo would otherwise show an empty column). An empty
 * table is fine: the page shows "No rows".
 */
export const executeTable: TBlockExecutor<typeof tableBlock> = ({ inputs, config }) => {
  if (!valueFitsPort(inputs.rows, 'table')) throw new BlockError('Input "Rows" must be a table (a list of rows).', { port: 'rows' });
  const rows = inputs.rows as Record<string, unknown>[];
  if (rows.length > 0) {
    for (const column of config.columns) {
      if (!rows.some((row) => Object.hasOwn(row, column))) {
        throw new BlockError(`No row has a field "${column}". Fields found: ${fieldList(rows)}.`, {
          field: 'columns',
          code: 'unknown_column',
        });
      }
    }
  }
  return {};
};
