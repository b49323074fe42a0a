/**
 * Sandbox figures: warm call cost through the worker pool (run, evaluate, evaluateEach per item)
 * next to the same calls on the calling thread (the engine's own cost, no round trip), cold start,
 * recovery after a runaway call, and how long the calling thread's event loop stalls while a
 * call spins.
 * Run: npx tsx bench/sandbox.bench.ts
 */
import { createSandbox, type Sandbox } from '../runtime/sandbox/sandbox';
import { median } from './stats';

const WARM_CALLS = 20_000;
const BATCH = 100;
const EACH_ITEMS = 10_000;
const EACH_ROUNDS = 30;
const CONCURRENT_CALLS = 20_000;
const CONCURRENCY = 16;

/**
 * Runs `work` and returns the longest time this thread's event loop went without running a
 * 1 ms interval timer meanwhile, the wait from the last tick to the end included (a thread
 * blocked throughout never ticks at all).
 */
async function longestStallMs(work: () => Promise<unknown>): Promise<number> {
  let last = performance.now();
  let longest = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 1);
  try {
    await work();
  } finally {
    clearInterval(ticker);
  }
  return Math.max(longest, performance.now() - last);
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

interface TFigures {
  coldMs: number;
  firstCallMs: number;
  runUs: number;
  evaluateUs: number;
  distinctUs: number;
  eachMs: number;
  throughput: number;
  loopMs: number;
  recoverMs: number;
  stallMs: number;
}

async function measure(workers: number): Promise<TFigures> {
  const coldStart = performance.now();
  const sandbox: Sandbox = await createSandbox({ workers });
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

  // Many callers at once: calls per second over the whole pool.
  let next = 0;
  const throughputStart = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < CONCURRENT_CALLS) await sandbox.run('return input.a + 1', { a: next++ });
    }),
  );
  const throughput = CONCURRENT_CALLS / ((performance.now() - throughputStart) / 1000);

  // A runaway call: when it is stopped, what the next caller waits for, and how long this
  // thread's event loop stalled meanwhile.
  let loopMs = 0;
  const stallMs = await longestStallMs(async () => {
    const loopStart = performance.now();
    await sandbox.run('while (true) {}', null, { timeoutMs: 200 }).catch(() => undefined);
    loopMs = performance.now() - loopStart;
  });
  const recoverStart = performance.now();
  await sandbox.run('return 1', null);
  const recoverMs = performance.now() - recoverStart;

  await sandbox.close();
  return {
    coldMs,
    firstCallMs,
    runUs,
    evaluateUs,
    distinctUs,
    eachMs: median(eachMs),
    throughput,
    loopMs,
    recoverMs,
    stallMs,
  };
}

/** A worker that ignores its interrupt (test hook): the backstop terminates it and a new one starts. */
async function backstop(): Promise<{ stoppedMs: number; otherCallMs: number; replacedMs: number }> {
  const sandbox = await createSandbox({ workers: 2, testHooks: true });
  const start = performance.now();
  const stuck = sandbox.runWithFault('ignoreInterrupt', 'while (true) {}', null, { timeoutMs: 50 }).catch(() => undefined);
  const otherStart = performance.now();
  await sandbox.run('return 1', null);
  const otherCallMs = performance.now() - otherStart;
  await stuck;
  const stoppedMs = performance.now() - start;
  // The replacement is started at once; warmUp() waits until it is ready.
  const replaceStart = performance.now();
  await sandbox.warmUp();
  const replacedMs = performance.now() - replaceStart;
  await sandbox.close();
  return { stoppedMs, otherCallMs, replacedMs };
}

async function main(): Promise<void> {
  const pool = await measure(2);
  const inline = await measure(0);
  const stuck = await backstop();
  const rssMb = process.memoryUsage().rss / 1024 / 1024;

  const us = (value: number) => `${value.toFixed(1)} us`;
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const rows: [string, string, string][] = [
    ['cold start (workers + wasm + first engine)', ms(pool.coldMs), ms(inline.coldMs)],
    ['first call after cold start', ms(pool.firstCallMs), ms(inline.firstCallMs)],
    [`run() warm, same source (median, ${WARM_CALLS} calls)`, us(pool.runUs), us(inline.runUs)],
    [`evaluate() warm, same expression (median, ${WARM_CALLS} calls)`, us(pool.evaluateUs), us(inline.evaluateUs)],
    ['run() with a new source every call (compiles)', us(pool.distinctUs), us(inline.distinctUs)],
    [`evaluateEach() over ${EACH_ITEMS} items (median of ${EACH_ROUNDS})`, ms(pool.eachMs), ms(inline.eachMs)],
    ['  = per item', us((pool.eachMs * 1000) / EACH_ITEMS), us((inline.eachMs * 1000) / EACH_ITEMS)],
    [`run() throughput, ${CONCURRENCY} callers at once`, `${Math.round(pool.throughput)} /s`, `${Math.round(inline.throughput)} /s`],
    ['infinite loop with timeoutMs 200, stopped after', ms(pool.loopMs), ms(inline.loopMs)],
    ['  longest event-loop stall of this thread meanwhile', ms(pool.stallMs), ms(inline.stallMs)],
    ['next call (new engine)', ms(pool.recoverMs), ms(inline.recoverMs)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const column = 12;
  console.log(`sandbox bench (node ${process.version})`);
  console.log(`${''.padEnd(width)}  ${'pool (2)'.padStart(column)}  ${'in-thread'.padStart(column)}`);
  for (const [label, a, b] of rows) console.log(`${label.padEnd(width)}  ${a.padStart(column)}  ${b.padStart(column)}`);
  console.log(
    `worker ignoring its interrupt, timeoutMs 50: stopped by the backstop after ${ms(stuck.stoppedMs)}; ` +
      `a call on the other worker meanwhile took ${ms(stuck.otherCallMs)}; replacement ready ${ms(stuck.replacedMs)} later`,
  );
  console.log(`process RSS at the end: ${rssMb.toFixed(0)} MB`);
}

await main();
