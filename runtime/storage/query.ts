/**
 * A collection query (`TCollectionQuery`) as SQL over a jsonb `data` column: equality on top-level
 * fields, one sort field (or insertion order), a bounded limit. Checked here, so a bad query is a
 * BlockError naming what is wrong, never a database error.
 */
import { asc, desc, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { CREATED_AT_FIELD, type TCollectionQuery } from '@/blocks/core/executor';
import { assertField, assertObject, STORAGE_LIMITS, storageError, toStorableJson } from './checks';

/** The columns a query reads: the document's jsonb data and its insertion sequence. */
export interface TQueryColumns {
  data: PgColumn;
  seq: PgColumn;
}

export interface TFindSql {
  /** Conditions to AND with the collection's own scope. */
  where: SQL[];
  /** The requested order; callers append `asc(seq)` as the tie-break. */
  order: SQL[];
  limit: number;
}

export const jsonb = (text: string): SQL => sql`${text}::jsonb`;

export function parseFindQuery(query: unknown, columns: TQueryColumns): TFindSql {
  if (query === undefined || query === null) query = {};
  if (typeof query !== 'object' || Array.isArray(query)) {
    throw storageError('storage_invalid_query', 'A query must be an object with optional where, sort and limit.');
  }
  const { where, sort, limit } = query as TCollectionQuery;

  const conditions: SQL[] = [];
  if (where !== undefined) {
    assertObject(where, 'Query "where"');
    toStorableJson(where, 'Query "where"');
    for (const [field, value] of Object.entries(where)) {
      assertField(field, 'A "where" field');
      const fieldValue = sql`${columns.data} -> ${field}::text`;
      // Like MongoDB: `{ field: null }` also matches documents that have no such field.
      conditions.push(
        value === null
          ? sql`(${fieldValue} is null or ${fieldValue} = 'null'::jsonb)`
          : sql`${fieldValue} = ${jsonb(JSON.stringify(value))}`,
      );
    }
  }

  const order: SQL[] = [];
  if (sort !== undefined) {
    if (sort === null || typeof sort !== 'object') {
      throw storageError('storage_invalid_query', 'Query "sort" must be { field, direction }.');
    }
    assertField(sort.field, 'Query "sort.field"');
    if (sort.direction !== 'asc' && sort.direction !== 'desc') {
      throw storageError('storage_invalid_query', `Query "sort.direction" must be "asc" or "desc", not ${JSON.stringify(sort.direction)}.`);
    }
    // jsonb's own order: numbers numerically, strings by the database collation, and across
    // types null < string < number < boolean < array < object. Documents without the field
    // come last in both directions.
    if (sort.field === CREATED_AT_FIELD) {
      // Insertion order is exact (two documents may share a timestamp).
      order.push(sort.direction === 'asc' ? asc(columns.seq) : desc(columns.seq));
    } else {
      const fieldValue = sql`${columns.data} -> ${sort.field}::text`;
      order.push(sort.direction === 'asc' ? sql`${fieldValue} asc nulls last` : sql`${fieldValue} desc nulls last`);
    }
  }

  let rows: number = STORAGE_LIMITS.defaultFindLimit;
  if (limit !== undefined) {
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > STORAGE_LIMITS.maxFindLimit) {
      throw storageError(
        'storage_limit_out_of_range',
        `Query "limit" must be a whole number from 1 to ${STORAGE_LIMITS.maxFindLimit}, not ${JSON.stringify(limit)}.`,
      );
    }
    rows = limit;
  }
  return { where: conditions, order, limit: rows };
}
