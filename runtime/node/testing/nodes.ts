/** Real DAIOS nodes for tests: loopback only, a temporary data directory each, silent logs. */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDaiosNode, type DaiosNode, type TDaiosNodeOptions } from '../node';
import { silentLogger } from '../logger';

export const TEST_CONTROL_TOKEN = 'test-control-token-0123456789';

export async function tempDataDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'daios-node-'));
}

/** Creates and starts a node; `dataDir` defaults to a fresh temporary directory. */
export async function startTestNode(options: Partial<TDaiosNodeOptions> = {}): Promise<DaiosNode & { dataDir: string }> {
  const dataDir = options.dataDir ?? (await tempDataDir());
  const node = createDaiosNode({ controlToken: TEST_CONTROL_TOKEN, logger: silentLogger, ...options, dataDir });
  await node.start();
  return Object.assign(node, { dataDir });
}

export async function removeDataDir(dataDir: string): Promise<void> {
  await rm(dataDir, { recursive: true, force: true });
}

/** How many blocks the node holds on disk (files under <dataDir>/blocks). */
export async function countBlocks(dataDir: string): Promise<number> {
  const entries = await readdir(join(dataDir, 'blocks'), { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).length;
}

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`condition not met within ${timeoutMs} ms${lastError ? `: ${String(lastError)}` : ''}`);
}
