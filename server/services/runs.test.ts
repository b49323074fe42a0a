import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPH_SCHEMA_VERSION, type TGraph } from '@/blocks/core/graph';
import { getSandbox } from '@/runtime/sandbox/sandbox';
import type { Database } from '@/server/db/client';
import { insertTestUser, testDatabaseTargets } from '@/server/testing/databases';
import { createProject, saveGraph, type TServiceContext } from './projects';
import { startTestRun, type TRunDependencies } from './runs';
import { setSecret } from './secrets';
import { describeTestStore } from './test-store';
import { UserLimiter } from './user-limits';

const MASTER_KEY = 'test-master-key-that-is-long-enough-0123456789';
const [pglite] = testDatabaseTargets();

function g(nodes: [string, string, Record<string, unknown>?][], wires: string[]): TGraph {
  return {
    schemaVersion: GRAPH_SCHEMA_VERSION,
    nodes: nodes.map(([id, type, config], i) => ({ id, type, version: 1, position: { x: i * 300, y: 0 }, config: config ?? {} })),
    edges: wires.map((w, i) => {
      const [from, to] = w.split(' -> ') as [string, string];
      const [source, sourcePort] = from.split('.') as [string, string];
      const [target, targetPort] = to.split('.') as [string, string];
      return { id: `e${i}`, source, sourcePort, target, targetPort };
    }),
  };
}

