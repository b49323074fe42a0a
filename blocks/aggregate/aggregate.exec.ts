import { formatPath } from '@/blocks/core/diagnostics';
import { BlockError, type TBlockExecutor } from '@/blocks/core/executor';
import { valueFitsPort } from '@/blocks/core/ports';
import { compareValues } from '@/blocks/sort-limit/compare';
import { fieldValue } from '@/blocks/table/fields';
import { aggregateBlock, aggregationName, type TAggregation } from './aggregate.block';

type TRow = Record<string, unknown>;

/**
 * Null and missing values are left out of every aggregation, as in SQL: count(field) counts rows
 * where the field has a value, avg divides by that count. A field with no values gives sum 0 and
 * avg/min/max null. sum and avg take numbers only (a text "3" is an error, not silently parsed).
 * Without groupBy an empty table still gives one row (count 0), as in SQL; with groupBy it gives
 * none. Groups appear in the order of their first row.
 */
export const executeAggregate: TBlockExecutor<typeof aggregateBlock> = ({ inputs, config }) => {
  // Re-checked here too: the executor may run with a config that skipped validation.
  const checked = aggregateBlock.configSchema.safeParse(config);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new BlockError(issue.message, { field: formatPath(issue.path) || 'aggregations' });
  }
  if (!valueFitsPort(inputs.in, 'table')) throw new BlockError('Input "Rows" must be a table (a list of rows).', { port: 'in' });
  const rows = inputs.in as TRow[];
  const { groupBy, aggregations } = checked.data;

  const groups = new Map<string, { keys: unknown[]; rows: { row: TRow; index: number }[] }>();
  if (groupBy.length === 0) groups.set('', { keys: [], rows: [] });
  rows.forEach((row, index) => {
    const keys = groupBy.map((field) => fieldValue(row, field) ?? null);
    const id = groupBy.length ? JSON.stringify(keys) : '';
    const group = groups.get(id) ?? { keys, rows: [] };
    group.rows.push({ row, index });
    groups.set(id, group);
  });

  // fromEntries defines own fields, so even a column named "__proto__" is just a column.
  const out = [...groups.values()].map((group) =>
    Object.fromEntries([
      ...groupBy.map((field, i) => [field, group.keys[i]] as const),
      ...aggregations.map((aggregation) => [aggregationName(aggregation), compute(aggregation, group.rows)] as const),
    ]),
  );
  return { out };
};

function compute(aggregation: TAggregation, rows: { row: TRow; index: number }[]): unknown {
  const { op } = aggregation;
  const field = aggregation.field.trim();
  if (op === 'count' && !field) return rows.length;
  const present = rows
    .map(({ row, index }) => ({ value: fieldValue(row, field), index }))
    .filter(({ value }) => value !== null && value !== undefined);
  switch (op) {
    case 'count':
      return present.length;
    case 'sum':
    case 'avg': {
      let total = 0;
      for (const { value, index } of present) {
        if (typeof value !== 'number' || !Number.isFinite(value)) {
          throw new BlockError(
            `Row ${index + 1}: field "${field}" is ${JSON.stringify(value)}, not a number, so it cannot be used for "${op}".`,
            {
              port: 'in',
              code: 'not_a_number',
            },
          );
        }
        total += value;
      }
      if (op === 'sum') return total;
      return present.length ? total / present.length : null;
    }
    case 'min':
    case 'max': {
      if (present.length === 0) return null;
      const first = present[0]!;
      const kind = typeof first.value;
      if (kind !== 'number' && kind !== 'string') throw mixed(field, first.index, op);
      let best = first.value;
      for (const { value, index } of present) {
        if (typeof value !== kind) throw mixed(field, index, op);
        const order = compareValues(value, best);
        if (op === 'min' ? order < 0 : order > 0) best = value;
      }
      return best;
    }
  }
}

function mixed(field: string, index: number, op: string): BlockError {
  return new BlockError(`Row ${index + 1}: field "${field}" must hold only numbers or only texts for "${op}".`, {
    port: 'in',
    code: 'mixed_values',
  });
}
