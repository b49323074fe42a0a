import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { unixfs } from '@helia/unixfs';
import { MemoryBlockstore } from 'blockstore-core/memory';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineBlock } from '@/blocks/core/block';
import { MANIFEST_PATH, restoreNodeConfig, ZManifest, type TCompileResult } from '@/blocks/core/bundle';
import type { TGraph } from '@/blocks/core/graph';
import { createRegistry } from '@/blocks/core/registry';
import { testBlocks } from '@/blocks/core/testing/test-blocks';
import { blockRegistry, BLOCK_DEFINITIONS } from '@/blocks/registry';
import { findTemplate } from '@/blocks/templates';
import { compileBundle } from './bundle';
import { canonicalJson, CanonicalJsonError } from './canonical-json';
import { BUNDLE_IMPORTER_OPTIONS, bundleCid, importBundle } from './cid';
import { validateGraph } from './validate';

const GOLDEN_DIR = fileURLToPath(new URL('./golden/', import.meta.url));
const GOLDEN_TEMPLATES = ['guestbook', 'csv-chart', 'fetch-json-table'] as const;
const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1';

type TNodeSpec = [id: string, type: string, config?: Record<string, unknown>, at?: [x: number, y: number]];

/** A graph from `[id, type, config, [x, y]]` nodes and `'a.out>b.in'` wires. */
function graphOf(nodes: TNodeSpec[], wires: string[] = []): TGraph {
  return {
    schemaVersion: 1,
    nodes: nodes.map(([id, type, config = {}, at = [0, 0]]) => ({ id, type, version: 1, position: { x: at[0], y: at[1] }, config })),
    edges: wires.map((wire, i) => {
      const [from, to] = wire.split('>') as [string, string];
      const [source, sourcePort] = from.split('.') as [string, string];
      const [target, targetPort] = to.split('.') as [string, string];
      return { id: `e${i}`, source, sourcePort, target, targetPort };
    }),
  };
}

function compiled(graph: unknown, appName = 'my-app', title?: string): Extract<TCompileResult, { ok: true }> {
  const result = compileBundle(graph, { appName, ...(title === undefined ? {} : { title }) });
  if (!result.ok) throw new Error(`expected the graph to compile: ${JSON.stringify(result.diagnostics, null, 2)}`);
  return result;
}

function refused(graph: unknown, appName = 'my-app') {
  const result = compileBundle(graph, { appName });
  expect(result.ok).toBe(false);
  return result.diagnostics;
}

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes);
const manifestText = (result: { files: Map<string, Uint8Array> }) => text(result.files.get(MANIFEST_PATH));
const cidOf = async (result: { files: Map<string, Uint8Array> }) => (await bundleCid(result.files)).toString();

/** Same graph, nodes and edges in another order (and other edge ids, which are not part of a bundle). */
function shuffled(graph: TGraph, seed = 7): TGraph {
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const shuffle = <T>(items: T[]) =>
    items
      .map((item) => [random(), item] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, item]) => item);
  return {
    ...graph,
    nodes: shuffle(graph.nodes.map((n) => ({ ...n, config: Object.fromEntries(Object.entries(n.config).reverse()) }))),
    edges: shuffle(graph.edges).map((e, i) => ({ ...e, id: `wire-${i}` })),
  };
}

function moved(graph: TGraph, id: string, position: { x: number; y: number }): TGraph {
  return { ...graph, nodes: graph.nodes.map((n) => (n.id === id ? { ...n, position } : n)) };
}

/** A flow with code, a dataset, a form, a button, an HTTP endpoint, a schedule and a note. */
function richGraph(): TGraph {
  return graphOf(
    [
      ['hook', 'http-trigger', { path: 'orders', method: 'GET', fields: [] }, [0, 400]],
      ['every', 'schedule', { every: 5, unit: 'minutes' }, [0, 600]],
      ['ask', 'form', {}, [0, 0]],
      ['go', 'button', { label: 'Refresh' }, [300, 0]],
      ['double', 'expression', { expression: 'input * 2' }, [300, 400]],
      ['shape', 'code', { source: 'return { rows: input };' }, [600, 400]],
      ['tick', 'code', { source: 'return 1;' }, [300, 600]],
      ['prices', 'dataset', { format: 'json', fileName: 'p.json', content: '[{"label":"a","value":1}]' }, [0, 800]],
      ['plot', 'chart', { title: 'Prices', x: 'label', y: 'value' }, [300, 800]],
      ['intro', 'text', { markdown: '# Hello' }, [0, -100]],
      ['memo', 'note', { text: 'not part of the app' }, [900, 900]],
    ],
    ['hook.out>double.in', 'double.out>shape.in', 'every.out>tick.in', 'prices.out>plot.rows'],
  );
}

