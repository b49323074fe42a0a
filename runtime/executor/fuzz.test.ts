/**
 * Fuzz: seeded, generated graphs through what the IDE and a node do with one: validate, compile,
 * load the bundle as a node would, plan and run with the real blocks and sandbox. Nothing may
 * throw; every problem must be a Diagnostic of the right shape, naming the node at fault.
 *
 * Reproducible: FUZZ_SEED (default 9) picks the graphs, FUZZ_GRAPHS (default 1500) how many;
 * a failure names its seed and graph number, and `FUZZ_ONLY=<n>` re-runs just that graph.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileValidated } from '@/blocks/compiler/bundle';
import { planRun } from '@/blocks/compiler/plan';
import { configJsonSchema, hasErrors, validateGraph } from '@/blocks/compiler/validate';
import { startsRun, type TBlockDefinition } from '@/blocks/core/block';
import { ZDiagnostic, type TDiagnostic } from '@/blocks/core/diagnostics';
import { canConnect } from '@/blocks/core/ports';
import { ZRunTrace } from '@/blocks/core/run-trace';
import type { TJson, TNetCapability } from '@/blocks/core/executor';
import { createMemoryStorage } from '@/blocks/core/testing/memory-storage';
import { BLOCK_EXECUTORS } from '@/blocks/executors';
import { BLOCK_DEFINITIONS, blockRegistry } from '@/blocks/registry';
import { loadApp } from '@/runtime/apps/load';
import { createSandbox, type Sandbox } from '@/runtime/sandbox/sandbox';
import { runFlow } from './run-flow';

const SEED = Number(process.env.FUZZ_SEED ?? 9);
const GRAPHS = Number(process.env.FUZZ_GRAPHS ?? 1500);
const ONLY = process.env.FUZZ_ONLY === undefined ? undefined : Number(process.env.FUZZ_ONLY);

/** mulberry32: a small seeded PRNG, so graph n of seed s is the same on every machine. */
export function prng(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}
type TRandom = ReturnType<typeof prng>;

const EXPRESSIONS = [
  'input',
  'input.a',
  'input.a.b.c',
  'item',
  'item.score > 3',
  'index % 2 === 0',
  'Boolean(input)',
  '[1, 2, 3]',
  '({ a: 1, b: [null, "x"] })',
  'undefined',
  'null',
  '1 / 0',
  'NaN',
  '-0',
  '"\\ud800"',
  '() => 1',
  'Symbol("s")',
  'new Date(0)',
  'new Map([[1, 2]])',
  'BigInt(7)',
  'globalThis',
  'input.map((x) => x)',
  'JSON.parse("{")',
  '"a".repeat(10000)',
  '(',
  'return 1',
  'await 1',
];
const BODIES = [
  'return input;',
  'return 1;',
  'return;',
  'return undefined;',
  'return { a: [1, 2], b: { c: null } };',
  'return [input, input];',
  'return NaN;',
  'return new Map();',
  'return () => 1;',
  'return BigInt(1);',
  'throw new Error("fuzz");',
  'throw "a string";',
  'throw null;',
  'input.x.y = 1; return input;',
  'const o = {}; o.self = o; return o;',
  'console.log("hi", input); return 2;',
  'return Object.freeze(input);',
  'let s = ""; for (let i = 0; i < 1000; i++) s += i; return s;',
  '}',
  'return await Promise.resolve(3);',
];
const STRINGS = [
  '',
  'a',
  'shop',
  'id',
  'score',
  'name',
  'items',
  '{{input.a}}',
  '{{secret.KEY}}',
  '__proto__',
  'constructor',
  'ü😀',
  ' ',
  'a'.repeat(300),
];
const URLS = ['https://api.example.test/data', 'http://127.0.0.1/', 'not a url', 'https://api.example.test/{{input.a}}', 'ftp://x', ''];
const DURATION_FIELDS = new Set(['ms', 'jitterMs', 'seconds', 'timeoutMs']);

