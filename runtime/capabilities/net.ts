/**
 * The `net` capability: outbound HTTP for blocks that declare it (HTTP request), on the IDE's
 * test runs and on DAIOS nodes alike. Blocks never call `fetch` themselves; this is the one place
 * that decides what a dApp may reach and how much it may read.
 *
 * - Only http: and https: URLs.
 * - Destinations on loopback, private, link-local, carrier-grade NAT, multicast and other
 *   reserved addresses are refused, checked after DNS resolution and again on every redirect
 *   (redirects are followed by hand, at most `maxRedirects`), so a dApp cannot probe the node's
 *   own network or a cloud metadata service. `allowPrivate: true` turns this off: the IDE passes
 *   it only in tests, which talk to a server on 127.0.0.1; nodes and test runs never do.
 *   Known gap: the address is resolved once for the check and again by fetch, so a DNS server
 *   that answers differently the second time (rebinding) is not caught; closing it needs a
 *   connection-level lookup hook (an undici dispatcher).
 * - A redirect to another origin drops every request header but Accept and Content-Type, so a
 *   secret in a header never reaches a host the user did not name.
 * - One time limit (`timeoutMs`) covers connecting, redirects and reading the body.
 * - Responses over `maxResponseBytes` (5 MB) are refused; JSON (by content type) is parsed,
 *   anything else is returned as text. A body that claims to be JSON but does not parse is
 *   returned as text.
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import type { TJson, TNetCapability, TNetResponse } from '@/blocks/core/executor';
import { joinBytes } from '@/runtime/protocol/bytes';

export const MAX_RESPONSE_BYTES = 5 * 1024 * 1024;
const MAX_REDIRECTS = 5;

export type TNetErrorCode = 'bad_url' | 'blocked_address' | 'timeout' | 'too_large' | 'too_many_redirects' | 'unreachable';

export class NetError extends Error {
  override name = 'NetError';
  constructor(
    message: string,
    readonly code: TNetErrorCode,
  ) {
    super(message);
  }
}

export interface TNetCapabilityOptions {
  /** Reach loopback and private addresses. Tests only (a local server); never on a node. */
  allowPrivate: boolean;
  maxResponseBytes?: number;
  maxRedirects?: number;
}

const NON_PUBLIC = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b::', 96], // NAT64: embeds an IPv4 address
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10],
  ['ff00::', 8], // multicast
] as const) {
  NON_PUBLIC.addSubnet(network, prefix, 'ipv6');
}

/** Whether an IP address (v4 or v6, IPv4-mapped v6 included) is on the public internet. */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return !NON_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Parses and checks one destination: scheme, then (unless allowed) every address it resolves to. */
export async function checkDestination(url: string, allowPrivate: boolean): Promise<URL> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new NetError(`"${url}" is not a valid web address.`, 'bad_url');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new NetError(`Only http:// and https:// addresses can be requested, not ${parsed.protocol}//.`, 'bad_url');
  }
  if (allowPrivate) return parsed;
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: string[];
  if (isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
    } catch {
      throw new NetError(`The host "${host}" could not be found.`, 'unreachable');
    }
  }
  const blocked = addresses.find((a) => !isPublicAddress(a));
  if (blocked !== undefined || addresses.length === 0) {
    throw new NetError(
      `Refused to connect to ${host}${blocked !== undefined && blocked !== host ? ` (${blocked})` : ''}: local and private network addresses cannot be reached from a dApp.`,
      'blocked_address',
    );
  }
  return parsed;
}

export function createNetCapability(options: TNetCapabilityOptions): TNetCapability {
  const maxBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  const maxRedirects = options.maxRedirects ?? MAX_REDIRECTS;

  return {
    async fetch(url, init) {
      const signal = AbortSignal.timeout(init.timeoutMs);
      let target = await checkDestination(url, options.allowPrivate);
      let method = init.method.toUpperCase();
      let headers: Record<string, string> = { ...init.headers };
      let body = init.body;
      try {
        for (let hop = 0; ; hop++) {
          const response = await fetch(target, { method, headers, body, redirect: 'manual', signal });
          const location = response.headers.get('location');
          if (response.status < 300 || response.status >= 400 || location === null) {
            return await readResponse(response, maxBytes);
          }
          await response.body?.cancel();
          if (hop >= maxRedirects) throw new NetError(`Stopped after ${maxRedirects} redirects.`, 'too_many_redirects');
          const next = await checkDestination(new URL(location, target).href, options.allowPrivate);
          if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
            method = 'GET';
            body = undefined;
          }
          if (next.origin !== target.origin) headers = keepOnly(headers, ['accept', 'content-type']);
          if (body === undefined) headers = dropHeader(headers, 'content-type');
          target = next;
        }
      } catch (error) {
        throw explain(error, target, init.timeoutMs);
      }
    },
  };
}

async function readResponse(response: Response, maxBytes: number): Promise<TNetResponse> {
  const headers = Object.fromEntries(response.headers);
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel();
    throw tooLarge(maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  }
  const text = new TextDecoder().decode(joinBytes(chunks, size));
  const contentType = response.headers.get('content-type') ?? '';
  let body: TJson | string = text;
  if (/^[^;]*json/i.test(contentType) && text.trim() !== '') {
    try {
      body = JSON.parse(text) as TJson;
    } catch {
      body = text;
    }
  }
  return { status: response.status, headers, body };
}

function tooLarge(maxBytes: number): NetError {
  return new NetError(`The response is larger than ${Math.round(maxBytes / 1024 / 1024)} MB.`, 'too_large');
}

function keepOnly(headers: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => names.includes(name.toLowerCase())));
}

function dropHeader(headers: Record<string, string>, name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([n]) => n.toLowerCase() !== name));
}

function explain(error: unknown, target: URL, timeoutMs: number): Error {
  if (error instanceof NetError) return error;
  const name = (error as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new NetError(`${target.host} did not answer within ${timeoutMs} ms.`, 'timeout');
  }
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new NetError(`Could not reach ${target.host}: ${detail}.`, 'unreachable');
}
