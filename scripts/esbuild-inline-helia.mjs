// An esbuild plugin for the node's bundle (scripts/build-node.mjs): npm packages stay external,
// loaded from node_modules, except `helia` and `@helia/libp2p`, which are bundled so that what the
// node does not use of them is dropped.
//
// Why: the node needs `createHeliaLight` and `withLibp2pLight` only, but the packages' entry
// modules also hold `createHelia` and `libp2pDefaults`, which import the DHT, WebRTC (a native
// module), circuit relay, autoNAT, UPnP, mDNS, WebSockets, TLS and auto-TLS, HTTP gateways and
// delegated routing: loaded at start, those cost the node ~25 MB of RSS at rest for nothing. Bundled,
// esbuild tree-shakes them away, once helia's `export * from '@helia/interface'` (a re-export of
// another package, which keeps every export of the module alive) is left out: nothing imports
// @helia/interface's values through 'helia' (the node imports only createHeliaLight from it).
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const INLINED = new Set(['helia', '@helia/libp2p']);
const HELIA_INDEX = /[\\/]node_modules[\\/]helia[\\/]dist[\\/]src[\\/]index\.js$/;
const INTERFACE_REEXPORT = /^export \* from '@helia\/interface';$/m;

const packageOf = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
const insideInlined = (file) => [...INLINED].some((name) => file.includes(`${path.sep}node_modules${path.sep}${name}${path.sep}`));

/** `outdir`: where the bundle is written (imports of the inlined packages are made relative to it). */
export function inlineHelia(outdir) {
  return {
    name: 'inline-helia',
    setup(build) {
      build.onLoad({ filter: HELIA_INDEX }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        // A newer helia without the line still builds, only bigger; say so rather than fail.
        if (!INTERFACE_REEXPORT.test(source)) console.warn(`[build-node] ${args.path} changed: helia is no longer trimmed`);
        return { contents: source.replace(INTERFACE_REEXPORT, ''), loader: 'js', resolveDir: path.dirname(args.path) };
      });
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        // `@/` is the project's alias (tsconfig paths); `resolving` marks the lookup below.
        if (args.path.startsWith('@/') || args.pluginData?.resolving) return undefined;
        if (INLINED.has(packageOf(args.path))) return undefined;
        if (!insideInlined(args.importer)) return { external: true };
        // What an inlined package imports is looked up from where that package sits (it may have
        // its own nested versions, as helia has of uint8arrays) and imported by path. Unused
        // imports of what was tree-shaken away must go too: hence `sideEffects: false`.
        const resolved = await build.resolve(args.path, {
          kind: args.kind,
          resolveDir: args.resolveDir,
          pluginData: { resolving: true },
        });
        if (resolved.errors.length > 0) return { errors: resolved.errors };
        return { path: path.relative(outdir, resolved.path).split(path.sep).join('/'), external: true, sideEffects: false };
      });
    },
  };
}
