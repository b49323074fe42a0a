/**
 * The control API over real HTTP on 127.0.0.1: open health, bearer auth on everything else,
 * JSON errors with codes (never a stack), the body size limit, and the seams for the gateway (mounts,
 * added control routes).
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeBase64 } from '@/runtime/protocol/base64';
import { createControlClient } from '@/runtime/protocol/control-client';
import type { DaiosNode } from './node';
import { alice, bob, compiledBundle, nameRecord, publishRequest, type TTestBundle } from './testing/bundles';
import { removeDataDir, startTestNode, TEST_CONTROL_TOKEN } from './testing/nodes';

const MAX_BODY = 256 * 1024;
let node: DaiosNode & { dataDir: string };
let bundle: TTestBundle;

const auth = { Authorization: `Bearer ${TEST_CONTROL_TOKEN}` };

async function call(method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${node.httpUrl}${path}`, {
    method,
    headers: { ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }), ...options.headers },
    body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
  });
  const text = await response.text();
  return {
    status: response.status,
    text,
    json: JSON.parse(text) as Record<string, unknown> & { error?: { code: string; message: string } },
  };
}

/** A raw POST through node:http, optionally without Content-Length (chunked). */
function rawPost(path: string, body: Buffer, chunked: boolean): Promise<{ status: number; json: { error?: { code: string } } }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, node.httpUrl);
    const req = request(
      url,
      {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json', ...(chunked ? {} : { 'Content-Length': body.byteLength }) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as { error?: { code: string } } }));
      },
    );
    // The server may close while we are still sending; the answer is what matters.
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    if (chunked) {
      for (let offset = 0; offset < body.byteLength; offset += 64 * 1024) req.write(body.subarray(offset, offset + 64 * 1024));
      req.end();
    } else req.end(body);
  });
}

beforeAll(async () => {
  node = await startTestNode({ limits: { maxBodyBytes: MAX_BODY } });
  bundle = await compiledBundle('http-app');
});

afterAll(async () => {
  await node?.stop();
  if (node) await removeDataDir(node.dataDir);
});

describe('health and auth', () => {
  it('serves /health without a token', async () => {
    const { status, json } = await call('GET', '/health');
    expect(status).toBe(200);
    expect(json).toMatchObject({ status: 'ok', peerId: node.peerId, counts: { bundles: 0, names: 0, peers: 0 } });
  });

  it('answers 401 to every control route without the right token, before routing', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { Authorization: 'Bearer wrong-token-0123456789' },
      { Authorization: TEST_CONTROL_TOKEN },
      { Authorization: 'Basic x' },
    ];
    for (const headers of attempts) {
      for (const [method, path] of [
        ['POST', '/control/publish'],
        ['POST', '/control/names'],
        ['GET', '/control/names/http-app'],
        ['GET', `/control/bundles/${bundle.cid}/manifest`],
        ['GET', '/control/no-such-route'],
      ] as const) {
        const { status, json } = await call(method, path, { headers, ...(method === 'POST' ? { body: {} } : {}) });
        expect(status, `${method} ${path} ${JSON.stringify(headers)}`).toBe(401);
        expect(json.error?.code).toBe('unauthorized');
      }
    }
  });

  it('answers 404 and 405 in JSON once authenticated', async () => {
    expect((await call('GET', '/control/no-such-route', { headers: auth })).json.error?.code).toBe('not_found');
    const wrongMethod = await call('GET', '/control/publish', { headers: auth });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.json.error?.code).toBe('method_not_allowed');
    expect((await call('GET', '/elsewhere')).status).toBe(404);
  });
});

