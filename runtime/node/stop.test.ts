/**
 * A stopped node leaves its data folder alone: once `stop()` has resolved, the folder can be
 * removed, copied or handed to another node without anything of the old one writing into it.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { removeDataDir, startTestNode } from './testing/nodes';

/** Every file under `dir` with its size and modification time. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const { size, mtimeMs } = await stat(path);
    files[path] = `${size} ${mtimeMs}`;
  }
  return files;
}

/** Lets callbacks of pending I/O run: a write started by a timer takes a few turns (read, write, rename). */
async function settle(turns = 50): Promise<void> {
  for (let i = 0; i < turns; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    await stat('.');
  }
}

describe('a stopped node', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('writes nothing to its data folder once stop() has resolved, even when what it left armed fires', async () => {
    // Fake only timeouts, still advancing with real time, so the node runs as usual but whatever
    // timer it leaves behind can be fired at once below rather than waited for.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'], shouldAdvanceTime: true });
    const node = await startTestNode();
    try {
      await node.stop();
      const stopped = await snapshot(node.dataDir);
      await vi.runOnlyPendingTimersAsync();
      await settle();
      expect(await snapshot(node.dataDir)).toEqual(stopped);
    } finally {
      await removeDataDir(node.dataDir);
    }
  });
});
