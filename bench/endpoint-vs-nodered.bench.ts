/**
 * Endpoint throughput, side by side: the same tiny API ("POST {n} -> {ok: true, n: n + 1}") as
 *
 *   Poseidon   a real DAIOS node (bench/endpoint-node.ts, bundled and run as the node ships: plain
 *              node, the node's V8 flags; its own process) serving an app whose
 *              HTTP trigger (POST /api/add, field n:number) -> Code block
 *              (`return { ok: true, n: input.n + 1 }`); the Code block's output is the answer.
 *              Through the node's HTTP server, the gateway, the app runtime and the sandbox.
 *   Node-RED   4.1, its own process: http in (POST /add) -> function
 *              (`msg.payload = { ok: true, n: msg.payload.n + 1 }; return msg;`) -> http response;
 *              no editor, no admin API, credentialSecret false, logging at warn.
 *   bare       node:http in its own process: parse the JSON body, add, stringify.
 *
 * Each is driven by autocannon in another process (`-c 50 -d 10`, POST {"n":1}, content-type
 * application/json) after a 3 s warm-up, then Poseidon again at half its peak (`--overallRate`,
 * and paced evenly by a small open-loop client: see PACED_CLIENT). For the tail at half load,
 * Node-RED is paced at half its own peak too, and the bare handler at Poseidon's half-peak rate
 * (the noise floor of the machine: the others' work shares its 2 cores).
 * Node-RED and autocannon are not dependencies of the project: they are installed once into
 * .data/bench-peers/ (git-ignored) with `npm install --prefix`.
 *
 * Run: npx tsx bench/endpoint-vs-nodered.bench.ts   (prints figures; never fails on a target)
 *   BENCH_CPU_PROF=<dir>   writes a .cpuprofile of each Poseidon node process's main thread into <dir>/poseidon-<run>/
 *   BENCH_SECONDS=<n>      seconds per measurement (default 10)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TAppLimits } from '../runtime/apps/limits';
import { DEFAULT_APP_LIMITS } from '../runtime/apps/limits';
import { bundleNode, NODE_FLAGS } from '../scripts/build-node.mjs';
import type { TEndpointNodeOptions } from './endpoint-node';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PEERS = resolve(ROOT, '.data/bench-peers');
const NODE_RED_VERSION = '4.1';
const CONNECTIONS = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = 3;
const BODY = '{"n":1}';
const EXPECTED = { ok: true, n: 2 };
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF ? resolve(process.env.BENCH_CPU_PROF) : undefined;

/** The product's per-app limits would otherwise be what is measured (429 after 40 requests). */
const RAISED_LIMITS: Partial<TAppLimits> = {
  ratePerSecond: 1e9,
  burst: 1e9,
  visitorRatePerSecond: 1e9,
  visitorBurst: 1e9,
  concurrentRuns: 100_000,
};

