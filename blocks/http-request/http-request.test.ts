import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TNetCapability, TNetResponse } from '@/blocks/core/executor';
import { executeForTest, testContext } from '@/blocks/core/testing/context';
import { createNetCapability } from '@/runtime/capabilities/net';
import { httpRequestBlock } from './http-request.block';
import { executeHttpRequest } from './http-request.exec';
import { failure } from '@/blocks/core/testing/errors';

type TCall = { url: string; init: Parameters<TNetCapability['fetch']>[1] };

/** A fake net capability (the block's boundary): records each call and answers with `reply`. */
function fakeNet(
  reply: TNetResponse | ((call: TCall) => TNetResponse | Promise<TNetResponse>) = { status: 200, headers: {}, body: { ok: true } },
) {
  const calls: TCall[] = [];
  const net: TNetCapability = {
    async fetch(url, init) {
      const call = { url, init };
      calls.push(call);
      return typeof reply === 'function' ? reply(call) : reply;
    },
  };
  return { net, calls };
}

function run(config: unknown, options: { net?: TNetCapability; input?: unknown; secrets?: Record<string, string> } = {}) {
  return executeForTest(httpRequestBlock, executeHttpRequest, {
    config,
    inputs: options.input === undefined ? {} : { in: options.input },
    ctx: testContext({ ...(options.net ? { net: options.net } : {}), secrets: options.secrets ?? {} }),
  });
}

describe('http-request definition', () => {
  it('has a working default config', () => {
    expect(httpRequestBlock.configSchema.parse({})).toEqual({
      method: 'GET',
      url: 'https://jsonplaceholder.typicode.com/todos/1',
      headers: [],
      body: null,
      timeoutMs: 10_000,
    });
    expect(httpRequestBlock.capabilities).toEqual(['net']);
  });

  it('refuses bad URLs, placeholders, header names, timeouts and a GET body', () => {
    const issue = (config: unknown) => {
      const result = httpRequestBlock.configSchema.safeParse(config);
      return result.success ? undefined : { path: result.error.issues[0]!.path.join('.'), message: result.error.issues[0]!.message };
    };
    expect(issue({ url: 'ftp://example.com/file' })).toEqual({ path: 'url', message: 'must start with http:// or https://' });
    expect(issue({ url: 'example.com' })?.path).toBe('url');
    expect(issue({ url: 'https://api.test/{{secret.KEY}}' })?.message).toMatch(/Put secrets in a header instead/);
    expect(issue({ url: 'https://api.test/{{row.id}}' })?.message).toMatch(/Unknown placeholder \{\{row.id\}\}/);
    expect(issue({ url: 'https://api.test/items/{{input.id}}' })).toBeUndefined();
    expect(issue({ headers: [{ name: 'Bad Name', value: 'x' }] })?.path).toBe('headers.0.name');
    expect(issue({ headers: [{ name: 'X-Key', value: '{{secret.KEY}}' }] })).toBeUndefined();
    expect(issue({ headers: [{ name: 'X-Key', value: '{{secrets.KEY}}' }] })?.path).toBe('headers.0.value');
    expect(issue({ method: 'POST', body: { token: '{{secret.KEY}}' } })?.path).toBe('body');
    expect(issue({ timeoutMs: 50 })?.path).toBe('timeoutMs');
    expect(issue({ timeoutMs: 60_001 })?.path).toBe('timeoutMs');
    expect(issue({ method: 'GET', body: { a: 1 } })).toEqual({
      path: 'body',
      message: expect.stringMatching(/GET request cannot send a body/),
    });
    expect(issue({ method: 'HEAD' })?.path).toBe('method');
  });
});