type TSchema = {
  type?: string | string[];
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  minItems?: number;
  maxLength?: number;
  pattern?: string;
  items?: TSchema;
  properties?: Record<string, TSchema>;
  widget?: string;
  codeKind?: string;
};

function json(r: TRandom, depth = 0): TJson {
  switch (r.int(0, depth > 2 ? 4 : 7)) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
      return r.pick([0, 1, -1, 3, 2.5, 1e308, -1e-9, Number.MAX_SAFE_INTEGER + 2]);
    case 3:
    case 4:
      return r.pick(STRINGS);
    case 5:
      return Array.from({ length: r.int(0, 4) }, () => json(r, depth + 1));
    case 6:
      return table(r);
    default:
      return Object.fromEntries(Array.from({ length: r.int(0, 4) }, () => [r.pick(STRINGS), json(r, depth + 1)]));
  }
}

/** Rows, as most blocks want them (sometimes not quite). */
function table(r: TRandom): TJson {
  return Array.from({ length: r.int(0, 6) }, () =>
    r.chance(0.9)
      ? { id: r.int(0, 3), name: r.pick(STRINGS), score: r.pick([1, 3, 5, '4', null, -2]), ...(r.chance(0.3) ? { extra: json(r, 2) } : {}) }
      : json(r, 2),
  );
}

/** A value for a config field: usually one the schema accepts, sometimes not. */
function fieldValue(r: TRandom, schema: TSchema, field: string): unknown {
  if (r.chance(0.03)) return json(r);
  if (schema.widget === 'code') return r.pick(schema.codeKind === 'body' ? BODIES : EXPRESSIONS);
  if (schema.enum) return r.chance(0.95) ? r.pick(schema.enum) : 'no-such-choice';
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'integer' || type === 'number') {
    const min = schema.minimum ?? -5;
    // Durations stay short (a fuzz run must not sleep), except now and then their maximum.
    const max = DURATION_FIELDS.has(field) && r.chance(0.97) ? Math.min(schema.maximum ?? 20, min + 20) : (schema.maximum ?? 1000);
    if (r.chance(0.05)) return r.pick([min - 1, max + 1, type === 'number' ? Number.NaN : 1.5]);
    return r.pick([min, max, r.int(min, max)]);
  }
  if (type === 'boolean') return r.chance(0.5);
  if (type === 'string') return field === 'url' || field === 'src' ? r.pick(URLS) : stringFor(r, schema);
  if (type === 'array') {
    return Array.from({ length: r.int(schema.minItems ?? 0, 3) }, () => (schema.items ? objectFor(r, schema.items) : json(r, 1)));
  }
  if (type === 'object') return schema.properties ? objectFor(r, schema) : Object.fromEntries([[r.pick(STRINGS), json(r, 1)]]);
  return json(r);
}

/** Usually a string the field accepts (pattern and length), sometimes any. */
function stringFor(r: TRandom, schema: TSchema): string {
  const pattern = schema.pattern === undefined ? undefined : new RegExp(schema.pattern);
  const fits = (value: string) =>
    (pattern?.test(value) ?? true) && value.length >= (schema.minLength ?? 0) && value.length <= (schema.maxLength ?? Infinity);
  const fitting = STRINGS.filter(fits);
  return fitting.length > 0 && r.chance(0.95) ? r.pick(fitting) : r.pick(STRINGS);
}

function objectFor(r: TRandom, schema: TSchema): unknown {
  if (!schema.properties) return fieldValue(r, { ...schema, items: undefined }, '');
  const value: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(schema.properties)) if (r.chance(0.7)) value[name] = fieldValue(r, field, name);
  return value;
}

const schemaCache = new Map<TBlockDefinition, TSchema>();
function configFor(r: TRandom, definition: TBlockDefinition): Record<string, unknown> {
  let schema = schemaCache.get(definition);
  if (!schema) schemaCache.set(definition, (schema = configJsonSchema(definition) as TSchema));
  const config: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(schema.properties ?? {})) if (r.chance(0.4)) config[name] = fieldValue(r, field, name);
  if (r.chance(0.03)) config.unexpected = json(r);
  return config;
}

