#!/usr/bin/env node
// `npm test`: the full Poseidon check, in order, stopping at the first failure.
//
//   lint -> typecheck -> unit (vitest) -> [chromium check -> build -> e2e (playwright)]
//
// Flags:
//   --skip-e2e   skip the Chromium check, `next build` and Playwright (quick local run)
//   --dry-run    print the steps that would run, run nothing
//   --help       this text
//
// Environment:
//   CI                 when set, TEST_DATABASE_URL is required (CI must run the PostgreSQL suite)
//   TEST_DATABASE_URL  postgres://... used by the PostgreSQL test suite
//   CHROMIUM_PATH      Chromium binary for Playwright (default /usr/bin/chromium)
//   POSEIDON_E2E_PORT, POSEIDON_E2E_NODE_PORT
//                      ports of the IDE and the node the browser tests start (default: free ones)
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_CHROMIUM = '/usr/bin/chromium';
const isWindows = process.platform === 'win32';

const HELP = `Usage: npm test [-- --skip-e2e | --dry-run | --help]

Runs, in order, stopping at the first failure:
  1. lint        npm run lint
  2. typecheck   npm run typecheck
  3. unit        npx vitest run
  4. chromium    check that Chromium exists (CHROMIUM_PATH or ${DEFAULT_CHROMIUM})
  5. build       npm run build
  6. e2e         npx playwright test

  --skip-e2e   skip steps 4-6 (quick local run)
  --dry-run    print the steps without running them
  --help       show this text

When CI is set, TEST_DATABASE_URL must be set too (CI must run the PostgreSQL suite).`;

// ---------------------------------------------------------------------------
const argv = process.argv.slice(2);
const known = new Set(['--skip-e2e', '--dry-run', '--help', '-h']);
const unknown = argv.filter((a) => !known.has(a));
if (unknown.length > 0) {
  console.error(`test: unknown argument(s): ${unknown.join(' ')}\n\n${HELP}`);
  process.exit(2);
}
if (argv.includes('--help') || argv.includes('-h')) {
  console.log(HELP);
  process.exit(0);
}
const skipE2e = argv.includes('--skip-e2e');
const dryRun = argv.includes('--dry-run');

const isCI = Boolean(process.env.CI) && !['0', 'false'].includes(String(process.env.CI).toLowerCase());
const chromiumPath = process.env.CHROMIUM_PATH || DEFAULT_CHROMIUM;

// ---------------------------------------------------------------------------
// Test counts from the runners' JSON reports, for one closing "N passed, N failed" line.
const REPORTS = resolve(ROOT, '.data', 'test-reports');
const VITEST_REPORT = resolve(REPORTS, 'vitest.json');
const PLAYWRIGHT_REPORT = resolve(REPORTS, 'playwright.json');
rmSync(REPORTS, { recursive: true, force: true });
mkdirSync(REPORTS, { recursive: true });

function readJson(file) {
  try {
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
  } catch {
    return null;
  }
}

function countLine() {
  const counts = { passed: 0, failed: 0, skipped: 0 };
  const vitest = readJson(VITEST_REPORT);
  if (vitest) {
    counts.passed += vitest.numPassedTests ?? 0;
    counts.failed += vitest.numFailedTests ?? 0;
    counts.skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
  }
  const playwright = readJson(PLAYWRIGHT_REPORT);
  if (playwright?.stats) {
    counts.passed += (playwright.stats.expected ?? 0) + (playwright.stats.flaky ?? 0);
    counts.failed += playwright.stats.unexpected ?? 0;
    counts.skipped += playwright.stats.skipped ?? 0;
  }
  return `${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`;
}

