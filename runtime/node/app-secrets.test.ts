import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRuntime } from '@/runtime/apps/app-runtime';
import { loadApp } from '@/runtime/apps/load';
import { bundleOf, graphOf } from '@/runtime/apps/testing/apps';
import { createNetCapability } from '@/runtime/capabilities/net';
import { createControlClient, type TControlClient } from '@/runtime/protocol/control-client';
import { createPublishRequest, signAppSecrets, signNameRecord } from '@/runtime/protocol/signing';
import { createSandbox, type Sandbox } from '@/runtime/sandbox/sandbox';
import { openAppStore, type TAppStore } from '@/runtime/storage/app-store';
import { silentLogger } from './logger';
import { serveApps, type TServedApps } from './serve-apps';
import { alice, bob } from './testing/bundles';
import { removeDataDir, startTestNode, TEST_CONTROL_TOKEN } from './testing/nodes';

const SECRET = 'tok_S3cr3t-value/with=chars';

/** An app whose endpoint `GET /api/call` calls `upstream` with `Authorization: Bearer {{secret.API_TOKEN}}`. */
function callingGraph(upstream: string) {
  return graphOf(
    [
      { id: 'endpoint', type: 'http-trigger', config: { path: 'call', method: 'GET', fields: [], sample: {} } },
      {
        id: 'call',
        type: 'http-request',
        config: {
          method: 'GET',
          url: upstream,
          headers: [{ name: 'Authorization', value: 'Bearer {{secret.API_TOKEN}}' }],
          timeoutMs: 5000,
        },
      },
    ],
    ['endpoint.out -> call.in'],
  );
}