describe('compileBundle: golden bundles of the templates', () => {
  if (UPDATE_GOLDEN) mkdirSync(GOLDEN_DIR, { recursive: true });
  const cids: Record<string, string> = UPDATE_GOLDEN ? {} : JSON.parse(readFileSync(`${GOLDEN_DIR}cids.json`, 'utf8'));

  it.each(GOLDEN_TEMPLATES)('%s: manifest and CID are byte-for-byte the stored ones', async (id) => {
    const template = findTemplate(id)!;
    const result = compiled(template.graph, id, template.name);
    const manifest = manifestText(result);
    const cid = await cidOf(result);
    const goldenPath = `${GOLDEN_DIR}${id}.manifest.json`;
    if (UPDATE_GOLDEN) {
      writeFileSync(goldenPath, manifest);
      cids[id] = cid;
      writeFileSync(`${GOLDEN_DIR}cids.json`, canonicalJson(cids));
    }
    expect(manifest).toBe(readFileSync(goldenPath, 'utf8'));
    expect(cid).toBe(cids[id]);
    expect(ZManifest.parse(JSON.parse(manifest))).toEqual(result.manifest);
  });

  it('guestbook: the form is a trigger posting to its id, its run saves then lists, the table is on the page', () => {
    const { manifest } = compiled(findTemplate('guestbook')!.graph, 'guestbook');
    expect(manifest.triggers).toEqual([
      { kind: 'form', nodeId: 'sign', http: { path: 'sign', method: 'POST' }, steps: ['sign', 'save', 'list', 'entries'] },
    ]);
    expect(manifest.page.elements.map((e) => e.nodeId)).toEqual(['sign', 'entries']);
    expect(manifest.capabilities).toEqual(['storage']);
    expect(manifest.load.steps).toEqual([]);
  });

  it('csv-chart: without a trigger, the dataset, filter and chart run when the page opens', () => {
    const result = compiled(findTemplate('csv-chart')!.graph, 'csv-chart');
    expect(result.manifest.triggers).toEqual([]);
    expect(result.manifest.load.steps).toEqual(['data', 'keep', 'chart']);
    expect([...result.files.keys()]).toEqual([MANIFEST_PATH, 'code/keep/condition.js', 'data/data.csv']);
  });
});

