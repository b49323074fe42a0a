import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppRuntime, type TAppRuntime } from '@/runtime/apps/app-runtime';
import type { TAppLimits } from '@/runtime/apps/limits';
import type { TAppBundle } from '@/runtime/apps/load';
import { bundleOf, codeEndpointGraph, graphOf, guestbookGraph } from '@/runtime/apps/testing/apps';
import { openAppStore, type TAppStore } from '@/runtime/storage/app-store';
import { createSandbox, type Sandbox } from '@/runtime/sandbox/sandbox';
import type { TPageRenderer } from '@/blocks/core/page';
import { PAGE_RENDERERS } from '@/blocks/renderers';
import { createClientAssets } from './client-assets';
import { createGateway, type TGatewayOptions } from './gateway';
import { startGatewayServer, type TTestServer } from './testing/server';

interface THarness {
  url: string;
  runtime: TAppRuntime;
  close(): Promise<void>;
}

const IDE_ORIGIN = 'http://ide.example:3000';
let sandbox: Sandbox;
const apps = new Map<string, TAppBundle>();
const previews = new Map<string, TAppBundle>();

type TExtraOptions = Omit<TGatewayOptions, 'resolveApp' | 'resolvePreview' | 'runtime' | 'onError'>;

async function start(store: TAppStore, limits: Partial<TAppLimits> = {}, extra: TExtraOptions = {}): Promise<THarness> {
  const runtime = createAppRuntime({ storage: (scope) => store.storage(scope), code: sandbox, limits });
  const errors: unknown[] = [];
  const gateway = createGateway({
    resolveApp: (name) => apps.get(name) ?? null,
    resolvePreview: async (id) => previews.get(id) ?? null,
    runtime,
    previewFrameAncestors: [IDE_ORIGIN],
    ...extra,
    onError: (error) => errors.push(error),
  });
  const server: TTestServer = await startGatewayServer(gateway);
  return {
    url: server.url,
    runtime,
    async close() {
      await server.close();
      expect(errors).toEqual([]);
    },
  };
}

const json = (body: unknown, extra: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...extra },
  body: JSON.stringify(body),
});
const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
  redirect: 'manual' as const,
});

beforeAll(async () => {
  sandbox = await createSandbox({ workers: 2 });
  apps.set('guestbook', await bundleOf(guestbookGraph(), 'guestbook', 'Our guestbook'));
  apps.set('adder', await bundleOf(codeEndpointGraph('return { ok: true, n: input.n + 1 };'), 'adder'));
  apps.set('looper', await bundleOf(codeEndpointGraph('while (true) {}', { timeoutMs: 10_000 }), 'looper'));
  apps.set('getter', await bundleOf(codeEndpointGraph('return input.n * 2;', { method: 'GET', path: 'double' }), 'getter'));
  apps.set(
    'greeter',
    await bundleOf(
      graphOf(
        [
          { id: 'hello', type: 'form', config: { title: 'Say hello', fields: [{ name: 'name', type: 'text', required: true }] } },
          {
            id: 'reply',
            type: 'text',
            config: { markdown: '## Hello {{input.name}}\n\n[home](javascript:alert(1)) and [docs](https://example.com)' },
          },
          { id: 'intro', type: 'text', config: { markdown: 'Welcome, **friend**. <b>not bold</b>' } },
          { id: 'pic', type: 'image', config: { src: 'https://example.com/a.png', alt: 'A "quoted" picture' } },
        ],
        ['hello.submitted -> reply.in'],
      ),
      'greeter',
    ),
  );
  previews.set('draft-1', await bundleOf(guestbookGraph(), 'guestbook', 'Draft guestbook'));
});
afterAll(async () => {
  await sandbox.close();
});

