/**
 * A DAIOS node's app store: the storage capability of every app the node runs, persisted in its
 * own embedded PostgreSQL (PGlite) under `<dataDir>/apps-db`, migrated on open. Same semantics as
 * the IDE's test store (both are ./json-store.ts), one namespace per app scope.
 *
 *   const apps = await openAppStore({ dataDir });
 *   const storage = apps.storage('guestbook');   // TStorageCapability for that app
 *   await apps.close();
 */
import { once } from 'node:events';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { TStorageCapability } from '@/blocks/core/executor';
import { DEFAULT_APP_STORAGE_QUOTA, storableTextProblem } from './checks';

export { DEFAULT_APP_STORAGE_QUOTA };
import {
  clearJsonStore,
  createJsonStore,
  describeJsonStore,
  jsonStoreUsage,
  type TStorageQuota,
  type TStoreSummary,
  type TStoreTables,
} from './json-store';
import { appDocument, appKv, appsSchema, appUsage } from './schema';

export const APP_STORE_MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));
/** The folder under a node's data directory that holds the app store. */
export const APP_STORE_DIR = 'apps-db';
const MAX_SCOPE_LENGTH = 200;
/**
 * PostgreSQL's default 128 MB buffer cache lives in PGlite's WebAssembly memory, which never
 * shrinks: it roughly doubled what the node's RSS grew by when its first app stored something
 * (+265 MB against +113 MB with 16 MB, reopening an existing store). Apps' rows are small; 16 MB of
 * cache still holds thousands of pages. Passed at start, not written to postgresql.conf.
 */
const PGLITE_OPTIONS = { startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'] };

const TABLES: TStoreTables = {
  kv: { table: appKv, scope: appKv.app, key: appKv.key, value: appKv.value, updatedAt: appKv.updatedAt },
  documents: {
    table: appDocument,
    scope: appDocument.app,
    id: appDocument.id,
    collection: appDocument.collection,
    data: appDocument.data,
    seq: appDocument.seq,
    createdAt: appDocument.createdAt,
  },
  usage: { table: appUsage, scope: appUsage.app, bytes: appUsage.bytes, rows: appUsage.rows },
};

export interface TAppStore {
  /** The storage capability of one app (its name, or `preview:<id>`). Cheap: make one per run if you like. */
  storage(scope: string): TStorageCapability;
  /** Empties one app's data. */
  clear(scope: string): Promise<{ kvKeys: number; documents: number }>;
  describe(scope: string): Promise<TStoreSummary>;
  /** What one app holds against its quota: bytes of keys and values as stored, keys plus documents. */
  usage(scope: string): Promise<{ bytes: number; rows: number }>;
  close(): Promise<void>;
}

export interface TAppStoreOptions {
  /** The node's data directory; the store lives in `<dataDir>/apps-db`. Undefined: in memory (tests). */
  dataDir?: string;
  /**
   * The most each app scope may hold; a write past it fails with `storage_quota_exceeded` naming
   * the app and the quota, and other apps are not affected. Default DEFAULT_APP_STORAGE_QUOTA.
   */
  quota?: TStorageQuota;
}

/** Creates the store's folder (initdb) in a worker thread, when it does not hold a database yet. */
async function initAppStoreFolder(dir: string): Promise<void> {
  if (existsSync(path.join(dir, 'PG_VERSION'))) return;
  const worker = new Worker(new URL('./initdb-worker.mjs', import.meta.url), {
    workerData: { dir, startParams: PGLITE_OPTIONS.startParams },
    // Nothing of the host process is needed in there: no loader hooks or flags.
    execArgv: [],
  });
  const [code] = await Promise.race([
    once(worker, 'exit') as Promise<[number]>,
    once(worker, 'error').then(([error]: unknown[]) => {
      throw new Error(`the app store could not be created in ${dir}`, { cause: error });
    }),
  ]);
  if (code !== 0) throw new Error(`the app store could not be created in ${dir} (exit code ${code})`);
}

export async function openAppStore(options: TAppStoreOptions): Promise<TAppStore> {
  let client: PGlite;
  if (options.dataDir) {
    const dir = path.join(options.dataDir, APP_STORE_DIR);
    mkdirSync(dir, { recursive: true });
    await initAppStoreFolder(dir);
    client = new PGlite(dir, PGLITE_OPTIONS);
  } else {
    client = new PGlite(PGLITE_OPTIONS);
  }
  const db = drizzle(client, { schema: appsSchema });
  try {
    await migrate(db, { migrationsFolder: APP_STORE_MIGRATIONS });
  } catch (error) {
    await client.close().catch(() => undefined);
    throw error;
  }
  let closed = false;
  const open = (scope: string) => {
    if (closed) throw new Error('The app store is closed.');
    assertScope(scope);
  };
  const quota = options.quota ?? DEFAULT_APP_STORAGE_QUOTA;
  return {
    storage(scope) {
      open(scope);
      return createJsonStore({ db, tables: TABLES, scope, quota });
    },
    async clear(scope) {
      open(scope);
      return clearJsonStore(db, TABLES, scope);
    },
    async describe(scope) {
      open(scope);
      return describeJsonStore(db, TABLES, scope);
    },
    async usage(scope) {
      open(scope);
      return jsonStoreUsage(db, TABLES.usage!, scope);
    },
    async close() {
      if (closed) return;
      closed = true;
      await client.close();
    },
  };
}

function assertScope(scope: string): void {
  if (typeof scope !== 'string' || scope.length === 0 || scope.length > MAX_SCOPE_LENGTH || storableTextProblem(scope)) {
    throw new Error(`"${String(scope).slice(0, 50)}" is not an app scope (1 to ${MAX_SCOPE_LENGTH} characters).`);
  }
}