describe('compileBundle: the manifest', () => {
  it('lists sorted block types, capabilities and assets, and leaves notes out', () => {
    const { manifest, files } = compiled(richGraph(), 'shop', 'The Shop');
    expect(manifest.app).toEqual({ name: 'shop', title: 'The Shop' });
    expect(manifest.page.title).toBe('The Shop');
    expect(manifest.blocks).toEqual([
      'button@1',
      'chart@1',
      'code@1',
      'dataset@1',
      'expression@1',
      'form@1',
      'http-trigger@1',
      'schedule@1',
      'text@1',
    ]);
    expect(manifest.capabilities).toEqual(['code']);
    expect(manifest.nodes.map((n) => n.id)).toEqual(['ask', 'double', 'every', 'go', 'hook', 'intro', 'plot', 'prices', 'shape', 'tick']);
    expect(manifest.assets.map((a) => a.path)).toEqual([
      'code/double/expression.js',
      'code/shape/source.js',
      'code/tick/source.js',
      'data/prices.json',
    ]);
    expect([...files.keys()]).toEqual([MANIFEST_PATH, ...manifest.assets.map((a) => a.path)]);
    expect(manifestText({ files })).not.toContain('memo');
    expect(ZManifest.safeParse(manifest).success).toBe(true);
  });

  it('compiles an empty canvas (or one with only notes) to a bundle of just the manifest', () => {
    const { manifest, files } = compiled(graphOf([['memo', 'note', { text: 'todo' }]]), 'empty-app', '  ');
    expect([...files.keys()]).toEqual([MANIFEST_PATH]);
    expect(manifest).toMatchObject({ app: { name: 'empty-app', title: 'empty-app' }, blocks: [], nodes: [], triggers: [], assets: [] });
  });

  it('stores configs with defaults applied, code and data moved into assets', () => {
    const { manifest, files } = compiled(richGraph());
    const node = (id: string) => manifest.nodes.find((n) => n.id === id)!;
    expect(node('shape')).toEqual({
      id: 'shape',
      type: 'code',
      version: 1,
      config: { timeoutMs: 1000 },
      code: { source: 'code/shape/source.js' },
    });
    expect(text(files.get('code/shape/source.js'))).toBe('return { rows: input };');
    expect(node('prices')).toEqual({
      id: 'prices',
      type: 'dataset',
      version: 1,
      config: { fileName: 'p.json', format: 'json', hasHeader: true },
      data: { content: 'data/prices.json' },
    });
    expect(text(files.get('data/prices.json'))).toBe('[{"label":"a","value":1}]');
    expect(node('go').config).toEqual({ label: 'Refresh', payload: {} });
  });

  it('gives back every config exactly as validated, once the assets are put back', () => {
    const graph = richGraph();
    const { manifest, files } = compiled(graph);
    const validated = validateGraph(graph, blockRegistry);
    for (const node of manifest.nodes) {
      const restored = blockRegistry.get(node.type, node.version)!.configSchema.parse(restoreNodeConfig(node, files));
      expect(restored, node.id).toEqual(validated.configs.get(node.id));
    }
  });

  it('has one trigger per block that starts runs, with its endpoint or interval and its plan', () => {
    const { manifest } = compiled(richGraph());
    expect(manifest.triggers).toEqual([
      { kind: 'form', nodeId: 'ask', http: { path: 'ask', method: 'POST' }, steps: ['ask'] },
      { kind: 'schedule', nodeId: 'every', everyMs: 300_000, steps: ['every', 'tick'] },
      { kind: 'button', nodeId: 'go', http: { path: 'go', method: 'POST' }, steps: ['go'] },
      { kind: 'http', nodeId: 'hook', http: { path: 'orders', method: 'GET' }, steps: ['hook', 'double', 'shape'] },
    ]);
    expect(manifest.load.steps).toEqual(['intro', 'prices', 'plot']);
    const manual = compiled(graphOf([['start', 'manual-trigger']])).manifest;
    expect(manual.triggers).toEqual([{ kind: 'manual', nodeId: 'start', steps: ['start'] }]);
  });

  it('puts UI blocks on the page top to bottom, then left to right, then by id', () => {
    const { manifest } = compiled(
      graphOf([
        ['z', 'text', {}, [0, 100]],
        ['b', 'text', {}, [500, 0]],
        ['a', 'text', {}, [500, 0]],
        ['left', 'button', {}, [-200, 0]],
        ['top', 'image', {}, [900, -50]],
        ['x', 'manual-trigger', {}, [-900, -900]],
      ]),
    );
    expect(manifest.page.elements).toEqual([
      { nodeId: 'top', type: 'image', version: 1 },
      { nodeId: 'left', type: 'button', version: 1 },
      { nodeId: 'a', type: 'text', version: 1 },
      { nodeId: 'b', type: 'text', version: 1 },
      { nodeId: 'z', type: 'text', version: 1 },
    ]);
  });

  it('leaves out the Constant that only feeds a trigger run from the page-load run', () => {
    const { manifest } = compiled(
      graphOf(
        [
          ['t', 'manual-trigger'],
          ['rows', 'constant', { value: [{ id: 1 }] }],
          ['join', 'merge'],
          ['alone', 'constant', { value: 1 }],
        ],
        ['t.out>join.a', 'rows.out>join.b'],
      ),
    );
    expect(manifest.triggers[0]!.steps).toEqual(['t', 'rows', 'join']);
    expect(manifest.load.steps).toEqual(['alone']);
  });
});

