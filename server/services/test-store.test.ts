import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDocument, testKv } from '@/prisma/schema';
import { blockErrorOf, storageConformance, type TStorageHarness } from '@/runtime/storage/testing/conformance';
import type { Database } from '@/server/db/client';
import { insertTestUser, testDatabaseTargets } from '@/server/testing/databases';
import { ServiceError } from './errors';
import * as projects from './projects';
import { clearTestStore, createTestStore, describeTestStore } from './test-store';

describe.each(testDatabaseTargets())('test store on $name', (target) => {
  let database: Database;
  let owner: projects.TServiceContext;
  let harness: TStorageHarness;

  async function newProject(name: string): Promise<string> {
    return (await projects.createProject(owner, { name })).id;
  }

  beforeAll(async () => {
    database = await target.open();
    owner = { db: database.db, userId: await insertTestUser(database, 'store') };
    harness = {
      async newScope(label) {
        const projectId = await newProject(label);
        return {
          store: createTestStore(database.db, projectId),
          async seedKv(rows) {
            await database.db.insert(testKv).values(rows.map((row) => ({ projectId, ...row })));
          },
          async seedDocuments(collection, documents) {
            await database.db.insert(testDocument).values(documents.map((data) => ({ projectId, collection, data })));
          },
          clear: () => clearTestStore(database.db, projectId),
          describe: () => describeTestStore(database.db, projectId),
        };
      },
    };
  });
  afterAll(async () => {
    await database.close();
  });

  // The semantics shared with every node's app store (runtime/storage).
  storageConformance(() => harness);

  it('is deleted with its project', async () => {
    const id = await newProject('cascade');
    const store = createTestStore(database.db, id);
    await store.kv.set('k', 'v');
    await store.collection('c').insert({ x: 1 });
    expect(await database.db.select().from(testKv).where(eq(testKv.projectId, id))).toHaveLength(1);

    await projects.deleteProject(owner, id);
    expect(await database.db.select().from(testKv).where(eq(testKv.projectId, id))).toEqual([]);
    expect(await database.db.select().from(testDocument).where(eq(testDocument.projectId, id))).toEqual([]);

    // A run still holding the store of the deleted project gets a clear error.
    const error = await blockErrorOf(store.kv.set('k', 'again'));
    expect(error.where.code).toBe('storage_project_missing');
    expect(error.message).toMatch(/project .* no longer exists/);
  });

  it('refuses a malformed project id as a missing project', async () => {
    expect(() => createTestStore(database.db, 'not-a-uuid')).toThrow(ServiceError);
    await expect(clearTestStore(database.db, 'not-a-uuid')).rejects.toThrow(ServiceError);
    await expect(describeTestStore(database.db, 'not-a-uuid')).rejects.toThrow(ServiceError);
  });
});
