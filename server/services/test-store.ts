/**
 * The per-project test store: the storage capability blocks use during test runs in the IDE. A
 * key-value store and named collections of JSON documents, kept in the IDE database (tables
 * `test_kv` and `test_document`), one namespace per project.
 *
 * Authorization is the caller's job (the router checks that the user owns the project first);
 * this module only makes sure every query is scoped by the project id it was given.
 *
 * Expected failures (a key too long, a document too large, a bad query) are `BlockError`s whose
 * message names the problem, so the runtime shows them as a Diagnostic on the node.
 */
import { and, asc, desc, count, eq, sql, type SQL } from 'drizzle-orm';
import {
  CREATED_AT_FIELD,
  BlockError,
  type TCollection,
  type TCollectionQuery,
  type TDocument,
  type TJson,
  type TStorageCapability,
} from '@/blocks/core/executor';
import { testDocument, testKv } from '@/prisma/schema';
import type { Db } from '@/server/db/client';
import { projectNotFound } from './errors';

export const TEST_STORE_LIMITS = {
  keyLength: 200,
  /** Bytes of a value's or a document's JSON text (UTF-8). */
  jsonBytes: 256 * 1024,
  /** Documents one `find` returns at most, and by default. */
  maxFindLimit: 1000,
  defaultFindLimit: 100,
  /** Keys one `kv.list` returns at most; a prefix matching more is refused, never truncated. */
  maxListedKeys: 1000,
  fieldLength: 200,
} as const;

export const COLLECTION_NAME = /^[a-zA-Z][a-zA-Z0-9_-]{0,63}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A UTF-16 surrogate without its partner: not encodable as UTF-8, so PostgreSQL cannot store it. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

type TJsonObject = { [key: string]: TJson };

export interface TTestStoreSummary {
  kvKeys: number;
  /** Collections that hold at least one document, by name. */
  collections: { name: string; documents: number }[];
}

function storageError(code: string, message: string): BlockError {
  return new BlockError(message, { code });
}

function assertProjectId(projectId: string): void {
  if (!UUID.test(projectId)) throw projectNotFound();
}

/** Text PostgreSQL can store: no NUL character, no lone surrogate. */
function storableTextProblem(text: string): string | undefined {
  if (text.includes('\u0000')) return 'contains a NUL character (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'contains an unpaired UTF-16 surrogate';
  return undefined;
}

function assertKey(key: unknown, what = 'Storage key'): asserts key is string {
  if (typeof key !== 'string') throw storageError('storage_invalid_key', `${what} must be a string.`);
  if (key.length > TEST_STORE_LIMITS.keyLength) {
    throw storageError('storage_key_too_long', `${what} is ${key.length} characters long; the limit is ${TEST_STORE_LIMITS.keyLength}.`);
  }
  const problem = storableTextProblem(key);
  if (problem) throw storageError('storage_invalid_key', `${what} ${problem}.`);
}

function assertNonEmptyKey(key: unknown): asserts key is string {
  assertKey(key);
  if (key.length === 0) throw storageError('storage_invalid_key', 'Storage key must not be empty.');
}

function assertCollectionName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || !COLLECTION_NAME.test(name)) {
    throw storageError(
      'storage_invalid_collection',
      `Collection name ${JSON.stringify(name)} is not valid: use 1 to 64 letters, digits, "_" or "-", starting with a letter.`,
    );
  }
}

function assertField(field: unknown, what: string): asserts field is string {
  if (typeof field !== 'string' || field.length === 0 || field.length > TEST_STORE_LIMITS.fieldLength) {
    throw storageError('storage_invalid_query', `${what} must be a field name of 1 to ${TEST_STORE_LIMITS.fieldLength} characters.`);
  }
  const problem = storableTextProblem(field);
  if (problem) throw storageError('storage_invalid_query', `${what} ${problem}.`);
}

/**
 * Checks that a value is plain JSON that PostgreSQL's jsonb accepts, and returns its JSON text.
 * Anything JSON.stringify would silently change (undefined, NaN, a Date, a class instance) or
 * jsonb would refuse (\u0000 in a string) is an error naming where it is.
 */
