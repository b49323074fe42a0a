/**
 * The `net` capability: outbound HTTP for blocks that declare it (HTTP request), on the IDE's
 * test runs and on DAIOS nodes alike. Blocks never call `fetch` themselves; this is the one place
 * that decides what a dApp may reach and how much it may read.
 *
 * - Only http: and https: URLs.
 * - Destinations on loopback, private, link-local, carrier-grade NAT, multicast and other
 *   reserved addresses are refused, so a dApp cannot probe the node's own network or a cloud
 *   metadata service. The check runs where the connection is made: requests go through an undici
 *   dispatcher whose `lookup` hook resolves the host, refuses it if any address is not public, and
 *   hands the socket exactly the addresses it checked. There is no second resolution for a DNS
 *   server to answer differently (rebinding). Redirects are followed by hand (at most
 *   `maxRedirects`) through the same dispatcher, so every hop is checked the same way; an address
 *   written in the URL itself is checked before connecting. `allowPrivate: true` turns the check
 *   off: the IDE passes it only in tests, which talk to a server on 127.0.0.1; nodes and test runs
 *   never do.
 * - A redirect to another origin drops every request header but Accept and Content-Type, so a
 *   secret in a header never reaches a host the user did not name.
 * - One time limit (`timeoutMs`) covers connecting, redirects and reading the body.
 * - Responses over `maxResponseBytes` (5 MB) are refused; JSON (by content type) is parsed,
 *   anything else is returned as text. A body that claims to be JSON but does not parse is
 *   returned as text.
 */
import { lookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { Agent, fetch, type Response } from 'undici';
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

/** Resolves a host name to every address it has (the system resolver unless a test passes one). */
export type TResolveHost = (hostname: string) => Promise<string[]>;

export interface TNetCapabilityOptions {
  /** Reach loopback and private addresses. Tests only (a local server); never on a node. */
  allowPrivate: boolean;
  maxResponseBytes?: number;
  maxRedirects?: number;
  resolveHost?: TResolveHost;
  /**
   * Which addresses may be connected to; `isPublicAddress` unless `allowPrivate`. Tests pass a
   * rule that stands one loopback address in for "the public internet", so that a rebinding
   * resolver can be tried against real local servers.
   */
  isAllowedAddress?: (address: string) => boolean;
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

const systemResolver: TResolveHost = async (hostname) => (await lookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

function blocked(host: string, address: string | undefined): NetError {
  return new NetError(
    `Refused to connect to ${host}${address !== undefined && address !== host ? ` (${address})` : ''}: local and private network addresses cannot be reached from a dApp.`,
    'blocked_address',
  );
}

/**
 * Parses one destination and checks its scheme, and its address when the URL names one; a host
 * name is checked when it is resolved for the connection (`checkedLookup`).
 */
export function checkDestination(url: string, isAllowedAddress: (address: string) => boolean): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new NetError(`"${url}" is not a valid web address.`, 'bad_url');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new NetError(`Only http:// and https:// addresses can be requested, not ${parsed.protocol}//.`, 'bad_url');
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(host) && !isAllowedAddress(host)) throw blocked(host, host);
  return parsed;
}

/**
 * A `net.connect` lookup that resolves once, refuses the host if any of its addresses is not
 * allowed, and gives the socket exactly the addresses it checked.
 */
export function checkedLookup(resolveHost: TResolveHost, isAllowedAddress: (address: string) => boolean): LookupFunction {
  const check = async (hostname: string, family: number | undefined) => {
    let addresses: string[];
    try {
      addresses = await resolveHost(hostname);
    } catch {
      throw new NetError(`The host "${hostname}" could not be found.`, 'unreachable');
    }
    const refused = addresses.find((a) => !isAllowedAddress(a));
    if (refused !== undefined || addresses.length === 0) throw blocked(hostname, refused);
    const entries = addresses
      .map((address) => ({ address, family: isIP(address) }))
      .filter((entry) => entry.family !== 0 && (family !== 4 && family !== 6 ? true : entry.family === family));
    if (entries.length === 0) throw new NetError(`The host "${hostname}" has no usable address.`, 'unreachable');
    return entries;
  };
  return (hostname, options, callback) => {
    const family = options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : options.family;
    check(hostname, family).then(
      (entries) => {
        if (options.all) callback(null, entries);
        else callback(null, entries[0]!.address, entries[0]!.family);
      },
      (error: unknown) => callback(error as NetError, ''),
    );
  };
}

export function createNetCapability(options: TNetCapabilityOptions): TNetCapability {
  const maxBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  const maxRedirects = options.maxRedirects ?? MAX_REDIRECTS;
  const isAllowedAddress = options.allowPrivate ? () => true : (options.isAllowedAddress ?? isPublicAddress);
  const dispatcher = new Agent({
    connect: { lookup: checkedLookup(options.resolveHost ?? systemResolver, isAllowedAddress) },
  });

  return {
    async fetch(url, init) {
      const signal = AbortSignal.timeout(init.timeoutMs);
      let target = checkDestination(url, isAllowedAddress);
      let method = init.method.toUpperCase();
      let headers: Record<string, string> = { ...init.headers };
      let body = init.body;
      try {
        for (let hop = 0; ; hop++) {
          const response = await fetch(target, { method, headers, body, redirect: 'manual', signal, dispatcher });
          const location = response.headers.get('location');
          if (response.status < 300 || response.status >= 400 || location === null) {
            return await readResponse(response, maxBytes);
          }
          await response.body?.cancel();
          if (hop >= maxRedirects) throw new NetError(`Stopped after ${maxRedirects} redirects.`, 'too_many_redirects');
          const next = checkDestination(new URL(location, target).href, isAllowedAddress);
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
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause;
  // A refusal from the lookup hook arrives as the cause of undici's "fetch failed".
  if (cause instanceof NetError) return cause;
  const name = (error as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new NetError(`${target.host} did not answer within ${timeoutMs} ms.`, 'timeout');
  }
  const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new NetError(`Could not reach ${target.host}: ${detail}.`, 'unreachable');
}
