/**
 * Gateway throughput: an app whose HTTP endpoint runs one Code block
 * (`return { ok: true, n: input.n + 1 }`) served by the real gateway, app runtime, sandbox and
 * app store on a node:http server on 127.0.0.1, against a bare node:http handler doing the same
 * work in plain JavaScript (JSON parse, add, JSON stringify).
 *
 * The load: 50 connections kept alive, each sending its next POST as soon as the last answer
 * came, for 10 s per target, from a worker thread (so the client does not share the server's
 * event loop). autocannon is not installed, so this is a small client of our own on node:http.
 *
 * Run: npx tsx bench/gateway.bench.ts [seconds] [connections]   (prints figures; never fails)
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createAppRuntime } from '../runtime/apps/app-runtime';
import { codeEndpointGraph, bundleOf } from '../runtime/apps/testing/apps';
import { createGateway } from '../runtime/gateway/gateway';
import { openAppStore } from '../runtime/storage/app-store';
import { createSandbox } from '../runtime/sandbox/sandbox';

const SECONDS = Number(process.argv[2] ?? 10);
const CONNECTIONS = Number(process.argv[3] ?? 50);
const WARMUP_SECONDS = 2;

interface TLoadResult {
  requests: number;
  errors: number;
  statuses: Record<string, number>;
  latenciesMs: number[];
  seconds: number;
}

/** The client, in a worker thread: `connections` loops of POST -> wait for the answer -> POST. */
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { url, path, seconds, connections } = workerData;
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const latencies = [];
const statuses = {};
let requests = 0, errors = 0, n = 0;
const end = performance.now() + seconds * 1000;
function once() {
  return new Promise((resolve) => {
    const body = JSON.stringify({ n: n++ });
    const started = performance.now();
    const req = http.request({ host: target.hostname, port: target.port, path, method: 'POST', agent,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => {
        latencies.push(performance.now() - started);
        statuses[res.statusCode] = (statuses[res.statusCode] || 0) + 1;
        requests++;
        if (res.statusCode !== 200 || !text.includes('"ok":true')) errors++;
        resolve();
      });
    });
    req.on('error', () => { errors++; resolve(); });
    req.end(body);
  });
}
async function loop() { while (performance.now() < end) await once(); }
const started = performance.now();
Promise.all(Array.from({ length: connections }, loop)).then(() => {
  agent.destroy();
  parentPort.postMessage({ requests, errors, statuses, latenciesMs: latencies, seconds: (performance.now() - started) / 1000 });
});
`;

function drive(url: string, path: string, seconds: number): Promise<TLoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(CLIENT, { eval: true, workerData: { url, path, seconds, connections: CONNECTIONS } });
    worker.once('message', (result: TLoadResult) => {
      void worker.terminate();
      resolve(result);
    });
    worker.once('error', reject);
  });
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

function summary(name: string, result: TLoadResult) {
  const sorted = [...result.latenciesMs].sort((a, b) => a - b);
  return {
    name,
    rps: result.requests / result.seconds,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    errors: result.errors,
    statuses: result.statuses,
  };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

async function measure(name: string, url: string, path: string) {
  await drive(url, path, WARMUP_SECONDS);
  const row = summary(name, await drive(url, path, SECONDS));
  console.log(
    `${row.name.padEnd(44)} ${row.rps.toFixed(0).padStart(8)} req/s   p50 ${row.p50.toFixed(2).padStart(7)} ms   p99 ${row.p99
      .toFixed(2)
      .padStart(7)} ms   errors ${row.errors}${row.errors ? ` ${JSON.stringify(row.statuses)}` : ''}`,
  );
  return row;
}

async function main() {
  console.log(
    `gateway bench: ${CONNECTIONS} connections, ${SECONDS} s per target (after ${WARMUP_SECONDS} s warm-up), ${availableParallelism()} CPUs, Node ${process.version}\n`,
  );

  // The bare handler: the same work, no gateway, no sandbox.
  const bare = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => {
      const input = JSON.parse(text) as { n: number };
      const body = JSON.stringify({ ok: true, n: input.n + 1 });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  const bareUrl = await listen(bare);
  const baseline = await measure('bare node:http (parse, add, stringify)', bareUrl, '/');
  await close(bare);

  const sandbox = await createSandbox({ workers: 2 });
  const store = await openAppStore({});
  const bundle = await bundleOf(codeEndpointGraph('return { ok: true, n: input.n + 1 };'), 'adder');
  const rows = [];
  for (const concurrentCode of [1, 2]) {
    const runtime = createAppRuntime({
      storage: (scope) => store.storage(scope),
      code: sandbox,
      // The rate limit would otherwise be what is measured.
      limits: { ratePerSecond: 1e9, burst: 1e9, visitorRatePerSecond: 1e9, visitorBurst: 1e9, concurrentRuns: 10_000, concurrentCode },
    });
    const gateway = createGateway({ resolveApp: (name) => (name === 'adder' ? bundle : null), resolvePreview: () => null, runtime });
    const server = createServer((req, res) => void gateway.handle(req, res));
    const url = await listen(server);
    rows.push(await measure(`gateway, HTTP -> Code (concurrentCode ${concurrentCode})`, url, '/apps/adder/api/run'));
    await close(server);
  }
  await store.close();
  await sandbox.close();

  console.log('');
  for (const row of rows) {
    console.log(
      `${row.name}: ${(baseline.rps / row.rps).toFixed(1)}x fewer requests/s than the bare handler; p50 ${(row.p50 / baseline.p50).toFixed(1)}x, p99 ${(row.p99 / baseline.p99).toFixed(1)}x its latency`,
    );
  }
}

await main();
