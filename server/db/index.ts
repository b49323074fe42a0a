/**
 * The server's one database, opened on first use from the validated configuration. Kept on
 * globalThis because Next.js may load this module more than once in a process.
 */
import 'server-only';
import path from 'node:path';
import { getEnv } from '@/server/env';
import { openDatabase, type Database, type Db } from './client';

export type { Db } from './client';

const globalForDb = globalThis as unknown as { poseidonDatabase?: Promise<Database> };

export function getDatabase(): Promise<Database> {
  if (!globalForDb.poseidonDatabase) {
    const env = getEnv();
    globalForDb.poseidonDatabase = openDatabase(
      env.DATABASE_URL ? { kind: 'postgres', url: env.DATABASE_URL } : { kind: 'pglite', dataDir: path.join(env.dataDir, 'pglite') },
    ).catch((error: unknown) => {
      globalForDb.poseidonDatabase = undefined;
      throw error;
    });
  }
  return globalForDb.poseidonDatabase;
}

export async function getDb(): Promise<Db> {
  return (await getDatabase()).db;
}
