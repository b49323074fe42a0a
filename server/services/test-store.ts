/**
 * The per-project test store: the storage capability blocks use during test runs in the IDE. A
 * key-value store and named collections of JSON documents, kept in the IDE database (tables
 * `test_kv` and `test_document`), one namespace per project. The semantics (limits, queries,
 * errors) are those of every node's app store: both are runtime/storage/json-store.ts.
 *
 * Authorization is the caller's job (the router checks that the user owns the project first);
 * this module only makes sure every query is scoped by the project id it was given.
 *
 * Expected failures (a key too long, a document too large, a bad query) are `BlockError`s whose
 * message names the problem, so the runtime shows them as a Diagnostic on the node.
 */
import type { TStorageCapability } from '@/blocks/core/executor';
import { testDocument, testKv } from '@/prisma/schema';
import { COLLECTION_NAME, STORAGE_LIMITS, storageError } from '@/runtime/storage/checks';
import {
  clearJsonStore,
  createJsonStore,
  describeJsonStore,
  isForeignKeyViolation,
  type TStoreSummary,
  type TStoreTables,
} from '@/runtime/storage/json-store';
import type { Db } from '@/server/db/client';
import { assertProjectId } from './errors';

export const TEST_STORE_LIMITS = STORAGE_LIMITS;
export { COLLECTION_NAME };

export type TTestStoreSummary = TStoreSummary;

const TABLES: TStoreTables = {
  kv: { table: testKv, scope: testKv.projectId, key: testKv.key, value: testKv.value, updatedAt: testKv.updatedAt },
  documents: {
    table: testDocument,
    scope: testDocument.projectId,
    id: testDocument.id,
    collection: testDocument.collection,
    data: testDocument.data,
    seq: testDocument.seq,
    createdAt: testDocument.createdAt,
  },
};

/** A write against a project that was deleted meanwhile (foreign key violation). */
function missingProject(error: unknown): Error | undefined {
  return isForeignKeyViolation(error)
    ? storageError('storage_project_missing', 'The project of this test store no longer exists.')
    : undefined;
}

/**
 * The storage capability for one project's test runs. Collection names are checked when a
 * collection is opened; everything else when an operation runs.
 */
export function createTestStore(db: Db, projectId: string): TStorageCapability {
  assertProjectId(projectId);
  return createJsonStore({ db, tables: TABLES, scope: projectId, writeError: missingProject });
}

/** Empties a project's test store (both halves, atomically). Returns what was removed. */
export async function clearTestStore(db: Db, projectId: string): Promise<{ kvKeys: number; documents: number }> {
  assertProjectId(projectId);
  return clearJsonStore(db, TABLES, projectId);
}

/** What a project's test store holds, for the IDE: key count and documents per collection. */
export async function describeTestStore(db: Db, projectId: string): Promise<TTestStoreSummary> {
  assertProjectId(projectId);
  return describeJsonStore(db, TABLES, projectId);
}
