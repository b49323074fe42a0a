#!/usr/bin/env node
// `npm start`: builds the IDE if the build is missing or older than the sources, then serves it
// on http://localhost:3000 (PORT to change; the public URL follows it unless POSEIDON_PUBLIC_URL is set) with the embedded database under .data/.
// The local DAIOS node (built into .data/build/node when its sources changed) starts first.
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildState } from './freshness.mjs';
import { NODE_ARGS } from './build-node.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = [
  'app',
  'components',
  'blocks',
  'server',
  'runtime',
  'prisma',
  'instrumentation.ts',
  'proxy.ts',
  'next.config.mjs',
  'package-lock.json',
  'postcss.config.mjs',
];

const { builtAt, stale } = buildState(root, path.join(root, '.next', 'BUILD_ID'), SOURCES);
if (stale) {
  console.log(builtAt ? '[poseidon] sources changed: rebuilding…' : '[poseidon] first start: building the IDE (about a minute)…');
  const build = spawnSync('npx', ['--no', 'next', 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const port = process.env.PORT ?? '3000';
const dataDir = path.resolve(root, process.env.POSEIDON_DATA_DIR ?? '.data');
const children = [];

function stopAll(signal) {
  for (const child of children) if (child.exitCode === null) child.kill(signal);
}
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stopAll(signal));
// Should this script die of an error, it does not leave the node running (it has its own group).
process.on('exit', () => stopAll('SIGTERM'));

// The local DAIOS node, unless the IDE is pointed at another one.
const nodeEnv = {};
if (!process.env.DAIOS_NODE_URL) {
  const nodePort = process.env.DAIOS_HTTP_PORT ?? '4100';
  nodeEnv.DAIOS_NODE_URL = `http://127.0.0.1:${nodePort}`;
  nodeEnv.DAIOS_PUBLIC_URL = process.env.DAIOS_PUBLIC_URL ?? `http://localhost:${nodePort}`;
  console.log(`[poseidon] starting the local DAIOS node on http://127.0.0.1:${nodePort}`);
  // In a process of its own, so that esbuild is not kept in this one's memory.
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-node.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
  // Plain `node` on the bundle: no npx or tsx process beside it, and no loader inside it. In its
  // own process group: a Ctrl-C in the terminal reaches this script only, which passes it on once
  // (the node takes a second signal as "exit now, without stopping cleanly").
  const node = spawn(process.execPath, NODE_ARGS, {
    cwd: root,
    detached: true,
    stdio: 'inherit',
    env: { ...process.env, DAIOS_DATA_DIR: path.join(dataDir, 'node'), DAIOS_HTTP_PORT: nodePort },
  });
  children.push(node);
  node.on('exit', (code) => {
    console.error(`[poseidon] the DAIOS node stopped (code ${code}); stopping the IDE too.`);
    stopAll('SIGTERM');
    process.exitCode = code ?? 1;
  });
  await waitForHealth(`http://127.0.0.1:${nodePort}/health`, node);
}

console.log(`[poseidon] starting the IDE on http://localhost:${port}`);
// scripts/serve-ide.mjs is `next start` plus the connection address the sign-in limits count by.
// The public URL follows the port unless it is set (server/env.ts does the same).
const server = spawn(process.execPath, [path.join(root, 'scripts', 'serve-ide.mjs'), '-p', port], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    ...nodeEnv,
    PORT: port,
    POSEIDON_PUBLIC_URL: process.env.POSEIDON_PUBLIC_URL || `http://localhost:${port}`,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
  },
});
children.push(server);
server.on('exit', (code) => {
  stopAll('SIGTERM');
  process.exitCode = code ?? 0;
});

/** Waits until the node answers its health check (it writes its control token first). */
async function waitForHealth(url, child) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) process.exit(child.exitCode || 1);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  console.error(`[poseidon] the DAIOS node did not answer ${url} within 60 s`);
  stopAll('SIGTERM');
  process.exit(1);
}