describe('http-request executor (fake net capability)', () => {
  it('fills URL placeholders (encoded) and secrets in headers, and passes on the JSON answer', async () => {
    const { net, calls } = fakeNet({ status: 200, headers: { 'content-type': 'application/json' }, body: { id: 7, name: 'Ada' } });
    const outputs = await run(
      {
        url: 'https://api.test/users/{{input.id}}?q={{input.q}}',
        headers: [
          { name: 'Authorization', value: 'Bearer {{secret.API_KEY}}' },
          { name: 'X-User', value: '{{input.id}}' },
        ],
        timeoutMs: 2500,
      },
      { net, input: { id: 7, q: 'a b/c' }, secrets: { API_KEY: 'k-123' } },
    );
    expect(outputs).toEqual({ out: { id: 7, name: 'Ada' }, status: 200 });
    expect(calls).toEqual([
      {
        url: 'https://api.test/users/7?q=a%20b%2Fc',
        init: {
          method: 'GET',
          headers: { Authorization: 'Bearer k-123', 'X-User': '7', Accept: 'application/json' },
          body: undefined,
          timeoutMs: 2500,
        },
      },
    ]);
  });

  it('sends the body as JSON with typed placeholders, keeping a Content-Type the user set', async () => {
    const { net, calls } = fakeNet({ status: 201, headers: {}, body: { created: true } });
    const outputs = await run(
      { method: 'POST', url: 'https://api.test/items', body: { name: '{{input.name}}', qty: '{{input.qty}}', note: 'for {{input.name}}' } },
      { net, input: { name: 'pen', qty: 3 } },
    );
    expect(outputs).toEqual({ out: { created: true }, status: 201 });
    expect(JSON.parse(calls[0]!.init.body!)).toEqual({ name: 'pen', qty: 3, note: 'for pen' });
    expect(calls[0]!.init.headers!['Content-Type']).toBe('application/json');

    const custom = fakeNet();
    await run(
      { method: 'PUT', url: 'https://api.test/x', headers: [{ name: 'content-type', value: 'application/merge-patch+json' }], body: [1] },
      { net: custom.net },
    );
    expect(custom.calls[0]!.init.headers).toEqual({ 'content-type': 'application/merge-patch+json', Accept: 'application/json' });
  });

  it('passes on a text answer as text and an empty answer as null', async () => {
    expect(await run({}, { net: fakeNet({ status: 200, headers: {}, body: 'plain' }).net })).toEqual({ out: 'plain', status: 200 });
    expect(await run({ method: 'DELETE' }, { net: fakeNet({ status: 204, headers: {}, body: '' }).net })).toEqual({
      out: null,
      status: 204,
    });
  });

  it('fails on a non-2xx status with the status and a short excerpt of the body', async () => {
    const long = { error: 'not found', detail: 'x'.repeat(500) };
    const error = await failure(run({ url: 'https://api.test/missing' }, { net: fakeNet({ status: 404, headers: {}, body: long }).net }));
    expect(error.where.code).toBe('http_status');
    expect(error.message).toMatch(/^api\.test answered with status 404: \{"error":"not found","detail":"x+…$/);
    expect(error.message.length).toBeLessThan(260);
    const empty = await failure(run({}, { net: fakeNet({ status: 500, headers: {}, body: '' }).net }));
    expect(empty.message).toBe('jsonplaceholder.typicode.com answered with status 500.');
  });

  it('names a missing secret and the header it is in, without calling the network', async () => {
    const { net, calls } = fakeNet();
    const error = await failure(
      run(
        {
          headers: [
            { name: 'Accept', value: 'text/plain' },
            { name: 'Authorization', value: 'Bearer {{secret.API_KEY}}' },
          ],
        },
        { net, secrets: {} },
      ),
    );
    expect(error.where).toEqual({ field: 'headers[1].value', code: 'missing_secret' });
    expect(error.message).toMatch(/secret "API_KEY".*not set/);
    expect(calls).toEqual([]);
  });

  it('names a placeholder the input cannot fill', async () => {
    const { net } = fakeNet();
    const noInput = await failure(run({ url: 'https://api.test/{{input.id}}' }, { net }));
    expect(noInput.where.field).toBe('url');
    expect(noInput.message).toMatch(/nothing arrived at the input/);
    const missing = await failure(run({ method: 'POST', url: 'https://api.test/', body: { a: '{{input.b}}' } }, { net, input: { c: 1 } }));
    expect(missing.where.field).toBe('body');
    expect(missing.message).toMatch(/no field "b"/);
  });

  it('refuses header values that would break the request', async () => {
    const error = await failure(
      run({ headers: [{ name: 'X-Name', value: '{{input.name}}' }] }, { net: fakeNet().net, input: { name: 'a\r\nInjected: 1' } }),
    );
    expect(error.where.field).toBe('headers[0].value');
  });

  it('reports a network failure and a missing capability', async () => {
    const net: TNetCapability = {
      fetch: async () => {
        throw new Error('api.test did not answer within 100 ms.');
      },
    };
    const error = await failure(run({ url: 'https://api.test/slow?token=abc' }, { net }));
    expect(error.where.code).toBe('request_failed');
    expect(error.message).toBe('GET https://api.test/slow failed: api.test did not answer within 100 ms.');
    expect((await failure(run({}))).where.code).toBe('missing_capability');
  });
});

describe('http-request executor (real net capability, local server)', () => {
  let server: Server;
  let base: string;
  const seen: { method?: string; url?: string; auth?: string; body: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, auth: req.headers.authorization, body });
        if (req.url?.startsWith('/missing')) {
          res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'no such item' }));
          return;
        }
        res
          .writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
          .end(JSON.stringify({ received: JSON.parse(body || 'null'), path: req.url }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('makes a real request and parses the JSON answer', async () => {
    const net = createNetCapability({ allowPrivate: true });
    const outputs = await run(
      {
        method: 'POST',
        url: `${base}/items/{{input.id}}`,
        headers: [{ name: 'Authorization', value: 'Bearer {{secret.TOKEN}}' }],
        body: { qty: '{{input.qty}}' },
      },
      { net, input: { id: 'a/1', qty: 2 }, secrets: { TOKEN: 't0k' } },
    );
    expect(outputs).toEqual({ out: { received: { qty: 2 }, path: '/items/a%2F1' }, status: 200 });
    expect(seen.at(-1)).toEqual({ method: 'POST', url: '/items/a%2F1', auth: 'Bearer t0k', body: '{"qty":2}' });

    const error = await failure(run({ url: `${base}/missing` }, { net }));
    expect(error.message).toBe(`127.0.0.1:${new URL(base).port} answered with status 404: {"error":"no such item"}`);

    // The same server is out of reach when private addresses are not allowed (as on a node).
    const refused = await failure(run({ url: `${base}/items` }, { net: createNetCapability({ allowPrivate: false }) }));
    expect(refused.message).toMatch(/Refused to connect to 127\.0\.0\.1/);
  });
});
