import { describe, expect, it } from 'vitest';
import { findTemplate } from '@/blocks/templates';
import { AppLoadError, createAppLoader, loadApp, type TAppBundle } from './load';
import { bundleOf, codeEndpointGraph, graphOf, guestbookGraph } from './testing/apps';

function loadError(bundle: TAppBundle): AppLoadError {
  try {
    loadApp(bundle);
  } catch (error) {
    expect(error).toBeInstanceOf(AppLoadError);
    return error as AppLoadError;
  }
  throw new Error('the bundle loaded');
}

describe('loadApp', () => {
  it('loads the guestbook: its form trigger, its page and what loads with the page', async () => {
    const app = loadApp(await bundleOf(guestbookGraph(), 'guestbook', 'Guestbook'));
    expect(app.name).toBe('guestbook');
    expect(app.title).toBe('Guestbook');
    expect([...app.triggers.keys()]).toEqual(['sign']);
    expect(app.triggers.get('sign')?.plan).toEqual({ triggerId: 'sign', steps: ['sign', 'save', 'list', 'entries'] });
    expect(app.endpoints.get('sign')?.trigger.kind).toBe('form');
    expect(app.page.elements.map((e) => [e.nodeId, e.type])).toEqual([
      ['sign', 'form'],
      ['entries', 'table'],
    ]);
    expect(app.page.elements[0]?.config.submitLabel).toBe('Sign');
    // The find and the table, not the form or the insert; the find no longer waits for the insert.
    expect(app.page.load.steps).toEqual(['list', 'entries']);
    expect(app.page.load.graph.edges.map((e) => `${e.source}->${e.target}`)).toEqual(['list->entries']);
  });

  it('puts user code and uploaded data back into their config fields', async () => {
    const csv = await bundleOf(findTemplate('csv-chart')!.graph, 'chart-app');
    expect([...csv.files.keys()].sort()).toEqual(['code/keep/condition.js', 'data/data.csv', 'manifest.json']);
    const app = loadApp(csv);
    expect(app.validated.configs.get('keep')).toMatchObject({ condition: 'item.value > 0' });
    expect((app.validated.configs.get('data') as { content: string }).content).toContain('label');
    expect(app.page.load.steps).toEqual(['data', 'keep', 'chart']);
  });

  it('refuses a bundle whose code asset is missing or not UTF-8', async () => {
    const bundle = await bundleOf(codeEndpointGraph('return input;'), 'code-app');
    const files = new Map(bundle.files);
    files.delete('code/work/source.js');
    expect(loadError({ ...bundle, files }).diagnostics[0]).toMatchObject({ code: 'missing_asset', nodeId: 'work' });
    files.set('code/work/source.js', new Uint8Array([0xff, 0xfe]));
    expect(loadError({ ...bundle, files }).diagnostics[0]?.code).toBe('missing_asset');
  });

  it('refuses a bundle that does not validate on this node', async () => {
    const bundle = await bundleOf(codeEndpointGraph('return input;'), 'code-app');
    // Code that does not parse, slipped into the asset after compiling.
    const files = new Map(bundle.files);
    files.set('code/work/source.js', new TextEncoder().encode('return (;'));
    const bad = loadError({ ...bundle, files });
    expect(bad.diagnostics[0]).toMatchObject({ code: 'invalid_code', nodeId: 'work' });
    expect(bad.message).toMatch(/cannot run on this node/);

    // A config the block's schema refuses.
    const manifest = structuredClone(bundle.manifest);
    manifest.nodes.find((n) => n.id === 'endpoint')!.config.method = 'DELETE';
    expect(loadError({ ...bundle, manifest }).diagnostics.some((d) => d.code === 'invalid_config' && d.nodeId === 'endpoint')).toBe(true);

    // A block this node does not know.
    const unknown = structuredClone(bundle.manifest);
    unknown.nodes.find((n) => n.id === 'work')!.version = 99;
    expect(loadError({ ...bundle, manifest: unknown }).diagnostics[0]?.code).toBe('unknown_block_version');
  });

  it('refuses a manifest whose plans or endpoints do not match its graph', async () => {
    const bundle = await bundleOf(guestbookGraph(), 'guestbook');
    const skipped = structuredClone(bundle.manifest);
    skipped.triggers[0]!.steps = ['sign', 'list', 'entries'];
    expect(loadError({ ...bundle, manifest: skipped }).diagnostics[0]?.code).toBe('plan_mismatch');

    const reordered = structuredClone(bundle.manifest);
    reordered.triggers[0]!.steps = ['sign', 'list', 'save', 'entries'];
    expect(loadError({ ...bundle, manifest: reordered }).diagnostics[0]?.message).toMatch(/"list" is planned before "save"/);

    const moved = structuredClone(bundle.manifest);
    const trigger = moved.triggers[0]!;
    if ('http' in trigger) trigger.http.path = 'elsewhere';
    expect(loadError({ ...bundle, manifest: moved }).diagnostics[0]?.code).toBe('invalid_trigger');
  });

  it('caches per CID, refusals included', async () => {
    const loader = createAppLoader({ maxApps: 2 });
    const a = await bundleOf(guestbookGraph(), 'app-a');
    const b = await bundleOf(codeEndpointGraph('return 1;'), 'app-b');
    expect(loader.load(a)).toBe(loader.load(a));
    const broken = { ...b, cid: 'bafy-broken', files: new Map<string, Uint8Array>() };
    expect(() => loader.load(broken)).toThrow(AppLoadError);
    expect(() => loader.load({ ...broken, files: b.files })).toThrow(AppLoadError); // same CID: the cached refusal
    const first = loader.load(a);
    loader.load(b);
    loader.load({ ...b, cid: 'another' });
    expect(loader.load(a)).not.toBe(first); // evicted (least recently used) and loaded again
  });
});

