/**
 * Executor overhead per block, with the real compiler (validateGraph, planRun), executor (runFlow),
 * block registry, executors and sandbox (getSandbox() as the code capability).
 *
 *   (a) manual-trigger -> expression x100 (`input + 1`): total per run and per Expression block
 *   (b) the same chain with `expression@1` swapped for a trivial executor: pure executor overhead
 *   (c) sandbox cost per Expression call = (a - b) / 100
 *   (d) validateGraph + planRun for 100, 1,000 and 5,000-block chains
 *
 * Run: npx tsx bench/runs.bench.ts   (prints figures; never fails on a target)
 */
import { cpus, loadavg } from 'node:os';
import type { TGraph } from '../blocks/core/graph';
import type { TBlockExecutor } from '../blocks/core/executor';
import { planRun } from '../blocks/compiler/plan';
import { hasErrors, validateGraph } from '../blocks/compiler/validate';
import { BLOCK_EXECUTORS } from '../blocks/executors';
import { blockRegistry } from '../blocks/registry';
import { runFlow, type TRunCapabilities } from '../runtime/executor/run-flow';
import { getSandbox } from '../runtime/sandbox/sandbox';
import { median, percentile, table } from './stats';

const CHAIN = 100;
const START = 7;
const WARMUP_RUNS = 20;
const MEASURED_RUNS = 50;
const TARGET_OVERHEAD_US = 20;
const TARGET_SANDBOX_US = 50;

/** manual-trigger (sample = START) followed by `length` Expression blocks in a line. */
function chainGraph(length: number): TGraph {
  const nodes: TGraph['nodes'] = [{ id: 't', type: 'manual-trigger', version: 1, position: { x: 0, y: 0 }, config: { sample: START } }];
  const edges: TGraph['edges'] = [];
  let previous = 't';
  for (let i = 1; i <= length; i++) {
    const id = `x${i}`;
    nodes.push({ id, type: 'expression', version: 1, position: { x: i * 280, y: (i % 2) * 40 }, config: { expression: 'input + 1' } });
    edges.push({ id: `e${i}`, source: previous, sourcePort: 'out', target: id, targetPort: 'in' });
    previous = id;
  }
  return { schemaVersion: 1, nodes, edges };
}

function compile(graph: TGraph) {
  const validated = validateGraph(graph, blockRegistry);
  if (hasErrors(validated.diagnostics)) {
    throw new Error(`graph does not validate: ${validated.diagnostics.map((d) => d.message).join('; ')}`);
  }
  return { validated, plan: planRun(validated, 't') };
}

interface TRunFigures {
  medianMs: number;
  p90Ms: number;
  minMs: number;
}

async function timeRuns(
  compiled: ReturnType<typeof compile>,
  executors: ReadonlyMap<string, TBlockExecutor>,
  capabilities: TRunCapabilities,
  label: string,
  expected: number,
): Promise<TRunFigures> {
  const lastId = `x${CHAIN}`;
  const once = async () => {
    const trace = await runFlow({ validated: compiled.validated, plan: compiled.plan, executors, capabilities });
    if (trace.status !== 'ok') {
      const problem = trace.nodes.flatMap((n) => n.diagnostics).find((d) => d.severity === 'error');
      throw new Error(`${label}: run failed: ${problem?.message ?? 'unknown'}`);
    }
    return trace;
  };
  for (let i = 0; i < WARMUP_RUNS; i++) await once();
  const times: number[] = [];
  let last: Awaited<ReturnType<typeof once>> | undefined;
  for (let i = 0; i < MEASURED_RUNS; i++) {
    const t0 = performance.now();
    last = await once();
    times.push(performance.now() - t0);
  }
  const final = last?.nodes.find((n) => n.nodeId === lastId)?.outputs.out;
  if (final !== expected) throw new Error(`${label}: final output is ${String(final)}, expected ${expected}`);
  return { medianMs: median(times), p90Ms: percentile(times, 90), minMs: Math.min(...times) };
}

/** Median wall time (ms) of `fn` over `repeats` calls after `warmups` warm-up calls. */
function timeSync<T>(fn: () => T, repeats: number, warmups = 10): { ms: number; result: T } {
  let result = fn();
  for (let i = 1; i < warmups; i++) result = fn();
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    result = fn();
    times.push(performance.now() - t0);
  }
  return { ms: median(times), result };
}

const fmt = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const verdict = (value: number, target: number) => (value <= target ? 'meets' : 'MISSES');

