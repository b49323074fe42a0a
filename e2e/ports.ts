/**
 * Ports for the servers the browser tests and the editor benchmark start: set by the environment,
 * or else a free one the system picks, so two checkouts can test side by side.
 */
import { execFileSync } from 'node:child_process';

// Listens on port 0 in a child process (this must be synchronous: playwright.config.ts is not
// async), prints the port the system gave, and closes it again for the server to take.
const PICK_FREE_PORT = `const s = require('node:net').createServer();
s.listen(0, '127.0.0.1', () => { process.stdout.write(String(s.address().port)); s.close(); });`;

export function freePort(): number {
  return Number(execFileSync(process.execPath, ['-e', PICK_FREE_PORT], { encoding: 'utf8' }));
}

/**
 * The port in `process.env[name]`, else a free one, written back to the environment so the
 * processes started from this one (Playwright's workers evaluate the config again) agree on it.
 */
export function portFromEnv(name: string): number {
  const set = process.env[name];
  if (set !== undefined && set !== '') {
    const port = Number(set);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${name} must be a port number (1-65535), not "${set}".`);
    return port;
  }
  const port = freePort();
  process.env[name] = String(port);
  return port;
}

/** The IDE under test, as the browser tests reach it (the Origin its auth API expects). */
export function e2eBaseUrl(): string {
  return `http://127.0.0.1:${portFromEnv('POSEIDON_E2E_PORT')}`;
}
