/**
 * A page of another origin (or an app on the node, which is the same site) can make the browser
 * send a GET, or a form POST, to /api/trpc with the user's cookie. Neither may change anything:
 * every procedure served over GET (queries; subscriptions would be too) must leave the database
 * as it was, and a deploy only starts from a JSON POST.
 */
import { sql } from 'drizzle-orm';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createControlClient } from '@/runtime/protocol/control-client';
import type { Database } from '@/server/db/client';
import { testContext } from '@/server/testing/context';
import { insertTestUser, testDatabaseTargets } from '@/server/testing/databases';
import { handleTrpcRequest } from './http';
import type { TTRPCContext } from './init';
import { appRouter, createCaller } from './root';

const [pglite] = testDatabaseTargets();

describe('requests another site can make the browser send', () => {
  let database: Database;
  let context: TTRPCContext;
  let projectId: string;
  /** How often a procedure asked for a node client: a deploy, preview or status would. */
  let nodeClients = 0;

  beforeAll(async () => {
    database = await pglite!.open();
    const user = { id: await insertTestUser(database, 'victim'), name: 'V', email: 'v@example.test' };
    const base = testContext(database.db, user);
    context = {
      ...base,
      daios: {
        ...base.daios,
        client: () => {
          nodeClients++;
          return createControlClient({ url: 'http://127.0.0.1:9', token: 'not-a-real-token', timeoutMs: 1000 });
        },
      },
    };
    projectId = (await createCaller(context).projects.create({ name: 'Draft', templateId: 'guestbook' })).id;
  });
  afterAll(async () => {
    await database.close();
  });

  /** Every row of every table, as text: equal snapshots mean nothing changed. */
  async function snapshot(): Promise<string> {
    // PGlite and node-postgres both answer with `rows`.
    const rowsOf = async <T>(query: ReturnType<typeof sql.raw>) => ((await database.db.execute(query)) as unknown as { rows: T[] }).rows;
    const tables = await rowsOf<{ table_name: string }>(
      sql.raw(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`),
    );
    const parts: string[] = [];
    for (const { table_name: name } of tables) {
      const [row] = await rowsOf<{ all: string | null }>(
        sql.raw(`SELECT string_agg(t::text, '\n' ORDER BY t::text) AS all FROM "${name}" t`),
      );
      parts.push(`${name}: ${row?.all ?? ''}`);
    }
    return parts.join('\n');
  }

  const get = (path: string, input: unknown) =>
    handleTrpcRequest(
      new Request(`http://localhost/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify(superjson.serialize(input)))}`, {
        headers: { origin: 'http://localhost:4100', 'sec-fetch-site': 'same-site' },
      }),
      async () => context,
    );

  it('a GET of deploy.start (once a subscription) is refused and deploys nothing', async () => {
    const before = await snapshot();
    const res = await get('deploy.start', { projectId, appName: 'stolen-draft' });
    expect(res.status).toBe(405);
    await res.text();
    expect(nodeClients).toBe(0);
    expect(await snapshot()).toBe(before);
  });

  it('a cross-site form POST (no JSON content type) is refused before any procedure runs', async () => {
    const before = await snapshot();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const res = await handleTrpcRequest(
        new Request('http://localhost/api/trpc/deploy.start', {
          method: 'POST',
          headers: { 'content-type': type, origin: 'http://localhost:4100' },
          body: JSON.stringify(superjson.serialize({ projectId, appName: 'stolen-draft' })),
        }),
        async () => context,
      );
      expect(res.status).toBe(415);
      await res.text();
    }
    expect(nodeClients).toBe(0);
    expect(await snapshot()).toBe(before);
  });

  it('no procedure is a subscription, and every query served over GET changes nothing', async () => {
    const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, { _def: { type: string } }>);
    expect(procedures.filter(([, p]) => p._def.type === 'subscription').map(([path]) => path)).toEqual([]);
    const queries = procedures.filter(([, p]) => p._def.type === 'query').map(([path]) => path);
    expect(queries.length).toBeGreaterThan(5);
    const before = await snapshot();
    for (const path of queries) {
      const res = await get(path, { projectId });
      // Each answers (some with a refusal for this input); none leaves a trace.
      expect(res.status, path).toBeLessThan(500);
      await res.text();
      expect(await snapshot(), `${path} changed the database`).toBe(before);
    }
  });
});
