/**
 * The Poseidon side of bench/endpoint-vs-nodered.bench.ts, run as its own process so the load
 * client, the bench script and the node do not share an event loop (and so the node alone can be
 * profiled with --cpu-prof):
 *
 *   node --import tsx bench/endpoint-node.ts '<options as JSON>'
 *
 * (the bench runs it bundled as the node ships: see bundleNode in scripts/build-node.mjs)
 *
 * Starts a real DAIOS node (libp2p + Helia, temp data dir, HTTP on 127.0.0.1) serving apps with
 * serveApps, compiles the endpoint app (HTTP trigger POST /api/add with field n:number -> Code
 * block), publishes it and names it with signed requests (runtime/protocol/signing), exactly as
 * the IDE does, then prints `READY <url of the endpoint>` (and, when asked, `MEMORY <json>` lines
 * from then on). Stops cleanly on SIGTERM/SIGINT.
 */
import { bundleCid } from '@/blocks/compiler/cid';
import { compileBundle } from '@/blocks/compiler/bundle';
import type { TAppLimits } from '@/runtime/apps/limits';
import { graphOf } from '@/runtime/apps/testing/apps';
import { silentLogger } from '@/runtime/node/logger';
import { serveApps } from '@/runtime/node/serve-apps';
import { alice, nameRecord, publishRequest } from '@/runtime/node/testing/bundles';
import { removeDataDir, startTestNode } from '@/runtime/node/testing/nodes';

export interface TEndpointNodeOptions {
  appName: string;
  path: string;
  source: string;
  codeWorkers?: number;
  limits?: Partial<TAppLimits>;
  /**
   * Print `MEMORY <process.memoryUsage() as JSON>` this often (bench/soak.bench.ts), after a full
   * GC when the process runs with --expose-gc (then the heap is what is still alive).
   */
  memoryEveryMs?: number;
}

const options = JSON.parse(process.argv[2] ?? '{}') as TEndpointNodeOptions;

const graph = graphOf(
  [
    {
      id: 'endpoint',
      type: 'http-trigger',
      config: { path: options.path, method: 'POST', fields: [{ name: 'n', type: 'number', required: true }], sample: { n: 1 } },
    },
    { id: 'work', type: 'code', config: { source: options.source, timeoutMs: 1000 } },
  ],
  ['endpoint.out -> work.in'],
);

const node = await startTestNode();
let apps: Awaited<ReturnType<typeof serveApps>> | undefined;
let stopping = false;
async function stop(code: number) {
  if (stopping) return;
  stopping = true;
  try {
    await apps?.close();
    await node.stop();
    await removeDataDir(node.dataDir);
  } finally {
    process.exit(code); // --cpu-prof writes its profile here
  }
}
process.on('SIGTERM', () => void stop(0));
process.on('SIGINT', () => void stop(0));

try {
  apps = await serveApps(node, {
    dataDir: node.dataDir,
    logger: silentLogger,
    ...(options.codeWorkers ? { codeWorkers: options.codeWorkers } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
  });
  const compiled = compileBundle(graph, { appName: options.appName });
  if (!compiled.ok) throw new Error(`the endpoint app does not compile: ${JSON.stringify(compiled.diagnostics)}`);
  const cid = (await bundleCid(compiled.files)).toString();
  await node.publish(await publishRequest(alice, { cid, files: compiled.files }));
  await node.setName(await nameRecord(alice, options.appName, cid, 1));
  console.log(`READY ${node.httpUrl}/apps/${options.appName}/api/${options.path}`);
  if (options.memoryEveryMs) {
    setInterval(() => {
      (globalThis as { gc?: () => void }).gc?.();
      console.log(`MEMORY ${JSON.stringify(process.memoryUsage())}`);
    }, options.memoryEveryMs).unref();
  }
} catch (error) {
  console.error(error);
  await stop(1);
}
