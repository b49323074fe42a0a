import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleOf, codeEndpointGraph } from '@/runtime/apps/testing/apps';
import { createControlClient, type TAppStatus } from '@/runtime/protocol/control-client';
import { createPublishRequest, signNameRecord } from '@/runtime/protocol/signing';
import { APP_STORE_DIR } from '@/runtime/storage/app-store';
import { silentLogger } from './logger';
import { serveApps } from './serve-apps';
import { alice, compiledBundle } from './testing/bundles';
import { removeDataDir, startTestNode, tempDataDir, TEST_CONTROL_TOKEN } from './testing/nodes';

// Each test opens an app store: ~5 s alone, 30 s measured with the machine's load at 16.
describe('a node serving apps', { timeout: 180_000 }, () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await removeDataDir(dir);
  });

  async function start(dataDir: string) {
    const node = await startTestNode({ dataDir });
    // The first storage call of a node opens (creates) its app store: seconds on a loaded machine,
    // all inside that run's block and run limits (a 504 at the 5 s block limit, or the 10 s run's). These tests are
    // about serving apps, not about the limits, which app-runtime.test.ts covers.
    const limits = { blockMs: 60_000, runMs: 60_000 };
    const apps = await serveApps(node, { dataDir, logger: silentLogger, codeWorkers: 1, limits });
    return { node, apps, stop: async () => (await apps.close(), await node.stop()) };
  }

  const postJson = (url: string, body: unknown) =>
    fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('publishes the guestbook, serves its page and API, keeps the entries across a restart, and serves a private preview', async () => {
    const dataDir = await tempDataDir();
    dirs.push(dataDir);
    let { node, stop } = await start(dataDir);
    // The app store (PGlite, hundreds of MB once open) waits for the first app that stores something.
    expect(existsSync(join(dataDir, APP_STORE_DIR))).toBe(false);
    const bundle = await compiledBundle('guestbook', 'guestbook');
    await node.publish(await createPublishRequest(alice, bundle.cid, bundle.files));
    await node.setName(await signNameRecord(alice, { name: 'guestbook', cid: bundle.cid, seq: 1 }));

    const page = await fetch(`${node.httpUrl}/apps/guestbook/`);
    expect(page.status).toBe(200);
    expect(existsSync(join(dataDir, APP_STORE_DIR))).toBe(true);
    const html = await page.text();
    expect(html).toContain('Sign the guestbook');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");

    const bad = await fetch(`${node.httpUrl}/apps/guestbook/api/sign`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: '' }),
    });
    expect(bad.status).toBe(400);
    const ok = await fetch(`${node.httpUrl}/apps/guestbook/api/sign`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada', message: 'First <script>alert(1)</script>' }),
    });
    expect(ok.status).toBe(200);
    const after = await (await fetch(`${node.httpUrl}/apps/guestbook/`)).text();
    expect(after).toContain('Ada');
    expect(after).not.toContain('<script>alert(1)</script>');

    await stop();
    ({ node, stop } = await start(dataDir));
    const restarted = await (await fetch(`${node.httpUrl}/apps/guestbook/`)).text();
    expect(restarted).toContain('Ada');

    await node.setPreview('previewid0123456789abcdef', bundle.cid);
    const preview = await fetch(`${node.httpUrl}/preview/previewid0123456789abcdef/`);
    expect(preview.status).toBe(200);
    expect(preview.headers.get('x-robots-tag')).toContain('noindex');
    // Its data is its own: the live app's entry is not in the preview.
    expect(await preview.text()).not.toContain('Ada');
    expect((await fetch(`${node.httpUrl}/preview/unknownpreview0000000000/`)).status).toBe(404);
    await expect(node.setPreview('Bad Id!', bundle.cid)).rejects.toThrow(/id/);
    await stop();
  });

  it("reports an app's requests, runs and failing blocks on the control API", async () => {
    const dataDir = await tempDataDir();
    dirs.push(dataDir);
    const { node, apps, stop } = await start(dataDir);
    try {
      const guestbook = await compiledBundle('guestbook', 'guestbook');
      await node.publish(await createPublishRequest(alice, guestbook.cid, guestbook.files));
      await node.setName(await signNameRecord(alice, { name: 'guestbook', cid: guestbook.cid, seq: 1 }));
      const client = createControlClient({ url: node.httpUrl, token: TEST_CONTROL_TOKEN });

      // Known, never used: a record and zeros.
      const fresh = await client.appStatus('guestbook');
      expect(fresh).toMatchObject({ name: 'guestbook', record: { cid: guestbook.cid, seq: 1 }, stats: { requests: 0 }, logs: [] });

      expect((await postJson(`${node.httpUrl}/apps/guestbook/api/sign`, { name: '' })).status).toBe(400);
      expect((await postJson(`${node.httpUrl}/apps/guestbook/api/sign`, { name: 'Ada', message: 'Hello' })).status).toBe(200);
      const status = await client.appStatus('guestbook');
      expect(status.record).toEqual(node.resolveName('guestbook'));
      // The good request may also load the page (the entries list), a run of its own.
      expect(status.stats.requests).toBeGreaterThanOrEqual(2);
      expect(status.stats.refused).toEqual({ invalid_submission: 1 });
      expect(status.stats.runs).toMatchObject({ ok: status.logs.length, error: 0 });
      expect(status.stats.lastRunAt).toMatch(/^\d{4}-/);
      const signed = status.logs.filter((l) => l.trigger === 'sign');
      expect(signed).toEqual([expect.objectContaining({ kind: 'form', status: 'ok', durationMs: expect.any(Number) })]);
      expect(status.logs.at(-1)?.at).toMatch(/^\d{4}-/);
      expect(apps.status('guestbook')).toEqual(status);

      // A failing run names its block and why; the newest run comes first.
      const thrower = await bundleOf(codeEndpointGraph('if (input.n < 0) throw new Error("negative"); return input.n;'), 'thrower');
      await node.publish(await createPublishRequest(alice, thrower.cid, thrower.files));
      await node.setName(await signNameRecord(alice, { name: 'thrower', cid: thrower.cid, seq: 1 }));
      expect((await postJson(`${node.httpUrl}/apps/thrower/api/run`, { n: 1 })).status).toBe(200);
      expect((await postJson(`${node.httpUrl}/apps/thrower/api/run`, { n: -1 })).status).toBeGreaterThanOrEqual(400);
      const failing: TAppStatus = await client.appStatus('thrower');
      expect(failing.stats).toMatchObject({ requests: 2, runs: { ok: 1, error: 1 } });
      expect(failing.logs.map((l) => l.status)).toEqual(['error', 'ok']);
      expect(failing.logs[0]).toMatchObject({
        trigger: 'endpoint',
        kind: 'http',
        failed: { nodeId: 'work', message: expect.stringMatching(/negative/) },
      });
      // One app's runs are not another's.
      expect((await client.appStatus('guestbook')).logs.some((l) => l.trigger === 'endpoint')).toBe(false);

      const anonymous = await fetch(`${node.httpUrl}/control/apps/guestbook/status`);
      expect(anonymous.status).toBe(401);
      const wrong = createControlClient({ url: node.httpUrl, token: 'wrong-token-0123456789' });
      await expect(wrong.appStatus('guestbook')).rejects.toMatchObject({ code: 'unauthorized', status: 401 });
      await expect(client.appStatus('no-such-app')).rejects.toMatchObject({ code: 'name_not_found', status: 404 });
      await expect(client.appStatus('Bad Name!')).rejects.toMatchObject({ code: 'invalid_request', status: 400 });
    } finally {
      await stop();
    }
  });
});
