/**
 * DAIOS node cost: memory at rest, memory and disk per published app, publish latency.
 *
 *   (a) a real node process, RSS idle after start: as `npm run node` starts it (the esbuild bundle
 *       of scripts/build-node.mjs under plain node) and, for comparison, under tsx from the sources
 *   (b) publish 100 small apps to the bundled node through the control API (compiled guestbook
 *       template, distinct app names; each publish verified, imported, pinned, recorded, named)
 *   (c) its RSS and disk after, and the cost per app (MB/app)
 *   (d) each app called once (GET of its page, which reads its storage): RSS after the first call
 *       (what a first run starts: the app store) and after all, and the cost per app past the first;
 *       then the same after restarting the node on its data (the store exists: it is only opened)
 *   (e) the same publishes in-process (node.publish, no HTTP/JSON/base64): the node's own share
 *
 * Run: npx tsx bench/node.bench.ts   (prints figures; never fails on a target). Linux: RSS is
 * read from /proc/<pid>/status.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { silentLogger } from '../runtime/node/logger';
import type { TNameRecord, TPublishRequest } from '../runtime/protocol/schemas';
import { createDaiosNode } from '../runtime/node/node';
import { alice, compiledBundle, nameRecord, publishRequest } from '../runtime/node/testing/bundles';
import { removeDataDir, tempDataDir, TEST_CONTROL_TOKEN } from '../runtime/node/testing/nodes';
import { buildNode, NODE_ARGS } from '../scripts/build-node.mjs';
import { median, percentile } from './stats';

const APPS = 100;
const SETTLE_MS = 1_500;

const fmt = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
  return kb / 1024;
}

async function diskBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

/** How the node process is started: as `npm run node` does, or from the sources under tsx. */
const LAUNCHERS = {
  bundle: NODE_ARGS,
  tsx: ['--import', 'tsx', 'runtime/node/main.ts'],
} as const;

/** Starts a node process with its own data directory; resolves with its HTTP URL. */
function startNodeProcess(
  dataDir: string,
  launcher: keyof typeof LAUNCHERS,
): Promise<{ child: ChildProcess; url: string; startMs: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [...LAUNCHERS[launcher]], {
    env: { ...process.env, DAIOS_DATA_DIR: dataDir, DAIOS_HTTP_PORT: '0', DAIOS_CONTROL_TOKEN: TEST_CONTROL_TOKEN },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      output += chunk;
      const url = /HTTP on (http:\/\/\S+)/.exec(output)?.[1];
      if (url) resolve({ child, url, startMs: performance.now() - started });
    });
    child.once('exit', (code) => reject(new Error(`node process exited (${code}) before it was ready:\n${output}`)));
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** An app's page: its page-load steps run (the guestbook lists its entries from storage). */
async function getPage(url: string, name: string): Promise<void> {
  const response = await fetch(`${url}/apps/${name}/`);
  const text = await response.text();
  if (!response.ok) throw new Error(`/apps/${name}/ answered ${response.status}: ${text.slice(0, 200)}`);
}

