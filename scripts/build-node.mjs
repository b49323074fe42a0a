#!/usr/bin/env node
// The DAIOS node as one JavaScript file, .data/build/node/main.mjs, built with esbuild when it is
// missing or older than its sources (`node scripts/build-node.mjs`; `--force` to rebuild anyway).
// Running the bundle under plain `node` keeps tsx (its loader, its esbuild service and the
// compiled-module cache) out of the node's process: see bench/node.bench.ts for the figures.
//
// npm packages stay outside the bundle and load from node_modules as usual (some find their own
// files next to their modules: PGlite's wasm and data files), but for two trimmed by bundling them
// (see esbuild-inline-helia.mjs).
// Files the node's own code finds beside its modules (`new URL('./x', import.meta.url)`) must be
// beside the bundle too: the sandbox's and the app store's worker files, built as entry points,
// and the app store's migrations, copied.
import { cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inlineHelia } from './esbuild-inline-helia.mjs';
import { buildState } from './freshness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, '.data', 'build', 'node');
export const NODE_BUNDLE = path.join(outdir, 'main.mjs');
/**
 * The V8 flags the node runs with (package.json's `node` script and playwright.config.ts say the
 * same; bench/endpoint-vs-nodered.bench.ts runs its node with them too). V8 lets the young
 * generation grow to two 16 MB semi-spaces, which a busy start leaves resident for good: 4 MB ones
 * take about 15 MB off an idle node (bench/node.bench.ts). Requests' garbage is small and
 * short-lived, so the more frequent scavenges stay cheap: under load, 16 MB ones served no more
 * requests (bench/endpoint-vs-nodered.bench.ts, within its run-to-run noise; so did
 * `--single-threaded-gc` and `--v8-pool-size=1`).
 */
export const NODE_FLAGS = ['--max-semi-space-size=4'];
export const NODE_ARGS = [...NODE_FLAGS, NODE_BUNDLE];
// What the node imports (its own code and the shared blocks), how it is resolved, and this script.
const SOURCES = ['runtime', 'blocks', 'tsconfig.json', 'package-lock.json', 'scripts/build-node.mjs', 'scripts/esbuild-inline-helia.mjs'];

/** Builds the bundle when it is stale (or always with `force`); returns whether it built. */
export async function buildNode({ force = false } = {}) {
  const { builtAt, stale } = buildState(root, NODE_BUNDLE, SOURCES);
  if (!force && !stale) return false;
  console.log(builtAt ? '[poseidon] node sources changed: rebuilding the node…' : '[poseidon] building the node…');
  await bundleNode('runtime/node/main.ts', outdir);
  return true;
}

/**
 * Bundles a program that runs a node (`entry`, relative to the repository) the way the node
 * itself is bundled, into `into`: `main.mjs` and what it finds beside it. The benches bundle their
 * own node programs with this, so they measure the node as it ships.
 */
export async function bundleNode(entry, into) {
  // Loaded here only: `npm start` keeps running after the build, without esbuild in memory.
  const esbuild = await import('esbuild');
  try {
    rmSync(into, { recursive: true, force: true });
    await esbuild.build({
      absWorkingDir: root,
      entryPoints: {
        main: entry,
        worker: 'runtime/sandbox/worker.mjs',
        'initdb-worker': 'runtime/storage/initdb-worker.mjs',
      },
      outdir: into,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      // Keeps `import()` lazy: modules the node loads on first use (the app store and PGlite) go
      // into chunks beside the entries instead of being imported when the node starts.
      splitting: true,
      plugins: [inlineHelia(into)],
      platform: 'node',
      format: 'esm',
      target: 'node20',
      // A file beside the bundle, read only with `node --enable-source-maps` (which costs memory).
      sourcemap: 'linked',
      logLevel: 'warning',
    });
  } finally {
    await esbuild.stop();
  }
  cpSync(path.join(root, 'runtime', 'storage', 'migrations'), path.join(into, 'migrations'), { recursive: true });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildNode({ force: process.argv.includes('--force') });
}