describe('gateway: the guestbook', () => {
  let store: TAppStore;
  let h: THarness;
  beforeAll(async () => {
    store = await openAppStore({});
    h = await start(store);
  });
  afterAll(async () => {
    await h.close();
    await store.close();
  });

  it('renders the page: the form with its fields, an empty table, a CSP with a nonce', async () => {
    const response = await fetch(`${h.url}/apps/guestbook/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-robots-tag')).toBeNull();
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toMatch(/default-src 'self'/);
    expect(csp).toMatch(/img-src https: data:/);
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    const page = await response.text();
    expect(page).toContain(`<script nonce="${nonce}">`);
    expect(page).toContain(`<style nonce="${nonce}">`);
    expect(page).toContain('<title>Our guestbook</title>');
    expect(page).toContain('<form method="post" action="/apps/guestbook/api/sign"');
    expect(page).toMatch(/<label for="f-sign-name">Your name<\/label><input type="text" id="f-sign-name" name="name"[^>]* required/);
    expect(page).toMatch(/<textarea id="f-sign-message" name="message"[^>]* required maxlength="10000">/);
    expect(page).toContain('<button type="submit">Sign</button>');
    expect(page).toContain('<h2>Entries</h2><p class="empty">No rows yet.</p>');
    expect(page).not.toMatch(/https?:\/\/(?!example)/); // no external fonts, stylesheets or scripts
  });

  it('stores a JSON submission and answers with the page data (and sections on request)', async () => {
    const response = await fetch(
      `${h.url}/apps/guestbook/api/sign`,
      json({ name: 'Ada', message: 'Hello there' }, { 'x-poseidon-sections': '1' }),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      ok: boolean;
      runId: string;
      page: Record<string, { inputs: { rows?: unknown[] } }>;
      sections: Record<string, string>;
    };
    expect(body.ok).toBe(true);
    expect(body.page.entries?.inputs.rows).toMatchObject([{ name: 'Ada', message: 'Hello there' }]);
    expect(Object.keys(body.sections)).toEqual(['entries']);
    expect(body.sections.entries).toContain('<td>Ada</td><td>Hello there</td>');

    const page = await (await fetch(`${h.url}/apps/guestbook/`)).text();
    expect(page).toContain('<td>Ada</td><td>Hello there</td>');
  });

  it('takes a classic form post and redirects back to the page, which shows the entry', async () => {
    const response = await fetch(`${h.url}/apps/guestbook/api/sign`, form({ name: 'Bob', message: 'No JavaScript here' }));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/apps/guestbook/?sent=sign');
    const page = await (await fetch(`${h.url}${response.headers.get('location')}`)).text();
    expect(page).toContain('Sent. Thank you!');
    // Newest first (the template sorts by createdAt, descending).
    expect(page.indexOf('<td>Bob</td>')).toBeGreaterThan(-1);
    expect(page.indexOf('<td>Bob</td>')).toBeLessThan(page.indexOf('<td>Ada</td>'));
  });

  it('refuses a bad submission with 400 naming the field (JSON), or shows the form again with the errors (classic)', async () => {
    const response = await fetch(`${h.url}/apps/guestbook/api/sign`, json({ name: '', message: 'hi' }));
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      error: { code: string; field: string; fields: { field: string; message: string }[]; message: string };
    };
    expect(body.error).toMatchObject({
      code: 'invalid_submission',
      field: 'name',
      fields: [{ field: 'name', message: 'Your name: is required.' }],
    });

    const classic = await fetch(`${h.url}/apps/guestbook/api/sign`, form({ name: '', message: 'kept <b>as typed</b>' }));
    expect(classic.status).toBe(400);
    const page = await classic.text();
    expect(page).toContain('<p class="field-error" id="e-sign-name" data-error-for="name">Your name: is required.</p>');
    expect(page).toMatch(/id="f-sign-name" name="name" aria-describedby="e-sign-name" aria-invalid="true"/);
    expect(page).toContain('>kept &lt;b&gt;as typed&lt;/b&gt;</textarea>');

    const notJson = await fetch(`${h.url}/apps/guestbook/api/sign`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":',
    });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { error: { code: string } }).error.code).toBe('invalid_json');
  });

  it('shows what visitors wrote as text, never as markup', async () => {
    const attack = '<script>alert("x")</script><img src=x onerror=alert(1)>';
    expect((await fetch(`${h.url}/apps/guestbook/api/sign`, json({ name: attack, message: "it's & <b>" }))).status).toBe(200);
    const page = await (await fetch(`${h.url}/apps/guestbook/`)).text();
    expect(page).toContain('<td>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;</td>');
    expect(page).toContain('<td>it&#39;s &amp; &lt;b&gt;</td>');
    expect(page.match(/<script/g)).toHaveLength(1); // only the page's own, with its nonce
    expect(page).not.toContain('<img src=x');
  });

  it('pages a long table', async () => {
    const small = await bundleOf(
      graphOf(
        [
          { id: 'rows', type: 'constant', config: { value: Array.from({ length: 12 }, (_, i) => ({ n: i + 1 })) } },
          { id: 'list', type: 'table', config: { title: 'Numbers', pageSize: 5 } },
        ],
        ['rows.out -> list.rows'],
      ),
      'pager',
    );
    apps.set('pager', small);
    const first = await (await fetch(`${h.url}/apps/pager/`)).text();
    expect(first).toContain('<span>Rows 1–5 of 12</span>');
    expect(first).toContain('<a href="/apps/pager/?page.list=2#el-list" rel="next">Next</a>');
    const last = await (await fetch(`${h.url}/apps/pager/?page.list=3`)).text();
    expect(last).toContain('<span>Rows 11–12 of 12</span>');
    expect(last).toContain('<td class="num">12</td>');
    expect(last).not.toContain('rel="next"');
  });

  it('answers 404 with a small page or JSON, and leaves other URLs alone', async () => {
    for (const address of ['/apps/nobody/', '/apps/Not_A_Name/', '/apps/guestbook/nothing', '/preview/unknown/']) {
      const response = await fetch(`${h.url}${address}`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
      const text = await response.text();
      expect(text).toContain('<title>Not found</title>');
      expect(text).not.toMatch(/\bat .*\.ts:\d+/); // no stack
    }
    const api = await fetch(`${h.url}/apps/guestbook/api/missing`, json({}));
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({ error: { code: 'not_found', message: 'guestbook has no endpoint /api/missing.' } });
    expect((await fetch(`${h.url}/apps/guestbook/api/sign`)).status).toBe(405);
    expect((await fetch(`${h.url}/elsewhere`)).status).toBe(418);
    const bare = await fetch(`${h.url}/apps/guestbook?x=1`, { redirect: 'manual' });
    expect(bare.status).toBe(308);
    expect(bare.headers.get('location')).toBe('/apps/guestbook/?x=1');
  });

  it('refuses a body over the request limit with 413', async () => {
    const response = await fetch(`${h.url}/apps/guestbook/api/sign`, json({ name: 'big', message: 'x'.repeat(300 * 1024) }));
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('too_large');
  });

  it('serves a private preview with its own data, noindex, and its traces', async () => {
    const page = await fetch(`${h.url}/preview/draft-1/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('x-robots-tag')).toBe('noindex, nofollow');
    const html = await page.text();
    expect(html).toContain('<span class="badge">Preview</span>');
    expect(html).toContain('action="/preview/draft-1/api/sign"');
    expect(html).toContain('No rows yet.'); // the live guestbook's entries are not here

    const posted = await fetch(`${h.url}/preview/draft-1/api/sign`, json({ name: 'Tester', message: 'Draft only' }));
    expect(posted.status).toBe(200);
    expect(posted.headers.get('x-robots-tag')).toBe('noindex, nofollow');
    const trace = (await (await fetch(`${h.url}/preview/draft-1/trace`)).json()) as {
      traces: { triggerId: string | null; nodes: { nodeId: string }[] }[];
      logs: { kind: string }[];
    };
    expect(trace.traces[0]?.triggerId).toBe('sign');
    expect(trace.traces[0]?.nodes.map((n) => n.nodeId)).toEqual(['sign', 'save', 'list', 'entries']);
    expect(trace.logs.map((l) => l.kind)).toEqual(['form', 'load']);
    // Not reachable by name, and the live app never saw the draft's entry.
    expect(await (await fetch(`${h.url}/apps/guestbook/`)).text()).not.toContain('Draft only');
    expect((await fetch(`${h.url}/apps/guestbook/trace`)).status).toBe(404);
  });

  it('lets only the IDE frame a preview, and nobody frame a live app (clickjacking)', async () => {
    const frameAncestors = (response: Response) =>
      /frame-ancestors ([^;]+)/.exec(response.headers.get('content-security-policy') ?? '')?.[1];
    expect(frameAncestors(await fetch(`${h.url}/apps/guestbook/`))).toBe("'none'");
    expect(frameAncestors(await fetch(`${h.url}/apps/nobody-here/`))).toBe("'none'");
    expect(frameAncestors(await fetch(`${h.url}/preview/draft-1/`))).toBe(IDE_ORIGIN);
    expect(frameAncestors(await fetch(`${h.url}/preview/no-such-draft/`))).toBe(IDE_ORIGIN);
    const classic = await fetch(`${h.url}/apps/guestbook/api/sign`, form({ name: '', message: '' }));
    expect(classic.status).toBe(400);
    expect(frameAncestors(classic)).toBe("'none'");
  });
});