describe('compileBundle: determinism', () => {
  it('gives the same bytes and CID twice', async () => {
    const a = compiled(richGraph());
    const b = compiled(richGraph());
    expect([...b.files.entries()]).toEqual([...a.files.entries()]);
    expect(await cidOf(b)).toBe(await cidOf(a));
  });

  it('does not depend on the order of nodes, edges, config keys or on edge ids', async () => {
    const graph = richGraph();
    const reference = compiled(graph);
    for (const seed of [1, 2, 3]) {
      const other = compiled(shuffled(graph, seed));
      expect(manifestText(other)).toBe(manifestText(reference));
      expect(await cidOf(other)).toBe(await cidOf(reference));
    }
  });

  it('does not depend on where non-UI blocks sit, not even for the order of independent steps', async () => {
    const graph = graphOf(
      [
        ['t', 'manual-trigger', {}, [0, 0]],
        ['a', 'expression', {}, [300, 0]],
        ['b', 'expression', {}, [300, 200]],
        ['shown', 'table', {}, [600, 0]],
      ],
      ['t.out>a.in', 't.out>b.in', 'a.out>shown.rows'],
    );
    const reference = compiled(graph);
    expect(reference.manifest.triggers[0]!.steps).toEqual(['t', 'a', 'b', 'shown']);
    const swapped = moved(moved(moved(graph, 'a', { x: 900, y: 900 }), 'b', { x: -500, y: -500 }), 't', { x: 42.5, y: -3 });
    expect(manifestText(compiled(swapped))).toBe(manifestText(reference));
    expect(await cidOf(compiled(swapped))).toBe(await cidOf(reference));
  });

  it('changes with the page order of UI blocks, and only then', async () => {
    const graph = graphOf([
      ['first', 'text', { markdown: 'one' }, [0, 0]],
      ['second', 'text', { markdown: 'two' }, [0, 100]],
    ]);
    const reference = await cidOf(compiled(graph));
    expect(await cidOf(compiled(moved(graph, 'second', { x: 300, y: 50 })))).toBe(reference);
    expect(await cidOf(compiled(moved(graph, 'second', { x: 0, y: -100 })))).not.toBe(reference);
  });

  it('changes when a config, the code, the data, the app name or the title changes', async () => {
    const graph = richGraph();
    const reference = await cidOf(compiled(graph));
    const withConfig = (id: string, config: Record<string, unknown>) => ({
      ...graph,
      nodes: graph.nodes.map((n) => (n.id === id ? { ...n, config: { ...n.config, ...config } } : n)),
    });
    const variants = [
      compiled(withConfig('go', { label: 'Reload' })),
      compiled(withConfig('double', { expression: 'input * 3' })),
      compiled(withConfig('prices', { content: '[]' })),
      compiled(graph, 'my-other-app'),
      compiled(graph, 'my-app', 'Another title'),
    ];
    const cids = await Promise.all(variants.map(cidOf));
    expect(new Set([reference, ...cids]).size).toBe(variants.length + 1);
  });

  it('does not depend on a default being written out or left to the schema', () => {
    const implicit = graphOf([['c', 'code', { source: 'return 1;' }]]);
    const explicit = graphOf([['c', 'code', { source: 'return 1;', timeoutMs: 1000 }]]);
    expect(manifestText(compiled(explicit))).toBe(manifestText(compiled(implicit)));
  });
});

