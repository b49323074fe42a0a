/**
 * A TStorageCapability over two PostgreSQL tables, one namespace per scope: a key-value table and
 * a document table (named collections of jsonb objects). The IDE's test store (scope: a project
 * id) and a DAIOS node's app store (scope: an app) are both this, over their own tables, so a
 * block sees the same semantics in a test run and in a deployed app.
 *
 * Every query is filtered by the scope it was given; checking that the caller may use the scope is
 * the caller's job. Works with any drizzle PostgreSQL driver (PGlite, node-postgres).
 */
import { and, asc, count, eq, getTableColumns, sql } from 'drizzle-orm';
import type { PgColumn, PgDatabase, PgQueryResultHKT, PgTable } from 'drizzle-orm/pg-core';
import type { TCollection, TDocument, TJson, TStorageCapability } from '@/blocks/core/executor';
import {
  assertCollectionName,
  assertKey,
  assertNonEmptyKey,
  assertObject,
  DOCUMENT_ID,
  STORAGE_LIMITS,
  storageError,
  toStorableJson,
  type TJsonObject,
} from './checks';
import { jsonb, parseFindQuery } from './query';

/** Any drizzle PostgreSQL database; its schema does not matter (only the query builder is used). */
export type TStoreDb = PgDatabase<PgQueryResultHKT, Record<string, unknown>>;

/** The key-value table: one row per (scope, key). `(scope, key)` must be its primary key. */
export interface TKvTable {
  table: PgTable;
  scope: PgColumn;
  key: PgColumn;
  /** jsonb */
  value: PgColumn;
  /** timestamptz, set on every write */
  updatedAt: PgColumn;
}

/** The document table: one row per document. */
export interface TDocumentTable {
  table: PgTable;
  scope: PgColumn;
  /** uuid, made by the database */
  id: PgColumn;
  collection: PgColumn;
  /** jsonb object */
  data: PgColumn;
  /** An identity column: insertion order, exact even when two documents share a timestamp. */
  seq: PgColumn;
  /** timestamptz, defaults to now() */
  createdAt: PgColumn;
}

export interface TStoreTables {
  kv: TKvTable;
  documents: TDocumentTable;
}

export interface TJsonStoreOptions {
  db: TStoreDb;
  tables: TStoreTables;
  /** The namespace: the value of both tables' scope column. */
  scope: string;
  /** Turns a database error on a write into a clearer one (the IDE: "the project was deleted"); undefined keeps it. */
  writeError?: (error: unknown) => Error | undefined;
}

export interface TStoreSummary {
  kvKeys: number;
  /** Collections that hold at least one document, by name (byte order). */
  collections: { name: string; documents: number }[];
}

type TDocumentRow = { id: string; data: TJsonObject; createdAt: Date };

/** The JS property name of a column in its table (what drizzle's `values()` and `set()` take). */
function propertyOf(table: PgTable, column: PgColumn): string {
  const entry = Object.entries(getTableColumns(table)).find(([, candidate]) => candidate === column);
  if (!entry) throw new Error(`Column "${column.name}" is not a column of the table it was given with.`);
  return entry[0];
}

function toDocument(row: TDocumentRow): TDocument {
  return { id: row.id, createdAt: row.createdAt.toISOString(), data: row.data };
}

/**
 * The storage capability for one scope. Collection names are checked when a collection is
 * opened; everything else when an operation runs.
 */
export function createJsonStore(options: TJsonStoreOptions): TStorageCapability {
  const { db, scope } = options;
  const kv = options.tables.kv;
  const inScope = eq(kv.scope, scope);
  const byKey = (key: string) => and(inScope, eq(kv.key, key));
  const kvProperty = { scope: propertyOf(kv.table, kv.scope), key: propertyOf(kv.table, kv.key), value: propertyOf(kv.table, kv.value) };
  const updatedAtProperty = propertyOf(kv.table, kv.updatedAt);
  const writing = writer(options.writeError);

  return {
    kv: {
      async get(key) {
        assertNonEmptyKey(key);
        const [row] = (await db.select({ value: kv.value }).from(kv.table).where(byKey(key))) as { value: TJson }[];
        return row?.value;
      },

      async set(key, value) {
        assertNonEmptyKey(key);
        const text = toStorableJson(value, `The value of "${key}"`);
        await writing(
          db
            .insert(kv.table)
            .values({ [kvProperty.scope]: scope, [kvProperty.key]: key, [kvProperty.value]: jsonb(text) })
            .onConflictDoUpdate({
              target: [kv.scope, kv.key],
              set: { [kvProperty.value]: sql`excluded.${sql.identifier(kv.value.name)}`, [updatedAtProperty]: sql`now()` },
            }),
        );
      },

      async delete(key) {
        assertNonEmptyKey(key);
        const deleted = await db.delete(kv.table).where(byKey(key)).returning({ key: kv.key });
        return deleted.length > 0;
      },

      async list(prefix = '') {
        assertKey(prefix, 'Key prefix');
        const rows = (await db
          .select({ key: kv.key, value: kv.value })
          .from(kv.table)
          .where(prefix ? and(inScope, sql`starts_with(${kv.key}, ${prefix}::text)`) : inScope)
          // Byte order, so the listing is the same on every database whatever its collation.
          .orderBy(sql`${kv.key} collate "C"`)
          .limit(STORAGE_LIMITS.maxListedKeys + 1)) as { key: string; value: TJson }[];
        if (rows.length > STORAGE_LIMITS.maxListedKeys) {
          throw storageError(
            'storage_too_many_keys',
            `More than ${STORAGE_LIMITS.maxListedKeys} keys start with ${JSON.stringify(prefix)}; list a longer prefix.`,
          );
        }
        return rows;
      },
    },

    collection(name) {
      assertCollectionName(name);
      return createCollection(db, options.tables.documents, scope, name, writing);
    },
  };
}

