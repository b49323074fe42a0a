import { eq } from 'drizzle-orm';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { userKey } from '@/prisma/schema';
import { ensureSigningKey } from '@/server/services/signing-keys';
import type { Database } from '@/server/db/client';
import { testContext } from '@/server/testing/context';
import { insertTestUser, testDatabaseTargets } from '@/server/testing/databases';
import type { TTRPCContext } from './init';
import { handleTrpcRequest, TRPC_MAX_BODY_BYTES } from './http';
import { createCaller } from './root';

const [pglite] = testDatabaseTargets();

describe('tRPC over HTTP', () => {
  let database: Database;
  let context: TTRPCContext;

  beforeAll(async () => {
    database = await pglite!.open();
    context = testContext(database.db, { id: await insertTestUser(database, 'http'), name: 'H', email: 'h@example.test' });
  });
  afterAll(async () => {
    await database.close();
  });

  const post = (path: string, body: string) =>
    handleTrpcRequest(
      new Request(`http://localhost/api/trpc/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      }),
      async () => context,
    );

  interface TErrorBody {
    error: { json: { message: string; data: { diagnostics: { path?: string; message: string }[]; stack?: string } } };
  }

  it('refuses an oversized body with 413 before parsing it', async () => {
    const res = await post('projects.create', 'x'.repeat(TRPC_MAX_BODY_BYTES + 1));
    expect(res.status).toBe(413);
    expect(await res.text()).toMatch(/larger than the 6 MB limit/);
  });

  it('names the bad field in a 400 and never sends a stack trace', async () => {
    const res = await post('projects.create', JSON.stringify(superjson.serialize({ name: 42 })));
    expect(res.status).toBe(400);
    const body = (await res.json()) as TErrorBody;
    expect(body.error.json.data.diagnostics[0]).toMatchObject({ path: 'name' });
    expect(JSON.stringify(body)).not.toMatch(/\bat .+\.(ts|js):\d+/);
    expect(body.error.json.data.stack).toBeUndefined();
  });

  it('answers malformed JSON with a 400', async () => {
    const res = await post('projects.create', '{"json": ');
    expect(res.status).toBe(400);
  });

  it('gives import problems as diagnostics naming node and field', async () => {
    const file = {
      format: 'poseidon.project',
      formatVersion: 1,
      exportedAt: new Date().toISOString(),
      project: {
        name: 'Bad',
        graph: {
          schemaVersion: 1,
          nodes: [{ id: 'n1', type: 'note', version: 1, position: { x: 'left', y: 0 }, config: {} }],
          edges: [],
        },
      },
    };
    const res = await post('projects.import', JSON.stringify(superjson.serialize({ text: JSON.stringify(file) })));
    expect(res.status).toBe(400);
    const body = (await res.json()) as TErrorBody;
    expect(body.error.json.message).toMatch(/not imported: 1 problem/);
    expect(body.error.json.data.diagnostics[0]).toMatchObject({ nodeId: 'n1', path: 'project.graph.nodes[0].position.x' });
  });

  it('streams a deploy that fails inside as a safe Diagnostic, and logs the detail on the server only', async () => {
    const project = await createCaller(context).projects.create({ name: 'Broken key', templateId: 'guestbook' });
    // A signing key that no longer opens: signing throws deep inside the deploy.
    await ensureSigningKey(database.db, context.user!.id, context.masterKey);
    await database.db.update(userKey).set({ sealedPrivateKey: 'v1.AAAA.AAAA' }).where(eq(userKey.userId, context.user!.id));
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const res = await handleTrpcRequest(
        new Request('http://localhost/api/trpc/deploy.start?batch=1', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'trpc-accept': 'application/jsonl' },
          body: JSON.stringify({ 0: superjson.serialize({ projectId: project.id, appName: 'broken-key' }) }),
        }),
        async () => context,
      );
      const text = await res.text();
      expect(text).toContain('deploy_failed');
      expect(text).toContain('problem on the server');
      expect(text).not.toMatch(/signing key|could not be opened|\.ts:\d+/);
      expect(String(logged.mock.calls.flat().map(String))).toMatch(/could not be opened/);
    } finally {
      logged.mockRestore();
    }
  });
});
