import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@/server/db/client';
import { project } from '@/prisma/schema';

const dataDir = mkdtempSync(path.join(tmpdir(), 'poseidon-crash-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** Runs the save loop in a child process and SIGKILLs it after `savesBeforeKill` saves. */
function saveThenKill(savesBeforeKill: number): Promise<{ lastAcknowledged: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/testing/save-loop.ts', dataDir], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let lastAcknowledged = 0;
    let stderr = '';
    let buffer = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) {
        const saved = /^saved (\d+)$/.exec(line);
        if (!saved) continue;
        lastAcknowledged = Number(saved[1]);
        if (lastAcknowledged >= savesBeforeKill) child.kill('SIGKILL');
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve({ lastAcknowledged });
      else reject(new Error(`save loop ended by itself (code ${code}): ${stderr}`));
    });
  });
}

describe('a server killed mid-save (embedded database)', () => {
  it('keeps the last acknowledged graph whole and the database usable', async () => {
    const { lastAcknowledged } = await saveThenKill(40);
    const database = await openDatabase({ kind: 'pglite', dataDir });
    try {
      const [row] = await database.db.select().from(project);
      expect(row).toBeDefined();
      // Every acknowledged save is kept; at most the one in flight is lost.
      expect(row!.version).toBeGreaterThanOrEqual(lastAcknowledged);
      const generations = new Set(row!.graph.nodes.map((n) => n.config.generation));
      expect(generations.size).toBe(1);
      const [generation] = [...generations] as number[];
      expect(row!.graph.nodes).toHaveLength(50 + (generation! % 200));
      expect(row!.summary.nodeCount).toBe(row!.graph.nodes.length);
      expect(row!.version).toBe(generation! + 1);
    } finally {
      await database.close();
    }
  });
});