describe('gateway: endpoints, texts and images', () => {
  let store: TAppStore;
  let h: THarness;
  beforeAll(async () => {
    store = await openAppStore({});
    h = await start(store);
  });
  afterAll(async () => {
    await h.close();
    await store.close();
  });

  it('answers an HTTP endpoint with the output of the last block', async () => {
    const response = await fetch(`${h.url}/apps/adder/api/run`, json({ n: 41 }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, n: 42 });
    const bad = await fetch(`${h.url}/apps/adder/api/run`, json({ n: 'x' }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('n');
    // Callable from other sites' pages.
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const preflight = await fetch(`${h.url}/apps/adder/api/run`, { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type');
  });

  it('takes the fields of a GET endpoint from the query', async () => {
    const response = await fetch(`${h.url}/apps/getter/api/double?n=21`);
    expect(response.status).toBe(200);
    expect(await response.json()).toBe(42);
    // A refusal that sets a header of its own still carries every header of an API answer.
    const refused = await fetch(`${h.url}/apps/getter/api/double`, json({ n: 1 }));
    expect(refused.status).toBe(405);
    expect(refused.headers.get('allow')).toBe('GET');
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
    expect(refused.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(refused.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(refused.headers.get('x-content-type-options')).toBe('nosniff');
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('method_not_allowed');
  });

  it('renders Markdown safely and an image from an allowed source', async () => {
    const page = await (await fetch(`${h.url}/apps/greeter/`)).text();
    expect(page).toContain('<p>Welcome, <strong>friend</strong>. &lt;b&gt;not bold&lt;/b&gt;</p>');
    expect(page).toContain('<img src="https://example.com/a.png" alt="A &quot;quoted&quot; picture"');
    expect(page).toMatch(/<section class="card text" id="el-reply" data-node="reply" hidden><\/section>/);

    const response = await fetch(`${h.url}/apps/greeter/api/hello`, json({ name: '<i>Eve</i>' }, { 'x-poseidon-sections': '1' }));
    const body = (await response.json()) as { sections: Record<string, string> };
    expect(body.sections.reply).toContain('<h3>Hello &lt;i&gt;Eve&lt;/i&gt;</h3>');
    // A javascript: link stays text (markdown-it's validateLink refuses it); only the https: one is a link.
    expect(body.sections.reply).toContain(
      '[home](javascript:alert(1)) and <a href="https://example.com" rel="nofollow noopener noreferrer">docs</a>',
    );
    expect(body.sections.reply?.match(/<a /g)).toHaveLength(1);
  });
});

describe('gateway: limits', () => {
  let store: TAppStore;
  beforeAll(async () => {
    store = await openAppStore({});
  });
  afterAll(async () => {
    await store.close();
  });

  it('keeps answering one app while another loops until its limit stops it', async () => {
    // The looper's block limit is long enough for ten small requests on a loaded machine; what is
    // checked is that they were all answered before any of the looper's runs ended (not how fast).
    const h = await start(store, { blockMs: 8000, runMs: 9000 });
    try {
      let loopsEnded = 0;
      const loops = [1, 2, 3].map(() =>
        fetch(`${h.url}/apps/looper/api/run`, json({ n: 1 })).finally(() => {
          loopsEnded += 1;
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      for (let i = 0; i < 10; i++) {
        const response = await fetch(`${h.url}/apps/adder/api/run`, json({ n: i }));
        expect(await response.json()).toEqual({ ok: true, n: i + 1 });
      }
      expect(loopsEnded).toBe(0); // all answered while the looper was still looping

      const answers = await Promise.all(loops);
      for (const answer of answers) {
        expect([500, 504]).toContain(answer.status);
        const body = (await answer.json()) as { error: { nodeId: string; message: string } };
        expect(body.error.nodeId).toBe('work');
        expect(body.error.message).toMatch(/longer than/);
      }
      expect(h.runtime.stats('looper')).toMatchObject({ runs: { error: 3, ok: 0 }, running: 0 });
      expect(h.runtime.stats('adder').runs.ok).toBe(10);
    } finally {
      await h.close();
    }
  });

  it('answers 429 with Retry-After once an app has used its rate', async () => {
    const h = await start(store, { ratePerSecond: 1, burst: 2 });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await fetch(`${h.url}/apps/adder/api/run`, json({ n: i }))).status);
      expect(statuses).toEqual([200, 200, 429]);
      const limited = await fetch(`${h.url}/apps/adder/api/run`, json({ n: 9 }));
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('1');
      const body = (await limited.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('rate_limited');
      expect(body.error.message).toMatch(/Too many requests to adder: at most 1 runs a second/);
      // Other apps are not affected.
      expect((await fetch(`${h.url}/apps/getter/api/double?n=2`)).status).toBe(200);
    } finally {
      await h.close();
    }
  });
});

describe('gateway: a visitor flooding an app', () => {
  let store: TAppStore;
  // Two visitors, each from its own loopback address (Linux routes all of 127/8 to lo): the
  // gateway tells them apart by the connection's remote address, as a node serving directly does.
  const flooder = '127.0.0.2';
  const neighbour = '127.0.0.1';
  // Refills too slow to matter while the test runs (one token in 1000 s).
  const limits = { ratePerSecond: 0.001, burst: 10, visitorRatePerSecond: 0.001, visitorBurst: 3 };
  beforeAll(async () => {
    store = await openAppStore({});
  });
  afterAll(async () => {
    await store.close();
  });

  type TAnswer = { status: number; retryAfter: string | undefined; text: string };
  /** A request sent from `localAddress` (fetch cannot choose its source address). */
  const from = (localAddress: string, url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
    new Promise<TAnswer>((resolve, reject) => {
      const req = httpRequest(url, { method: init.method ?? 'GET', headers: init.headers ?? {}, localAddress }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], text: Buffer.concat(chunks).toString('utf8') }),
        );
      });
      req.on('error', reject);
      req.end(init.body);
    });

  /** Requests until one is refused (at most `attempts`), and answers the statuses. */
  async function flood(send: () => Promise<TAnswer>, attempts = 30): Promise<number[]> {
    const statuses: number[] = [];
    while (statuses.length < attempts && statuses.at(-1) !== 429) statuses.push((await send()).status);
    return statuses;
  }

  it('answers 429 to the flooding visitor only: another visitor of the app still gets 200', async () => {
    const h = await start(store, limits);
    try {
      const statuses = await flood(() => from(flooder, `${h.url}/apps/adder/api/run`, json({ n: 1 })));
      expect(statuses).toEqual([200, 200, 200, 429]);
      const refused = await from(flooder, `${h.url}/apps/adder/api/run`, json({ n: 1 }));
      expect(refused.status).toBe(429);
      expect(refused.retryAfter).toBeDefined();
      expect((JSON.parse(refused.text) as { error: { message: string } }).error.message).toMatch(
        /Too many requests from your address to adder: at most 0.001 a second \(bursts of 3\)/,
      );
      // The flood spent only the visitor's own tokens, not the app's.
      const other = await from(neighbour, `${h.url}/apps/adder/api/run`, json({ n: 41 }));
      expect(other.status).toBe(200);
      expect(JSON.parse(other.text)).toEqual({ ok: true, n: 42 });
    } finally {
      await h.close();
    }
  });

  it('counts page views against the visitor too, cached page data or not', async () => {
    const h = await start(store, limits);
    try {
      const page = (visitor: string) => from(visitor, `${h.url}/apps/guestbook/`);
      expect(await flood(() => page(flooder))).toEqual([200, 200, 200, 429]);
      const refused = await page(flooder);
      expect(refused.status).toBe(429);
      expect(refused.text).toContain('Too many requests from your address');
      expect((await page(neighbour)).status).toBe(200);
    } finally {
      await h.close();
    }
  });
});

describe('gateway: a restart', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'poseidon-gateway-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('shows the entries stored before the node restarted', async () => {
    const first = await openAppStore({ dataDir });
    const before = await start(first);
    expect((await fetch(`${before.url}/apps/guestbook/api/sign`, json({ name: 'Kept', message: 'across restarts' }))).status).toBe(200);
    await before.close();
    await first.close();

    const second = await openAppStore({ dataDir });
    const after = await start(second);
    try {
      expect(await (await fetch(`${after.url}/apps/guestbook/`)).text()).toContain('<td>Kept</td><td>across restarts</td>');
    } finally {
      await after.close();
      await second.close();
    }
  });
});

