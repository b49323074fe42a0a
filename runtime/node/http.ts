/**
 * The node's HTTP server (node:http, loopback by default).
 *
 * Built in: `GET /health` (open) and the control API under `/control/` (every request needs
 * `Authorization: Bearer <control token>`, checked in constant time, before routing, so an
 * unauthenticated caller learns nothing about which routes exist).
 *
 * Everything else is 404 unless a module mounts a handler for a path prefix: that is how the
 * gateway adds `/apps/<name>/...` and `/preview/<id>/...` on top of this node without this file
 * knowing about pages or runs. A mount states its access (`public` or `control`) explicitly.
 * Modules that answer control requests about what they run (the app runtime's status of an app)
 * add a route to the control API with `addControlRoute` rather than mounting under `/control/`.
 *
 * Errors are always `{ error: { code, message } }`; an unexpected exception is logged here and
 * answered as a bare 500, never with its message or stack.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TDaiosErrorBody } from '@/runtime/protocol/errors';
import { DaiosError, isDaiosError } from './errors';
import type { TLogger } from './logger';

export interface THttpContext {
  url: URL;
  /** Reads and parses a JSON body with the node's size limit (413 beyond it). */
  readJson(): Promise<unknown>;
}

export type THttpHandler = (req: IncomingMessage, res: ServerResponse, ctx: THttpContext) => void | Promise<void>;

export interface THttpMount {
  /** A path prefix ending in `/`, e.g. `/apps/`. `/control/` and `/health` are reserved. */
  prefix: string;
  /** `public`: anyone who can reach the port; `control`: the control token is required. */
  access: 'public' | 'control';
  handle: THttpHandler;
}

/** Where other modules plug HTTP routes into the node. */
export interface THttpExtensions {
  /** Adds a handler for every path under `prefix`; returns a function that removes it. */
  mount(mount: THttpMount): () => void;
  /**
   * Adds a route to the node's control API (under `/control/`, bearer token required), after the
   * node's own routes, which it cannot shadow. Returns a function that removes it.
   */
  addControlRoute(route: TControlRoute): () => void;
}

export interface TControlRoute {
  method: 'GET' | 'POST' | 'PUT';
  /** Segments after `/control/`; `:name` segments are captured. */
  path: string;
  handle: (params: Record<string, string>, ctx: THttpContext) => Promise<{ status?: number; body: unknown }>;
}

export interface THttpServerOptions {
  host: string;
  port: number;
  controlToken: string;
  maxBodyBytes: number;
  health: () => unknown;
  routes: readonly TControlRoute[];
  log: TLogger;
}

export class NodeHttpServer implements THttpExtensions {
  private server: Server | undefined;
  private readonly mounts: THttpMount[] = [];
  private readonly tokenDigest: Buffer;
  private readonly routes: { method: string; segments: string[]; route: TControlRoute }[];

  constructor(private readonly options: THttpServerOptions) {
    this.tokenDigest = digest(options.controlToken);
    this.routes = options.routes.map((route) => ({ method: route.method, segments: route.path.split('/'), route }));
  }

  addControlRoute(route: TControlRoute): () => void {
    const segments = route.path.split('/');
    if (segments.some((segment) => segment === '' || segment === ':')) throw new Error(`control route path is not valid: ${route.path}`);
    const shape = (s: readonly string[]) => s.map((segment) => (segment.startsWith(':') ? ':' : segment)).join('/');
    if (this.routes.some((r) => r.method === route.method && shape(r.segments) === shape(segments))) {
      throw new Error(`control route ${route.method} ${route.path} already exists`);
    }
    const entry = { method: route.method, segments, route };
    this.routes.push(entry);
    return () => {
      const index = this.routes.indexOf(entry);
      if (index >= 0) this.routes.splice(index, 1);
    };
  }

  mount(mount: THttpMount): () => void {
    if (!mount.prefix.startsWith('/') || !mount.prefix.endsWith('/'))
      throw new Error(`mount prefix must start and end with "/": ${mount.prefix}`);
    if (mount.prefix.startsWith('/control/') || mount.prefix === '/' || mount.prefix.startsWith('/health')) {
      throw new Error(`mount prefix ${mount.prefix} is reserved`);
    }
    if (this.mounts.some((m) => m.prefix === mount.prefix)) throw new Error(`${mount.prefix} is already mounted`);
    this.mounts.push(mount);
    // Longest prefix first, so /apps/x/ can override /apps/.
    this.mounts.sort((a, b) => b.prefix.length - a.prefix.length);
    return () => {
      const index = this.mounts.indexOf(mount);
      if (index >= 0) this.mounts.splice(index, 1);
    };
  }

