import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './e2e/chromium';
import { e2eBaseUrl, portFromEnv } from './e2e/ports';

// Browser tests run against the production build (`npm run build` first; scripts/test.mjs does it)
// served by scripts/serve-ide.mjs (`next start`) on 127.0.0.1, driving Debian's Chromium: `npx playwright install`
// cannot download browsers here. The IDE's port is POSEIDON_E2E_PORT and the local node's
// POSEIDON_E2E_NODE_PORT, each a free port when not set (so two checkouts can test at once).

const ROOT = path.dirname(fileURLToPath(import.meta.url));
const BASE_URL = e2eBaseUrl();
const PORT = new URL(BASE_URL).port;
const NODE_PORT = portFromEnv('POSEIDON_E2E_NODE_PORT');
const NODE_URL = `http://127.0.0.1:${NODE_PORT}`;

// A brand-new data folder per run, so every run starts from an empty database. This file is
// evaluated by the runner and again by every worker: the runner picks the folder and publishes it
// through the environment (workers inherit it), so tests can read
// process.env.POSEIDON_E2E_DATA_DIR and see the same folder as the server.
function e2eDataDir(): string {
  const existing = process.env.POSEIDON_E2E_DATA_DIR;
  if (existing) return existing;

  const base = path.join(ROOT, '.data');
  mkdirSync(base, { recursive: true });
  // Drop folders of earlier runs older than a day so .data/ does not grow without bound.
  const dayAgo = Date.now() - 24 * 60 * 60 * 1000;
  for (const name of readdirSync(base)) {
    if (!name.startsWith('e2e-')) continue;
    const dir = path.join(base, name);
    try {
      if (statSync(dir).mtimeMs < dayAgo) rmSync(dir, { recursive: true, force: true });
    } catch {
      // another run may be removing it too
    }
  }

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = path.join(base, `e2e-${stamp}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  process.env.POSEIDON_E2E_DATA_DIR = dir;
  return dir;
}

const DATA_DIR = e2eDataDir();

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  reporter: 'list',
  // Upper bounds on waits for events, not margins: a passing run takes no longer for them. With
  // the load average at 30 on 2 cores, opening a project took more than 10 s.
  timeout: 180_000,
  expect: { timeout: 30_000 },
  use: {
    baseURL: BASE_URL,
    trace: 'retain-on-failure',
    viewport: { width: 1280, height: 720 },
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: CHROMIUM_PATH,
          args: [...CHROMIUM_ARGS, '--disable-quic'],
        },
      },
    },
  ],
  webServer: [
    {
      // The local DAIOS node the IDE deploys to, as `npm run node` starts it (built by
      // scripts/build-node.mjs when its sources changed); its control token lands in <data>/node.
      command: 'node scripts/build-node.mjs && node --max-semi-space-size=4 .data/build/node/main.mjs',
      url: `${NODE_URL}/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
      // The IDE's origin is the only one that may frame a preview (the gateway's frame-ancestors).
      env: { DAIOS_DATA_DIR: path.join(DATA_DIR, 'node'), DAIOS_HTTP_PORT: String(NODE_PORT), DAIOS_IDE_ORIGIN: BASE_URL },
    },
    {
      // As `npm start` serves it: `next start` plus the connection address the sign-in limits count by.
      command: `node scripts/serve-ide.mjs -p ${PORT} -H 127.0.0.1`,
      url: `${BASE_URL}/api/health`,
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: 'pipe',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
      env: {
        POSEIDON_DATA_DIR: DATA_DIR,
        BETTER_AUTH_URL: BASE_URL,
        POSEIDON_PUBLIC_URL: BASE_URL,
        DAIOS_NODE_URL: NODE_URL,
        DAIOS_PUBLIC_URL: NODE_URL,
        NEXT_TELEMETRY_DISABLED: '1',
      },
    },
  ],
});
