#!/usr/bin/env node
// `npm start`: builds the IDE if the build is missing or older than the sources, then serves it
// on http://localhost:3000 (PORT to change; the public URL follows it unless POSEIDON_PUBLIC_URL is set) with the embedded database under .data/.
// The local DAIOS node (built into .data/build/node when its sources changed) starts first.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildState } from './freshness.mjs';
import { NODE_ARGS } from './build-node.mjs';
import { createSupervisor } from './processes.mjs';

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
// Next's own CLI run by this Node (no npx, and no shell, between this script and the server).
const NEXT_CLI = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

// Every child runs in a process group of its own and gets one signal from here: a Ctrl-C in the
// terminal or a SIGTERM to `npm start` stops everything, and this script exits 0 once all of it
// has stopped (see processes.mjs).
const children = createSupervisor();
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (children.stopping) return; // npm passes a terminal's Ctrl-C on too: one is enough
    console.log(`[poseidon] ${signal}: stopping`);
    children.stop(signal).then((code) => process.exit(code));
  });
}
// Should this script die of an error, it does not leave its children running.
process.on('exit', () => children.stopNow());

/** A child ended while nothing asked it to: the others stop, and this script exits with its code. */
function stopAllBecause(name) {
  return (code, signal) => {
    console.error(`[poseidon] ${name} stopped (${signal ?? `code ${code}`}); stopping the rest too.`);
    children.stop('SIGTERM').then(() => process.exit(code || 1));
  };
}

/** Runs a build step; exits (after stopping what runs) if it fails or a signal stopped it. */
async function build(name, args, env) {
  const status = await children.run(name, process.execPath, args, { cwd: root, env: { ...process.env, ...env } });
  if (children.stopping) await new Promise(() => undefined); // the signal handler exits
  if (status !== 0) process.exit(status);
}

const { builtAt, stale } = buildState(root, path.join(root, '.next', 'BUILD_ID'), SOURCES);
if (stale) {
  console.log(
    builtAt ? '[poseidon] sources changed: rebuilding…' : '[poseidon] first start: building the IDE (several minutes on a 2-core machine)…',
  );
  await build('the IDE build', [NEXT_CLI, 'build'], { NEXT_TELEMETRY_DISABLED: '1', POSEIDON_BUILD_SKIP_TYPES: '1' });
}

const port = process.env.PORT ?? '3000';
const dataDir = path.resolve(root, process.env.POSEIDON_DATA_DIR ?? '.data');

// The local DAIOS node, unless the IDE is pointed at another one.
const nodeEnv = {};
if (!process.env.DAIOS_NODE_URL) {
  const nodePort = process.env.DAIOS_HTTP_PORT ?? '4100';
  nodeEnv.DAIOS_NODE_URL = `http://127.0.0.1:${nodePort}`;
  nodeEnv.DAIOS_PUBLIC_URL = process.env.DAIOS_PUBLIC_URL ?? `http://localhost:${nodePort}`;
  console.log(`[poseidon] starting the local DAIOS node on http://127.0.0.1:${nodePort}`);
  // In a process of its own, so that esbuild is not kept in this one's memory.
  await build('the node build', [path.join(root, 'scripts', 'build-node.mjs')]);
  // Plain `node` on the bundle: no npx or tsx process beside it, and no loader inside it.
  const node = children.start(
    'the DAIOS node',
    process.execPath,
    NODE_ARGS,
    { cwd: root, env: { ...process.env, DAIOS_DATA_DIR: path.join(dataDir, 'node'), DAIOS_HTTP_PORT: nodePort } },
    stopAllBecause('the DAIOS node'),
  );
  await waitForHealth(`http://127.0.0.1:${nodePort}/health`, node);
}

if (!children.stopping) {
  console.log(`[poseidon] starting the IDE on http://localhost:${port}`);
  // scripts/serve-ide.mjs is `next start` plus the connection address the sign-in limits count by.
  // The public URL follows the port unless it is set (server/env.ts does the same).
  children.start(
    'the IDE',
    process.execPath,
    [path.join(root, 'scripts', 'serve-ide.mjs'), '-p', port],
    {
      cwd: root,
      env: {
        ...process.env,
        ...nodeEnv,
        PORT: port,
        POSEIDON_PUBLIC_URL: process.env.POSEIDON_PUBLIC_URL || `http://localhost:${port}`,
        NODE_ENV: 'production',
        NEXT_TELEMETRY_DISABLED: '1',
      },
    },
    stopAllBecause('the IDE'),
  );
}

/** Waits until the node answers its health check (it writes its control token first). */
async function waitForHealth(url, child) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !children.stopping) {
    if (child.exitCode !== null || child.signalCode !== null) return; // stopAllBecause handles it
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  if (children.stopping) return;
  console.error(`[poseidon] the DAIOS node did not answer ${url} within 60 s`);
  children.stop('SIGTERM').then(() => process.exit(1));
}
