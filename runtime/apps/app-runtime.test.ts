import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppStore, type TAppStore } from '@/runtime/storage/app-store';
import { createSandbox, type Sandbox } from '@/runtime/sandbox/sandbox';
import { createAppRuntime, type TAppRuntime } from './app-runtime';
import { AppRuntimeError } from './errors';
import { loadApp, type TLoadedApp } from './load';
import { bundleOf, codeEndpointGraph, graphOf, guestbookGraph } from './testing/apps';

async function refusal(work: Promise<unknown>): Promise<AppRuntimeError> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppRuntimeError);
  return error as AppRuntimeError;
}

describe('app runtime', () => {
  let sandbox: Sandbox;
  let store: TAppStore;
  let runtime: TAppRuntime;
  let guestbook: TLoadedApp;

  beforeAll(async () => {
    sandbox = await createSandbox({ workers: 2 });
    store = await openAppStore({});
    runtime = createAppRuntime({ storage: (scope) => store.storage(scope), code: sandbox });
    guestbook = loadApp(await bundleOf(guestbookGraph(), 'guestbook'));
  });
  afterAll(async () => {
    await store.close();
    await sandbox.close();
  });

  it('runs the guestbook: a signature is stored and listed, newest first', async () => {
    expect((await runtime.loadPage(guestbook)).page.entries).toMatchObject({ type: 'table', status: 'ok', inputs: { rows: [] } });

    const first = await runtime.run(guestbook, 'sign', { name: 'Ada', message: 'Hello' });
    expect(first.trace.status).toBe('ok');
    expect(first.page.entries?.inputs.rows).toMatchObject([{ name: 'Ada', message: 'Hello' }]);
    expect(first.page.sign).toMatchObject({ type: 'form', status: 'ok', outputs: { submitted: { name: 'Ada', message: 'Hello' } } });
    await runtime.run(guestbook, 'sign', { name: 'Bob', message: 'Hi' });

    const loaded = await runtime.loadPage(guestbook);
    expect((loaded.page.entries?.inputs.rows as { name: string }[]).map((r) => r.name)).toEqual(['Bob', 'Ada']);
    expect(loaded.trace?.nodes.map((n) => n.nodeId)).toEqual(['list', 'entries']);
    // Fresh for a second: the same result without a run.
    expect(await runtime.loadPage(guestbook)).toBe(loaded);
    expect(await store.describe('guestbook')).toEqual({ kvKeys: 0, collections: [{ name: 'entries', documents: 2 }] });
  });

  it('refuses a bad submission, naming the field, without running', async () => {
    const before = runtime.stats('guestbook').runs.ok;
    const error = await refusal(runtime.run(guestbook, 'sign', { name: '  ', message: 'x'.repeat(10_001) }));
    expect(error.status).toBe(400);
    expect(error.code).toBe('invalid_submission');
    expect(error.details.field).toBe('name');
    expect(error.details.fields?.map((f) => f.field)).toEqual(['name', 'message']);
    expect(error.message).toMatch(/Your name: is required/);
    expect(runtime.stats('guestbook').runs.ok).toBe(before);
    expect(runtime.stats('guestbook').refused.invalid_submission).toBe(1);
    expect((await refusal(runtime.run(guestbook, 'nope', {}))).status).toBe(404);
  });

  it('answers an HTTP trigger with the last output of its plan', async () => {
    const app = loadApp(await bundleOf(codeEndpointGraph('return { ok: true, n: input.n + 1 };'), 'adder'));
    const result = await runtime.run(app, 'endpoint', { n: 41 });
    expect(result.response).toEqual({ ok: true, n: 42 });
    expect(result.log).toMatchObject({ trigger: 'endpoint', kind: 'http', status: 'ok' });
    const bad = await refusal(runtime.run(app, 'endpoint', { n: 'many' }));
    expect(bad).toMatchObject({ status: 400, code: 'invalid_request', details: { field: 'n' } });
    const big = await refusal(runtime.run(app, 'endpoint', { n: 1, pad: 'x'.repeat(300 * 1024) }));
    expect(big.status).toBe(413);
  });

  it('keeps a preview apart from the live app of the same name', async () => {
    await runtime.run(guestbook, 'sign', { name: 'Draft', message: 'only in the preview' }, { scope: 'preview:p1' });
    const preview = await runtime.loadPage(guestbook, { scope: 'preview:p1' });
    expect((preview.page.entries?.inputs.rows as { name: string }[]).map((r) => r.name)).toEqual(['Draft']);
    const live = await runtime.loadPage(guestbook);
    expect((live.page.entries?.inputs.rows as { name: string }[]).map((r) => r.name)).not.toContain('Draft');
    expect(runtime.logs('preview:p1').map((l) => l.kind)).toEqual(['load', 'form']);
  });

  it('logs each run with its failing block, in a bounded ring', async () => {
    const small = createAppRuntime({ storage: (scope) => store.storage(scope), code: sandbox, limits: { logSize: 3 } });
    const app = loadApp(await bundleOf(codeEndpointGraph('if (input.n < 0) throw new Error("negative"); return input.n;'), 'logger'));
    for (const n of [1, -1, 2, 3]) await small.run(app, 'endpoint', { n });
    const logs = small.logs('logger');
    expect(logs.map((l) => l.status)).toEqual(['ok', 'ok', 'error']);
    expect(logs[2]?.failed).toMatchObject({ nodeId: 'work', message: expect.stringMatching(/negative/) });
    expect(logs[0]?.at).toMatch(/^\d{4}-/);
    expect(small.stats('logger')).toMatchObject({ requests: 4, runs: { ok: 3, error: 1, load: 0 }, running: 0 });
    expect(small.traces('logger')).toHaveLength(4);
  });

  it("builds an app's storage only for runs that use it, once per run", async () => {
    const built: string[] = [];
    const counting = createAppRuntime({
      storage: (scope) => {
        built.push(scope);
        return store.storage(scope);
      },
      code: sandbox,
    });
    const adder = loadApp(await bundleOf(codeEndpointGraph('return { n: input.n + 1 };'), 'lazy-adder'));
    expect((await counting.run(adder, 'endpoint', { n: 1 })).response).toEqual({ n: 2 });
    expect(built).toEqual([]);
    // The guestbook inserts then lists: two blocks with storage, one storage for the run.
    expect((await counting.run(guestbook, 'sign', { name: 'Lazy', message: 'once' }, { scope: 'lazy-guestbook' })).trace.status).toBe('ok');
    expect(built).toEqual(['lazy-guestbook']);
  });

  it('limits the rate per app with a token bucket (429 with the time to wait)', async () => {
    let clock = 0;
    const limited = createAppRuntime({
      storage: (scope) => store.storage(scope),
      code: sandbox,
      now: () => clock,
      limits: { ratePerSecond: 2, burst: 3 },
    });
    const app = loadApp(await bundleOf(codeEndpointGraph('return input.n;'), 'limited'));
    const other = loadApp(await bundleOf(codeEndpointGraph('return input.n;'), 'unlimited'));
    for (let i = 0; i < 3; i++) await limited.run(app, 'endpoint', { n: i });
    const error = await refusal(limited.run(app, 'endpoint', { n: 9 }));
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', details: { retryAfterMs: 500 } });
    expect(error.message).toMatch(/at most 2 runs a second/);
    // Another app has its own bucket.
    expect((await limited.run(other, 'endpoint', { n: 1 })).response).toBe(1);
    clock += 500;
    expect((await limited.run(app, 'endpoint', { n: 5 })).response).toBe(5);
    expect(limited.stats('limited').refused.rate_limited).toBe(1);
  });

  it('stops a looping block at the block limit and a slow run at the run limit', async () => {
    const limited = createAppRuntime({ storage: (scope) => store.storage(scope), code: sandbox, limits: { blockMs: 300, runMs: 500 } });
    const loop = loadApp(await bundleOf(codeEndpointGraph('while (true) {}', { timeoutMs: 10_000 }), 'looper'));
    const started = performance.now();
    const looped = await limited.run(loop, 'endpoint', { n: 1 });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(looped.log.failed?.message).toMatch(/ran longer than 300 ms|took longer than 300 ms/);

    const slow = loadApp(
      await bundleOf(
        graphOf(
          [
            { id: 'endpoint', type: 'http-trigger', config: { path: 'slow', fields: [] } },
            { id: 'a', type: 'code', config: { source: 'const t = Date.now(); while (Date.now() - t < 250) {} return 1;' } },
            { id: 'b', type: 'code', config: { source: 'const t = Date.now(); while (Date.now() - t < 250) {} return 2;' } },
            { id: 'c', type: 'code', config: { source: 'return 3;' } },
          ],
          ['endpoint.out -> a.in', 'a.out -> b.in', 'b.out -> c.in'],
        ),
        'slow',
      ),
    );
    const result = await limited.run(slow, 'endpoint', {});
    expect(result.trace.status).toBe('error');
    const failed = result.trace.nodes.find((n) => n.status === 'error');
    expect(failed?.nodeId).toBe('b');
    expect(failed?.diagnostics[0]?.message).toMatch(/ran longer than|took longer than 500 ms/);
    expect(result.trace.nodes.find((n) => n.nodeId === 'c')?.status).toBe('skipped');
  });
});

describe('app runtime on disk', () => {
  let dataDir: string;
  let sandbox: Sandbox;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'poseidon-runtime-'));
    sandbox = await createSandbox({ workers: 1 });
  });
  afterAll(async () => {
    await sandbox.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps an app’s data across a restart of the runtime and its store', async () => {
    const bundle = await bundleOf(guestbookGraph(), 'guestbook');
    const first = await openAppStore({ dataDir });
    await createAppRuntime({ storage: (s) => first.storage(s), code: sandbox }).run(loadApp(bundle), 'sign', {
      name: 'Ada',
      message: 'Persist me',
    });
    await first.close();

    const second = await openAppStore({ dataDir });
    try {
      const runtime: TAppRuntime = createAppRuntime({ storage: (s) => second.storage(s), code: sandbox });
      const { page } = await runtime.loadPage(loadApp(bundle));
      expect(page.entries?.inputs.rows).toMatchObject([{ name: 'Ada', message: 'Persist me' }]);
    } finally {
      await second.close();
    }
  });
});