/** A local API that echoes the Authorization header it received (`/fail`: in a 500 answer). */
async function startUpstream(seen: IncomingHttpHeaders[]): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    seen.push(req.headers);
    const status = req.url === '/fail' ? 500 : 200;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ seen: req.headers.authorization ?? null }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe('app secrets on a node', () => {
  /** Sets an app's secrets as `account` (the name's owner, alice, unless told). */
  const setAppSecrets = async (name: string, secrets: Record<string, string>, account = alice) =>
    client.setAppSecrets(await signAppSecrets(account, { name, secrets }));
  let node: Awaited<ReturnType<typeof startTestNode>>;
  let apps: TServedApps;
  let client: TControlClient;
  let upstream: { url: string; server: Server };
  const seen: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    upstream = await startUpstream(seen);
    node = await startTestNode();
    // Only here: the upstream API is on loopback.
    apps = await serveApps(node, { dataDir: node.dataDir, logger: silentLogger, codeWorkers: 1, allowPrivateNetwork: true });
    client = createControlClient({ url: node.httpUrl, token: TEST_CONTROL_TOKEN });
    for (const [name, path] of [
      ['caller', '/ok'],
      ['caller-fail', '/fail'],
      ['other', '/ok'],
    ] as const) {
      const bundle = await bundleOf(callingGraph(`${upstream.url}${path}`), name);
      await node.publish(await createPublishRequest(alice, bundle.cid, bundle.files));
      await node.setName(await signNameRecord(alice, { name, cid: bundle.cid, seq: 1 }));
    }
  });
  afterAll(async () => {
    await apps.close();
    await node.stop();
    await removeDataDir(node.dataDir);
    await new Promise((resolve) => upstream.server.close(resolve));
  });

  it('gives an app its own secrets, sealed at rest, never shown in answers, logs or status', async () => {
    expect(await setAppSecrets('caller', { API_TOKEN: SECRET, OTHER_KEY: 'x-unused-value' })).toEqual({
      name: 'caller',
      secrets: ['API_TOKEN', 'OTHER_KEY'],
    });
    await setAppSecrets('caller-fail', { API_TOKEN: SECRET });
    expect(await client.listAppSecrets('caller')).toEqual({ name: 'caller', secrets: ['API_TOKEN', 'OTHER_KEY'] });

    const answer = await fetch(`${node.httpUrl}/apps/caller/api/call`);
    expect(answer.status).toBe(200);
    const text = await answer.text();
    expect(seen.at(-1)?.authorization).toBe(`Bearer ${SECRET}`);
    expect(text).not.toContain(SECRET);
    expect(JSON.parse(text)).toEqual({ seen: 'Bearer [secret]' });

    await fetch(`${node.httpUrl}/apps/caller-fail/api/call`);
    expect(seen.at(-1)?.authorization).toBe(`Bearer ${SECRET}`);

    for (const name of ['caller', 'caller-fail']) {
      const status = await client.appStatus(name);
      expect(status.logs.length).toBeGreaterThan(0);
      expect(JSON.stringify(status)).not.toContain(SECRET);
      expect(JSON.stringify(status)).not.toContain(encodeURIComponent(SECRET));
    }

    // On disk: sealed, in a file only the node's user reads, with a 0600 node secret.
    const files = await readdir(node.dataDir);
    expect(files).toEqual(expect.arrayContaining(['secrets-key', 'app-secrets.json']));
    const stored = await readFile(join(node.dataDir, 'app-secrets.json'), 'utf8');
    expect(stored).toContain('API_TOKEN');
    expect(stored).not.toContain(SECRET);
    expect(stored).not.toContain(Buffer.from(SECRET).toString('base64'));
    expect((await stat(join(node.dataDir, 'secrets-key'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(node.dataDir, 'app-secrets.json'))).mode & 0o777).toBe(0o600);
  });

  it('does not give one app the secrets of another', async () => {
    const before = seen.length;
    const answer = await fetch(`${node.httpUrl}/apps/other/api/call`);
    expect(answer.status).not.toBe(200);
    expect(await answer.text()).toContain('API_TOKEN');
    expect(seen.length).toBe(before); // the request was never made
    expect(await client.listAppSecrets('other')).toEqual({ name: 'other', secrets: [] });
    expect(JSON.stringify(await client.appStatus('other'))).toMatch(/missing_secret|is not set/);
  });

  it('replaces the whole set, keeps it across a restart of the app runtime, and removes it with an empty set', async () => {
    await setAppSecrets('other', { API_TOKEN: 'first-value-1234' });
    await setAppSecrets('other', { API_TOKEN: 'second-value-5678', NEW_ONE: 'new-value' });
    expect((await client.listAppSecrets('other')).secrets).toEqual(['API_TOKEN', 'NEW_ONE']);
    await apps.close();
    apps = await serveApps(node, { dataDir: node.dataDir, logger: silentLogger, codeWorkers: 1, allowPrivateNetwork: true });
    const again = await fetch(`${node.httpUrl}/apps/other/api/call`);
    expect(await again.text()).toContain('[secret]');
    expect(again.status).toBe(200);
    expect(seen.at(-1)?.authorization).toBe('Bearer second-value-5678');
    expect(await setAppSecrets('other', {})).toEqual({ name: 'other', secrets: [] });
    expect(await client.listAppSecrets('other')).toEqual({ name: 'other', secrets: [] });
  });

  it('gives a private preview the secrets set for it, kept out of its answers and traces', async () => {
    const id = 'previewsecrets0123456789';
    const bundle = await bundleOf(callingGraph(`${upstream.url}/ok`), 'preview');
    await node.publish(await createPublishRequest(alice, bundle.cid, bundle.files));
    await node.setPreview(id, bundle.cid);
    const before = seen.length;
    const missing = await fetch(`${node.httpUrl}/preview/${id}/api/call`);
    expect(missing.status).not.toBe(200);
    expect(seen.length).toBe(before); // no secret of a live app leaks into a preview

    expect(await client.setPreviewSecrets(id, { API_TOKEN: SECRET })).toEqual({ id, secrets: ['API_TOKEN'] });
    expect(await client.listPreviewSecrets(id)).toEqual({ id, secrets: ['API_TOKEN'] });
    const answer = await fetch(`${node.httpUrl}/preview/${id}/api/call`);
    expect(answer.status).toBe(200);
    expect(seen.at(-1)?.authorization).toBe(`Bearer ${SECRET}`);
    expect(await answer.text()).not.toContain(SECRET);
    const trace = await (await fetch(`${node.httpUrl}/preview/${id}/trace`)).text();
    expect(trace).toContain('[secret]');
    expect(trace).not.toContain(SECRET);
    // A preview's secrets are its own: the live app of the same bundle's name has none of them.
    expect((await client.listAppSecrets('preview')).secrets).toEqual([]);
    await expect(client.setPreviewSecrets('Not An Id', { API_TOKEN: 'x' })).rejects.toMatchObject({ status: 400, code: 'invalid_request' });
  });

  it('refuses requests without the control token, and bad names, values and sets', async () => {
    const put = (path: string, body: unknown, token?: string) =>
      fetch(`${node.httpUrl}/control/apps/${path}/secrets`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
    expect((await put('caller', { secrets: { API_TOKEN: 'stolen' } })).status).toBe(401);
    expect((await put('caller', { secrets: { API_TOKEN: 'stolen' } }, 'wrong-token-0123456789')).status).toBe(401);
    expect((await fetch(`${node.httpUrl}/control/apps/caller/secrets`)).status).toBe(401);
    expect((await client.listAppSecrets('caller')).secrets).toEqual(['API_TOKEN', 'OTHER_KEY']);

    const refused = async (name: string, secrets: unknown) => {
      const signed = await signAppSecrets(alice, { name: decodeURIComponent(name), secrets: secrets as Record<string, string> });
      const response = await put(name, signed, TEST_CONTROL_TOKEN);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: { code: 'invalid_request' } });
    };
    await refused('caller', { lower_case: 'x' });
    await refused('caller', { API_TOKEN: '' });
    await refused('caller', { API_TOKEN: 'x'.repeat(8193) });
    await refused('caller', Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`K${i}`, 'v'])));
    await refused('caller', ['not', 'a', 'record']);
    await refused('Bad%20Name', { API_TOKEN: 'x' });
    // The old unsigned body is no longer enough.
    expect((await put('caller', { secrets: { API_TOKEN: 'x' } }, TEST_CONTROL_TOKEN)).status).toBe(400);
    await expect(setAppSecrets('caller', { API_TOKEN: 'x'.repeat(8192) })).resolves.toMatchObject({ secrets: ['API_TOKEN'] });
  });
});

