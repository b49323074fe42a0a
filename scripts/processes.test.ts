import type { ChildProcess, SpawnOptions } from 'node:child_process';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { createSupervisor } from './processes.mjs';
import { isAlive as alive } from './testing/process-alive';

// Stand-ins for what `npm start` runs, as real processes:
// - a wrapper (like npx before next-server) that starts a server of its own, prints its port and
//   pid, and exits on SIGTERM without passing it on;
// - a node that stops cleanly on its first signal, a little later, and exits 1 on a second one
//   (runtime/node/main.ts: "SIGTERM again: exiting now").
const SERVER = `const s = require('node:net').createServer().listen(0, '127.0.0.1', () => console.log(s.address().port, process.pid));`;
const WRAPPER = `require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(SERVER)}], { stdio: 'inherit' });
process.on('SIGTERM', () => process.exit(143));`;
const NODE = `let stopping = false;
process.on('SIGTERM', () => {
  if (stopping) process.exit(1);
  stopping = true;
  setTimeout(() => process.exit(0), 300);
});
setInterval(() => undefined, 1000);
console.log('ready');`;

/** Their stdout is read here (the first line says they are ready); stderr goes to the test's. */
const PIPED: SpawnOptions = { stdio: ['ignore', 'pipe', 'inherit'] };

const firstLine = (child: ChildProcess) =>
  new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));

const canListen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

describe("npm start's children (scripts/processes.mjs)", () => {
  it('one SIGTERM stops everything: what a child started too, each child signalled once, the port free', async () => {
    const children = createSupervisor();
    const exits: string[] = [];
    // What start.mjs does when a child ends unasked: stop the rest (which must not signal again).
    const stopRest = (name: string) => () => {
      exits.push(name);
      void children.stop('SIGTERM');
    };
    const wrapper = children.start('wrapper', process.execPath, ['-e', WRAPPER], PIPED, stopRest('wrapper'));
    const node = children.start('node', process.execPath, ['-e', NODE], PIPED, stopRest('node'));
    const [portAndPid, ready] = await Promise.all([firstLine(wrapper), firstLine(node)]);
    expect(ready).toBe('ready');
    const [port, serverPid] = portAndPid.split(' ').map(Number) as [number, number];
    expect(await canListen(port)).toBe(false);

    expect(await children.stop('SIGTERM')).toBe(0);
    expect(exits).toEqual([]);
    expect(node.exitCode).toBe(0); // stopped on its first signal, never got a second
    expect(wrapper.exitCode).toBe(143);
    expect(alive(serverPid)).toBe(false);
    expect(await canListen(port)).toBe(true);
    // A second stop, and the exit handler's, signal nothing more.
    expect(await children.stop('SIGTERM')).toBe(0);
    children.stopNow();
  });

  it('a child that fails to stop cleanly makes stop() say so', async () => {
    const children = createSupervisor();
    const failing = children.start(
      'failing',
      process.execPath,
      ['-e', `process.on('SIGTERM', () => process.exit(3)); setInterval(() => {}, 1000); console.log('ready');`],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await firstLine(failing);
    expect(await children.stop('SIGTERM')).toBe(1);
    expect(failing.exitCode).toBe(3);
  });

  it('kills a child that ignores the signal once the grace period is over', async () => {
    const children = createSupervisor({ graceMs: 200 });
    const stubborn = children.start(
      'stubborn',
      process.execPath,
      ['-e', `process.on('SIGTERM', () => {}); setInterval(() => {}, 1000); console.log('ready');`],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    await firstLine(stubborn);
    expect(await children.stop('SIGTERM')).toBe(1);
    expect(stubborn.signalCode).toBe('SIGKILL');
  });

  it('runs a build step to its end and gives its exit code', async () => {
    const children = createSupervisor();
    expect(await children.run('build', process.execPath, ['-e', 'process.exit(7)'], { stdio: 'ignore' })).toBe(7);
    expect(await children.run('build', process.execPath, ['-e', ''], { stdio: 'ignore' })).toBe(0);
  });
});