const ID_JUNK = ['', 'has space', '..', '.', 'a/b', 'x'.repeat(200), 'é'];

/** A graph: mostly well-formed with plausible edges, then now and then broken on purpose. */
export function generateGraph(r: TRandom): unknown {
  const nodes = Array.from({ length: r.int(0, 9) }, (_, i) => {
    const definition = r.pick(BLOCK_DEFINITIONS);
    const unknown = r.chance(0.03);
    return {
      id: r.chance(0.01) ? r.pick(ID_JUNK) : `n${i}`,
      type: unknown ? r.pick(['no-such-block', 'http-request']) : definition.type,
      version: unknown ? r.pick([2, 99]) : definition.version,
      position: { x: r.int(-500, 2000), y: r.int(-500, 2000) },
      config: configFor(r, definition),
    };
  });
  const definitionOf = (index: number) => blockRegistry.get(nodes[index]!.type, nodes[index]!.version);
  const edges: Record<string, unknown>[] = [];
  const edge = (from: number, sourcePort: string, to: number, targetPort: string) =>
    edges.push({
      id: r.chance(0.01) ? 'e0' : `e${edges.length}`,
      source: r.chance(0.01) ? 'missing' : nodes[from]!.id,
      sourcePort: r.chance(0.02) ? 'nope' : sourcePort,
      target: nodes[to]!.id,
      targetPort: r.chance(0.02) ? 'nope' : targetPort,
    });
  // Most inputs are fed from an earlier block, by a compatible output where there is one.
  nodes.forEach((_, to) => {
    for (const input of definitionOf(to)?.inputs ?? []) {
      if (to === 0 || !r.chance(input.required ? 0.9 : 0.4)) continue;
      const sources = Array.from({ length: to }, (_, from) => from).flatMap((from) =>
        (definitionOf(from)?.outputs ?? []).map((output) => ({ from, output })),
      );
      const fitting = sources.filter(({ output }) => canConnect(output.type, input.type).ok);
      const chosen = fitting.length > 0 && r.chance(0.9) ? r.pick(fitting) : sources.length > 0 ? r.pick(sources) : undefined;
      if (chosen) edge(chosen.from, chosen.output.name, to, input.name);
    }
  });
  // And a few anywhere: loops, self-edges, a second edge into one input.
  const portOf = (ports: readonly { name: string }[] | undefined, fallback: string) => (ports?.length ? r.pick(ports).name : fallback);
  for (let i = r.int(-1, 2); i > 0 && nodes.length > 0; i--) {
    const from = r.int(0, nodes.length - 1);
    const to = r.int(0, nodes.length - 1);
    edge(from, portOf(definitionOf(from)?.outputs, 'out'), to, portOf(definitionOf(to)?.inputs, 'in'));
  }
  const graph: Record<string, unknown> = { schemaVersion: 1, nodes, edges };
  if (r.chance(0.05)) breakGraph(r, graph);
  return graph;
}

function breakGraph(r: TRandom, graph: Record<string, unknown>): void {
  const nodes = graph.nodes as Record<string, unknown>[];
  const node = nodes.length > 0 ? r.pick(nodes) : undefined;
  switch (r.int(0, 7)) {
    case 0:
      graph.schemaVersion = r.pick([0, 2, '1', null]);
      break;
    case 1:
      graph[r.pick(['nodes', 'edges'])] = r.pick([null, {}, 'x', 7]);
      break;
    case 2:
      if (node) node.position = r.pick([null, { x: Number.NaN, y: 0 }, { x: Number.POSITIVE_INFINITY, y: 1 }, { x: '1', y: 2 }]);
      break;
    case 3:
      if (node) node.config = r.pick([null, [], 'config', 5]);
      break;
    case 4:
      if (node) delete node[r.pick(['id', 'type', 'version', 'position', 'config'])];
      break;
    case 5:
      if (node) node.version = r.pick([0, -1, 1.5, '1', null]);
      break;
    case 6:
      nodes.push(...nodes.slice(0, 1)); // a duplicate id
      break;
    default:
      (graph.edges as unknown[]).push(r.pick([null, {}, { id: 'e-x', source: 1, target: [], sourcePort: '', targetPort: 'in' }]));
  }
}

