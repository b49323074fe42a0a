import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/server/db/client';
import { testContext } from '@/server/testing/context';
import { insertTestUser, testDatabaseTargets } from '@/server/testing/databases';
import type { TTRPCContext } from './init';
import { handleTrpcRequest, TRPC_MAX_BODY_BYTES } from './http';

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
});