function toStorableJson(value: unknown, what: string): string {
  const seen = new Set<object>();
  const check = (v: unknown, path: string): void => {
    const at = path ? `${what} at ${path}` : what;
    if (v === null || typeof v === 'boolean') return;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw storageError('storage_invalid_value', `${at} is ${v}, which JSON cannot hold.`);
      return;
    }
    if (typeof v === 'string') {
      const problem = storableTextProblem(v);
      if (problem) throw storageError('storage_invalid_value', `${at} ${problem}.`);
      return;
    }
    if (typeof v !== 'object') {
      throw storageError('storage_invalid_value', `${at} is ${v === undefined ? 'undefined' : `a ${typeof v}`}, which is not JSON.`);
    }
    if (seen.has(v)) throw storageError('storage_invalid_value', `${at} refers to itself (a cycle), which JSON cannot hold.`);
    seen.add(v);
    if (Array.isArray(v)) {
      v.forEach((item, i) => check(item, `${path}[${i}]`));
    } else {
      const proto: unknown = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) {
        throw storageError('storage_invalid_value', `${at} is not a plain JSON object.`);
      }
      for (const [k, item] of Object.entries(v)) {
        const problem = storableTextProblem(k);
        if (problem) throw storageError('storage_invalid_value', `${at}: field name ${JSON.stringify(k)} ${problem}.`);
        check(item, path ? `${path}.${k}` : k);
      }
    }
    seen.delete(v);
  };
  check(value, '');
  const text = JSON.stringify(value);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > TEST_STORE_LIMITS.jsonBytes) {
    throw storageError(
      'storage_value_too_large',
      `${what} is ${bytes} bytes as JSON; the limit is ${TEST_STORE_LIMITS.jsonBytes} bytes (${TEST_STORE_LIMITS.jsonBytes / 1024} KB).`,
    );
  }
  return text;
}

function assertObject(value: unknown, what: string): asserts value is TJsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw storageError('storage_invalid_value', `${what} must be a JSON object ({ ... }).`);
  }
}

/** A write against a project that was deleted meanwhile (foreign key violation). */
function isMissingProject(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23503') return true;
  }
  return false;
}

async function writing<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (isMissingProject(error)) {
      throw storageError('storage_project_missing', 'The project of this test store no longer exists.');
    }
    throw error;
  }
}

const jsonb = (text: string): SQL => sql`${text}::jsonb`;

const documentColumns = {
  id: testDocument.id,
  data: testDocument.data,
  createdAt: testDocument.createdAt,
};

function toDocument(row: { id: string; data: TJsonObject; createdAt: Date }): TDocument {
  return { id: row.id, createdAt: row.createdAt.toISOString(), data: row.data };
}

function parseFindQuery(query: unknown): { where: SQL[]; order: SQL[]; limit: number } {
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
      const fieldValue = sql`${testDocument.data} -> ${field}::text`;
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
      order.push(sort.direction === 'asc' ? asc(testDocument.seq) : desc(testDocument.seq));
    } else {
      const fieldValue = sql`${testDocument.data} -> ${sort.field}::text`;
      order.push(sort.direction === 'asc' ? sql`${fieldValue} asc nulls last` : sql`${fieldValue} desc nulls last`);
    }
  }

  let rows: number = TEST_STORE_LIMITS.defaultFindLimit;
  if (limit !== undefined) {
    if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > TEST_STORE_LIMITS.maxFindLimit) {
      throw storageError(
        'storage_limit_out_of_range',
        `Query "limit" must be a whole number from 1 to ${TEST_STORE_LIMITS.maxFindLimit}, not ${JSON.stringify(limit)}.`,
      );
    }
    rows = limit;
  }
  return { where: conditions, order, limit: rows };
}