/** Answers like a web service would, of every kind; never touches the network. */
function fakeNet(r: TRandom): TNetCapability {
  return {
    async fetch() {
      if (r.chance(0.1)) throw new Error('connection refused');
      const body = r.chance(0.5) ? json(r) : r.pick(['not json', '', '{"a":', 'x'.repeat(5000)]);
      return { status: r.pick([200, 201, 204, 301, 404, 500]), headers: { 'content-type': 'application/json' }, body };
    },
  };
}

/** What the fuzz found: checked without `expect` in the loop (thousands of them are slow), reported at the end. */
class Findings {
  readonly found: string[] = [];
  check(ok: boolean, where: string, problem: () => string): void {
    if (!ok && this.found.length < 20) this.found.push(`${problem()}\n    at ${where}`);
  }
}

const ZStrictDiagnostic = ZDiagnostic.strict();

/** A Diagnostic of the right shape; where its path points into a node or edge, it names that one. */
function checkDiagnostic(findings: Findings, d: TDiagnostic, graph: unknown, where: string): void {
  findings.check(ZStrictDiagnostic.safeParse(d).success, where, () => `not a Diagnostic: ${JSON.stringify(d)}`);
  findings.check(typeof d.message === 'string' && d.message.length > 0, where, () => `no message: ${JSON.stringify(d)}`);
  const g = graph as { nodes?: unknown; edges?: unknown };
  const at = /^(nodes|edges)\[(\d+)\]/.exec(d.path ?? '');
  if (!at) return;
  const list = at[1] === 'nodes' ? g.nodes : g.edges;
  const id = Array.isArray(list) ? (list[Number(at[2])] as { id?: unknown } | null)?.id : undefined;
  if (typeof id === 'string') {
    findings.check((at[1] === 'nodes' ? d.nodeId : d.edgeId) === id, where, () => `does not name ${at[1]} "${id}": ${JSON.stringify(d)}`);
  }
}
const NODE_CODES = new Set([
  'unknown_block',
  'unknown_block_version',
  'invalid_config',
  'invalid_code',
  'missing_input',
  'unknown_port',
  'incompatible_ports',
  'input_already_connected',
  'cycle',
  'reserved_node_id',
  'cannot_plan',
]);

function checkDiagnostics(
  findings: Findings,
  diagnostics: readonly TDiagnostic[],
  graph: unknown,
  nodeIds: ReadonlySet<string>,
  where: string,
): void {
  for (const d of diagnostics) {
    checkDiagnostic(findings, d, graph, where);
    findings.check(!NODE_CODES.has(d.code) || d.nodeId !== undefined, where, () => `${d.code} names no block: ${d.message}`);
    findings.check(
      d.nodeId === undefined || nodeIds.size === 0 || nodeIds.has(d.nodeId),
      where,
      () => `names a block not in the graph: ${JSON.stringify(d)}`,
    );
  }
}

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await createSandbox({ workers: 1 });
});
afterAll(() => sandbox.dispose());