describe('compileBundle: refusals are diagnostics naming the node or field', () => {
  it('reports graph errors and builds nothing', () => {
    const diagnostics = refused(
      graphOf(
        [
          ['t', 'manual-trigger'],
          ['x', 'expression'],
          ['y', 'teleport'],
          ['c', 'code', { source: 'return (' }],
        ],
        ['t.out>c.in'],
      ),
    );
    expect(diagnostics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ severity: 'error', code: 'missing_input', nodeId: 'x', port: 'in' }),
        expect.objectContaining({ severity: 'error', code: 'unknown_block', nodeId: 'y' }),
        expect.objectContaining({ severity: 'error', code: 'invalid_code', nodeId: 'c', path: 'config.source' }),
      ]),
    );
    expect(refused({ nodes: 'nope' })).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'invalid_graph' })]));
  });

  it.each(['', 'ab', 'My-App', '-app', 'app-', 'app_1', 'a'.repeat(64), 'café'])('refuses the app name %j', (name) => {
    expect(refused(graphOf([]), name)).toEqual([expect.objectContaining({ severity: 'error', code: 'invalid_app_name', path: 'appName' })]);
  });

  it('reports a bad app name together with the graph problems', () => {
    const codes = refused(graphOf([['x', 'expression']]), 'A').map((d) => d.code);
    expect(codes).toEqual(['missing_input', 'invalid_app_name']);
  });

  it('refuses a title longer than 200 characters', () => {
    const result = compileBundle(graphOf([]), { appName: 'my-app', title: 'x'.repeat(201) });
    expect(result).toEqual({ ok: false, diagnostics: [expect.objectContaining({ code: 'invalid_title', path: 'title' })] });
  });

  it('refuses two HTTP endpoints on one path, naming both', () => {
    const diagnostics = refused(
      graphOf([
        ['one', 'http-trigger', { path: 'submit' }],
        ['two', 'http-trigger', { path: 'submit', method: 'GET' }],
        ['three', 'http-trigger', { path: 'other' }],
      ]),
    );
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'duplicate_http_path',
        nodeId: 'one',
        path: 'config.path',
        message: expect.stringContaining('"two"'),
      }),
      expect.objectContaining({
        code: 'duplicate_http_path',
        nodeId: 'two',
        path: 'config.path',
        message: expect.stringContaining('"one"'),
      }),
    ]);
  });

  it('refuses a form or button whose id is an HTTP endpoint path', () => {
    const diagnostics = refused(
      graphOf([
        ['api', 'http-trigger', { path: 'signup' }],
        ['signup', 'form'],
      ]),
    );
    expect(diagnostics).toEqual([
      expect.objectContaining({ code: 'duplicate_http_path', nodeId: 'api', path: 'config.path' }),
      expect.objectContaining({ code: 'duplicate_http_path', nodeId: 'signup', path: 'id' }),
    ]);
  });

  it('refuses a block id that cannot name a file or address', () => {
    expect(refused(graphOf([['..', 'code']]))).toEqual([expect.objectContaining({ code: 'reserved_node_id', nodeId: '..', path: 'id' })]);
  });

  it('refuses a block that starts runs but has no deployed trigger kind', () => {
    const registry = createRegistry([...BLOCK_DEFINITIONS, testBlocks.start]);
    const result = compileBundle(graphOf([['s', 'start']]), { appName: 'my-app', registry });
    expect(result).toEqual({ ok: false, diagnostics: [expect.objectContaining({ code: 'unsupported_trigger', nodeId: 's' })] });
  });
});

describe('compileBundle: values that are not JSON', () => {
  it('names the block and field when a config schema produces something JSON cannot hold', () => {
    const when = defineBlock({
      type: 'when',
      version: 1,
      category: 'data',
      title: 'When',
      description: 'A test block whose config holds a Date.',
      icon: 'clock',
      inputs: [],
      outputs: [{ name: 'out', type: 'json' }],
      configSchema: z.object({ at: z.date().default(new Date(0)) }),
      capabilities: [],
    });
    const registry = createRegistry([...BLOCK_DEFINITIONS, when]);
    const result = compileBundle(graphOf([['w', 'when']]), { appName: 'my-app', registry });
    expect(result).toEqual({
      ok: false,
      diagnostics: [expect.objectContaining({ code: 'unserializable_config', nodeId: 'w', path: 'config.at' })],
    });
  });
});

describe('ZManifest', () => {
  it('refuses a manifest whose references point nowhere', () => {
    const { manifest } = compiled(richGraph());
    const broken = {
      ...manifest,
      assets: manifest.assets.slice(1),
      triggers: [{ ...manifest.triggers[0]!, steps: ['ghost'] }, ...manifest.triggers],
    };
    const paths = ZManifest.safeParse(broken).error?.issues.map((issue) => issue.path.join('.'));
    expect(paths).toEqual(['nodes.1.code.expression', 'triggers.0.steps.0', 'triggers.1.http.path']);
  });
});