async function post(url: string, path: string, body: unknown): Promise<void> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TEST_CONTROL_TOKEN}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${text}`);
}

async function main() {
  // Every request is built first: compiling and signing are the IDE's cost, not the node's.
  const apps: { name: string; request: TPublishRequest; record: TNameRecord }[] = [];
  for (let i = 0; i < 2 * APPS; i++) {
    const name = `bench-app-${String(i).padStart(3, '0')}`;
    const bundle = await compiledBundle(name, 'guestbook');
    apps.push({ name, request: await publishRequest(alice, bundle), record: await nameRecord(alice, name, bundle.cid, 1) });
  }
  const bundleBytes = Object.values(apps[0]!.request.files).reduce((sum, b64) => sum + Buffer.from(b64, 'base64').byteLength, 0);

  // (a): idle RSS of each way of starting the node, one after the other on fresh data folders.
  await buildNode();
  const idle: Partial<Record<keyof typeof LAUNCHERS, { rss: number; startMs: number }>> = {};
  for (const launcher of ['tsx', 'bundle'] as const) {
    const dir = await tempDataDir();
    const { child, startMs } = await startNodeProcess(dir, launcher);
    try {
      await sleep(SETTLE_MS);
      idle[launcher] = { rss: await rssMb(child.pid!), startMs };
    } finally {
      await stopProcess(child);
      await removeDataDir(dir);
    }
  }

  // (b)-(d): the bundled node, driven over HTTP.
  const processDir = await tempDataDir();
  const started = await startNodeProcess(processDir, 'bundle');
  const { startMs } = started;
  let { child, url } = started;
  let idleRss: number, loadedRss: number, idleDisk: number, loadedDisk: number;
  const calls = { created: { first: 0, all: 0 }, restarted: { idle: 0, first: 0, all: 0 } };
  const httpPublishMs: number[] = [];
  const httpNameMs: number[] = [];
  const callEach = async (into: { first: number; all: number }) => {
    const [first, ...rest] = apps.slice(0, APPS);
    await getPage(url, first!.name);
    await sleep(SETTLE_MS);
    into.first = await rssMb(child.pid!);
    for (const { name } of rest) await getPage(url, name);
    await sleep(SETTLE_MS);
    into.all = await rssMb(child.pid!);
  };
  try {
    await sleep(SETTLE_MS);
    idleRss = await rssMb(child.pid!);
    idleDisk = await diskBytes(processDir);
    for (const { request, record } of apps.slice(0, APPS)) {
      let t = performance.now();
      await post(url, '/control/publish', request);
      httpPublishMs.push(performance.now() - t);
      t = performance.now();
      await post(url, '/control/names', record);
      httpNameMs.push(performance.now() - t);
    }
    await sleep(SETTLE_MS);
    loadedRss = await rssMb(child.pid!);
    loadedDisk = await diskBytes(processDir);
    // The first storage call ever creates the app store (PostgreSQL's initdb, in a worker thread);
    // a restarted node only opens it: both are measured.
    await callEach(calls.created);
    await stopProcess(child);
    ({ child, url } = await startNodeProcess(processDir, 'bundle'));
    await sleep(SETTLE_MS);
    calls.restarted.idle = await rssMb(child.pid!);
    await callEach(calls.restarted);
  } finally {
    await stopProcess(child);
    await removeDataDir(processDir);
  }

  // (e): the node's own share, in this process.
  const directDir = await tempDataDir();
  const node = createDaiosNode({ dataDir: directDir, controlToken: TEST_CONTROL_TOKEN, logger: silentLogger });
  await node.start();
  const directPublishMs: number[] = [];
  const directNameMs: number[] = [];
  const resolveMs: number[] = [];
  try {
    for (const { request, record } of apps.slice(APPS)) {
      let t = performance.now();
      await node.publish(request);
      directPublishMs.push(performance.now() - t);
      t = performance.now();
      await node.setName(record);
      directNameMs.push(performance.now() - t);
    }
    for (const { name } of apps.slice(APPS)) {
      const t = performance.now();
      await node.apps.resolve(name);
      resolveMs.push(performance.now() - t);
    }
  } finally {
    await node.stop();
    await removeDataDir(directDir);
  }

  const perApp = (loadedRss - idleRss) / APPS;
  console.log(
    `\nDAIOS node benchmark (Node ${process.version}, ${cpus().length} CPUs, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')})`,
  );
  console.log(
    `App: the guestbook template compiled under ${APPS} distinct names: ${Object.keys(apps[0]!.request.files).length} file, ${bundleBytes} bytes\n`,
  );
  console.log(
    `(a) node process, RSS idle: under tsx ${fmt(idle.tsx!.rss)} MB (ready in ${fmt(idle.tsx!.startMs, 0)} ms); ` +
      `bundled (node ${NODE_ARGS.map((arg) => relative(process.cwd(), arg)).join(' ')}) ${fmt(idle.bundle!.rss)} MB (ready in ${fmt(idle.bundle!.startMs, 0)} ms)`,
  );
  console.log(`    the bundled node below: ready in ${fmt(startMs, 0)} ms; RSS idle ${fmt(idleRss)} MB; disk ${fmt(idleDisk / 1024)} KB`);
  console.log(`(b) ${APPS} apps via the control API:`);
  console.log(`    POST /control/publish: median ${fmt(median(httpPublishMs), 2)} ms, p95 ${fmt(percentile(httpPublishMs, 95), 2)} ms`);
  console.log(`    POST /control/names:   median ${fmt(median(httpNameMs), 2)} ms, p95 ${fmt(percentile(httpNameMs, 95), 2)} ms`);
  console.log(
    `(c) RSS after ${fmt(loadedRss)} MB (+${fmt(loadedRss - idleRss)} MB): ${fmt(perApp, 3)} MB/app; disk +${fmt((loadedDisk - idleDisk) / 1024 / APPS, 1)} KB/app`,
  );
  const perCall = (after: { first: number; all: number }) => fmt((after.all - after.first) / (APPS - 1), 3);
  console.log(`(d) each app's page fetched once (the guestbook reads its storage):`);
  console.log(
    `    on this node: RSS after the first ${fmt(calls.created.first)} MB (+${fmt(calls.created.first - loadedRss)} MB: the app store is created), ` +
      `after all ${fmt(calls.created.all)} MB: ${perCall(calls.created)} MB/app past the first`,
  );
  console.log(
    `    restarted on its data: RSS idle ${fmt(calls.restarted.idle)} MB, after the first ${fmt(calls.restarted.first)} MB ` +
      `(+${fmt(calls.restarted.first - calls.restarted.idle)} MB: the app store opens), after all ${fmt(calls.restarted.all)} MB: ${perCall(calls.restarted)} MB/app past the first`,
  );
  console.log(`(e) in-process, ${APPS} more apps (no HTTP, JSON or base64):`);
  console.log(
    `    node.publish (verify + import + pin + record): median ${fmt(median(directPublishMs), 2)} ms, p95 ${fmt(percentile(directPublishMs, 95), 2)} ms`,
  );
  console.log(
    `    node.setName (verify + persist + announce):    median ${fmt(median(directNameMs), 2)} ms, p95 ${fmt(percentile(directNameMs, 95), 2)} ms`,
  );
  console.log(`    node.apps.resolve (cached bundle):            median ${fmt(median(resolveMs) * 1000, 1)} µs\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