async function fuzzOne(index: number, findings: Findings, stats: Record<string, number>): Promise<void> {
  const r = prng(SEED * 1_000_003 + index);
  const graph = generateGraph(r);
  const where = `seed ${SEED} graph #${index} (FUZZ_SEED=${SEED} FUZZ_ONLY=${index}): ${JSON.stringify(graph).slice(0, 600)}`;
  let stage = 'validate';
  try {
    const validated = validateGraph(graph, blockRegistry);
    const nodeIds = new Set(validated.graph.nodes.map((n) => n.id));
    checkDiagnostics(findings, validated.diagnostics, graph, nodeIds, where);
    for (const d of validated.diagnostics) stats[`v:${d.code}`] = (stats[`v:${d.code}`] ?? 0) + 1;

    stage = 'compile';
    const appName = r.chance(0.8) ? 'shop' : r.pick(['Not A Name', '', 'a'.repeat(70)]);
    const compiled = compileValidated(validated, { appName, title: r.pick([undefined, 'Shop', '   ']) });
    checkDiagnostics(findings, compiled.diagnostics, graph, nodeIds, where);
    if (compiled.ok) {
      stats.compiled = (stats.compiled ?? 0) + 1;
      stage = 'load'; // what the compiler accepts, a node must load
      loadApp({ cid: 'bafyfuzz', manifest: compiled.manifest, files: compiled.files });
    }
    if (hasErrors(validated.diagnostics)) return;
    stats.valid = (stats.valid ?? 0) + 1;

    const triggers = validated.graph.nodes.filter((n) => {
      const definition = validated.definitions.get(n.id);
      return definition !== undefined && startsRun(definition);
    });
    for (const triggerId of [undefined, ...triggers.map((t) => t.id)]) {
      stage = `plan ${triggerId ?? '(all)'}`;
      const plan = planRun(validated, triggerId);
      stage = `run ${triggerId ?? '(all)'}`;
      const trace = await runFlow({
        validated,
        plan,
        executors: BLOCK_EXECUTORS,
        capabilities: {
          storage: createMemoryStorage(),
          net: fakeNet(r),
          code: sandbox,
          secret: (name) => (name === 'KEY' ? 'secret-value' : undefined),
        },
        payload: json(r),
        blockTimeoutMs: 100,
      });
      stats.runs = (stats.runs ?? 0) + 1;
      stage = 'trace';
      // It crosses the wire to the IDE, as JSON, in the shape the IDE reads.
      const wire = ZRunTrace.safeParse(JSON.parse(JSON.stringify(trace)));
      findings.check(wire.success, where, () => `the trace is not a ZRunTrace: ${wire.error?.message ?? ''}`);
      findings.check(trace.nodes.map((n) => n.nodeId).join() === plan.steps.join(), where, () => 'the trace is not the plan');
      for (const node of trace.nodes) {
        const at = `${where} (block ${node.nodeId})`;
        findings.check(['ok', 'error', 'skipped'].includes(node.status), at, () => `status ${node.status}`);
        findings.check(node.status !== 'error' || node.diagnostics.length > 0, at, () => 'failed without a diagnostic');
        checkDiagnostics(findings, node.diagnostics, graph, nodeIds, at);
        for (const d of node.diagnostics)
          findings.check(d.nodeId === node.nodeId, at, () => `a diagnostic of another block: ${JSON.stringify(d)}`);
        if (node.status === 'error') stats.blockErrors = (stats.blockErrors ?? 0) + 1;
        for (const d of node.diagnostics) stats[`r:${d.code}`] = (stats[`r:${d.code}`] ?? 0) + 1;
      }
    }
  } catch (error) {
    findings.check(false, where, () => `${stage} threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  }
}

describe('fuzz: generated graphs through validate, compile, load and run', () => {
  it(`${ONLY === undefined ? GRAPHS : 1} graphs of seed ${SEED}: no crash, every problem a Diagnostic`, { timeout: 600_000 }, async () => {
    const stats: Record<string, number> = {};
    const findings = new Findings();
    const indexes = ONLY === undefined ? Array.from({ length: GRAPHS }, (_, i) => i) : [ONLY];
    for (const index of indexes) await fuzzOne(index, findings, stats);
    console.log(`fuzz seed ${SEED}: ${indexes.length} graphs`, stats);
    expect(findings.found).toEqual([]);
    // The generator must reach every stage often enough to mean something.
    if (ONLY === undefined && GRAPHS >= 1000) {
      expect(stats.valid ?? 0).toBeGreaterThan(GRAPHS / 10);
      expect(stats.compiled ?? 0).toBeGreaterThan(GRAPHS / 20);
      expect(stats.runs ?? 0).toBeGreaterThan(GRAPHS / 10);
    }
  });
});
