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

/** What each scope holds: one row per scope, updated with every write (see `quota`). */
export interface TUsageTable {
  table: PgTable;
  /** The primary key. */
  scope: PgColumn;
  /** bigint: keys' and values' bytes as stored (`jsonb::text`, UTF-8). */
  bytes: PgColumn;
  /** bigint: keys plus documents. */
  rows: PgColumn;
}

export interface TStoreTables {
  kv: TKvTable;
  documents: TDocumentTable;
  /** With it, every write also keeps the scope's usage, and a write past `quota` is refused. */
  usage?: TUsageTable;
}

/** The most one scope may hold; a write that would go past either is refused (and undone). */
export interface TStorageQuota {
  bytes: number;
  rows: number;
}

export interface TJsonStoreOptions {
  db: TStoreDb;
  tables: TStoreTables;
  /** The namespace: the value of both tables' scope column. */
  scope: string;
  /** Turns a database error on a write into a clearer one (the IDE: "the project was deleted"); undefined keeps it. */
  writeError?: (error: unknown) => Error | undefined;
  /** Held when the tables have `usage`; default: no limit (usage is still kept). */
  quota?: TStorageQuota;
  /** The scope as the quota's error names it (an app's name). Default: the scope. */
  label?: string;
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
  const kvBytes = sql<number>`octet_length(${kv.key}) + octet_length(${kv.value}::text)`;
  const write = meteredWriter(options);

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
        await write(async (tx, measured) => {
          const [before] = measured
            ? ((await tx.select({ bytes: kvBytes }).from(kv.table).where(byKey(key)).for('update')) as TSized[])
            : [];
          const [after] = (await tx
            .insert(kv.table)
            .values({ [kvProperty.scope]: scope, [kvProperty.key]: key, [kvProperty.value]: jsonb(text) })
            .onConflictDoUpdate({
              target: [kv.scope, kv.key],
              set: { [kvProperty.value]: sql`excluded.${sql.identifier(kv.value.name)}`, [updatedAtProperty]: sql`now()` },
            })
            .returning({ bytes: kvBytes })) as TSized[];
          return { result: undefined, bytes: sized(after) - sized(before), rows: before ? 0 : 1 };
        });
      },

      async delete(key) {
        assertNonEmptyKey(key);
        return write(async (tx) => {
          const deleted = (await tx.delete(kv.table).where(byKey(key)).returning({ bytes: kvBytes })) as TSized[];
          return { result: deleted.length > 0, bytes: -sized(deleted[0]), rows: -deleted.length };
        });
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
      return createCollection(db, options.tables.documents, scope, name, write);
    },
  };
}

function createCollection(db: TStoreDb, t: TDocumentTable, scope: string, name: string, write: TMeteredWrite): TCollection {
  const inCollection = and(eq(t.scope, scope), eq(t.collection, name));
  const byId = (id: string) => and(inCollection, eq(t.id, id));
  const columns = { id: t.id, data: t.data, createdAt: t.createdAt };
  const dataBytes = sql<number>`octet_length(${t.data}::text)`;
  const property = {
    scope: propertyOf(t.table, t.scope),
    collection: propertyOf(t.table, t.collection),
    data: propertyOf(t.table, t.data),
  };

  return {
    async insert(data) {
      assertObject(data, 'A document');
      const text = toStorableJson(data, 'The document');
      return write(async (tx) => {
        const [row] = (await tx
          .insert(t.table)
          .values({ [property.scope]: scope, [property.collection]: name, [property.data]: jsonb(text) })
          .returning({ ...columns, bytes: dataBytes })) as (TDocumentRow & TSized)[];
        return { result: toDocument(row!), bytes: sized(row), rows: 1 };
      });
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
      return write(async (tx) => {
        const [current] = (await tx.select({ data: t.data, bytes: dataBytes }).from(t.table).where(byId(id)).for('update')) as ({
          data: TJsonObject;
        } & TSized)[];
        if (!current) return { result: null, bytes: 0, rows: 0 };
        const merged = { ...current.data, ...patch };
        const text = toStorableJson(merged, 'The updated document');
        const [row] = (await tx
          .update(t.table)
          .set({ [property.data]: jsonb(text) })
          .where(byId(id))
          .returning({ ...columns, bytes: dataBytes })) as (TDocumentRow & TSized)[];
        return { result: row ? toDocument(row) : null, bytes: sized(row) - sized(current), rows: 0 };
      });
    },

    async delete(id) {
      if (typeof id !== 'string' || !DOCUMENT_ID.test(id)) return false;
      return write(async (tx) => {
        const deleted = (await tx.delete(t.table).where(byId(id)).returning({ bytes: dataBytes })) as TSized[];
        return { result: deleted.length > 0, bytes: -sized(deleted[0]), rows: -deleted.length };
      });
    },
  };
}

