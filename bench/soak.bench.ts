/**
 * Soak: the app endpoint of bench/endpoint-node.ts (a real node, bundled as it ships: HTTP trigger
 * -> Code block in the sandbox) under steady load for minutes, its memory sampled every few
 * seconds after a full GC (the node runs with --expose-gc; without it, the heap's sawtooth between
 * major GCs, tens of MB and a minute or more apart, hides any trend). Prints RSS and heap over time,
 * and whether RSS stays flat: the slope of a least-squares line through the samples of the last
 * half (the first half is warm-up: JIT, caches, pools).
 *
 * Run: npx tsx bench/soak.bench.ts   (prints figures; never fails)
 *   SOAK_SECONDS=<n>       how long the load lasts (default 180)
 *   SOAK_SAMPLE_SECONDS=<n> how often memory is sampled (default 5)
 *   SOAK_CONNECTIONS=<n>   concurrent keep-alive connections of the load client (default 20)
 *
 * The load client is a second process (closed loop: each connection sends its next request when
 * the last one is answered) that prints its counts once a second.
 */
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { buildEndpointNode, load, RAISED_LIMITS, startEndpointNode, stopChild, type TTarget } from './endpoint-harness';
import { table } from './stats';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 180);
const SAMPLE_SECONDS = Number(process.env.SOAK_SAMPLE_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 20);
const BODY = '{"n":1}';
const MB = 1024 * 1024;
/**
 * RSS counts as flat when its trend over the last half (slope times that half's length) stays
 * within this share of its mean: RSS wanders by a few MB as the allocator keeps and returns pages.
 */
const FLAT_SHARE = 0.05;

const LOAD_CLIENT = `
const http = require('node:http');
const [url, connections, body] = process.argv.slice(1);
const target = new URL(url);
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(connections) });
let ok = 0, failed = 0, stopped = false;
const why = {};
const count = (reason) => { failed++; why[reason] = (why[reason] || 0) + 1; };
function send() {
  if (stopped) return;
  const req = http.request({ host: target.hostname, port: target.port, path: target.pathname, method: 'POST', agent,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
    res.resume();
    res.on('end', () => { if (res.statusCode === 200) ok++; else count('http_' + res.statusCode); send(); });
  });
  req.on('error', (error) => { count(error.code || error.message); setTimeout(send, 10); });
  req.end(body);
}
for (let i = 0; i < Number(connections); i++) send();
setInterval(() => console.log('COUNT ' + ok + ' ' + failed + ' ' + JSON.stringify(why)), 1000);
process.on('SIGTERM', () => { stopped = true; agent.destroy(); process.exit(0); });
`;

interface TSample {
  at: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  ok: number;
  failed: number;
  /** Failures by reason (`http_504`, `ECONNRESET`, ...), as JSON. */
  why: string;
}

/** Least-squares slope of y over x. */
function slope(points: readonly [number, number][]): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

async function main() {
  await buildEndpointNode();
  console.log(
    `soak: ${SECONDS} s of load (${CONNECTIONS} keep-alive connections, POST ${BODY}), memory every ${SAMPLE_SECONDS} s after a full GC; ` +
      `Node ${process.version}; ${cpus().length} CPUs; load average at start ${load()}`,
  );
  let node: TTarget | undefined;
  let client: ReturnType<typeof spawn> | undefined;
  try {
    node = await startEndpointNode(
      {
        appName: 'soak',
        path: 'add',
        source: 'return { ok: true, n: input.n + 1 }',
        limits: RAISED_LIMITS,
        memoryEveryMs: SAMPLE_SECONDS * 1000,
      },
      ['--expose-gc'],
    );
    const counts = { ok: 0, failed: 0, why: '{}' };
    client = spawn(process.execPath, ['-e', LOAD_CLIENT, node.url, String(CONNECTIONS), BODY], { stdio: ['ignore', 'pipe', 'inherit'] });
    client.stdout!.on('data', (chunk: Buffer) => {
      const last = [...chunk.toString('utf8').matchAll(/COUNT (\d+) (\d+) (\S+)/g)].at(-1);
      if (last) Object.assign(counts, { ok: Number(last[1]), failed: Number(last[2]), why: last[3]! });
    });

    const started = performance.now();
    const samples: TSample[] = [];
    let buffered = '';
    const done = new Promise<void>((resolve) => {
      node!.child.stdout!.on('data', (chunk: Buffer) => {
        buffered += chunk.toString('utf8');
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) {
          if (!line.startsWith('MEMORY ')) continue;
          const memory = JSON.parse(line.slice('MEMORY '.length)) as NodeJS.MemoryUsage;
          const at = (performance.now() - started) / 1000;
          samples.push({ at, ...memory, ...counts });
          const previous = samples.at(-2);
          const rps = previous ? (counts.ok - previous.ok) / (at - previous.at) : counts.ok / at;
          console.log(
            `${at.toFixed(0).padStart(5)} s  rss ${(memory.rss / MB).toFixed(1)} MB  heap ${(memory.heapUsed / MB).toFixed(1)}/${(memory.heapTotal / MB).toFixed(1)} MB  ` +
              `external ${(memory.external / MB).toFixed(1)} MB  ${rps.toFixed(0)} req/s  (${counts.failed} failed)`,
          );
          if (at >= SECONDS) resolve();
        }
      });
    });
    await done;
    await stopChild(client);
    report(samples);
  } finally {
    await stopChild(client);
    await stopChild(node?.child);
  }
  console.log(`load average at end ${load()} (1, 5, 15 min; ${cpus().length} CPUs; the load client and the node share them)`);
}

function report(samples: readonly TSample[]) {
  const last = samples.at(-1)!;
  const secondHalf = samples.filter((s) => s.at >= last.at / 2);
  const mbPerHour = (key: 'rss' | 'heapUsed') => slope(secondHalf.map((s) => [s.at, s[key] / MB])) * 3600;
  const rows = [['', 'first', 'half-way', 'last', 'last-half slope']];
  const first = samples[0]!;
  const middle = secondHalf[0]!;
  for (const key of ['rss', 'heapUsed', 'heapTotal', 'external'] as const) {
    rows.push([
      key,
      `${(first[key] / MB).toFixed(1)} MB`,
      `${(middle[key] / MB).toFixed(1)} MB`,
      `${(last[key] / MB).toFixed(1)} MB`,
      `${(slope(secondHalf.map((s) => [s.at, s[key] / MB])) * 3600).toFixed(1)} MB/h`,
    ]);
  }
  console.log(`\n${table(rows)}`);
  const rss = mbPerHour('rss');
  const halfHours = (last.at - secondHalf[0]!.at) / 3600;
  const trend = rss * halfHours;
  const meanRss = secondHalf.reduce((sum, s) => sum + s.rss / MB, 0) / secondHalf.length;
  const flat = Math.abs(trend) <= FLAT_SHARE * meanRss;
  console.log(
    `\n${last.ok} requests answered (${(last.ok / last.at).toFixed(0)}/s), ${last.failed} failed ${last.why}, over ${last.at.toFixed(0)} s. ` +
      `RSS ${flat ? 'stays FLAT' : trend > 0 ? 'GROWS' : 'SHRINKS'}: its last-half trend is ${trend.toFixed(1)} MB ` +
      `(${rss.toFixed(1)} MB/h) against a mean of ${meanRss.toFixed(1)} MB (flat: within ${FLAT_SHARE * 100} %); ` +
      `live heap ${mbPerHour('heapUsed').toFixed(1)} MB/h.`,
  );
}

await main();