const fmt = (ms) => (ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`);
const results = [];
const started = Date.now();

function summary() {
  if (results.length === 0) return;
  console.log('\n── test summary ─────────────────────────────');
  for (const r of results) {
    console.log(`  ${r.status.padEnd(7)} ${r.name.padEnd(10)} ${r.ms == null ? '' : fmt(r.ms)}`);
  }
  console.log(`  total ${fmt(Date.now() - started)}`);
  if (!dryRun) console.log(`\n${countLine()}`);
}

function fail(step, message, ms = null) {
  results.push({ name: step, status: 'FAILED', ms });
  summary();
  console.error(`\n✖ test step "${step}" failed: ${message}`);
  process.exit(1);
}

function run(cmd, args, env) {
  return new Promise((resolvePromise) => {
    const child = spawn(cmd, args, {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, ...env },
      shell: isWindows,
    });
    const forward = (sig) => child.kill(sig);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (err) => resolvePromise({ code: 1, signal: null, error: err }));
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolvePromise({ code, signal, error: null });
    });
  });
}

async function step(name, cmd, args, env = {}) {
  const pretty = [cmd, ...args].join(' ');
  console.log(`\n▶ [${name}] ${pretty}`);
  if (dryRun) {
    results.push({ name, status: 'dry-run', ms: null });
    return;
  }
  const t0 = Date.now();
  const { code, signal, error } = await run(cmd, args, env);
  const ms = Date.now() - t0;
  if (error) fail(name, `could not start \`${pretty}\`: ${error.message}`, ms);
  if (signal) fail(name, `\`${pretty}\` was killed by ${signal} after ${fmt(ms)}`, ms);
  if (code !== 0) fail(name, `\`${pretty}\` exited with code ${code} after ${fmt(ms)}`, ms);
  results.push({ name, status: 'ok', ms });
  console.log(`✔ [${name}] ${fmt(ms)}`);
}

// ---------------------------------------------------------------------------
if (isCI && !process.env.TEST_DATABASE_URL) {
  fail(
    'env',
    'CI is set but TEST_DATABASE_URL is not: CI must run the PostgreSQL suite. ' +
      'Run .ci/run, or export TEST_DATABASE_URL=postgres://user:pass@127.0.0.1:5432/db',
  );
}

console.log(
  `Poseidon tests${dryRun ? ' (dry run)' : ''}: CI=${isCI ? 'yes' : 'no'}, ` +
    `PostgreSQL suite=${process.env.TEST_DATABASE_URL ? 'on (TEST_DATABASE_URL set)' : 'off (TEST_DATABASE_URL not set)'}, ` +
    `e2e=${skipE2e ? 'skipped (--skip-e2e)' : 'on'}`,
);

await step('lint', 'npm', ['run', 'lint']);
await step('typecheck', 'npm', ['run', 'typecheck']);
// --no: never let npx download a package; the tools come from node_modules.
// VITE_CONFIG_NATIVE_IGNORE_WARNING: Vite warns that vitest.config.ts is ESM in a CommonJS package;
// harmless (it is bundled before loading), so keep the output clean.
await step('unit', 'npx', ['--no', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${VITEST_REPORT}`], {
  VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true',
});

if (skipE2e) {
  console.log('\n⏭ skipping browser tests (--skip-e2e): no Chromium check, no `next build`, no Playwright');
  results.push({ name: 'build', status: 'skipped', ms: null });
  results.push({ name: 'e2e', status: 'skipped', ms: null });
} else {
  console.log(`\n▶ [chromium] checking ${chromiumPath}`);
  try {
    accessSync(chromiumPath, constants.X_OK);
    results.push({ name: 'chromium', status: 'ok', ms: null });
  } catch {
    fail(
      'chromium',
      'Chromium is missing: install it with `sudo apt-get install -y chromium` (Debian/Ubuntu) ' +
        `or set CHROMIUM_PATH (looked for ${chromiumPath})`,
    );
  }
  await step('build', 'npm', ['run', 'build'], { NEXT_TELEMETRY_DISABLED: '1' });
  await step('e2e', 'npx', ['--no', 'playwright', 'test', '--reporter=list,json'], {
    PLAYWRIGHT_JSON_OUTPUT_FILE: PLAYWRIGHT_REPORT,
    CHROMIUM_PATH: chromiumPath,
    NEXT_TELEMETRY_DISABLED: '1',
  });
}

summary();
console.log(dryRun ? '\n(dry run: nothing was executed)' : '\n✔ all test steps passed');
