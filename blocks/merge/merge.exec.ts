import { BlockError, type TBlockExecutor } from '@/blocks/core/executor';
import { valueFitsPort } from '@/blocks/core/ports';
import type { mergeBlock } from './merge.block';

type TRow = Record<string, unknown>;

/**
 * Join semantics (as in SQL): a row of A matching several rows of B gives one output row per
 * match, in B's order; output follows A's order. Key values match by strict equality (1 and "1"
 * differ; objects compare by their JSON). Joined rows are `{ ...rowA, ...rowB }`: on a field
 * both rows have, B's value wins.
 */
export const executeMerge: TBlockExecutor<typeof mergeBlock> = ({ inputs, config }) => {
  const a = tableInput(inputs.a, 'a');
  const b = tableInput(inputs.b, 'b');
  if (config.mode === 'append') return { out: [...a, ...b] };

  const key = config.key.trim();
  if (!key) throw new BlockError('a join needs the name of the key field', { field: 'key' });
  const byKey = new Map<string, TRow[]>();
  b.forEach((row, i) => {
    const k = keyValue(row, key, 'b', i);
    byKey.set(k, [...(byKey.get(k) ?? []), row]);
  });
  const out: TRow[] = [];
  a.forEach((row, i) => {
    const matches = byKey.get(keyValue(row, key, 'a', i));
    if (matches) for (const match of matches) out.push({ ...row, ...match });
    else if (config.join === 'left') out.push(row);
  });
  return { out };
};

function tableInput(value: unknown, port: 'a' | 'b'): TRow[] {
  if (!valueFitsPort(value, 'table')) throw new BlockError(`Input "${port.toUpperCase()}" must be a table (a list of rows).`, { port });
  return value as TRow[];
}

/** The key as a string that is equal exactly when the values are (type included). */
function keyValue(row: TRow, key: string, port: 'a' | 'b', index: number): string {
  if (!Object.hasOwn(row, key)) {
    throw new BlockError(`Row ${index + 1} of input "${port.toUpperCase()}" has no field "${key}".`, { port, code: 'missing_key' });
  }
  const value = row[key];
  return typeof value === 'object' ? `${value === null ? 'null' : 'object'}:${JSON.stringify(value)}` : `${typeof value}:${String(value)}`;
}
