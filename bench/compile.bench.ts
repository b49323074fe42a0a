/**
 * Bundle compile time, for 100, 1,000 and 5,000-block graphs, with the real block registry:
 *
 *   compile   compileBundle, all of it = validate + bundle
 *   validate  validateGraph (zod configs, acorn syntax checks); not the compiler's own code
 *   bundle    compileValidated: planRun per trigger, manifest, code and data assets, SHA-256 of
 *             each asset, canonical JSON
 *   plan      planRun from the trigger alone (inside bundle; blocks/compiler/plan.ts)
 *   CID       bundleCid: the UnixFS import of every file (what Helia computes when storing)
 *
 * Two shapes: "fan" is a Manual trigger feeding chains of Constant -> Expression x8 -> Merge
 * (each chain joins the trigger's value in its Merge), so every block is in the trigger's run;
 * "line" is a Manual trigger followed by one long line of Expressions.
 * Target: compile <= 50 ms at 1,000 blocks. Figures are medians; ms/block shows linearity.
 *
 * Run: npx tsx bench/compile.bench.ts   (prints figures; never fails on a target)
 */
import type { TGraph } from '../blocks/core/graph';
import { compileBundle, compileValidated } from '../blocks/compiler/bundle';
import { bundleCid } from '../blocks/compiler/cid';
import { planRun } from '../blocks/compiler/plan';
import { validateGraph } from '../blocks/compiler/validate';
import { blockRegistry } from '../blocks/registry';
import { median } from './stats';

const SIZES = [100, 1_000, 5_000] as const;
const CHAIN = 10; // constant, 8 expressions, merge
const TARGET_MS_AT_1000 = 50;

type TNodes = TGraph['nodes'];
type TEdges = TGraph['edges'];

/** About `size` blocks: a trigger and (size - 1) / 10 chains of Constant -> Expression x8 -> Merge. */
function fanGraph(size: number): TGraph {
  const nodes: TNodes = [{ id: 'start', type: 'manual-trigger', version: 1, position: { x: 0, y: 0 }, config: { sample: [] } }];
  const edges: TEdges = [];
  const wire = (source: string, sourcePort: string, target: string, targetPort: string) =>
    edges.push({ id: `e${edges.length}`, source, sourcePort, target, targetPort });
  for (let c = 0; nodes.length + CHAIN <= size + 1; c++) {
    const y = c * 120;
    nodes.push({ id: `c${c}`, type: 'constant', version: 1, position: { x: 300, y }, config: { value: [{ chain: c, n: 1 }] } });
    let previous = `c${c}`;
    for (let i = 1; i < CHAIN - 1; i++) {
      const id = `c${c}x${i}`;
      const expression = `input.map((row) => ({ ...row, n: row.n * ${i} + ${c} }))`;
      nodes.push({ id, type: 'expression', version: 1, position: { x: 300 + i * 280, y }, config: { expression } });
      wire(previous, 'out', id, 'in');
      previous = id;
    }
    const merge = `c${c}m`;
    nodes.push({ id: merge, type: 'merge', version: 1, position: { x: 300 + CHAIN * 280, y }, config: {} });
    wire('start', 'out', merge, 'a');
    wire(previous, 'out', merge, 'b');
  }
  return { schemaVersion: 1, nodes, edges };
}

/** A trigger followed by (size - 1) Expressions in one line. */
function lineGraph(size: number): TGraph {
  const nodes: TNodes = [{ id: 'start', type: 'manual-trigger', version: 1, position: { x: 0, y: 0 }, config: { sample: 1 } }];
  const edges: TEdges = [];
  for (let i = 1; i < size; i++) {
    nodes.push({ id: `x${i}`, type: 'expression', version: 1, position: { x: i * 280, y: 0 }, config: { expression: `input + ${i}` } });
    edges.push({ id: `e${i}`, source: i === 1 ? 'start' : `x${i - 1}`, sourcePort: 'out', target: `x${i}`, targetPort: 'in' });
  }
  return { schemaVersion: 1, nodes, edges };
}

interface TTiming {
  median: number;
  min: number;
}

function timeSync(run: () => void, runs: number): TTiming {
  run(); // warm-up (JIT, the code-field cache)
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return { median: median(times), min: Math.min(...times) };
}

async function timeAsync(run: () => Promise<unknown>, runs: number): Promise<TTiming> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return { median: median(times), min: Math.min(...times) };
}

const fmt = (ms: number) => ms.toFixed(ms < 10 ? 2 : 1);
const both = (t: TTiming) => `${fmt(t.median)} [${fmt(t.min)}]`.padStart(17);
const perBlock = (ms: number, blocks: number) => ((ms / blocks) * 1000).toFixed(1).padStart(6) + ' µs';

async function main() {
  // Warm the JIT and the code-field cache on a mid-sized graph first, so the first row is not
  // paying for it.
  for (let i = 0; i < 5; i++)
    await bundleCid((compileBundle(fanGraph(1_000), { appName: 'bench-app' }) as { files: Map<string, Uint8Array> }).files);

  console.log(`Bundle compile (median of 7-31 runs; min in brackets), Node ${process.version}\n`);
  console.log(
    'shape  blocks  files  manifest KB |      compile ms         /block |    validate ms |     bundle ms      /block |    plan ms |        CID ms      /block',
  );
  let compileAt1000 = Number.NaN;
  for (const [shape, build] of [
    ['fan', fanGraph],
    ['line', lineGraph],
  ] as const) {
    for (const size of SIZES) {
      const graph = build(size);
      const blocks = graph.nodes.length;
      const runs = blocks >= 5_000 ? 7 : blocks >= 1_000 ? 15 : 31;
      const result = compileBundle(graph, { appName: 'bench-app' });
      if (!result.ok) throw new Error(`the ${shape} graph does not compile: ${result.diagnostics.map((d) => d.message).join('; ')}`);
      const files = result.files;
      const validated = validateGraph(graph, blockRegistry);
      const compile = timeSync(() => compileBundle(graph, { appName: 'bench-app' }), runs);
      const validate = timeSync(() => validateGraph(graph, blockRegistry), runs);
      const bundle = timeSync(() => compileValidated(validated, { appName: 'bench-app' }), runs);
      const plan = timeSync(() => planRun(validated, 'start'), runs);
      const cid = await timeAsync(() => bundleCid(files), runs);
      if (shape === 'fan' && size === 1_000) compileAt1000 = compile.median;
      console.log(
        `${shape.padEnd(5)} ${String(blocks).padStart(7)} ${String(files.size).padStart(6)} ${(files.get('manifest.json')!.length / 1024).toFixed(0).padStart(12)} |` +
          `${both(compile)} ${perBlock(compile.median, blocks)} |${both(validate)} |${both(bundle)} ${perBlock(bundle.median, blocks)} |${both(plan)} |${both(cid)} ${perBlock(cid.median, blocks)}`,
      );
    }
  }
  console.log(
    `compile at ~1,000 blocks (fan): ${compileAt1000.toFixed(1)} ms; target <= ${TARGET_MS_AT_1000} ms: ${compileAt1000 <= TARGET_MS_AT_1000 ? 'met' : 'NOT met'}`,
  );
}

await main();