describe('control API', () => {
  it('publishes (201, then 200 for the same bundle) and serves the manifest', async () => {
    const body = await publishRequest(alice, bundle);
    const first = await call('POST', '/control/publish', { headers: auth, body });
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ cid: bundle.cid, created: true, app: { name: 'http-app' } });
    const again = await call('POST', '/control/publish', { headers: auth, body });
    expect(again.status).toBe(200);
    expect(again.json.created).toBe(false);

    const manifest = await call('GET', `/control/bundles/${bundle.cid}/manifest`, { headers: auth });
    expect(manifest.status).toBe(200);
    expect(manifest.json).toEqual(bundle.manifest);
  });

  it('refuses with a code and a message, never a stack', async () => {
    const body = await publishRequest(alice, await compiledBundle('tampered-app'));
    const tampered = { ...body, files: { ...body.files, 'data/data.csv': encodeBase64(new TextEncoder().encode('x,y\n')) } };
    const refused = await call('POST', '/control/publish', { headers: auth, body: tampered });
    expect(refused.status).toBe(422);
    expect(refused.json).toEqual({ error: { code: 'content_mismatch', message: 'content does not match its CID' } });

    const notJson = await call('POST', '/control/publish', { headers: auth, body: '{"cid":' });
    expect(notJson.status).toBe(400);
    expect(notJson.json.error?.code).toBe('invalid_json');

    const badShape = await call('POST', '/control/publish', { headers: auth, body: { cid: 'nope' } });
    expect(badShape.status).toBe(400);
    expect(badShape.json.error?.code).toBe('invalid_request');
    for (const answer of [refused, notJson, badShape]) expect(answer.text).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('sets, reads and guards names', async () => {
    const set = await call('POST', '/control/names', { headers: auth, body: await nameRecord(alice, 'http-app', bundle.cid, 1) });
    expect(set.status).toBe(200);
    expect(set.json).toMatchObject({ changed: true, record: { name: 'http-app', seq: 1 }, previous: null });

    const read = await call('GET', '/control/names/http-app', { headers: auth });
    expect(read.json).toMatchObject({ record: { cid: bundle.cid, owner: alice.address }, history: [{ seq: 1 }] });

    const owned = await call('POST', '/control/names', { headers: auth, body: await nameRecord(bob, 'http-app', bundle.cid, 2) });
    expect(owned.status).toBe(403);
    expect(owned.json.error?.code).toBe('name_owned');
    // The very same record again (a retry) is a no-op, not an error.
    const retry = await call('POST', '/control/names', { headers: auth, body: await nameRecord(alice, 'http-app', bundle.cid, 1) });
    expect(retry.status).toBe(200);
    expect(retry.json.changed).toBe(false);
    await call('POST', '/control/names', { headers: auth, body: await nameRecord(alice, 'http-app', bundle.cid, 2) });
    const staleSeq = await call('POST', '/control/names', { headers: auth, body: await nameRecord(alice, 'http-app', bundle.cid, 1) });
    expect(staleSeq.status).toBe(409);
    expect(staleSeq.json.error).toEqual({ code: 'stale_seq', message: 'stale sequence number: current is 2' });

    expect((await call('GET', '/control/names/no-such-app', { headers: auth })).json.error?.code).toBe('name_not_found');
    expect((await call('GET', '/control/names/Not_A_Name', { headers: auth })).status).toBe(400);
    expect((await call('GET', '/control/bundles/not-a-cid/manifest', { headers: auth })).status).toBe(400);
    const unknown = (await compiledBundle('unknown-app')).cid;
    expect((await call('GET', `/control/bundles/${unknown}/manifest`, { headers: auth })).json.error?.code).toBe('bundle_not_found');
  });

  it('answers 413 to a body over the limit, declared or streamed', async () => {
    const big = Buffer.alloc(2 * MAX_BODY, 'a');
    const declared = await rawPost('/control/publish', big, false);
    expect(declared.status).toBe(413);
    expect(declared.json.error?.code).toBe('payload_too_large');
    const streamed = await rawPost('/control/publish', big, true);
    expect(streamed.status).toBe(413);
    // The node is still fine afterwards.
    expect((await call('GET', '/health')).status).toBe(200);
  });

  it('listens on loopback only', () => {
    expect(new URL(node.httpUrl).hostname).toBe('127.0.0.1');
    for (const address of node.multiaddrs) expect(address).toMatch(/^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\//);
  });

  it('counts what it holds in /health', async () => {
    const { json } = await call('GET', '/health');
    expect(json.counts).toMatchObject({ bundles: 1, names: 1 });
  });
});

describe('control client (what the IDE server uses)', () => {
  it('publishes, names and reads through the API, and throws refusals with their code', async () => {
    const client = createControlClient({ url: node.httpUrl, token: TEST_CONTROL_TOKEN });
    const other = await compiledBundle('client-app', 'fetch-json-table');
    expect(await client.publish(await publishRequest(alice, other))).toMatchObject({ cid: other.cid, created: true });
    expect(await client.setName(await nameRecord(alice, 'client-app', other.cid, 1))).toMatchObject({ changed: true });
    expect((await client.getName('client-app')).record.cid).toBe(other.cid);
    expect((await client.getManifest(other.cid)).app.name).toBe('client-app');
    await expect(client.setName(await nameRecord(bob, 'client-app', other.cid, 2))).rejects.toMatchObject({
      name: 'DaiosRequestError',
      code: 'name_owned',
      status: 403,
    });
    const wrongToken = createControlClient({ url: node.httpUrl, token: 'wrong-token-0123456789' });
    await expect(wrongToken.getName('client-app')).rejects.toMatchObject({ code: 'unauthorized', status: 401 });
  });
});

describe('mounts (the gateway seam)', () => {
  it('routes public and control mounts, and hides handler errors', async () => {
    const offApps = node.http.mount({
      prefix: '/apps/',
      access: 'public',
      handle: async (_req, res, ctx) => {
        const name = ctx.url.pathname.split('/')[2] ?? '';
        const app = await node.apps.resolve(name);
        res.writeHead(app ? 200 : 404, { 'Content-Type': 'text/plain' }).end(app ? `${app.manifest.app.title} ${app.cid}` : 'no app');
      },
    });
    const offPreview = node.http.mount({ prefix: '/preview/', access: 'control', handle: (_req, res) => void res.end('preview') });
    const offBroken = node.http.mount({
      prefix: '/broken/',
      access: 'public',
      handle: () => {
        throw new Error('secret detail');
      },
    });
    try {
      const app = await fetch(`${node.httpUrl}/apps/http-app/`);
      expect(await app.text()).toBe(`http-app ${bundle.cid}`);
      expect((await fetch(`${node.httpUrl}/apps/nothing/`)).status).toBe(404);
      expect((await fetch(`${node.httpUrl}/preview/x/`)).status).toBe(401);
      expect(await (await fetch(`${node.httpUrl}/preview/x/`, { headers: auth })).text()).toBe('preview');
      const broken = await call('GET', '/broken/x');
      expect(broken.status).toBe(500);
      expect(broken.json).toEqual({ error: { code: 'internal', message: 'internal error' } });
      expect(() => node.http.mount({ prefix: '/control/', access: 'public', handle: () => {} })).toThrow(/reserved/);
      expect(() => node.http.mount({ prefix: '/apps/', access: 'public', handle: () => {} })).toThrow(/already mounted/);
    } finally {
      offApps();
      offPreview();
      offBroken();
    }
    expect((await fetch(`${node.httpUrl}/apps/http-app/`)).status).toBe(404);
  });

  it('adds control routes behind the token, after the built-in ones, and removes them', async () => {
    const off = node.http.addControlRoute({ method: 'GET', path: 'things/:id/info', handle: async ({ id }) => ({ body: { id } }) });
    try {
      expect((await call('GET', '/control/things/a%20b/info', { headers: auth })).json).toEqual({ id: 'a b' });
      expect((await call('GET', '/control/things/a/info')).status).toBe(401);
      expect((await call('POST', '/control/things/a/info', { headers: auth, body: {} })).status).toBe(405);
      expect(() => node.http.addControlRoute({ method: 'GET', path: 'things/:other/info', handle: async () => ({ body: null }) })).toThrow(
        /already exists/,
      );
      expect(() => node.http.addControlRoute({ method: 'GET', path: 'names/:name', handle: async () => ({ body: null }) })).toThrow(
        /already exists/,
      );
      expect(() => node.http.addControlRoute({ method: 'GET', path: 'things//info', handle: async () => ({ body: null }) })).toThrow(
        /not valid/,
      );
    } finally {
      off();
    }
    expect((await call('GET', '/control/things/a/info', { headers: auth })).status).toBe(404);
  });
});