describe("an app's secrets come only from its name's owner", () => {
  let node: Awaited<ReturnType<typeof startTestNode>>;
  let apps: TServedApps;
  let client: TControlClient;
  let upstream: { url: string; server: Server };
  const seen: IncomingHttpHeaders[] = [];
  const put = (body: unknown) =>
    fetch(`${node.httpUrl}/control/apps/shop/secrets`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_CONTROL_TOKEN}` },
      body: JSON.stringify(body),
    });
  /** The token the live app `shop` sends upstream now. */
  const liveToken = async () => {
    await fetch(`${node.httpUrl}/apps/shop/api/call`);
    return seen.at(-1)?.authorization;
  };

  beforeAll(async () => {
    upstream = await startUpstream(seen);
    node = await startTestNode();
    apps = await serveApps(node, { dataDir: node.dataDir, logger: silentLogger, codeWorkers: 1, allowPrivateNetwork: true });
    client = createControlClient({ url: node.httpUrl, token: TEST_CONTROL_TOKEN });
    const bundle = await bundleOf(callingGraph(`${upstream.url}/ok`), 'shop');
    await node.publish(await createPublishRequest(alice, bundle.cid, bundle.files));
    await node.setName(await signNameRecord(alice, { name: 'shop', cid: bundle.cid, seq: 1 }));
    await client.setAppSecrets(await signAppSecrets(alice, { name: 'shop', secrets: { API_TOKEN: 'alice-value-1' } }));
  });
  afterAll(async () => {
    await apps.close();
    await node.stop();
    await removeDataDir(node.dataDir);
    await new Promise((resolve) => upstream.server.close(resolve));
  });

  it("refuses another key's secrets for the name (the control token is not enough), and the app keeps its owner's values", async () => {
    const stolen = await signAppSecrets(bob, { name: 'shop', secrets: { API_TOKEN: 'bob-value' } });
    const response = await put(stolen);
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ error: { code: 'name_owned' } });
    expect(await liveToken()).toBe('Bearer alice-value-1');

    // Signed by bob but claiming to be alice: the signature is checked against the claimed owner.
    const forged = { ...stolen, owner: alice.address };
    expect(await (await put(forged)).json()).toMatchObject({ error: { code: 'bad_owner_signature' } });
    // Alice's signature over other values does not carry bob's values.
    const alices = await signAppSecrets(alice, { name: 'shop', secrets: { API_TOKEN: 'alice-value-2' } });
    expect(await (await put({ ...alices, secrets: { API_TOKEN: 'bob-value' } })).json()).toMatchObject({
      error: { code: 'bad_owner_signature' },
    });
    // Nor does it carry over to another name.
    const elsewhere = await fetch(`${node.httpUrl}/control/apps/other/secrets`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TEST_CONTROL_TOKEN}` },
      body: JSON.stringify(alices),
    });
    expect(elsewhere.status).toBe(400);
    expect(await liveToken()).toBe('Bearer alice-value-1');
  });

  it('refuses a name the node does not know, an old request, and a request played again', async () => {
    await expect(client.setAppSecrets(await signAppSecrets(alice, { name: 'nobody-here', secrets: {} }))).rejects.toMatchObject({
      status: 404,
      code: 'name_not_found',
    });
    const old = await signAppSecrets(alice, { name: 'shop', secrets: { API_TOKEN: 'old' }, issuedAt: Date.now() - 60 * 60_000 });
    expect(await (await put(old)).json()).toMatchObject({ error: { code: 'stale_request' } });

    const first = await signAppSecrets(alice, { name: 'shop', secrets: { API_TOKEN: 'alice-value-3' } });
    const second = await signAppSecrets(alice, { name: 'shop', secrets: { API_TOKEN: 'alice-value-4' } });
    expect((await put(first)).status).toBe(200);
    expect((await put(second)).status).toBe(200);
    // Played again, the first would put the older value back.
    expect(await (await put(first)).json()).toMatchObject({ error: { code: 'stale_request' } });
    expect(await liveToken()).toBe('Bearer alice-value-4');
  });
});

