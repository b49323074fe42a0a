/**
 * What the benches that load the app endpoint share: bench/endpoint-node.ts bundled as the node
 * ships (scripts/build-node.mjs) and started in its own process with the node's flags, servers
 * that print `READY <url>`, and the machine's load average to print beside the figures.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TAppLimits } from '../runtime/apps/limits';
import { bundleNode, NODE_FLAGS } from '../scripts/build-node.mjs';
import type { TEndpointNodeOptions } from './endpoint-node';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The product's per-app limits would otherwise be what is measured (429 after 40 requests). */
export const RAISED_LIMITS: Partial<TAppLimits> = {
  ratePerSecond: 1e9,
  burst: 1e9,
  visitorRatePerSecond: 1e9,
  visitorBurst: 1e9,
  concurrentRuns: 100_000,
};

/** The load averages, flagged when the 1-minute one exceeds the CPUs (others' work then competes for them). */
export const load = () => {
  const [one] = loadavg();
  const text = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  return one! > cpus().length ? `${text}, BUSY MACHINE` : text;
};

export interface TTarget {
  child: ChildProcess;
  url: string;
}

/** Spawns a server that prints `READY <url>` on stdout when it is ready. */
export function spawnReady(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<TTarget> {
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

export async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** bench/endpoint-node.ts bundled as the node ships, into here. */
const ENDPOINT_NODE_BUNDLE = resolve(ROOT, '.data/build/bench-endpoint-node');

export async function buildEndpointNode(): Promise<void> {
  await bundleNode('bench/endpoint-node.ts', ENDPOINT_NODE_BUNDLE);
}

/** The bundled endpoint node (build it first), with the node's V8 flags and `flags` (a profiler, say). */
export function startEndpointNode(options: TEndpointNodeOptions, flags: readonly string[] = []): Promise<TTarget> {
  return spawnReady(process.execPath, [...flags, ...NODE_FLAGS, join(ENDPOINT_NODE_BUNDLE, 'main.mjs'), JSON.stringify(options)]);
}