describe('the page-load rule', () => {
  const loadSteps = async (graph: Parameters<typeof bundleOf>[0]) => loadApp(await bundleOf(graph, 'rule-app')).page.load.steps;

  it('runs a table fed by a fetch (GET) even when a manual trigger starts the fetch', async () => {
    expect(await loadSteps(findTemplate('fetch-json-table')!.graph)).toEqual(['fetch', 'show']);
  });

  it('never runs triggers, writes or what shows a visitor’s input', async () => {
    const graph = graphOf(
      [
        { id: 'form', type: 'form' },
        { id: 'thanks', type: 'text', config: { markdown: 'Thanks {{input.name}}' } },
        { id: 'save', type: 'collection', config: { name: 'items', operation: 'insert' } },
        { id: 'saved', type: 'text', config: { markdown: 'Saved {{input.id}}' } },
        { id: 'mine', type: 'collection', config: { name: 'items', operation: 'find', where: { name: '{{input.name}}' } } },
        { id: 'mineTable', type: 'table' },
        { id: 'count', type: 'key-value', config: { operation: 'set', key: 'count' } },
        { id: 'static', type: 'text', config: { markdown: '# Welcome' } },
        { id: 'all', type: 'collection', config: { name: 'items', operation: 'find' } },
        { id: 'allChart', type: 'chart', config: { x: 'name', y: 'n' } },
      ],
      [
        'form.submitted -> thanks.in',
        'form.submitted -> save.in',
        'save.out -> saved.in',
        'save.out -> mine.in',
        'mine.out -> mineTable.rows',
        'save.out -> count.in',
        'save.out -> all.in',
        'all.out -> allChart.rows',
      ],
    );
    // thanks: fed by the form; saved: fed by the insert; mine: its query reads the input;
    // count: a write. The static text has nothing connected; `all` reads without its input.
    expect((await loadSteps(graph)).sort()).toEqual(['all', 'allChart', 'static']);
  });

  it('leaves out blocks missing a required input and what needs them', async () => {
    const graph = graphOf(
      [
        { id: 'button', type: 'button' },
        { id: 'constant', type: 'constant', config: { value: [{ a: 1 }] } },
        { id: 'both', type: 'merge' },
        { id: 'table', type: 'table' },
        { id: 'other', type: 'table' },
      ],
      ['button.clicked -> both.a', 'constant.out -> both.b', 'both.out -> table.rows', 'constant.out -> other.rows'],
    );
    expect(await loadSteps(graph)).toEqual(['constant', 'other']);
  });
});
