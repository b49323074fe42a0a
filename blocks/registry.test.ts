import { icons } from 'lucide-react';
import { describe, expect, it } from 'vitest';
import { BLOCK_CATEGORIES, CAPABILITIES } from '@/blocks/core/block';
import { PORT_TYPES } from '@/blocks/core/ports';
import { blockTexts, englishTexts, type TBlockTexts, type TFieldTexts, type TPortTexts } from '@/blocks/core/messages';
import { blockKey, migrateConfig } from '@/blocks/core/registry';
import { validateGraph } from '@/blocks/compiler/validate';
import { PROJECT_TEMPLATES } from '@/blocks/templates';
import { BLOCK_ICONS } from '@/components/workspace/block-visuals';
import { LOCALES, type TTranslatedLocale } from '@/i18n/locales';
import { BLOCK_EXECUTORS } from './executors';
import { BLOCK_DEFINITIONS, blockRegistry } from './registry';

const TRANSLATED = LOCALES.filter((l): l is TTranslatedLocale => l !== 'en');

/** Each text of a block as "inputs.in.label", "fields.url.help"…: what a translation must have. */
function textKeys(texts: TBlockTexts): string[] {
  const nested = (group: 'inputs' | 'outputs' | 'fields') =>
    Object.entries(texts[group]).flatMap(([name, t]) => Object.keys(t).map((key) => `${group}.${name}.${key}`));
  return ['title', 'description', ...nested('inputs'), ...nested('outputs'), ...nested('fields')].sort();
}

const pascal = (kebab: string) => kebab.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());

describe('the block registry', () => {
  it('has at least 20 executable blocks', () => {
    expect(BLOCK_DEFINITIONS.filter((d) => d.category !== 'canvas').length).toBeGreaterThanOrEqual(20);
  });

  it('has each type@version once', () => {
    const keys = BLOCK_DEFINITIONS.map((d) => blockKey(d.type, d.version));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('has no executor without a definition', () => {
    for (const key of BLOCK_EXECUTORS.keys()) expect(BLOCK_DEFINITIONS.map((d) => blockKey(d.type, d.version))).toContain(key);
  });

  describe.each(BLOCK_DEFINITIONS.map((d) => [blockKey(d.type, d.version), d] as const))('%s', (_key, definition) => {
    it('is well formed', () => {
      expect(definition.type).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(BLOCK_CATEGORIES).toContain(definition.category);
      expect(definition.title.length).toBeGreaterThan(0);
      expect(definition.description.length).toBeGreaterThan(10);
      for (const capability of definition.capabilities) expect(CAPABILITIES).toContain(capability);
      expect(icons[pascal(definition.icon) as keyof typeof icons], `icon "${definition.icon}"`).toBeDefined();
      expect(BLOCK_ICONS[definition.icon], `icon "${definition.icon}" is listed in components/workspace/block-visuals.tsx`).toBeDefined();
    });

    it.each(TRANSLATED)('has every text in %s (blocks/<type>/<type>.messages.ts)', (locale) => {
      const translated = definition.messages?.[locale];
      expect(translated, `${definition.type}.messages.ts has no "${locale}"`).toBeDefined();
      const english = textKeys(englishTexts(definition));
      const missing = english.filter((key) => !textKeys(translated!).includes(key));
      expect(missing, `texts of ${definition.type}@${definition.version} missing in ${locale}`).toEqual([]);
      const groups = [translated!.inputs, translated!.outputs, translated!.fields];
      const texts = [
        translated!.title,
        translated!.description,
        ...groups.flatMap((g) => Object.values(g).flatMap((t: TPortTexts | TFieldTexts) => Object.values(t) as string[])),
      ];
      for (const text of texts) expect(text?.trim(), 'an empty translation').not.toBe('');
    });

    it('shows its English texts as before: the definition’s own', () => {
      const english = blockTexts(definition, 'en');
      expect(english.title).toBe(definition.title);
      expect(english.description).toBe(definition.description);
      for (const p of definition.inputs) expect(english.inputs[p.name]?.label).toBe(p.label);
      for (const p of definition.outputs) expect(english.outputs[p.name]?.label).toBe(p.label);
    });

    it('parses its default config', () => {
      expect(definition.configSchema.safeParse({}).success).toBe(true);
    });

    it('has ports with known types and unique names', () => {
      for (const ports of [definition.inputs, definition.outputs]) {
        expect(new Set(ports.map((p) => p.name)).size).toBe(ports.length);
        for (const port of ports) expect(PORT_TYPES).toContain(port.type);
      }
    });

    it('has an executor unless it only lives on the canvas', () => {
      expect(BLOCK_EXECUTORS.has(blockKey(definition.type, definition.version))).toBe(definition.category !== 'canvas');
    });

    it('migrates from the version before it', () => {
      if (definition.version === 1) return;
      expect(definition.migrate, 'a version above 1 needs migrate').toBeTypeOf('function');
      const previous = blockRegistry.get(definition.type, definition.version - 1);
      expect(previous, 'the previous version stays registered so old graphs still load').toBeDefined();
      const migrated = migrateConfig(blockRegistry, definition.type, definition.version - 1, previous!.configSchema.parse({}));
      expect(definition.configSchema.safeParse(migrated?.config).success).toBe(true);
    });
  });
});

describe('block translations', () => {
  const byType = new Map(BLOCK_DEFINITIONS.map((d) => [d.type, BLOCK_DEFINITIONS.filter((v) => v.type === d.type)]));
  it.each([...byType].flatMap(([type, versions]) => TRANSLATED.map((locale) => [type, locale, versions] as const)))(
    '%s has no %s text that none of its versions has',
    (_type, locale, versions) => {
      const english = new Set(versions.flatMap((d) => textKeys(englishTexts(d))));
      const translated = versions.flatMap((d) => (d.messages ? textKeys(d.messages[locale]) : []));
      expect([...new Set(translated)].filter((key) => !english.has(key))).toEqual([]);
    },
  );
});

describe('templates', () => {
  it.each(PROJECT_TEMPLATES.map((t) => [t.id, t] as const))('%s uses only known blocks, wired correctly', (_id, template) => {
    const { diagnostics } = validateGraph(template.graph, blockRegistry);
    expect(diagnostics).toEqual([]);
  });
});
