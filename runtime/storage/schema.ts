/**
 * The database schema of a DAIOS node's app store (drizzle pg-core, PGlite under
 * `<dataDir>/apps-db`): what deployed apps keep between runs through the storage capability.
 * One namespace per app, keyed by the app's scope (its name, or `preview:<id>` for a private
 * preview). Separate from the IDE's schema (prisma/schema.ts): a node has no users or projects.
 * Migrations: runtime/storage/migrations, generated with
 * `npx drizzle-kit generate --config runtime/storage/drizzle.config.ts`.
 */
import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { TJson } from '@/blocks/core/executor';

/** The key-value half: one row per (app, key). */
export const appKv = pgTable(
  'app_kv',
  {
    app: text('app').notNull(),
    key: text('key').notNull(),
    value: jsonb('value').$type<TJson>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.app, t.key] })],
);

/** Named collections of JSON objects, per app. */
export const appDocument = pgTable(
  'app_document',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    app: text('app').notNull(),
    collection: text('collection').notNull(),
    data: jsonb('data').$type<{ [key: string]: TJson }>().notNull(),
    /** Insertion order: the default order of a query, and the tie-break of a sorted one. */
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('app_document_app_collection_seq_idx').on(t.app, t.collection, t.seq)],
);

/**
 * What each app holds, kept up to date in the same transaction as every write (see the quota in
 * json-store.ts): one row per app, so checking a quota never scans the app's data. Bytes are the
 * keys' and values' text as PostgreSQL stores it (`jsonb::text`); rows are keys plus documents.
 */
export const appUsage = pgTable('app_usage', {
  app: text('app').primaryKey(),
  bytes: bigint('bytes', { mode: 'number' }).notNull().default(0),
  rows: bigint('rows', { mode: 'number' }).notNull().default(0),
});

export const appsSchema = { appKv, appDocument, appUsage };
