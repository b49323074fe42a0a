import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TJson, TSandboxLimits } from '@/blocks/core/executor';
import { openAppStore, type TAppStore } from '@/runtime/storage/app-store';
import { createSandbox, type Sandbox, type TLane, type TSharedCode } from '@/runtime/sandbox/sandbox';
import { CODE_PIPELINE, createAppRuntime, type TAppRuntime } from './app-runtime';
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

  it("opens the storage before an app that stores starts its run's clock; an app that stores nothing never waits for it", async () => {
    // A clock the test drives: opening the store takes "a minute" of it, far past the run limit.
    let clock = 0;
    const opened: string[] = [];
    const slowOpen = createAppRuntime({
      storage: (scope) => store.storage(scope),
      code: sandbox,
      now: () => clock,
      limits: { runMs: 5_000, blockMs: 5_000 },
      prepareStorage: async () => {
        opened.push('open');
        clock += 60_000;
      },
    });
    const signed = await slowOpen.run(guestbook, 'sign', { name: 'Eve', message: 'first visitor' });
    expect(signed.trace.status).toBe('ok');
    expect(opened).toEqual(['open']);

    const stateless = loadApp(await bundleOf(codeEndpointGraph('return { n: input.n + 1 };'), 'stateless'));
    expect((await slowOpen.run(stateless, 'endpoint', { n: 1 })).response).toEqual({ n: 2 });
    expect(opened).toEqual(['open']);
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
    // The size as received, when the caller knows it (a request body), is what the limit checks.
    const sent = await refusal(runtime.run(app, 'endpoint', { n: 1 }, { bytes: 300 * 1024 }));
    expect(sent).toMatchObject({ status: 413, code: 'too_large' });
    expect((await runtime.run(app, 'endpoint', { n: 1 }, { bytes: 7 })).response).toEqual({ ok: true, n: 2 });
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

  it('stops a looping block at the block limit', async () => {
    const limited = createAppRuntime({ storage: (scope) => store.storage(scope), code: sandbox, limits: { blockMs: 300, runMs: 500 } });
    const loop = loadApp(await bundleOf(codeEndpointGraph('while (true) {}', { timeoutMs: 10_000 }), 'looper'));
    const started = performance.now();
    const looped = await limited.run(loop, 'endpoint', { n: 1 });
    // Stopped by the app's block limit, not by the block's own 10 s.
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(looped.log.failed?.message).toMatch(/ran longer than 300 ms|took longer than 300 ms/);
  });

  it('stops a run at the run limit: the block running then is stopped by the deadline', async () => {
    // No margin to hit: the block limit (10 s) is far above the run limit (1.5 s) and `b` loops
    // until stopped (the former test busy-waited 250 ms per block against a 300 ms block limit,
    // which a loaded machine overran).
    const budgeted = createAppRuntime({
      storage: (scope) => store.storage(scope),
      code: sandbox,
      limits: { blockMs: 10_000, runMs: 1500 },
    });
    const slow = loadApp(
      await bundleOf(
        graphOf(
          [
            { id: 'endpoint', type: 'http-trigger', config: { path: 'slow', fields: [] } },
            { id: 'a', type: 'code', config: { source: 'return 1;', timeoutMs: 10_000 } },
            { id: 'b', type: 'code', config: { source: 'while (true) {}', timeoutMs: 10_000 } },
            { id: 'c', type: 'code', config: { source: 'return 3;' } },
          ],
          ['endpoint.out -> a.in', 'a.out -> b.in', 'b.out -> c.in'],
        ),
        'slow',
      ),
    );
    const result = await budgeted.run(slow, 'endpoint', {});
    expect(result.trace.status).toBe('error');
    const failed = result.trace.nodes.find((n) => n.status === 'error');
    expect(failed?.nodeId).toBe('b');
    const message = failed?.diagnostics[0]?.message;
    expect(message).toMatch(/ran longer than|took longer than 1500 ms|its run's time was up/);
    // The run's deadline stopped it, not the 10 s block limit.
    expect(message).not.toMatch(/10000 ms/);
    expect(result.trace.nodes.find((n) => n.nodeId === 'c')?.status).toBe('skipped');
  });
});

describe("app runtime: an app's sandbox calls in its lane", () => {
  let sandbox: Sandbox;
  let store: TAppStore;

  beforeAll(async () => {
    sandbox = await createSandbox({ workers: 2 });
    store = await openAppStore({});
  });
  afterAll(async () => {
    await store.close();
    await sandbox.close();
  });

  it("pipelines a looping app's calls onto its one worker: another app is served meanwhile", async () => {
    const runtime = createAppRuntime({
      storage: (scope) => store.storage(scope),
      code: sandbox,
      limits: { concurrentCode: 1, blockMs: 1000, runMs: 2000 },
    });
    const looper = loadApp(await bundleOf(codeEndpointGraph('while (true) {}', { timeoutMs: 10_000 }), 'lane-looper'));
    const adder = loadApp(await bundleOf(codeEndpointGraph('return { n: input.n + 1 };'), 'lane-adder'));
    const settled: string[] = [];
    const loops = Array.from({ length: CODE_PIPELINE }, () =>
      runtime.run(looper, 'endpoint', { n: 1 }).then((result) => {
        settled.push('looper');
        return result;
      }),
    );
    expect((await runtime.run(adder, 'endpoint', { n: 1 })).response).toEqual({ n: 2 });
    settled.push('adder');
    // Pool figures as of now (the answer itself waits for the looping worker): more of the
    // looper's calls are in the sandbox than it may hold workers (the Gate alone would let one
    // in), pipelined onto its one worker since the adder's call found the other one free.
    const during = sandbox.stats();
    const looped = await Promise.all(loops);
    expect(settled).toEqual(['adder', ...looped.map(() => 'looper')]);
    for (const result of looped) {
      expect(result.trace.status).toBe('error');
      expect(result.log.failed).toMatchObject({ nodeId: 'work', message: expect.stringMatching(/longer than 1000 ms/) });
    }
    const stats = await during;
    expect(stats.busy).toBeGreaterThan(1);
    expect(stats.busy).toBeLessThanOrEqual(CODE_PIPELINE);
    expect(stats.queued).toBe(0);
    // The looper's calls still pipelined when its runs ended are over by its runs' deadline.
    expect(await sandbox.stats()).toMatchObject({ busy: 0, queued: 0, workersReplaced: 0, backstops: 0 });
    expect(runtime.stats('lane-looper')).toMatchObject({ runs: { ok: 0, error: CODE_PIPELINE }, running: 0 });
  });

  it('runs pipelined on one worker each get their own answer', async () => {
    const runtime = createAppRuntime({ storage: (scope) => store.storage(scope), code: sandbox, limits: { concurrentCode: 1 } });
    const app = loadApp(await bundleOf(codeEndpointGraph('return { n: input.n * 2 };'), 'lane-doubler'));
    const results = await Promise.all(Array.from({ length: 12 }, (_, n) => runtime.run(app, 'endpoint', { n })));
    expect(results.map((result) => result.response)).toEqual(Array.from({ length: 12 }, (_, n) => ({ n: n * 2 })));
    expect(runtime.stats('lane-doubler')).toMatchObject({ runs: { ok: 12, error: 0 }, running: 0 });
  });

  it("lets concurrentCode * CODE_PIPELINE calls of an app into a sandbox that pipelines them, in the app's lane, by the run's deadline", async () => {
    const app = loadApp(await bundleOf(codeEndpointGraph('return input;'), 'held'));
    const runMs = 10_000;

    /**
     * Starts `count` runs on a sandbox whose calls answer (with their input) only when released,
     * with or without `within` (a test double need not have it); returns how many calls it was
     * handed before any answered, each call's lane and notAfter, and the runs' answers.
     */
    async function hold(pipelines: boolean, count: number) {
      const held: { lane: TLane | undefined; notAfter: number | undefined; release: () => void }[] = [];
      const call = (input: TJson, limits: Partial<TSandboxLimits> | undefined, lane?: TLane) =>
        new Promise<TJson>((resolve) => held.push({ lane, notAfter: limits?.notAfter, release: () => resolve(input) }));
      const refuse = () => Promise.reject(new Error('not used by this app'));
      const code: TSharedCode = {
        run: (_source, input, limits) => call(input, limits),
        evaluate: refuse,
        evaluateEach: refuse,
        ...(pipelines
          ? {
              within: (lane: TLane) => ({
                run: (_source, input, limits) => call(input, limits, lane),
                evaluate: refuse,
                evaluateEach: refuse,
              }),
            }
          : {}),
      };
      // More runs at once than the default allows: more than CODE_PIPELINE of them.
      const limits = { concurrentCode: 1, runMs, concurrentRuns: 100 };
      const runtime = createAppRuntime({ storage: (scope) => store.storage(scope), code, limits });
      const runs = Array.from({ length: count }, (_, n) => runtime.run(app, 'endpoint', { n }));
      await vi.waitFor(() => expect(held).toHaveLength(pipelines ? CODE_PIPELINE : 1), { timeout: 10_000 });
      // A while longer: no more get in.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const before = held.length;
      // Released one by one: each lets the next run's call in.
      for (let released = 0; released < count; released++) {
        await vi.waitFor(() => expect(held.length).toBeGreaterThan(released), { timeout: 10_000 });
        held[released]!.release();
      }
      const results = await Promise.all(runs);
      return { before, calls: held.map(({ lane, notAfter }) => ({ lane, notAfter })), responses: results.map((result) => result.response) };
    }

    const started = performance.timeOrigin + performance.now();
    const count = CODE_PIPELINE + 2;
    const pipelined = await hold(true, count);
    const ended = performance.timeOrigin + performance.now();
    expect(pipelined.before).toBe(CODE_PIPELINE);
    expect(pipelined.responses).toEqual(Array.from({ length: count }, (_, n) => ({ n })));
    expect(pipelined.calls).toHaveLength(count);
    for (const { lane, notAfter } of pipelined.calls) {
      expect(lane).toEqual({ key: 'held', workers: 1 });
      // The run's deadline, on the clock of notAfter.
      expect(notAfter).toBeGreaterThanOrEqual(started + runMs - 1);
      expect(notAfter).toBeLessThanOrEqual(ended + runMs + 1);
    }

    const serial = await hold(false, 3);
    expect(serial.before).toBe(1);
    expect(serial.responses).toEqual(Array.from({ length: 3 }, (_, n) => ({ n })));
  });
});

describe('app runtime: looping apps and a sandbox with a reserve worker', () => {
  let pool: Sandbox;
  let store: TAppStore;
  beforeAll(async () => {
    // Three workers, one of them kept from the lanes: the node's sandbox (serve-apps.ts).
    pool = await createSandbox({ workers: 3, reserve: 1, reserveTimeoutMs: 500 });
    store = await openAppStore({});
  });
  afterAll(async () => {
    await pool.close();
    await store.close();
  });

  it('three apps looping at once do not take every worker: a healthy app still answers', async () => {
    const runtime = createAppRuntime({ storage: (scope) => store.storage(scope), code: pool, limits: { blockMs: 4000 } });
    const loopers = await Promise.all(
      [1, 2, 3].map(async (n) => loadApp(await bundleOf(codeEndpointGraph('while (true) {}', { timeoutMs: 10_000 }), `looper-${n}`))),
    );
    const healthy = loadApp(await bundleOf(codeEndpointGraph('return { n: input.n + 1 };'), 'healthy'));
    // Each looper keeps two runs in flight (a new one as soon as one ends) until told to stop.
    let stop = false;
    const stoppedOnReserve: string[] = [];
    const keepLooping = async (app: TLoadedApp): Promise<void> => {
      while (!stop) {
        const result = await runtime.run(app, 'endpoint', { n: 1 });
        expect(result.trace.status).toBe('error');
        if (/the most code may run while this node's other sandbox workers are busy/.test(result.log.failed?.message ?? '')) {
          stoppedOnReserve.push(app.name);
        }
      }
    };
    const looping = loopers.flatMap((app) => [keepLooping(app), keepLooping(app)]);
    try {
      // The looper that found the lanes' two workers taken ran on the reserve worker, was stopped
      // at its time limit there (500 ms), and may not take it again: the reserve is the healthy
      // app's (a looper not yet stopped there could hold it for 500 ms at most, well within 4 s).
      await vi.waitFor(() => expect(stoppedOnReserve.length).toBeGreaterThan(0), { timeout: 60_000, interval: 20 });
      for (let i = 0; i < 3; i++) {
        const answer = await runtime.run(healthy, 'endpoint', { n: i });
        expect(answer.log.failed).toBeUndefined();
        expect(answer.trace.status).toBe('ok');
        expect(answer.response).toEqual({ n: i + 1 });
      }
    } finally {
      stop = true;
      await Promise.all(looping);
    }
  });
});

// Creating a store on disk (PGlite's initdb) took 30 s with the machine's load average at 16.
describe('app runtime on disk', { timeout: 180_000 }, () => {
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
