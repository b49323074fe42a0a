/**
 * Sandbox figures: warm call cost of run() and evaluate(), evaluateEach per-item cost, cold start.
 * Run: npx tsx bench/sandbox.bench.ts
 */
import { createSandbox, type Sandbox } from '../runtime/sandbox/sandbox';

const WARM_CALLS = 20_000;
const BATCH = 100;
const EACH_ITEMS = 10_000;
const EACH_ROUNDS = 30;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Median per-call time in microseconds, timed in batches of BATCH calls (timer resolution). */
async function perCallUs(calls: number, call: (i: number) => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 2_000; i++) await call(i);
  const batches: number[] = [];
  for (let done = 0; done < calls; done += BATCH) {
    const start = performance.now();
    for (let i = 0; i < BATCH; i++) await call(done + i);
    batches.push(((performance.now() - start) * 1000) / BATCH);
  }
  return median(batches);
}

async function main(): Promise<void> {
  const coldStart = performance.now();
  const sandbox: Sandbox = await createSandbox();
  const coldMs = performance.now() - coldStart;
  const firstStart = performance.now();
  await sandbox.run('return input.a + 1', { a: 1 });
  const firstCallMs = performance.now() - firstStart;

  const runUs = await perCallUs(WARM_CALLS, (i) => sandbox.run('return input.a + 1', { a: i }));
  const evaluateUs = await perCallUs(WARM_CALLS, (i) => sandbox.evaluate('a + 1', { a: i }));
  const distinctUs = await perCallUs(5_000, (i) => sandbox.run(`return input.a + ${i}`, { a: i }));

  const items = Array.from({ length: EACH_ITEMS }, (_, i) => ({ price: i, qty: i % 7 }));
  await sandbox.evaluateEach('item.price * item.qty', items);
  const eachMs: number[] = [];
  for (let round = 0; round < EACH_ROUNDS; round++) {
    const start = performance.now();
    await sandbox.evaluateEach('item.price * item.qty', items);
    eachMs.push(performance.now() - start);
  }
  const eachUsPerItem = (median(eachMs) * 1000) / EACH_ITEMS;

  // A new engine after a runaway call: what the next caller waits for.
  const loopStart = performance.now();
  await sandbox.run('while (true) {}', null, { timeoutMs: 50 }).catch(() => undefined);
  const loopMs = performance.now() - loopStart;
  const recoverStart = performance.now();
  await sandbox.run('return 1', null);
  const recoverMs = performance.now() - recoverStart;

  const rssMb = process.memoryUsage().rss / 1024 / 1024;
  sandbox.dispose();

  const lines = [
    ['cold start (compile wasm + first engine)', `${coldMs.toFixed(1)} ms`],
    ['first call after cold start', `${firstCallMs.toFixed(2)} ms`],
    [`run() warm, same source (median of ${WARM_CALLS} calls)`, `${runUs.toFixed(1)} us/call`],
    [`evaluate() warm, same expression (median of ${WARM_CALLS} calls)`, `${evaluateUs.toFixed(1)} us/call`],
    ['run() with a new source every call (compile each time)', `${distinctUs.toFixed(1)} us/call`],
    [
      `evaluateEach() over ${EACH_ITEMS} items (median of ${EACH_ROUNDS})`,
      `${median(eachMs).toFixed(2)} ms = ${eachUsPerItem.toFixed(2)} us/item`,
    ],
    ['infinite loop with timeoutMs 50, stopped after', `${loopMs.toFixed(1)} ms`],
    ['next call (new engine)', `${recoverMs.toFixed(1)} ms`],
    ['process RSS at the end', `${rssMb.toFixed(0)} MB`],
  ];
  const width = Math.max(...lines.map(([label]) => label?.length ?? 0));
  console.log(`sandbox bench (node ${process.version})`);
  for (const [label, value] of lines) console.log(`${(label ?? '').padEnd(width)}  ${value}`);
}

await main();