  async listen(): Promise<string> {
    const server = createServer((req, res) => void this.dispatch(req, res));
    server.headersTimeout = 20_000;
    server.requestTimeout = 120_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const address = server.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** Constant-time check of `Authorization: Bearer <token>`. */
  isAuthorized(req: IncomingMessage): boolean {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(.+)$/i.exec(header);
    // Compare fixed-length digests, so neither the length nor the content of the token leaks.
    return timingSafeEqual(digest(match?.[1] ?? ''), this.tokenDigest) && match !== null;
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const ctx: THttpContext = {
      url: new URL(req.url ?? '/', 'http://node.invalid'),
      readJson: () => readJsonBody(req, this.options.maxBodyBytes),
    };
    try {
      const path = ctx.url.pathname;
      if (path === '/health') {
        if (req.method !== 'GET' && req.method !== 'HEAD') throw new DaiosError('method_not_allowed', 'use GET');
        return sendJson(res, 200, this.options.health());
      }
      if (path === '/control' || path.startsWith('/control/')) {
        if (!this.isAuthorized(req)) {
          res.setHeader('WWW-Authenticate', 'Bearer');
          throw new DaiosError('unauthorized', 'missing or wrong control token');
        }
        return await this.control(req, res, ctx, path.slice('/control/'.length));
      }
      const mount = this.mounts.find((m) => path.startsWith(m.prefix) || path === m.prefix.slice(0, -1));
      if (!mount) throw new DaiosError('not_found', `no route for ${path}`);
      if (mount.access === 'control' && !this.isAuthorized(req)) {
        res.setHeader('WWW-Authenticate', 'Bearer');
        throw new DaiosError('unauthorized', 'missing or wrong control token');
      }
      await mount.handle(req, res, ctx);
    } catch (error) {
      this.fail(req, res, error);
    }
  }

  private async control(req: IncomingMessage, res: ServerResponse, ctx: THttpContext, rest: string): Promise<void> {
    const segments = rest.split('/');
    let pathMatched = false;
    for (const { method, segments: pattern, route } of this.routes) {
      const params = matchSegments(pattern, segments);
      if (!params) continue;
      pathMatched = true;
      if (method !== req.method) continue;
      const { status, body } = await route.handle(params, ctx);
      return sendJson(res, status ?? 200, body);
    }
    if (pathMatched) throw new DaiosError('method_not_allowed', `${req.method ?? ''} is not allowed on ${ctx.url.pathname}`);
    throw new DaiosError('not_found', `no route for ${ctx.url.pathname}`);
  }

  private fail(req: IncomingMessage, res: ServerResponse, error: unknown): void {
    const known = isDaiosError(error) ? error : undefined;
    if (!known) this.options.log.error(`${req.method ?? ''} ${req.url ?? ''} failed`, error);
    const status = known?.status ?? 500;
    const body: TDaiosErrorBody = { error: { code: known?.code ?? 'internal', message: known?.message ?? 'internal error' } };
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (status === 413) {
      // The client may still be sending: answer, then close rather than read the rest.
      res.setHeader('Connection', 'close');
      res.once('finish', () => req.destroy());
    }
    sendJson(res, status, body);
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

function matchSegments(pattern: readonly string[], segments: readonly string[]): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const expected = pattern[i]!;
    const actual = segments[i]!;
    if (expected.startsWith(':')) {
      if (actual === '') return undefined;
      try {
        params[expected.slice(1)] = decodeURIComponent(actual);
      } catch {
        return undefined;
      }
    } else if (expected !== actual) return undefined;
  }
  return params;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}

/**
 * Reads a JSON body, refusing (413) as soon as it passes `maxBytes`, declared or not. After a
 * refusal the rest of the upload is read and dropped until the answer is out (the caller then
 * closes the connection), so the client sees the 413 rather than a reset.
 */
export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const tooLarge = () => new DaiosError('payload_too_large', `request body is larger than ${Math.floor(maxBytes / (1024 * 1024))} MB`);
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      req.resume();
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer) => {
      length += chunk.byteLength;
      if (length > maxBytes) {
        req.off('data', onData);
        req.off('end', onEnd);
        chunks.length = 0;
        req.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks, length).toString('utf8')) as unknown);
      } catch {
        reject(new DaiosError('invalid_json', 'request body is not valid JSON'));
      }
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', reject);
  });
}