describe('a secrets file that is damaged', () => {
  let node: Awaited<ReturnType<typeof startTestNode>>;
  let apps: TServedApps | undefined;
  let upstream: { url: string; server: Server };
  const seen: IncomingHttpHeaders[] = [];
  const restartApps = async () => {
    await apps?.close();
    apps = await serveApps(node, { dataDir: node.dataDir, logger: silentLogger, codeWorkers: 1, allowPrivateNetwork: true });
  };
  const storePath = () => join(node.dataDir, 'app-secrets.json');

  beforeAll(async () => {
    upstream = await startUpstream(seen);
    node = await startTestNode();
    await restartApps();
    const client = createControlClient({ url: node.httpUrl, token: TEST_CONTROL_TOKEN });
    for (const name of ['damaged', 'intact']) {
      const bundle = await bundleOf(callingGraph(`${upstream.url}/ok`), name);
      await node.publish(await createPublishRequest(alice, bundle.cid, bundle.files));
      await node.setName(await signNameRecord(alice, { name, cid: bundle.cid, seq: 1 }));
      await client.setAppSecrets(await signAppSecrets(alice, { name, secrets: { API_TOKEN: `${name}-value` } }));
    }
  });
  afterAll(async () => {
    await apps?.close();
    await node.stop();
    await removeDataDir(node.dataDir);
    await new Promise((resolve) => upstream.server.close(resolve));
  });

  it('stops only the app whose secrets do not open, says why, and serves it again once they are set', async () => {
    const file = JSON.parse(await readFile(storePath(), 'utf8')) as { apps: Record<string, Record<string, string>> };
    const sealed = file.apps.damaged!.API_TOKEN!;
    file.apps.damaged!.API_TOKEN = `${sealed.slice(0, -4)}AAAA`;
    await writeFile(storePath(), JSON.stringify(file));
    await restartApps();

    const intact = await fetch(`${node.httpUrl}/apps/intact/api/call`);
    expect(intact.status).toBe(200);
    expect(seen.at(-1)?.authorization).toBe('Bearer intact-value');
    const before = seen.length;
    const damaged = await fetch(`${node.httpUrl}/apps/damaged/api/call`);
    expect(damaged.status).toBe(503);
    expect(await damaged.text()).toMatch(/secrets of damaged on this node do not open.*deploy it again/);
    expect(seen.length).toBe(before); // it did not run without its secret

    const client = createControlClient({ url: node.httpUrl, token: TEST_CONTROL_TOKEN });
    await client.setAppSecrets(await signAppSecrets(alice, { name: 'damaged', secrets: { API_TOKEN: 'fresh-value' } }));
    expect((await fetch(`${node.httpUrl}/apps/damaged/api/call`)).status).toBe(200);
    expect(seen.at(-1)?.authorization).toBe('Bearer fresh-value');
  });

  it('starts with no secrets when the file is not a secrets file, keeping it aside', async () => {
    await writeFile(storePath(), '{"version": 1, "apps": ');
    await restartApps();
    expect(await readFile(`${storePath()}.unreadable`, 'utf8')).toBe('{"version": 1, "apps": ');
    const page = await fetch(`${node.httpUrl}/apps/intact/api/call`);
    // Served, and its missing secret named (rather than the node refusing every app).
    expect(page.status).not.toBe(503);
    expect(await page.text()).toContain('API_TOKEN');
  });
});

