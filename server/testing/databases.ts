/**
 * The databases the data-layer tests run on: embedded PGlite always, and the machine's PostgreSQL
 * when TEST_DATABASE_URL is set (CI sets it; see .ci/run). Each opened PostgreSQL database is a
 * fresh one created for the caller and dropped on close, so test files never share state.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '@/server/db/client';
import { user } from '@/prisma/schema';

export interface TTestDatabaseTarget {
  name: 'pglite' | 'postgres';
  open(): Promise<Database>;
}

export function testDatabaseTargets(): TTestDatabaseTarget[] {
  const targets: TTestDatabaseTarget[] = [{ name: 'pglite', open: () => openDatabase({ kind: 'pglite' }) }];
  const url = process.env.TEST_DATABASE_URL;
  if (url) targets.push({ name: 'postgres', open: () => openFreshPostgres(url) });
  else if (process.env.CI) throw new Error('CI must set TEST_DATABASE_URL to run the PostgreSQL suite');
  return targets;
}

async function openFreshPostgres(adminUrl: string): Promise<Database> {
  const name = `poseidon_t_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString() });
  return {
    ...database,
    async close() {
      await database.close();
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

/** Inserts a user row directly (tests of the data layer need owners, not the sign-up flow). */
export async function insertTestUser(database: Database, label: string): Promise<string> {
  const id = `${label}-${randomUUID()}`;
  await database.db.insert(user).values({ id, name: label, email: `${id}@example.test` });
  return id;
}