function createCollection(
  db: TStoreDb,
  t: TDocumentTable,
  scope: string,
  name: string,
  writing: <T>(work: Promise<T>) => Promise<T>,
): TCollection {
  const inCollection = and(eq(t.scope, scope), eq(t.collection, name));
  const byId = (id: string) => and(inCollection, eq(t.id, id));
  const columns = { id: t.id, data: t.data, createdAt: t.createdAt };
  const property = {
    scope: propertyOf(t.table, t.scope),
    collection: propertyOf(t.table, t.collection),
    data: propertyOf(t.table, t.data),
  };

  return {
    async insert(data) {
      assertObject(data, 'A document');
      const text = toStorableJson(data, 'The document');
      const [row] = (await writing(
        db
          .insert(t.table)
          .values({ [property.scope]: scope, [property.collection]: name, [property.data]: jsonb(text) })
          .returning(columns),
      )) as TDocumentRow[];
      return toDocument(row!);
    },

    async find(query) {
      const { where, order, limit } = parseFindQuery(query, t);
      const rows = (await db
        .select(columns)
        .from(t.table)
        .where(and(inCollection, ...where))
        .orderBy(...order, asc(t.seq))
        .limit(limit)) as TDocumentRow[];
      return rows.map(toDocument);
    },

    async update(id, patch) {
      assertObject(patch, 'An update');
      toStorableJson(patch, 'The update');
      if (typeof id !== 'string' || !DOCUMENT_ID.test(id)) return null;
      // Read, merge and check the size in one transaction with the row locked, so two updates
      // of one document never lose each other's fields.
      return db.transaction(async (tx) => {
        const [current] = (await tx.select({ data: t.data }).from(t.table).where(byId(id)).for('update')) as { data: TJsonObject }[];
        if (!current) return null;
        const merged = { ...current.data, ...patch };
        const text = toStorableJson(merged, 'The updated document');
        const [row] = (await tx
          .update(t.table)
          .set({ [property.data]: jsonb(text) })
          .where(byId(id))
          .returning(columns)) as TDocumentRow[];
        return row ? toDocument(row) : null;
      });
    },

    async delete(id) {
      if (typeof id !== 'string' || !DOCUMENT_ID.test(id)) return false;
      const deleted = await db.delete(t.table).where(byId(id)).returning({ id: t.id });
      return deleted.length > 0;
    },
  };
}

function writer(translate: TJsonStoreOptions['writeError']) {
  return async function writing<T>(work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (error) {
      throw translate?.(error) ?? error;
    }
  };
}

/** Empties one scope (both tables, atomically). Returns what was removed. */
export async function clearJsonStore(db: TStoreDb, tables: TStoreTables, scope: string): Promise<{ kvKeys: number; documents: number }> {
  return db.transaction(async (tx) => {
    const keys = await tx.delete(tables.kv.table).where(eq(tables.kv.scope, scope)).returning({ key: tables.kv.key });
    const documents = await tx
      .delete(tables.documents.table)
      .where(eq(tables.documents.scope, scope))
      .returning({ id: tables.documents.id });
    return { kvKeys: keys.length, documents: documents.length };
  });
}

/** What one scope holds: key count and documents per collection. */
export async function describeJsonStore(db: TStoreDb, tables: TStoreTables, scope: string): Promise<TStoreSummary> {
  const { kv, documents } = tables;
  const [[keys], collections] = await Promise.all([
    db.select({ keys: count() }).from(kv.table).where(eq(kv.scope, scope)),
    db
      .select({ name: documents.collection, documents: count() })
      .from(documents.table)
      .where(eq(documents.scope, scope))
      .groupBy(documents.collection)
      .orderBy(sql`${documents.collection} collate "C"`) as Promise<{ name: string; documents: number }[]>,
  ]);
  return { kvKeys: keys?.keys ?? 0, collections };
}

/** A write that violated a foreign key (the scope's owner row is gone), for `writeError`. */
export function isForeignKeyViolation(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23503') return true;
  }
  return false;
}