type TSized = { bytes: number | string };

/** A row's size as PostgreSQL answers it (a bigint sum may come back as text); 0 for no row. */
function sized(row: TSized | undefined): number {
  return row ? Number(row.bytes) : 0;
}

/** A write and what it changed: bytes and rows added (negative: freed). */
type TWork<T> = (tx: TStoreDb, measured: boolean) => Promise<{ result: T; bytes: number; rows: number }>;
type TMeteredWrite = <T>(work: TWork<T>) => Promise<T>;

/**
 * Runs writes. With a usage table: in one transaction that locks the scope's usage row first (so
 * the scope's writes are counted one after another, exactly), adds what the write changed, and
 * throws `storage_quota_exceeded` (undoing the write) when it grew past the quota. A write that
 * frees space is never refused. Without one: the write alone. Database errors go through
 * `writeError`.
 */
function meteredWriter(options: TJsonStoreOptions): TMeteredWrite {
  const { db, scope } = options;
  const usage = options.tables.usage;
  const translate = options.writeError;
  const quota = options.quota;
  const label = options.label ?? scope;
  return async function write<T>(work: TWork<T>): Promise<T> {
    try {
      if (!usage) return (await work(db, false)).result;
      return await db.transaction(async (tx) => {
        const property = { scope: propertyOf(usage.table, usage.scope) };
        await tx
          .insert(usage.table)
          .values({ [property.scope]: scope })
          .onConflictDoNothing();
        const [held] = (await tx
          .select({ bytes: usage.bytes, rows: usage.rows })
          .from(usage.table)
          .where(eq(usage.scope, scope))
          .for('update')) as { bytes: number; rows: number }[];
        const done = await work(tx as unknown as TStoreDb, true);
        if (done.bytes === 0 && done.rows === 0) return done.result;
        const bytes = Number(held?.bytes ?? 0) + done.bytes;
        const rows = Number(held?.rows ?? 0) + done.rows;
        if (quota && (done.bytes > 0 || done.rows > 0) && (bytes > quota.bytes || rows > quota.rows)) {
          throw quotaExceeded(label, quota, bytes, rows);
        }
        await tx
          .update(usage.table)
          .set({ [propertyOf(usage.table, usage.bytes)]: bytes, [propertyOf(usage.table, usage.rows)]: rows })
          .where(eq(usage.scope, scope));
        return done.result;
      });
    } catch (error) {
      throw translate?.(error) ?? error;
    }
  };
}

function quotaExceeded(label: string, quota: TStorageQuota, bytes: number, rows: number): Error {
  const over =
    bytes > quota.bytes
      ? `${formatBytes(bytes)}, over its quota of ${formatBytes(quota.bytes)}`
      : `${rows.toLocaleString('en-US')} keys and documents, over its quota of ${quota.rows.toLocaleString('en-US')}`;
  return storageError(
    'storage_quota_exceeded',
    `Not stored: ${label} would hold ${over} (the storage quota per app on this node). Delete data it no longer needs to make room.`,
  );
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Empties one scope (both tables, atomically). Returns what was removed. */
export async function clearJsonStore(db: TStoreDb, tables: TStoreTables, scope: string): Promise<{ kvKeys: number; documents: number }> {
  return db.transaction(async (tx) => {
    const keys = await tx.delete(tables.kv.table).where(eq(tables.kv.scope, scope)).returning({ key: tables.kv.key });
    const documents = await tx
      .delete(tables.documents.table)
      .where(eq(tables.documents.scope, scope))
      .returning({ id: tables.documents.id });
    if (tables.usage) await tx.delete(tables.usage.table).where(eq(tables.usage.scope, scope));
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

/** What one scope holds against its quota (zero when it has never stored anything). */
export async function jsonStoreUsage(db: TStoreDb, usage: TUsageTable, scope: string): Promise<{ bytes: number; rows: number }> {
  const [row] = (await db.select({ bytes: usage.bytes, rows: usage.rows }).from(usage.table).where(eq(usage.scope, scope))) as {
    bytes: number;
    rows: number;
  }[];
  return { bytes: Number(row?.bytes ?? 0), rows: Number(row?.rows ?? 0) };
}
