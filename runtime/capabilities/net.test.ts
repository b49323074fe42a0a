import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDestination, createNetCapability, isPublicAddress, NetError } from './net';

type THandler = (req: IncomingMessage, res: ServerResponse) => void;

async function startServer(handler: THandler): Promise<{ server: Server; base: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function netError(promise: Promise<unknown>): Promise<NetError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(NetError);
  return error as NetError;
}

const MB = 1024 * 1024;
const get = { method: 'GET', timeoutMs: 5000 };

describe('isPublicAddress', () => {
  it.each([
    ['8.8.8.8', true],
    ['93.184.216.34', true],
    ['2606:4700::1111', true],
    ['127.0.0.1', false],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['172.32.0.1', true],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['255.255.255.255', false],
    ['::1', false],
    ['::', false],
    ['fe80::1', false],
    ['fd12:3456::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:a9fe:a9fe', false],
    ['64:ff9b::a00:1', false],
    ['not-an-ip', false],
  ])('%s -> %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});

describe('checkDestination', () => {
  it('refuses non-http(s) and malformed URLs even when every address is allowed', () => {
    const any = () => true;
    expect(thrown(() => checkDestination('file:///etc/passwd', any)).code).toBe('bad_url');
    expect(thrown(() => checkDestination('ftp://example.com/', any)).message).toMatch(/not ftp:\/\//);
    expect(thrown(() => checkDestination('not a url', any)).code).toBe('bad_url');
  });

  it('refuses loopback and private addresses written in the URL', () => {
    for (const url of ['http://127.0.0.1/', 'http://[::1]:8080/', 'http://10.0.0.5/', 'http://169.254.169.254/latest/meta-data']) {
      expect(thrown(() => checkDestination(url, isPublicAddress)).code, url).toBe('blocked_address');
    }
    expect(checkDestination('http://127.0.0.1:3000/x', () => true).href).toBe('http://127.0.0.1:3000/x');
    expect(checkDestination('https://8.8.8.8/', isPublicAddress).hostname).toBe('8.8.8.8');
  });
});

function thrown(run: () => unknown): NetError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(NetError);
    return error as NetError;
  }
  throw new Error('expected a NetError');
}

/**
 * DNS rebinding against real servers. 127.0.0.2 stands in for a public host (the tests' address
 * rule allows it and whatever `isPublicAddress` allows); 127.0.0.1 is "internal", on the same port,
 * the way a node's own services or a metadata endpoint would be.
 */
describe('createNetCapability connects only to the address it checked', () => {
  const PUBLIC_STAND_IN = '127.0.0.2';
  const isAllowedAddress = (address: string) => address === PUBLIC_STAND_IN || isPublicAddress(address);
  let internal: Server;
  let outside: Server;
  let port = 0;
  const internalSaw: string[] = [];

  beforeAll(async () => {
    internal = createServer((req, res) => {
      internalSaw.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"from":"internal"}');
    });
    await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve));
    port = (internal.address() as AddressInfo).port;
    outside = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const to = url.searchParams.get('to');
      if (to !== null) res.writeHead(302, { location: to.replace('PORT', String(port)) }).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end('{"from":"outside"}');
    });
    await new Promise<void>((resolve) => outside.listen(port, PUBLIC_STAND_IN, resolve));
  });
  afterAll(async () => {
    await Promise.all([internal, outside].map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  });

  /** A resolver that answers `first` once, then `later` for ever after; it counts its answers. */
  function rebinding(first: string[], later: string[]) {
    const resolver = {
      calls: 0,
      resolveHost: async (hostname: string) => {
        expect(hostname).toBe('rebind.test');
        resolver.calls += 1;
        return resolver.calls === 1 ? first : later;
      },
    };
    return resolver;
  }

  it.each(['127.0.0.1', '169.254.169.254', '::1'])('a host that turns into %s after the check is not reached', async (later) => {
    const resolver = rebinding([PUBLIC_STAND_IN], [later]);
    const net = createNetCapability({ allowPrivate: false, isAllowedAddress, resolveHost: resolver.resolveHost });
    const response = await net.fetch(`http://rebind.test:${port}/secret`, get);
    expect(response.body).toEqual({ from: 'outside' });
    expect(resolver.calls).toBe(1);
    expect(internalSaw).toEqual([]);
  });

  it('refuses a host with any internal address, and says which', async () => {
    for (const answer of [['127.0.0.1'], [PUBLIC_STAND_IN, '127.0.0.1'], ['169.254.169.254'], []]) {
      const resolver = rebinding(answer, answer);
      const net = createNetCapability({ allowPrivate: false, isAllowedAddress, resolveHost: resolver.resolveHost });
      const error = await netError(net.fetch(`http://rebind.test:${port}/`, get));
      expect(error.code, answer.join()).toBe('blocked_address');
      if (answer.length > 0) expect(error.message).toMatch(/Refused to connect to rebind\.test \((127\.0\.0\.1|169\.254\.169\.254)\)/);
    }
    expect(internalSaw).toEqual([]);
  });

  it.each([
    'http://127.0.0.1:PORT/secret',
    'http://169.254.169.254/latest/meta-data',
    'http://[::ffff:127.0.0.1]:PORT/secret',
    'http://rebind.test:PORT/secret',
  ])('refuses a redirect to %s', async (to) => {
    // The request starts at the stand-in's address; the name it redirects to points inside.
    const resolver = rebinding(['127.0.0.1'], ['127.0.0.1']);
    const net = createNetCapability({ allowPrivate: false, isAllowedAddress, resolveHost: resolver.resolveHost });
    const error = await netError(net.fetch(`http://${PUBLIC_STAND_IN}:${port}/?to=${encodeURIComponent(to)}`, get));
    expect(error.code).toBe('blocked_address');
    expect(internalSaw).toEqual([]);
  });

  it('refuses an unresolvable host as unreachable', async () => {
    const net = createNetCapability({
      allowPrivate: false,
      resolveHost: () => Promise.reject(new Error('ENOTFOUND')),
    });
    const error = await netError(net.fetch('http://nowhere.test/', get));
    expect(error.code).toBe('unreachable');
    expect(error.message).toMatch(/nowhere\.test/);
  });
});

