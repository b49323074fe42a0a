/**
 * The one database schema (drizzle pg-core). It serves both the embedded PGlite database and
 * PostgreSQL; the folder is called prisma/ by convention of the layout, not because of Prisma.
 *
 * Auth tables follow better-auth's core model (user, session, account, verification) so its
 * drizzle adapter can use them as they are.
 */
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { TJson } from '@/blocks/core/executor';
import type { TGraph, TGraphSummary } from '@/blocks/core/graph';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const user = pgTable('user', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  emailVerified: boolean('email_verified').notNull().default(false),
  image: text('image'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const session = pgTable(
  'session',
  {
    id: text('id').primaryKey(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    token: text('token').notNull().unique(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
  },
  (t) => [index('session_user_id_idx').on(t.userId)],
);

export const account = pgTable(
  'account',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id').notNull(),
    providerId: text('provider_id').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    accessToken: text('access_token'),
    refreshToken: text('refresh_token'),
    idToken: text('id_token'),
    accessTokenExpiresAt: timestamp('access_token_expires_at', { withTimezone: true }),
    refreshTokenExpiresAt: timestamp('refresh_token_expires_at', { withTimezone: true }),
    scope: text('scope'),
    password: text('password'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('account_user_id_idx').on(t.userId)],
);

export const verification = pgTable(
  'verification',
  {
    id: text('id').primaryKey(),
    identifier: text('identifier').notNull(),
    value: text('value').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('verification_identifier_idx').on(t.identifier)],
);

/**
 * Fixed-window counters for sign-in throttling, keyed by account email. Kept in the database
 * (not memory) so the limit holds across restarts and across several IDE server processes.
 */
export const authThrottle = pgTable('auth_throttle', {
  key: text('key').primaryKey(),
  count: integer('count').notNull(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
});

export const project = pgTable(
  'project',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: text('owner_id')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    graph: jsonb('graph').$type<TGraph>().notNull(),
    /** Derived from the graph on every save, so the dashboard never loads whole graphs. */
    summary: jsonb('summary').$type<TGraphSummary>().notNull(),
    /** Bumped on every graph save; a save names the version it was based on (optimistic locking). */
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('project_owner_updated_idx').on(t.ownerId, t.updatedAt)],
);

/** Named snapshots of a project's graph ("Save version"). */
export const projectVersion = pgTable(
  'project_version',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => project.id, { onDelete: 'cascade' }),
    label: text('label').notNull(),
    graph: jsonb('graph').$type<TGraph>().notNull(),
    /** The project version the snapshot was taken from. */
    projectVersion: integer('project_version').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('project_version_project_idx').on(t.projectId, t.createdAt)],
);

export const schema = { user, session, account, verification, authThrottle, project, projectVersion };

/**
 * The test store's key-value half: what blocks' storage capability reads and writes during test
 * runs in the IDE (server/services/test-store.ts). One namespace per project.
 */
export const testKv = pgTable(
  'test_kv',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => project.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    value: jsonb('value').$type<TJson>().notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.key] })],
);

/** The test store's documents: named collections of JSON objects, per project. */
export const testDocument = pgTable(
  'test_document',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => project.id, { onDelete: 'cascade' }),
    collection: text('collection').notNull(),
    data: jsonb('data').$type<{ [key: string]: TJson }>().notNull(),
    /** Insertion order: the default order of a query, and the tie-break of a sorted one. */
    seq: bigint('seq', { mode: 'number' }).notNull().generatedAlwaysAsIdentity(),
    createdAt: createdAt(),
  },
  (t) => [index('test_document_project_collection_seq_idx').on(t.projectId, t.collection, t.seq)],
);

/**
 * Per-project secrets (API keys, tokens), encrypted at rest with AES-256-GCM; the format and the
 * key derivation live in server/services/secrets.ts. The value never leaves the server in clear
 * except to the runs that use it.
 */
export const projectSecret = pgTable(
  'project_secret',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => project.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** `v1:<iv b64>:<tag b64>:<ciphertext b64>` */
    ciphertext: text('ciphertext').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.projectId, t.name] })],
);

/**
 * Each user's signing key pair (an EVM account): it signs the bundles and name records the user
 * publishes. The private key is sealed with the server's master secret and never leaves the
 * server except to its owner's explicit export.
 */
export const userKey = pgTable('user_key', {
  userId: text('user_id')
    .primaryKey()
    .references(() => user.id, { onDelete: 'cascade' }),
  address: text('address').notNull(),
  sealedPrivateKey: text('sealed_private_key').notNull(),
  createdAt: createdAt(),
});

/**
 * Each deployment of a project: which bundle (CID) went live under which app name, by whom. A
 * rollback is a new deployment pointing at an earlier CID. `seq` is the name record's sequence.
 */
export const deployment = pgTable(
  'deployment',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => project.id, { onDelete: 'cascade' }),
    appName: text('app_name').notNull(),
    seq: integer('seq').notNull(),
    cid: text('cid').notNull(),
    /** The project version that was compiled. */
    projectVersion: integer('project_version').notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => user.id, { onDelete: 'cascade' }),
    /** Set when this deployment restored an earlier one. */
    rollbackOf: uuid('rollback_of'),
    createdAt: createdAt(),
    /** Set on the live deployment when its owner took the app offline (nothing of it is live since). */
    offlineAt: timestamp('offline_at', { withTimezone: true }),
  },
  (t) => [index('deployment_project_idx').on(t.projectId, t.createdAt), uniqueIndex('deployment_app_seq_idx').on(t.appName, t.seq)],
);