describe('test runs (real executors, sandbox and test store)', () => {
  let database: Database;
  let ctx: TServiceContext;
  let deps: TRunDependencies;
  let server: Server;
  let baseUrl: string;
  const seenHeaders: Record<string, string | undefined>[] = [];

  beforeAll(async () => {
    database = await pglite!.open();
    ctx = { db: database.db, userId: await insertTestUser(database, 'runner') };
    deps = { masterKey: MASTER_KEY, code: getSandbox(), allowPrivateNetwork: true };
    server = createServer((req, res) => {
      seenHeaders.push({ authorization: req.headers.authorization });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify([{ name: 'Ada', token: 'echo-super-secret-token' }]));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await database.close();
  });

  async function projectWith(graph: TGraph, owner: TServiceContext = ctx) {
    const project = await createProject(owner, { name: 'Run test' });
    await saveGraph(owner, { projectId: project.id, baseVersion: project.version, graph });
    return project.id;
  }

  it('runs the guestbook: the form submission is stored in the test store and listed', async () => {
    const projectId = (await createProject(ctx, { name: 'Guestbook', templateId: 'guestbook' })).id;
    for (const name of ['Ada', 'Grace']) {
      const result = await startTestRun(ctx, { projectId, triggerId: 'sign', payload: { name, message: `Hi from ${name}` } }, deps);
      expect(result.ok).toBe(true);
    }
    const result = await startTestRun(ctx, { projectId, triggerId: 'sign', payload: { name: 'Linus', message: 'Third' } }, deps);
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    const entries = result.trace.nodes.find((n) => n.nodeId === 'entries')!;
    expect(entries.status).toBe('ok');
    expect((entries.inputs.rows as { name: string }[]).map((r) => r.name)).toEqual(['Linus', 'Grace', 'Ada']);
    expect(await describeTestStore(database.db, projectId)).toMatchObject({ collections: [{ name: 'entries', documents: 3 }] });
  });

  it('limits the runs of one user at once and in a while (TOO_MANY_REQUESTS, saying why); another user still runs', async () => {
    // Refills too slow to matter while the test runs (one token in 1000 s).
    const limiter = new UserLimiter('test runs', { concurrent: 1, ratePerSecond: 0.001, burst: 2, tableSize: 100 });
    const limited = { ...deps, limiter };
    const projectId = await projectWith(g([['c', 'code', { source: 'return 6 * 7;' }]], []));

    // A second run while the first is under way is refused: counted when called, not after a wait.
    const first = startTestRun(ctx, { projectId }, limited);
    await expect(startTestRun(ctx, { projectId }, limited)).rejects.toMatchObject({
      kind: 'TOO_MANY_REQUESTS',
      message: 'Too many test runs at once: at most 1 each; wait for one to finish.',
    });
    expect(await first).toMatchObject({ ok: true });

    // The burst of 2 is spent by the next run: the third is refused by the rate.
    expect(await startTestRun(ctx, { projectId }, limited)).toMatchObject({ ok: true });
    await expect(startTestRun(ctx, { projectId }, limited)).rejects.toMatchObject({
      kind: 'TOO_MANY_REQUESTS',
      message: expect.stringMatching(/^Too many test runs: at most 0.001 a second \(bursts of 2\)\. Try again in \d+ s\.$/),
    });

    const other = { db: database.db, userId: await insertTestUser(database, 'other-runner') };
    const theirs = await projectWith(g([['c', 'code', { source: 'return 1;' }]], []), other);
    expect(await startTestRun(other, { projectId: theirs }, limited)).toMatchObject({ ok: true });
  });

  it("refuses to run a graph with problems on the run's path, naming the block by its title", async () => {
    const projectId = await projectWith(
      g(
        [
          ['go', 'manual-trigger'],
          ['code-mx8e8kfc2', 'code', { source: 'return (' }],
        ],
        ['go.out -> code-mx8e8kfc2.in'],
      ),
    );
    const result = await startTestRun(ctx, { projectId, triggerId: 'go' }, deps);
    expect(result).toMatchObject({ ok: false, diagnostics: [{ code: 'invalid_code', nodeId: 'code-mx8e8kfc2' }] });
    if (result.ok) return;
    expect(result.diagnostics[0]!.message).toMatch(/^Code: source: /);
    expect(result.diagnostics[0]!.message).not.toContain('mx8e8kfc2');
  });

  it('runs a flow beside a block that is not connected to anything, or belongs to another trigger', async () => {
    const projectId = await projectWith(
      g(
        [
          ['go', 'manual-trigger'],
          ['double', 'expression', { expression: '2 * 21' }],
          ['filter-mx8e8kfc2', 'filter'],
          ['other', 'manual-trigger'],
          ['broken', 'code', { source: 'return (' }],
        ],
        ['go.out -> double.in', 'other.out -> broken.in'],
      ),
    );
    const result = await startTestRun(ctx, { projectId, triggerId: 'go' }, deps);
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    expect(result.trace.nodes.map((n) => [n.nodeId, n.status])).toEqual([
      ['go', 'ok'],
      ['double', 'ok'],
    ]);
    // Run from the other trigger, the broken block is on the path: that run is refused.
    expect(await startTestRun(ctx, { projectId, triggerId: 'other' }, deps)).toMatchObject({
      ok: false,
      diagnostics: [{ code: 'invalid_code', nodeId: 'broken' }],
    });
    // Without a trigger every block runs; the unconnected one is skipped, not an error.
    const everything = await startTestRun(
      ctx,
      {
        projectId: await projectWith(
          g(
            [
              ['go', 'manual-trigger'],
              ['x', 'filter'],
            ],
            [],
          ),
        ),
      },
      deps,
    );
    if (!everything.ok) throw new Error(JSON.stringify(everything.diagnostics));
    expect(everything.trace.nodes.find((n) => n.nodeId === 'x')?.status).toBe('skipped');
  });

  it('stops an endless loop and a memory bomb on their block, and the next run works', async () => {
    const projectId = await projectWith(
      g(
        [
          ['loop', 'code', { source: 'while (true) {}', timeoutMs: 200 }],
          ['bomb', 'code', { source: "const a = []; while (true) a.push('x'.repeat(1e6));" }],
          ['escape', 'code', { source: "return typeof process + ' ' + typeof require + ' ' + (function () { return typeof this; })();" }],
        ],
        [],
      ),
    );
    const result = await startTestRun(ctx, { projectId }, deps);
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    const node = (id: string) => result.trace.nodes.find((n) => n.nodeId === id)!;
    expect(node('loop')).toMatchObject({
      status: 'error',
      diagnostics: [{ path: 'config.source', message: expect.stringMatching(/longer than 200 ms/) }],
    });
    expect(node('bomb')).toMatchObject({ status: 'error', diagnostics: [{ message: expect.stringMatching(/more than 32 MB/) }] });
    expect(node('escape')).toMatchObject({ status: 'ok', outputs: { out: 'undefined undefined undefined' } });

    const next = await startTestRun(ctx, { projectId: await projectWith(g([['c', 'code', { source: 'return 6 * 7;' }]], [])) }, deps);
    expect(next).toMatchObject({ ok: true, trace: { nodes: [{ status: 'ok', outputs: { out: 42 } }] } });
  });

  it('uses a secret in a request header and keeps it out of the trace', async () => {
    const projectId = await projectWith(
      g(
        [
          ['start', 'manual-trigger'],
          [
            'fetch',
            'http-request',
            { method: 'GET', url: `${baseUrl}/data`, headers: [{ name: 'Authorization', value: 'Bearer {{secret.API_TOKEN}}' }] },
          ],
        ],
        ['start.out -> fetch.in'],
      ),
    );
    await setSecret(ctx, { projectId, name: 'API_TOKEN', value: 'echo-super-secret-token' }, MASTER_KEY);
    const result = await startTestRun(ctx, { projectId, triggerId: 'start' }, deps);
    if (!result.ok) throw new Error(JSON.stringify(result.diagnostics));
    expect(seenHeaders.at(-1)).toEqual({ authorization: 'Bearer echo-super-secret-token' });
    const fetchTrace = result.trace.nodes.find((n) => n.nodeId === 'fetch')!;
    expect(fetchTrace.status).toBe('ok');
    expect(JSON.stringify(result.trace)).not.toContain('echo-super-secret-token');
    expect(fetchTrace.outputs.out).toEqual([{ name: 'Ada', token: '[secret]' }]);
  });

  it('runs one block alone with its upstream output pinned', async () => {
    const projectId = await projectWith(
      g(
        [
          ['c', 'constant', { value: 1 }],
          ['x', 'expression', { expression: 'input * 10' }],
        ],
        ['c.out -> x.in'],
      ),
    );
    const result = await startTestRun(ctx, { projectId, onlyNodeId: 'x', pinned: { c: { out: 7 } } }, deps);
    expect(result).toMatchObject({
      ok: true,
      trace: {
        nodes: [
          { nodeId: 'c', outputs: { out: 7 } },
          { nodeId: 'x', outputs: { out: 70 } },
        ],
      },
    });
    const missing = await startTestRun(ctx, { projectId, onlyNodeId: 'x' }, deps);
    expect(missing).toMatchObject({
      ok: false,
      diagnostics: [{ code: 'cannot_plan', message: expect.stringContaining('Run the whole flow once first') }],
    });
  });
});