describe('compileBundle: assets', () => {
  it('lists each asset with its size and SHA-256, and they match the files', () => {
    const source = '// ünïcödé ✓\nreturn input;';
    const { manifest, files } = compiled(
      graphOf([
        ['c', 'code', { source }],
        ['d', 'dataset', { content: 'a,b\n1,2\n' }],
      ]),
    );
    expect(manifest.assets.length).toBe(2);
    for (const asset of manifest.assets) {
      const bytes = files.get(asset.path)!;
      expect(asset.bytes).toBe(bytes.length);
      expect(asset.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    }
    expect(manifest.assets[0]).toEqual({
      path: 'code/c/source.js',
      bytes: new TextEncoder().encode(source).length,
      sha256: expect.any(String),
    });
    expect(manifest.assets[0]!.bytes).toBeGreaterThan(source.length);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth (integer-like ones too) and indents by two spaces', () => {
    const value = { b: 1, a: { '10': true, '2': null, z: [3, { y: 'x', x: 'y' }], e: [], o: {} } };
    expect(canonicalJson(value)).toBe(
      '{\n  "a": {\n    "10": true,\n    "2": null,\n    "e": [],\n    "o": {},\n    "z": [\n      3,\n      {\n        "x": "y",\n        "y": "x"\n      }\n    ]\n  },\n  "b": 1\n}\n',
    );
  });

  it('writes what JSON.stringify writes for the same keys in sorted order', () => {
    const value = { s: 'é\u2028"\\\n\u0000', n: [0, -0, 1.5, 1e21, 1e-7, -3], u: undefined, l: [undefined] };
    expect(canonicalJson(value)).toBe(JSON.stringify({ l: [null], n: value.n, s: value.s }, null, 2) + '\n');
  });

  it('prints values with integer-like keys (its own printer) in the same layout as the others (JSON.stringify)', () => {
    let state = 11;
    const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_';
    const word = () => Array.from({ length: 1 + Math.floor(random() * 6) }, () => letters[Math.floor(random() * letters.length)]).join('');
    const valueOf = (depth: number): unknown => {
      const pick = Math.floor(random() * (depth > 3 ? 4 : 7));
      if (pick === 0) return null;
      if (pick === 1) return random() < 0.5;
      if (pick === 2) return Math.round((random() - 0.5) * 1e6) / 100;
      if (pick === 3) return ['plain', 'quote " and \\', 'ünï ✓ \u2028', 'line\nbreak', ''][Math.floor(random() * 5)];
      if (pick === 4) return Array.from({ length: Math.floor(random() * 4) }, () => valueOf(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 5) }, () => [word(), valueOf(depth + 1)]));
    };
    for (let i = 0; i < 200; i++) {
      const value = Object.fromEntries(Array.from({ length: 1 + Math.floor(random() * 5) }, () => [word(), valueOf(1)]));
      // "0" sorts before every letter, so it becomes the first member and the rest is unchanged.
      expect(canonicalJson({ ...value, 0: null })).toBe('{\n  "0": null,\n' + canonicalJson(value).slice(2));
    }
  });

  it.each([
    [{ a: NaN }, 'a'],
    [{ a: [1, Infinity] }, 'a[1]'],
    [{ a: { b: new Date(0) } }, 'a.b'],
    [{ a: 1n }, 'a'],
    [{ f: () => 1 }, 'f'],
    [new Map(), ''],
  ])('refuses a value that is not JSON: %o', (value, path) => {
    expect(() => canonicalJson(value)).toThrow(CanonicalJsonError);
    try {
      canonicalJson(value);
    } catch (error) {
      expect((error as CanonicalJsonError).path).toBe(path);
    }
  });
});