describe('createNetCapability against a local server', () => {
  let main: { server: Server; base: string };
  let other: { server: Server; base: string };
  const otherSaw: Record<string, string | undefined>[] = [];

  beforeAll(async () => {
    other = await startServer((req, res) => {
      otherSaw.push({
        authorization: req.headers.authorization,
        'x-api-key': req.headers['x-api-key'] as string | undefined,
        accept: req.headers.accept,
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"from":"other"}');
    });
    main = await startServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      switch (url.pathname) {
        case '/json':
          res.writeHead(200, { 'content-type': 'application/problem+json' }).end('{"a":[1,2]}');
          return;
        case '/text':
          res.writeHead(200, { 'content-type': 'text/plain', 'x-custom': 'yes' }).end('hello');
          return;
        case '/bad-json':
          res.writeHead(200, { 'content-type': 'application/json' }).end('{not json');
          return;
        case '/echo': {
          let body = '';
          req.on('data', (c: Buffer) => (body += c.toString()));
          req.on('end', () =>
            res
              .writeHead(200, { 'content-type': 'application/json' })
              .end(JSON.stringify({ method: req.method, body, type: req.headers['content-type'] ?? null })),
          );
          return;
        }
        case '/big-declared':
          res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(6 * MB) });
          res.end('x'.repeat(6 * MB));
          return;
        case '/big-chunked':
          res.writeHead(200, { 'content-type': 'text/plain' });
          for (let i = 0; i < 6; i++) res.write('x'.repeat(MB));
          res.end();
          return;
        case '/slow':
          setTimeout(() => res.writeHead(200).end('late'), 2000).unref();
          return;
        case '/redirect':
          res.writeHead(302, { location: '/json' }).end();
          return;
        case '/see-other':
          res.writeHead(303, { location: '/echo' }).end();
          return;
        case '/away':
          res.writeHead(307, { location: `${other.base}/` }).end();
          return;
        case '/loop':
          res.writeHead(302, { location: '/loop' }).end();
          return;
        case '/to-file':
          res.writeHead(302, { location: 'file:///etc/passwd' }).end();
          return;
        default:
          res.writeHead(404).end();
      }
    });
  });
  afterAll(async () => {
    await Promise.all([main, other].map(({ server }) => new Promise<void>((resolve) => server.close(() => resolve()))));
  });

  const net = createNetCapability({ allowPrivate: true });

  it('parses JSON by content type and returns other bodies as text, with lower-case headers', async () => {
    expect(await net.fetch(`${main.base}/json`, get)).toMatchObject({ status: 200, body: { a: [1, 2] } });
    const text = await net.fetch(`${main.base}/text`, get);
    expect(text).toMatchObject({ status: 200, body: 'hello', headers: { 'x-custom': 'yes', 'content-type': 'text/plain' } });
    expect((await net.fetch(`${main.base}/bad-json`, get)).body).toBe('{not json');
    expect((await net.fetch(`${main.base}/nothing`, get)).status).toBe(404);
  });

  it('sends method, headers and body', async () => {
    const response = await net.fetch(`${main.base}/echo`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: '{"x":1}',
      timeoutMs: 5000,
    });
    expect(response.body).toEqual({ method: 'PATCH', body: '{"x":1}', type: 'application/json' });
  });

  it('refuses responses over 5 MB, declared or streamed', async () => {
    expect((await netError(net.fetch(`${main.base}/big-declared`, get))).code).toBe('too_large');
    expect((await netError(net.fetch(`${main.base}/big-chunked`, get))).message).toBe('The response is larger than 5 MB.');
    const small = createNetCapability({ allowPrivate: true, maxResponseBytes: 3 });
    expect((await netError(small.fetch(`${main.base}/text`, get))).code).toBe('too_large');
  });

  it('gives up after the time limit', async () => {
    // /slow answers after 2 s: a fetch that waited for it would get 'late', not this error.
    const error = await netError(net.fetch(`${main.base}/slow`, { method: 'GET', timeoutMs: 200 }));
    expect(error.code).toBe('timeout');
    expect(error.message).toMatch(/did not answer within 200 ms/);
  });

  it('follows redirects, turning a POST into a GET on 303', async () => {
    expect((await net.fetch(`${main.base}/redirect`, get)).body).toEqual({ a: [1, 2] });
    const seeOther = await net.fetch(`${main.base}/see-other`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
      timeoutMs: 5000,
    });
    expect(seeOther.body).toEqual({ method: 'GET', body: '', type: null });
  });

  it('drops credentials on a redirect to another origin', async () => {
    const response = await net.fetch(`${main.base}/away`, {
      method: 'GET',
      headers: { Authorization: 'Bearer s', 'X-Api-Key': 'k', Accept: 'application/json' },
      timeoutMs: 5000,
    });
    expect(response.body).toEqual({ from: 'other' });
    expect(otherSaw.at(-1)).toEqual({ authorization: undefined, 'x-api-key': undefined, accept: 'application/json' });
  });

  it('stops redirect loops and refuses redirects to other schemes', async () => {
    expect((await netError(net.fetch(`${main.base}/loop`, get))).code).toBe('too_many_redirects');
    expect((await netError(net.fetch(`${main.base}/to-file`, get))).code).toBe('bad_url');
  });

  it('reports an unreachable server', async () => {
    const closed = await startServer(() => undefined);
    await new Promise<void>((resolve) => closed.server.close(() => resolve()));
    const error = await netError(net.fetch(`${closed.base}/`, get));
    expect(error.code).toBe('unreachable');
    expect(error.message).toMatch(/ECONNREFUSED/);
  });

  it('refuses the local server unless private addresses are allowed', async () => {
    const strict = createNetCapability({ allowPrivate: false });
    expect((await netError(strict.fetch(`${main.base}/json`, get))).code).toBe('blocked_address');
    const byName = await netError(strict.fetch(main.base.replace('127.0.0.1', 'localhost') + '/json', get));
    expect(byName.code).toBe('blocked_address');
    expect((await netError(strict.fetch('ftp://example.com/', get))).code).toBe('bad_url');
  });
});
