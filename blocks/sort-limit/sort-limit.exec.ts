import { BlockError, type TBlockExecutor } from '@/blocks/core/executor';
import { valueFitsPort } from '@/blocks/core/ports';
import { fieldValue } from '@/blocks/table/fields';
import { compareValues } from './compare';
import type { sortLimitBlock } from './sort-limit.block';

type TRow = Record<string, unknown>;

/** Sorting is stable (rows with equal values keep their order); null and missing values go last in both directions. */
export const executeSortLimit: TBlockExecutor<typeof sortLimitBlock> = ({ inputs, config }) => {
  if (!valueFitsPort(inputs.in, 'table')) throw new BlockError('Input "Rows" must be a table (a list of rows).', { port: 'in' });
  const rows = inputs.in as TRow[];
  const field = config.field.trim();
  const sorted = field ? [...rows].sort((a, b) => compareValues(fieldValue(a, field), fieldValue(b, field), config.direction)) : rows;
  const end = config.limit > 0 ? config.offset + config.limit : undefined;
  return { out: sorted.slice(config.offset, end) };
};