describe('the app runtime with secrets', () => {
  let sandbox: Sandbox;
  let store: TAppStore;
  let dataDir: string;
  let upstream: { url: string; server: Server };
  const seen: IncomingHttpHeaders[] = [];

  beforeAll(async () => {
    upstream = await startUpstream(seen);
    const node = await startTestNode();
    dataDir = node.dataDir;
    await node.stop();
    store = await openAppStore({ dataDir });
    sandbox = await createSandbox({ workers: 1 });
  });
  afterAll(async () => {
    await sandbox.close();
    await store.close();
    await removeDataDir(dataDir);
    await new Promise((resolve) => upstream.server.close(resolve));
  });

  it('hands a run only its scope secrets and keeps their values out of traces and logs', async () => {
    const secrets = new Map([['mine', new Map([['API_TOKEN', SECRET]])]]);
    const runtime = createAppRuntime({
      storage: (scope) => store.storage(scope),
      code: sandbox,
      net: createNetCapability({ allowPrivate: true }),
      secrets: (scope) => secrets.get(scope),
    });
    const app = loadApp(await bundleOf(callingGraph(`${upstream.url}/fail`), 'mine'));
    const result = await runtime.run(app, 'endpoint', {});
    expect(seen.at(-1)?.authorization).toBe(`Bearer ${SECRET}`);
    expect(JSON.stringify(result)).not.toContain(SECRET);
    expect(JSON.stringify(runtime.traces('mine'))).not.toContain(SECRET);
    expect(JSON.stringify(runtime.logs('mine'))).not.toContain(SECRET);
    expect(runtime.traces('mine')).toHaveLength(1);

    const before = seen.length;
    const preview = await runtime.run(app, 'endpoint', {}, { scope: 'preview:abc' });
    expect(seen.length).toBe(before);
    expect(preview.trace.status).toBe('error');
    expect(JSON.stringify(preview.trace)).toMatch(/API_TOKEN/);
  });
});
