/**
 * Client bundles: browser code for the interactive parts of a page that the page's small inline
 * script does not cover (a wallet, live predictions). The page works without them; they only add.
 *
 *  - Built by the project, never fetched from a CDN: each is a file of JavaScript the node holds.
 *  - Content-addressed: served at `/apps/_client/<sha256 hex>.js` (no app is named `_client`, see
 *    ZAppName), so the address names the bytes; answers are `immutable`, cached for a year.
 *  - Named by the renderers that need them: a page renderer lists bundle names in `client`
 *    (blocks/core/page.ts); the page adds one `<script type="module" src nonce integrity>` per
 *    bundle used, so the CSP stays nonce-only (no 'self', no host) and the browser checks the hash.
 *
 * No block ships a client bundle yet. The first one adds its entry (`blocks/<type>/<type>.client.ts`),
 * a build step that writes it (and its name) where `createClientAssets` is given it, and a
 * `client: ['<name>']` on its renderer; see blocks/ADDING_A_BLOCK.md.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export const CLIENT_ASSET_DIRECTORY = '_client';
const CLIENT_ASSET_FILE = /^([0-9a-f]{64})\.js$/;

export interface TClientAsset {
  name: string;
  /** SHA-256 of the bytes, hex: the file name. */
  sha256: string;
  /** `sha256-<base64>`, for the script's `integrity`. */
  integrity: string;
  /** The URL path: `/apps/_client/<sha256>.js`. */
  path: string;
  bytes: Buffer;
}

export interface TClientAssets {
  byName(name: string): TClientAsset | undefined;
  byHash(sha256: string): TClientAsset | undefined;
}

/** Bundles by name (the built JavaScript). Empty until a block ships one. */
export function createClientAssets(sources: Readonly<Record<string, string | Uint8Array>> = {}): TClientAssets {
  const byName = new Map<string, TClientAsset>();
  const byHash = new Map<string, TClientAsset>();
  for (const [name, source] of Object.entries(sources)) {
    const bytes = Buffer.from(source);
    const digest = createHash('sha256').update(bytes).digest();
    const sha256 = digest.toString('hex');
    const asset = {
      name,
      sha256,
      integrity: `sha256-${digest.toString('base64')}`,
      path: `/apps/${CLIENT_ASSET_DIRECTORY}/${sha256}.js`,
      bytes,
    };
    byName.set(name, asset);
    byHash.set(sha256, asset);
  }
  return { byName: (name) => byName.get(name), byHash: (sha256) => byHash.get(sha256) };
}

/** Answers `/apps/_client/<sha256>.js` (`rest`: the segments after `_client`). */
export function serveClientAsset(req: IncomingMessage, res: ServerResponse, rest: readonly string[], assets: TClientAssets): void {
  const file = rest.length === 1 ? CLIENT_ASSET_FILE.exec(rest[0]!) : null;
  const asset = file ? assets.byHash(file[1]!) : undefined;
  const common = { 'X-Content-Type-Options': 'nosniff', 'Cross-Origin-Resource-Policy': 'same-origin' };
  if (!asset) {
    res.writeHead(404, { ...common, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end('There is no such client bundle on this node.');
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...common, Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
    res.end('Use GET.');
    return;
  }
  res.writeHead(200, {
    ...common,
    'Content-Type': 'text/javascript; charset=utf-8',
    'Content-Length': asset.bytes.length,
    'Cache-Control': 'public, max-age=31536000, immutable',
    ETag: `"${asset.sha256}"`,
  });
  res.end(req.method === 'HEAD' ? undefined : asset.bytes);
}