/** The load averages, flagged when the 1-minute one exceeds the CPUs (others' work then competes for them). */
const load = () => {
  const [one] = loadavg();
  const text = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  return one! > cpus().length ? `${text}, BUSY MACHINE` : text;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------------------------------------
// Peers

async function ensurePeers(): Promise<{ nodeRed: string; autocannon: string; versions: string }> {
  const nodeRed = join(PEERS, 'node_modules/node-red/red.js');
  const autocannon = join(PEERS, 'node_modules/autocannon/autocannon.js');
  const version = (pkg: string) => {
    try {
      return (JSON.parse(readFileSync(join(PEERS, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;
    } catch {
      return undefined;
    }
  };
  if (!version('node-red')?.startsWith(`${NODE_RED_VERSION}.`) || !version('autocannon')) {
    console.log(`installing node-red@${NODE_RED_VERSION} and autocannon into ${PEERS} (once) ...`);
    await run('npm', [
      'install',
      '--prefix',
      PEERS,
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      `node-red@${NODE_RED_VERSION}`,
      'autocannon',
    ]);
  }
  return { nodeRed, autocannon, versions: `node-red ${version('node-red')}, autocannon ${version('autocannon')}` };
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((ok, fail) => {
    const child = spawn(command, args, { stdio: 'inherit' });
    child.once('error', fail);
    child.once('exit', (code) => (code === 0 ? ok() : fail(new Error(`${command} ${args.join(' ')} exited with ${code}`))));
  });
}

// ---------------------------------------------------------------------------------------------
// Servers under test, each its own process

interface TTarget {
  child: ChildProcess;
  url: string;
}

/** Spawns a server that prints `READY <url>` on stdout when it is ready. */
function spawnReady(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<TTarget> {
  const child = spawn(command, args, { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((ok, fail) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const url = /READY (http:\/\/\S+)/.exec(output)?.[1];
      if (url) ok({ child, url });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => fail(new Error(`${args.join(' ')} exited (${code}) before it was ready:\n${output}`)));
  });
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

const BARE_SERVER = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  let text = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => (text += chunk));
  req.on('end', () => {
    const input = JSON.parse(text);
    const body = JSON.stringify({ ok: true, n: input.n + 1 });
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => console.log('READY http://127.0.0.1:' + server.address().port + '/add'));
process.on('SIGTERM', () => { server.closeAllConnections(); server.close(() => process.exit(0)); });
`;

function startBare(): Promise<TTarget> {
  return spawnReady(process.execPath, ['-e', BARE_SERVER]);
}

/** bench/endpoint-node.ts bundled as the node ships (scripts/build-node.mjs), into here. */
const ENDPOINT_NODE_BUNDLE = resolve(ROOT, '.data/build/bench-endpoint-node');

function startPoseidon(options: TEndpointNodeOptions, label: string): Promise<TTarget> {
  // One folder per run: the main thread writes a profile (CPU.<date>.<pid>.<thread>...).
  const profile = CPU_PROF_DIR ? ['--cpu-prof', '--cpu-prof-dir', join(CPU_PROF_DIR, `poseidon-${label}`)] : [];
  return spawnReady(process.execPath, [...profile, ...NODE_FLAGS, join(ENDPOINT_NODE_BUNDLE, 'main.mjs'), JSON.stringify(options)]);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise((r) => server.close(r));
  return port;
}

const NODE_RED_FLOWS = [
  { id: 'bench-tab', type: 'tab', label: 'bench', disabled: false, info: '' },
  {
    id: 'bench-in',
    type: 'http in',
    z: 'bench-tab',
    name: '',
    url: '/add',
    method: 'post',
    upload: false,
    swaggerDoc: '',
    wires: [['bench-fn']],
  },
  {
    id: 'bench-fn',
    type: 'function',
    z: 'bench-tab',
    name: 'add',
    func: 'msg.payload = { ok: true, n: msg.payload.n + 1 };\nreturn msg;',
    outputs: 1,
    timeout: 0,
    noerr: 0,
    initialize: '',
    finalize: '',
    libs: [],
    wires: [['bench-out']],
  },
  { id: 'bench-out', type: 'http response', z: 'bench-tab', name: '', statusCode: '', headers: {}, wires: [] },
];

async function startNodeRed(redJs: string, userDir: string): Promise<TTarget> {
  const port = await freePort();
  const settings = {
    uiHost: '127.0.0.1',
    uiPort: port,
    httpAdminRoot: false, // no editor, no admin API
    httpNodeRoot: '/',
    disableEditor: true,
    userDir,
    flowFile: 'flows.json',
    credentialSecret: false,
    logging: { console: { level: 'warn', metrics: false, audit: false } },
    diagnostics: { enabled: false, ui: false },
    runtimeState: { enabled: false, ui: false },
    telemetry: { enabled: false, updateNotification: false },
    externalModules: { autoInstall: false, palette: { allowInstall: false }, modules: { allowInstall: false } },
    functionExternalModules: false,
    editorTheme: { projects: { enabled: false } },
  };
  await writeFile(join(userDir, 'flows.json'), JSON.stringify(NODE_RED_FLOWS, null, 2));
  await writeFile(join(userDir, 'settings.js'), `module.exports = ${JSON.stringify(settings, null, 2)};\n`);
  const child = spawn(process.execPath, [redJs, '--settings', join(userDir, 'settings.js'), '--userDir', userDir, '--port', String(port)], {
    cwd: userDir,
    env: { ...process.env, NODE_RED_DISABLE_TELEMETRY: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const url = `http://127.0.0.1:${port}/add`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`node-red exited (${child.exitCode}):\n${output}`);
    try {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY });
      if (response.ok) return { child, url };
      await response.arrayBuffer();
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  child.kill('SIGKILL');
  throw new Error(`node-red did not answer on ${url} within 60 s:\n${output}`);
}

async function checkAnswer(name: string, url: string): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (response.status !== 200 || JSON.stringify(json) !== JSON.stringify(EXPECTED)) {
    throw new Error(`${name} answered ${response.status} ${text}, expected 200 ${JSON.stringify(EXPECTED)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Load

interface TAutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  duration: number;
  '2xx': number;
}

interface TRow {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** CPU the server process used, in cores (1.0 = one core busy all the time). */
  serverCores: number;
}

function cpuSeconds(pid: number): number {
  // /proc/<pid>/stat: utime and stime (fields 14 and 15) in clock ticks (100 per second on Linux).
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function autocannon(bin: string, url: string, seconds: number, overallRate?: number): Promise<TAutocannonResult> {
  const args = [
    bin,
    '-c',
    String(CONNECTIONS),
    '-d',
    String(seconds),
    '-m',
    'POST',
    '-H',
    'content-type=application/json',
    '-b',
    BODY,
    '--json',
  ];
  if (overallRate) args.push('--overallRate', String(overallRate));
  args.push(url);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((ok, fail) => {
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', fail);
    child.once('exit', (code) => {
      if (code !== 0) return fail(new Error(`autocannon exited with ${code}: ${stderr}`));
      try {
        ok(JSON.parse(stdout) as TAutocannonResult);
      } catch {
        fail(new Error(`autocannon printed no JSON: ${stdout}\n${stderr}`));
      }
    });
  });
}

/**
 * autocannon's --overallRate lets each connection send its share of a second's requests as fast
 * as it can and then wait for the next second, so "half the peak" arrives as bursts at the peak
 * rate. This open-loop client spreads the same rate evenly (every millisecond, the requests due
 * by then) over up to 50 keep-alive connections (used in turn), and times each request from when
 * it was issued. The first PACED_WARMUP_SECONDS are not counted (new connections, a cold client);
 * it prints MEASURE when counting starts, then one line of JSON.
 */
const PACED_WARMUP_SECONDS = 2;
const PACED_CLIENT = `
const http = require('node:http');
const [url, rate, warmup, seconds, connections, body] = process.argv.slice(1);
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, scheduling: 'fifo', maxSockets: Number(connections), maxFreeSockets: Number(connections) });
const samples = [];
let sent = 0, done = 0, errors = 0, non2xx = 0, measuring = false;
const start = performance.now();
const from = start + Number(warmup) * 1000;
const end = from + Number(seconds) * 1000;
function fire() {
  const issued = performance.now();
  const req = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
    res.resume();
    res.on('end', () => {
      if (issued >= from) { samples.push([issued - from, performance.now() - issued]); if (res.statusCode !== 200) non2xx++; }
      finish();
    });
  });
  req.on('error', () => { if (issued >= from) errors++; finish(); });
  req.end(body);
}
function finish() { done++; if (performance.now() >= end && done === sent) report(); }
const timer = setInterval(() => {
  const now = performance.now();
  if (!measuring && now >= from) { measuring = true; console.log('MEASURE'); }
  if (now >= end) { clearInterval(timer); if (done === sent) report(); return; }
  const due = Math.floor(((now - start) / 1000) * Number(rate));
  while (sent < due) { sent++; fire(); }
}, 1);
let reported = false;
function report() {
  if (reported) return;
  reported = true;
  const latencies = samples.map(([, l]) => l).sort((a, b) => a - b);
  const at = (p) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)];
  // Slow requests (over 10 ms) grouped into episodes (less than 50 ms apart): stalls, not spread-out noise.
  let slow = 0, episodes = 0, last = -Infinity;
  for (const [t, l] of samples.filter(([, l]) => l > 10).sort((a, b) => a[0] - b[0])) { slow++; if (t - last > 50) episodes++; last = t; }
  console.log(JSON.stringify({ requests: latencies.length, rps: latencies.length / Number(seconds), p50: at(50), p99: at(99), p999: at(99.9),
    max: latencies[latencies.length - 1], errors, non2xx, slow, episodes }));
  agent.destroy();
}
`;

async function measurePaced(name: string, target: TTarget, rate: number): Promise<TRow> {
  const loadBefore = load();
  const child = spawn(
    process.execPath,
    ['-e', PACED_CLIENT, target.url, String(rate), String(PACED_WARMUP_SECONDS), String(SECONDS), String(CONNECTIONS), BODY],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let stdout = '';
  let cpuBefore = 0;
  let started = 0;
  child.stdout!.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    if (!started && stdout.includes('MEASURE')) {
      cpuBefore = cpuSeconds(target.child.pid!);
      started = performance.now();
    }
  });
  const code = await new Promise((r) => child.once('exit', r));
  if (code !== 0 || !started) throw new Error(`the paced client exited with ${String(code)}: ${stdout}`);
  const cores = (cpuSeconds(target.child.pid!) - cpuBefore) / ((performance.now() - started) / 1000);
  const result = JSON.parse(stdout.slice(stdout.indexOf('{'))) as {
    rps: number;
    p50: number;
    p99: number;
    p999: number;
    max: number;
    errors: number;
    non2xx: number;
    slow: number;
    episodes: number;
  };
  console.log(
    `${name.padEnd(58)} ${result.rps.toFixed(0).padStart(7)} req/s   p50 ${result.p50.toFixed(2).padStart(6)} ms   p99 ${result.p99
      .toFixed(2)
      .padStart(6)} ms   (p99.9 ${result.p999.toFixed(2)}, max ${result.max.toFixed(2)}; ${result.slow} requests over 10 ms in ${
      result.episodes
    } stalls)   server CPU ${cores.toFixed(2)} cores (${((cores * 1e6) / result.rps).toFixed(0)} us/request)   non-2xx ${result.non2xx}, errors ${
      result.errors
    }   (load avg before ${loadBefore})`,
  );
  return { name, rps: result.rps, p50: result.p50, p99: result.p99, non2xx: result.non2xx, errors: result.errors, serverCores: cores };
}

async function measure(
  bin: string,
  name: string,
  target: TTarget,
  options: { overallRate?: number; warmup?: boolean } = {},
): Promise<TRow> {
  await checkAnswer(name, target.url);
  if (options.warmup !== false) await autocannon(bin, target.url, WARMUP_SECONDS);
  const loadBefore = load();
  const cpuBefore = cpuSeconds(target.child.pid!);
  const started = performance.now();
  const result = await autocannon(bin, target.url, SECONDS, options.overallRate);
  const cores = (cpuSeconds(target.child.pid!) - cpuBefore) / ((performance.now() - started) / 1000);
  const row: TRow = {
    name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    serverCores: cores,
  };
  console.log(
    `${name.padEnd(58)} ${row.rps.toFixed(0).padStart(7)} req/s   p50 ${row.p50.toFixed(2).padStart(6)} ms   p99 ${row.p99
      .toFixed(2)
      .padStart(
        6,
      )} ms   server CPU ${cores.toFixed(2)} cores (${((cores * 1e6) / row.rps).toFixed(0)} us/request)   non-2xx ${row.non2xx}, errors ${row.errors}   (load avg before ${loadBefore})`,
  );
  return row;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const peers = await ensurePeers();
  // The node as it runs in production: bundled, under plain node, with the node's V8 flags.
  await bundleNode('bench/endpoint-node.ts', ENDPOINT_NODE_BUNDLE);
  console.log(
    `endpoint bench: autocannon -c ${CONNECTIONS} -d ${SECONDS} (after a ${WARMUP_SECONDS} s warm-up), POST ${BODY}; Node ${process.version}; ${peers.versions}; ${cpus().length} CPUs; load average at start ${load()}`,
  );
  console.log(
    `Poseidon node: app limits raised for the bench (ratePerSecond ${RAISED_LIMITS.ratePerSecond}, burst ${RAISED_LIMITS.burst}, concurrentRuns ${RAISED_LIMITS.concurrentRuns}; product defaults ${DEFAULT_APP_LIMITS.ratePerSecond}/s, burst ${DEFAULT_APP_LIMITS.burst}, ${DEFAULT_APP_LIMITS.concurrentRuns} runs):`,
  );
  console.log(
    '  the per-app rate limit is a product setting, not the engine ceiling; with the defaults most of this load is answered 429.\n',
  );

  const rows: Record<string, TRow> = {};
  const halfLoad: Record<string, TRow> = {};
  const pacedHalf: Record<string, TRow> = {};
  const userDir = await mkdtemp(join(tmpdir(), 'bench-node-red-'));
  let current: TTarget | undefined;
  try {
    current = await startBare();
    rows.bare = await measure(peers.autocannon, 'bare node:http (parse, add, stringify)', current);
    await stopChild(current.child);

    current = await startNodeRed(peers.nodeRed, userDir);
    rows.nodeRed = await measure(peers.autocannon, `Node-RED ${NODE_RED_VERSION}: http in -> function -> http response`, current);
    // For comparison of the tail at half load: Node-RED at half its own peak, paced the same way.
    const nodeRedHalf = Math.max(1, Math.floor(rows.nodeRed.rps / 2));
    pacedHalf.nodeRed = await measurePaced(`  same at half its peak, paced evenly (${nodeRedHalf} req/s)`, current, nodeRedHalf);
    await stopChild(current.child);

    const poseidon = [
      { key: 'poseidon', concurrentCode: DEFAULT_APP_LIMITS.concurrentCode, label: 'default' },
      { key: 'poseidon2', concurrentCode: 2, label: 'code2' },
    ];
    for (const { key, concurrentCode, label } of poseidon) {
      current = await startPoseidon(
        {
          appName: 'adder',
          path: 'add',
          source: 'return { ok: true, n: input.n + 1 }',
          limits: { ...RAISED_LIMITS, concurrentCode },
        },
        label,
      );
      const name = `Poseidon: HTTP trigger -> Code (concurrentCode ${concurrentCode}${concurrentCode === DEFAULT_APP_LIMITS.concurrentCode ? ', the default' : ''})`;
      const row = await measure(peers.autocannon, name, current);
      rows[key] = row;
      const rate = Math.max(1, Math.floor(row.rps / 2));
      halfLoad[key] = await measure(peers.autocannon, `  same at half its peak (autocannon --overallRate ${rate})`, current, {
        overallRate: rate,
        warmup: false,
      });
      pacedHalf[key] = await measurePaced(`  same at half its peak, paced evenly (${rate} req/s)`, current, rate);
      if (key === 'poseidon') {
        // The tails side by side at one load: Poseidon paced at the rate Node-RED was paced at.
        pacedHalf.atNodeRedRate = await measurePaced(
          `  same, paced at Node-RED's half-peak rate (${nodeRedHalf} req/s)`,
          current,
          nodeRedHalf,
        );
      }
      await stopChild(current.child);
    }

    // The machine's own noise floor: the bare handler paced at the rate of Poseidon's half peak.
    const controlRate = Math.max(1, Math.floor(rows.poseidon!.rps / 2));
    current = await startBare();
    await checkAnswer('bare', current.url);
    pacedHalf.bare = await measurePaced(`bare node:http paced at the same rate (${controlRate} req/s): noise floor`, current, controlRate);
    await stopChild(current.child);
    current = undefined;
  } finally {
    await stopChild(current?.child);
    await rm(userDir, { recursive: true, force: true });
  }

  const bare = rows.bare!;
  const nodeRed = rows.nodeRed!;
  console.log('');
  for (const key of ['poseidon', 'poseidon2']) {
    const row = rows[key]!;
    const half = halfLoad[key]!;
    const vsRed = row.rps / nodeRed.rps;
    const vsBare = row.rps / bare.rps;
    console.log(`${row.name}:`);
    console.log(`  Poseidon/Node-RED  ${vsRed.toFixed(2)}x requests/s   target >= 2x: ${vsRed >= 2 ? 'MET' : 'MISSED'}`);
    console.log(`  Poseidon/bare      ${vsBare.toFixed(2)}x requests/s   aim 0.5x: ${vsBare >= 0.5 ? 'MET' : 'MISSED'}`);
    console.log(
      `  p99 at half peak   ${half.p99.toFixed(2)} ms (${half.rps.toFixed(0)} req/s)   target <= 10 ms: ${half.p99 <= 10 ? 'MET' : 'MISSED'}`,
    );
    const paced = pacedHalf[key]!;
    console.log(
      `  p99 at half peak, paced evenly   ${paced.p99.toFixed(2)} ms (${paced.rps.toFixed(0)} req/s)   target <= 10 ms: ${paced.p99 <= 10 ? 'MET' : 'MISSED'}`,
    );
  }
  console.log(
    `(for comparison, Node-RED at half its peak, paced evenly: p99 ${pacedHalf.nodeRed!.p99.toFixed(2)} ms at ${pacedHalf.nodeRed!.rps.toFixed(0)} req/s; Poseidon at that rate: p99 ${pacedHalf.atNodeRedRate!.p99.toFixed(2)} ms)`,
  );
  console.log(
    `(noise floor: the bare handler paced at ${pacedHalf.bare!.rps.toFixed(0)} req/s had p99 ${pacedHalf.bare!.p99.toFixed(2)} ms on this machine at that moment)`,
  );
  console.log(
    '\nautocannon reports whole milliseconds; under --overallRate each connection sends its share of a second at once and then waits,',
  );
  console.log(
    '  so half the peak arrives as bursts at the peak rate (and autocannon corrects those latencies for coordinated omission). The paced row spreads it evenly.',
  );
  console.log(`\nload average at end ${load()} (1, 5, 15 min; ${cpus().length} CPUs; autocannon and the server share them)`);
  if (CPU_PROF_DIR) console.log(`CPU profiles of the Poseidon node processes: ${CPU_PROF_DIR}`);
}

await main();
