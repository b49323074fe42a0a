import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { isAlive as alive } from './testing/process-alive';

// `npm start` runs package.json's start script through `sh -c`, and passes a SIGTERM it gets to
// that shell. Debian's sh (dash) then dies without passing it on: scripts/start.mjs was left
// running, orphaned, with the node and next-server and their ports. The script must be the
// shell's own process (`exec`), so the signal reaches scripts/start.mjs.
const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const START_SCRIPT = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;

// In place of scripts/start.mjs: says it is running, and what it got.
const STUB = `console.log('running ' + process.pid);
process.on('SIGTERM', () => { console.log('SIGTERM'); process.exit(0); });
setInterval(() => undefined, 1000);`;

describe('npm start', () => {
  const dirs: string[] = [];
  const leftovers: number[] = [];
  afterAll(async () => {
    for (const pid of leftovers) if (alive(pid)) process.kill(pid, 'SIGKILL');
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it("passes a SIGTERM to scripts/start.mjs (package.json's start script runs it in the shell's place)", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'poseidon-start-'));
    dirs.push(dir);
    await writeFile(
      path.join(dir, 'package.json'),
      JSON.stringify({ name: 'start-signal', private: true, scripts: { start: START_SCRIPT } }),
    );
    await mkdir(path.join(dir, 'scripts'));
    await writeFile(path.join(dir, 'scripts', 'start.mjs'), STUB);

    const npm = spawn('npm', ['start', '--silent'], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = createInterface({ input: npm.stdout! });
    const said: string[] = [];
    const running = new Promise<number>((resolve) =>
      lines.on('line', (line) => {
        said.push(line);
        const match = /^running (\d+)$/.exec(line);
        if (match) resolve(Number(match[1]));
      }),
    );
    const exited = new Promise<void>((resolve) => npm.once('exit', () => resolve()));
    const pid = await running;
    leftovers.push(pid);

    npm.kill('SIGTERM');
    await exited;
    expect(said).toContain('SIGTERM');
    expect(alive(pid)).toBe(false);
  });
});
