/**
 * Whose request is it: the client address the sign-in limits count by. A client can write any
 * `X-Forwarded-For` it likes, so the header is believed only when the connection itself comes
 * from a proxy the operator named in POSEIDON_TRUSTED_PROXIES, and then only the hops that proxy
 * (and other trusted proxies) appended, read from the right.
 *
 * The connection's own address (the peer) is not visible to a Next.js route handler; the IDE's
 * server (scripts/serve-ide.mjs) runs each request inside an AsyncLocalStorage holding it, under
 * a key shared through globalThis. Started another way (`next dev`), the peer is unknown.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { BlockList, isIP } from 'node:net';

/** The header the auth route passes the client address to better-auth in; a client's own is dropped. */
export const CLIENT_ADDRESS_HEADER = 'x-poseidon-client-address';

const PEER_STORE_KEY = Symbol.for('poseidon.peerAddress');

function peerStore(): AsyncLocalStorage<string> {
  const holder = globalThis as { [PEER_STORE_KEY]?: AsyncLocalStorage<string> };
  holder[PEER_STORE_KEY] ??= new AsyncLocalStorage<string>();
  return holder[PEER_STORE_KEY];
}

/** The address of the connection the current request came on, when the server recorded it. */
export function currentPeerAddress(): string | undefined {
  return peerStore().getStore();
}

/** Runs `handle` with `peer` as the current request's connection address (the server; tests). */
export function withPeerAddress<T>(peer: string, handle: () => T): T {
  return peerStore().run(peer, handle);
}

/** Parses POSEIDON_TRUSTED_PROXIES: comma-separated addresses or CIDR ranges; throws naming a bad entry. */
export function parseTrustedProxies(value: string | undefined): BlockList {
  const list = new BlockList();
  for (const entry of (value ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [address = '', prefixText, extra] = entry.split('/');
    const family = isIP(address);
    const maxPrefix = family === 4 ? 32 : 128;
    const prefix = prefixText === undefined ? maxPrefix : /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
    if (family === 0 || extra !== undefined || !(prefix >= 0 && prefix <= maxPrefix)) {
      throw new Error(`"${entry}" is not an IP address or a CIDR range such as 10.0.0.0/8`);
    }
    list.addSubnet(address, prefix, family === 4 ? 'ipv4' : 'ipv6');
  }
  return list;
}

function isTrusted(address: string, proxies: BlockList): boolean {
  const family = isIP(address);
  return family !== 0 && proxies.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/**
 * The client's address: the peer, unless the peer is a trusted proxy; then the right-most
 * `X-Forwarded-For` hop that is not itself a trusted proxy. A malformed hop ends the walk at the
 * last address a trusted proxy vouched for.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | null, proxies: BlockList): string | undefined {
  if (peer === undefined) return undefined;
  let client = unmapped(peer);
  if (!isTrusted(client, proxies)) return client;
  const hops = (forwardedFor ?? '')
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  // Bounded by the header's size (Node caps headers at 16 KB).
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = unmapped(hops[i]!);
    if (isIP(hop) === 0) return client;
    client = hop;
    if (!isTrusted(hop, proxies)) return hop;
  }
  return client;
}

/** `::ffff:1.2.3.4` (how a dual-stack socket reports IPv4 clients) as `1.2.3.4`. */
function unmapped(address: string): string {
  const match = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return match ? match[1]! : address;
}