/** Helia 7 calls Promise.withResolvers, which Node 20 lacks (runtime/node/polyfills.ts does the same for the node). */
function polyfillWithResolvers() {
  const P = Promise as unknown as { withResolvers?: () => unknown };
  P.withResolvers ??= () => {
    let resolve: unknown;
    let reject: unknown;
    const promise = new Promise((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  };
}

/** Adds the files the way a DAIOS node would without our options: Helia's own `addAll` defaults. */
async function heliaDirectoryCid(add: ReturnType<typeof unixfs>['addAll'], files: Map<string, Uint8Array>) {
  let root;
  const entries = [...files].map(([path, content]) => ({ path, content }));
  for await (const entry of add(entries, { wrapWithDirectory: true })) root = entry;
  return root!.cid.toString();
}

// A real Helia node adding thousands of blocks took over 30 s with the load average at 30.
describe('bundleCid is the CID Helia gives the bundle directory', { timeout: 180_000 }, () => {
  /** 2.5 MiB of varied bytes: three 1 MiB chunks with Helia's chunker, eleven with the importer's 256 KiB default. */
  const big = new Uint8Array(2.5 * 1024 * 1024).map((_, i) => (i * 2654435761) >>> 24);
  /**
   * 6,000 files in one directory: past the 256 KiB of links at which it becomes a HAMT shard.
   * (The importer counts a subdirectory's link by its name only, so `code/<id>/` shards later.)
   */
  const many = new Map(Array.from({ length: 6000 }, (_, i) => [`data/a-longer-file-name-${i}.csv`, new TextEncoder().encode(`n\n${i}\n`)]));
  const cases: [string, () => Map<string, Uint8Array>][] = [
    ['guestbook template', () => compiled(findTemplate('guestbook')!.graph, 'guestbook').files],
    ['bundle with code and data assets', () => compiled(richGraph()).files],
    [
      'a file larger than one chunk',
      () =>
        new Map([
          [MANIFEST_PATH, new Uint8Array([123, 125, 10])],
          ['data/big.bin', big],
        ]),
    ],
    ['a sharded directory', () => new Map([[MANIFEST_PATH, new Uint8Array([123, 125, 10])], ...many])],
  ];

  it.each(cases)('%s: a real Helia node (createHeliaLight + @helia/unixfs addAll) agrees', async (_name, files) => {
    polyfillWithResolvers();
    const { createHeliaLight } = await import('helia');
    const helia = createHeliaLight();
    await helia.start();
    try {
      const bundle = files();
      const ours = await bundleCid(bundle);
      expect(await heliaDirectoryCid((...args) => unixfs(helia).addAll(...args), bundle)).toBe(ours.toString());
      // Storing with importBundle into Helia's own blockstore gives the same CID, and the files read back.
      expect((await importBundle(bundle, helia.blockstore)).toString()).toBe(ours.toString());
      const [path, content] = [...bundle].at(-1)!;
      const chunks: Uint8Array[] = [];
      for await (const chunk of unixfs(helia).cat(ours, { path })) chunks.push(chunk);
      expect(Buffer.concat(chunks).equals(Buffer.from(content))).toBe(true);
    } finally {
      await helia.stop();
    }
  });

  it('the cases exercise chunking and sharding (where the importer defaults would differ)', async () => {
    const fs = unixfs({ blockstore: new MemoryBlockstore() });
    const kinds = new Map<string, string | undefined>();
    const bundle = new Map([...cases[3]![1](), ...cases[2]![1]()]);
    for await (const entry of fs.addAll(
      [...bundle].map(([path, content]) => ({ path, content })),
      { wrapWithDirectory: true },
    )) {
      kinds.set(entry.path ?? '', entry.unixfs?.type);
    }
    expect(kinds.get('data')).toBe('hamt-sharded-directory');
    expect(kinds.get('data/big.bin')).toBe('file');
    // Without the pinned options (the bare importer defaults), the CID would differ.
    const { importer } = await import('ipfs-unixfs-importer');
    let bare;
    for await (const entry of importer([{ path: 'big.bin', content: big }], new MemoryBlockstore(), { wrapWithDirectory: true }))
      bare = entry;
    const pinned = await bundleCid(new Map([['big.bin', big]]));
    expect(bare!.cid.toString()).not.toBe(pinned.toString());
  });

  it('does not depend on the order of the Map', async () => {
    const files = compiled(richGraph()).files;
    expect((await bundleCid(new Map([...files].reverse()))).toString()).toBe((await bundleCid(files)).toString());
  });

  it('exports options a node can pass to addAll unchanged', () => {
    expect(BUNDLE_IMPORTER_OPTIONS).toMatchObject({ cidVersion: 1, rawLeaves: true, wrapWithDirectory: true });
    expect(Object.isFrozen(BUNDLE_IMPORTER_OPTIONS)).toBe(true);
  });
});