describe('gateway: page renderers, their cache and the page budget', () => {
  let store: TAppStore;
  beforeAll(async () => {
    store = await openAppStore({});
    apps.set(
      'texts',
      await bundleOf(
        graphOf(
          [
            { id: 'a', type: 'text', config: { markdown: '# One' }, y: 0 },
            { id: 'b', type: 'text', config: { markdown: '# Two' }, y: 100 },
            { id: 'c', type: 'text', config: { markdown: '# Three' }, y: 200 },
          ],
          [],
        ),
        'texts',
      ),
    );
  });
  afterAll(async () => {
    await store.close();
  });

  /** The shipped renderers, with the Text one counting its renders (and naming a client bundle, when asked). */
  function countingRenderers(client?: string[]) {
    const counter = { renders: 0 };
    const text = PAGE_RENDERERS.get('text@1')!;
    const counted: TPageRenderer = {
      ...text,
      ...(client ? { client } : {}),
      render: (...args) => {
        counter.renders += 1;
        return text.render(...args);
      },
    };
    return { counter, renderers: new Map([...PAGE_RENDERERS, ['text@1', counted]]) };
  }

  it('renders a cacheable section once however many visitors ask', async () => {
    const { counter, renderers } = countingRenderers();
    const h = await start(store, {}, { renderers });
    try {
      for (let i = 0; i < 20; i++) {
        const response = await fetch(`${h.url}/apps/texts/`);
        expect(response.status).toBe(200);
        expect(await response.text()).toContain('<h2>Three</h2>');
      }
      expect(counter.renders).toBe(3);
    } finally {
      await h.close();
    }
  });

  it('answers a clear 503 page when rendering takes longer than its budget, and keeps what it rendered', async () => {
    const { counter, renderers } = countingRenderers();
    // A clock that moves 20 ms per reading (two per render): each section "takes" 20 ms against a 50 ms budget.
    let clock = 0;
    const h = await start(store, {}, { renderers, pageBudget: { ms: 50, chars: 1_000_000 }, now: () => (clock += 20) });
    try {
      const first = await fetch(`${h.url}/apps/texts/`);
      expect(first.status).toBe(503);
      expect(first.headers.get('retry-after')).toBe('5');
      expect(first.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
      expect(await first.text()).toContain('This page is taking too long to show.');
      expect(counter.renders).toBe(3); // stopped after the section that went over: 3 x 20 ms > 50 ms
      // Every section is drawn now: the next visit renders nothing again and is within its budget.
      const second = await fetch(`${h.url}/apps/texts/`);
      expect(second.status).toBe(200);
      expect(await second.text()).toContain('<h2>Three</h2>');
      expect(counter.renders).toBe(3);
    } finally {
      await h.close();
    }
  });

  it('answers 503 for a page larger than its size budget', async () => {
    const h = await start(store, {}, { pageBudget: { ms: 60_000, chars: 100 } });
    try {
      const response = await fetch(`${h.url}/apps/texts/`);
      expect(response.status).toBe(503);
      expect(await response.text()).toContain('This page is too large to show.');
    } finally {
      await h.close();
    }
  });

  it('adds the client bundles a renderer names, content-addressed and served by the node', async () => {
    const source = 'document.documentElement.dataset.enhanced = "yes";';
    const clientAssets = createClientAssets({ enhance: source });
    const asset = clientAssets.byName('enhance')!;
    const { renderers } = countingRenderers(['enhance', 'not-built']);
    const h = await start(store, {}, { renderers, clientAssets });
    try {
      const response = await fetch(`${h.url}/apps/texts/`);
      const nonce = /script-src 'nonce-([^']+)'/.exec(response.headers.get('content-security-policy')!)?.[1];
      const page = await response.text();
      expect(asset.path).toMatch(/^\/apps\/_client\/[0-9a-f]{64}\.js$/);
      // Once, although three sections use it; a bundle the node does not have is left out.
      expect(page.split(asset.path)).toHaveLength(2);
      expect(page).toContain(`<script type="module" nonce="${nonce}" src="${asset.path}" integrity="${asset.integrity}"></script>`);

      const script = await fetch(`${h.url}${asset.path}`);
      expect(script.status).toBe(200);
      expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(await script.text()).toBe(source);
      expect((await fetch(`${h.url}/apps/_client/${'0'.repeat(64)}.js`)).status).toBe(404);
      expect((await fetch(`${h.url}/apps/_client/../texts/`)).status).not.toBe(500);
    } finally {
      await h.close();
    }
  });
});