async function main(): Promise<void> {
  const sandbox = getSandbox();
  const capabilities: TRunCapabilities = { code: sandbox };
  try {
    // (d) first, before the sandbox's engines exist.
    const planMs = new Map<number, number>();
    const compileRows: string[][] = [['chain (blocks)', 'validate ms', 'plan ms', 'validate+plan ms', 'per block us', 'steps']];
    for (const size of [100, 1_000, 5_000]) {
      const graph = chainGraph(size - 1); // trigger + (size - 1) expressions = size blocks
      const validate = timeSync(() => validateGraph(graph, blockRegistry), size >= 5_000 ? 21 : 51);
      if (hasErrors(validate.result.diagnostics)) throw new Error(`chain of ${size} does not validate`);
      const plan = timeSync(() => planRun(validate.result, 't'), size >= 5_000 ? 21 : 51);
      if (plan.result.steps.length !== size) throw new Error(`plan of ${size} has ${plan.result.steps.length} steps`);
      const total = validate.ms + plan.ms;
      planMs.set(size, plan.ms);
      compileRows.push([
        String(size),
        fmt(validate.ms, 2),
        fmt(plan.ms, 2),
        fmt(total, 2),
        fmt((total * 1000) / size, 1),
        String(plan.result.steps.length),
      ]);
    }

    const compiled = compile(chainGraph(CHAIN));

    // Cold: the first run in this process (the sandbox starts on first use).
    const coldStart = performance.now();
    await runFlow({ validated: compiled.validated, plan: compiled.plan, executors: BLOCK_EXECUTORS, capabilities });
    const coldMs = performance.now() - coldStart;

    // (a) the real chain.
    const real = await timeRuns(compiled, BLOCK_EXECUTORS, capabilities, '(a) sandbox chain', START + CHAIN);

    // (b) the same chain, with a trivial non-sandbox Expression executor.
    const trivialExecutors = new Map(BLOCK_EXECUTORS);
    const trivial: TBlockExecutor = ({ inputs }) => ({ out: inputs.in });
    trivialExecutors.set('expression@1', trivial);
    // A pass-through: the value arriving at the end is the trigger's sample.
    const bare = await timeRuns(compiled, trivialExecutors, capabilities, '(b) trivial chain', START);

    // Reference: the sandbox call on its own, outside the executor.
    for (let i = 0; i < 2_000; i++) await sandbox.evaluate('input + 1', { input: i });
    const batches: number[] = [];
    for (let b = 0; b < 100; b++) {
      const t0 = performance.now();
      for (let i = 0; i < 100; i++) await sandbox.evaluate('input + 1', { input: i });
      batches.push(((performance.now() - t0) * 1000) / 100);
    }
    const directEvaluateUs = median(batches);

    const perBlockRealUs = (real.medianMs * 1000) / CHAIN;
    const overheadUs = (bare.medianMs * 1000) / CHAIN;
    const sandboxUs = ((real.medianMs - bare.medianMs) * 1000) / CHAIN;

    console.log(
      `\nPoseidon executor benchmark (Node ${process.version}, ${MEASURED_RUNS} measured runs after ${WARMUP_RUNS} warm-up runs, median)`,
    );
    console.log(
      `Machine: ${cpus().length} CPUs, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} (other work on the machine skews figures).`,
    );
    console.log(
      `Chain: manual-trigger (sample ${START}) -> ${CHAIN} x expression@1 \`input + 1\`; final output checked = ${START + CHAIN} (trivial run: ${START}).`,
    );
    console.log(`Per-block figures divide the run by the ${CHAIN} Expression blocks (the trigger's share is included).\n`);
    console.log(
      table([
        ['measure', 'figure', 'target', ''],
        [
          '(a) run, real sandbox: total per run',
          `${fmt(real.medianMs, 2)} ms`,
          '',
          `p90 ${fmt(real.p90Ms, 2)} ms, min ${fmt(real.minMs, 2)} ms`,
        ],
        ['(a) run, real sandbox: per block', `${fmt(perBlockRealUs)} us`, '', ''],
        [
          '(b) run, trivial executor: total per run',
          `${fmt(bare.medianMs, 2)} ms`,
          '',
          `p90 ${fmt(bare.p90Ms, 2)} ms, min ${fmt(bare.minMs, 2)} ms`,
        ],
        [
          '(b) executor overhead per block',
          `${fmt(overheadUs)} us`,
          `<= ${TARGET_OVERHEAD_US} us`,
          verdict(overheadUs, TARGET_OVERHEAD_US),
        ],
        [
          '(c) sandbox cost per Expression = (a-b)/100',
          `${fmt(sandboxUs)} us`,
          `<= ${TARGET_SANDBOX_US} us`,
          verdict(sandboxUs, TARGET_SANDBOX_US),
        ],
        ['    reference: sandbox.evaluate() alone, warm', `${fmt(directEvaluateUs)} us`, '', 'median of 100 batches of 100 calls'],
        ['    first (cold) run of the chain', `${fmt(coldMs, 1)} ms`, '', 'includes the sandbox starting on first use'],
      ]),
    );
    console.log('\n(d) validateGraph + planRun (from the trigger), chain of manual-trigger + expressions, median');
    console.log(table(compileRows));
    const growth = (planMs.get(5_000) ?? Number.NaN) / (planMs.get(1_000) ?? Number.NaN);
    console.log(`planRun growth from 1,000 to 5,000 blocks: x${fmt(growth, 1)} (x5 if linear, x25 if quadratic)`);
    console.log('');
  } finally {
    sandbox.dispose();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