function createCollection(db: Db, projectId: string, name: string): TCollection {
  const inCollection = and(eq(testDocument.projectId, projectId), eq(testDocument.collection, name));
  const byId = (id: string) => and(inCollection, eq(testDocument.id, id));

  return {
    async insert(data) {
      assertObject(data, 'A document');
      const text = toStorableJson(data, 'The document');
      const [row] = await writing(
        db
          .insert(testDocument)
          .values({ projectId, collection: name, data: sql`${jsonb(text)}` })
          .returning(documentColumns),
      );
      return toDocument(row!);
    },

    async find(query) {
      const { where, order, limit } = parseFindQuery(query);
      const rows = await db
        .select(documentColumns)
        .from(testDocument)
        .where(and(inCollection, ...where))
        .orderBy(...order, asc(testDocument.seq))
        .limit(limit);
      return rows.map(toDocument);
    },

    async update(id, patch) {
      assertObject(patch, 'An update');
      toStorableJson(patch, 'The update');
      if (typeof id !== 'string' || !UUID.test(id)) return null;
      // Read, merge and check the size in one transaction with the row locked, so two updates
      // of one document never lose each other's fields.
      return db.transaction(async (tx) => {
        const [current] = await tx.select({ data: testDocument.data }).from(testDocument).where(byId(id)).for('update');
        if (!current) return null;
        const merged = { ...current.data, ...patch };
        const text = toStorableJson(merged, 'The updated document');
        const [row] = await tx
          .update(testDocument)
          .set({ data: sql`${jsonb(text)}` })
          .where(byId(id))
          .returning(documentColumns);
        return row ? toDocument(row) : null;
      });
    },

    async delete(id) {
      if (typeof id !== 'string' || !UUID.test(id)) return false;
      const deleted = await db.delete(testDocument).where(byId(id)).returning({ id: testDocument.id });
      return deleted.length > 0;
    },
  };
}

/**
 * The storage capability for one project's test runs. Collection names are checked when a
 * collection is opened; everything else when an operation runs.
 */
export function createTestStore(db: Db, projectId: string): TStorageCapability {
  assertProjectId(projectId);
  const inProject = eq(testKv.projectId, projectId);
  const byKey = (key: string) => and(inProject, eq(testKv.key, key));

  return {
    kv: {
      async get(key) {
        assertNonEmptyKey(key);
        const [row] = await db.select({ value: testKv.value }).from(testKv).where(byKey(key));
        return row?.value;
      },

      async set(key, value) {
        assertNonEmptyKey(key);
        const text = toStorableJson(value, `The value of "${key}"`);
        await writing(
          db
            .insert(testKv)
            .values({ projectId, key, value: sql`${jsonb(text)}` })
            .onConflictDoUpdate({
              target: [testKv.projectId, testKv.key],
              set: { value: sql`excluded.value`, updatedAt: sql`now()` },
            }),
        );
      },

      async delete(key) {
        assertNonEmptyKey(key);
        const deleted = await db.delete(testKv).where(byKey(key)).returning({ key: testKv.key });
        return deleted.length > 0;
      },

      async list(prefix = '') {
        assertKey(prefix, 'Key prefix');
        const rows = await db
          .select({ key: testKv.key, value: testKv.value })
          .from(testKv)
          .where(prefix ? and(inProject, sql`starts_with(${testKv.key}, ${prefix}::text)`) : inProject)
          // Byte order, so the listing is the same on every database whatever its collation.
          .orderBy(sql`${testKv.key} collate "C"`)
          .limit(TEST_STORE_LIMITS.maxListedKeys + 1);
        if (rows.length > TEST_STORE_LIMITS.maxListedKeys) {
          throw storageError(
            'storage_too_many_keys',
            `More than ${TEST_STORE_LIMITS.maxListedKeys} keys start with ${JSON.stringify(prefix)}; list a longer prefix.`,
          );
        }
        return rows;
      },
    },

    collection(name) {
      assertCollectionName(name);
      return createCollection(db, projectId, name);
    },
  };
}

/** Empties a project's test store (both halves, atomically). Returns what was removed. */
export async function clearTestStore(db: Db, projectId: string): Promise<{ kvKeys: number; documents: number }> {
  assertProjectId(projectId);
  return db.transaction(async (tx) => {
    const keys = await tx.delete(testKv).where(eq(testKv.projectId, projectId)).returning({ key: testKv.key });
    const documents = await tx.delete(testDocument).where(eq(testDocument.projectId, projectId)).returning({ id: testDocument.id });
    return { kvKeys: keys.length, documents: documents.length };
  });
}

/** What a project's test store holds, for the IDE: key count and documents per collection. */
export async function describeTestStore(db: Db, projectId: string): Promise<TTestStoreSummary> {
  assertProjectId(projectId);
  const [[kv], collections] = await Promise.all([
    db.select({ keys: count() }).from(testKv).where(eq(testKv.projectId, projectId)),
    db
      .select({ name: testDocument.collection, documents: count() })
      .from(testDocument)
      .where(eq(testDocument.projectId, projectId))
      .groupBy(testDocument.collection)
      .orderBy(sql`${testDocument.collection} collate "C"`),
  ]);
  return { kvKeys: kv?.keys ?? 0, collections };
}
