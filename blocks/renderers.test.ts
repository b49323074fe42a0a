import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineBlock, startsRun, type TBlockDefinition } from '@/blocks/core/block';
import { markup } from '@/blocks/core/html';
import { section, type TPageRenderer } from '@/blocks/core/page';
import { createRegistry, blockKey } from '@/blocks/core/registry';
import { compileBundle } from '@/blocks/compiler/bundle';
import { loadApp } from '@/runtime/apps/load';
import { renderPage } from '@/runtime/gateway/page';
import { graphOf } from '@/runtime/apps/testing/apps';
import { BLOCK_EXECUTORS } from './executors';
import { BLOCK_DEFINITIONS } from './registry';
import { PAGE_RENDERERS } from './renderers';

const keyOf = (d: TBlockDefinition) => blockKey(d.type, d.version);

describe('blocks as complete units', () => {
  it('gives every UI block a page renderer, and no renderer lacks a UI block', () => {
    const ui = BLOCK_DEFINITIONS.filter((d) => d.category === 'ui').map(keyOf);
    expect(ui.length).toBeGreaterThan(0);
    for (const key of ui) expect(PAGE_RENDERERS.has(key), `${key} has a renderer in blocks/renderers.ts`).toBe(true);
    expect([...PAGE_RENDERERS.keys()].sort()).toEqual([...ui].sort());
  });

  it('gives every block that starts runs a trigger trait, and every trigger an executor', () => {
    for (const definition of BLOCK_DEFINITIONS.filter((d) => startsRun(d))) {
      expect(definition.trigger, `${keyOf(definition)} declares how a deployed app reaches it`).toBeDefined();
      expect(BLOCK_EXECUTORS.has(keyOf(definition))).toBe(true);
    }
  });

  it('lets a block with side effects run on page load only through its own read rule', () => {
    for (const definition of BLOCK_DEFINITIONS.filter((d) => d.pageLoad)) {
      expect(
        definition.capabilities.some((c) => c !== 'code' && c !== 'log'),
        `${keyOf(definition)}: pageLoad is for side effects`,
      ).toBe(true);
    }
  });

  // A new UI block and a new trigger, defined here as their folders would define them: with the
  // registry and renderer lines only (no table elsewhere), they compile, load and draw.
  it('needs nothing outside its folder but the registry lines: a new UI block and a new trigger', () => {
    const badgeBlock = defineBlock({
      type: 'badge',
      version: 1,
      category: 'ui',
      title: 'Badge',
      description: 'A label on the page.',
      icon: 'tag',
      inputs: [],
      outputs: [],
      configSchema: z.object({ label: z.string().default('New') }),
      capabilities: [],
    });
    const badgePage: TPageRenderer<{ label: string }> = {
      cacheable: true,
      render: (element) => section(element, '', markup`<span class="badge">${element.config.label}</span>`),
    };
    const pingBlock = defineBlock({
      type: 'ping',
      version: 1,
      category: 'trigger',
      title: 'Ping',
      description: 'Starts the flow at /api/ping/<name>.',
      icon: 'webhook',
      inputs: [],
      outputs: [{ name: 'out', type: 'json' }],
      configSchema: z.object({ name: z.string().default('one') }),
      capabilities: [],
      trigger: { kind: 'http', endpoint: (config) => ({ path: `ping-${config.name}`, method: 'GET' }) },
    });
    const registry = createRegistry([...BLOCK_DEFINITIONS, badgeBlock, pingBlock]);
    const renderers = new Map([...PAGE_RENDERERS, ['badge@1', badgePage as unknown as TPageRenderer]]);

    const graph = graphOf(
      [
        { id: 'hello', type: 'ping', config: { name: 'there' } },
        { id: 'label', type: 'badge', config: { label: '<b>Beta</b>' } },
      ],
      [],
    );
    const compiled = compileBundle(graph, { appName: 'badges', registry });
    expect(compiled.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    if (!compiled.ok) return;
    expect(compiled.manifest.triggers).toEqual([
      { kind: 'http', nodeId: 'hello', steps: ['hello'], http: { path: 'ping-there', method: 'GET' } },
    ]);

    const app = loadApp({ cid: 'bafy-test', manifest: compiled.manifest, files: compiled.files }, registry);
    expect([...app.endpoints.keys()]).toEqual(['ping-there']);
    const html = renderPage(app, {}, { base: '/apps/badges/', nonce: 'n', preview: false, query: new URLSearchParams(), renderers });
    expect(html).toContain(
      '<section class="card badge" id="el-label" data-node="label"><span class="badge">&lt;b&gt;Beta&lt;/b&gt;</span></section>',
    );
  });

  it('refuses to deploy a trigger block without a trigger trait, naming it', () => {
    const editorOnly = defineBlock({
      type: 'editor-only',
      version: 1,
      category: 'trigger',
      title: 'Editor only',
      description: 'Starts runs in the editor.',
      icon: 'play',
      inputs: [],
      outputs: [{ name: 'out', type: 'json' }],
      configSchema: z.object({}),
      capabilities: [],
    });
    const registry = createRegistry([...BLOCK_DEFINITIONS, editorOnly]);
    const compiled = compileBundle(graphOf([{ id: 'start', type: 'editor-only' }], []), { appName: 'editor-only', registry });
    expect(compiled.ok).toBe(false);
    expect(compiled.diagnostics).toContainEqual(expect.objectContaining({ code: 'unsupported_trigger', nodeId: 'start' }));
  });
});
