import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BLOCK_CATEGORIES } from '@/blocks/core/block';
import { PROJECT_TEMPLATES } from '@/blocks/templates';
import { TEMPLATE_MESSAGES } from '@/blocks/templates/templates.messages';
import { LOCALES } from './locales';
import { MESSAGES } from './messages';

/** Every leaf of a catalogue as "Namespace.key" → text. */
function leaves(tree: object, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [p, v] of leaves(value as object, path)) out.set(p, v);
  }
  return out;
}

/** The ICU arguments ({name}, {count, plural, …}) and rich-text tags (<file>) a message uses. */
function placeholders(message: string): string[] {
  const args = [...message.matchAll(/\{\s*([A-Za-z_]\w*)\s*[,}]/g)].map((m) => `{${m[1]}}`);
  const tags = [...message.matchAll(/<([A-Za-z]\w*)>/g)].map((m) => `<${m[1]}>`);
  return [...new Set([...args, ...tags])].sort();
}

const english = leaves(MESSAGES.en);

describe('the IDE message catalogues (messages/*.json)', () => {
  it.each(LOCALES.filter((l) => l !== 'en'))('%s has exactly the keys English has, none empty', (locale) => {
    const translated = leaves(MESSAGES[locale]);
    expect([...translated.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [key, text] of translated) expect(text.trim(), key).not.toBe('');
  });

  it.each(LOCALES.filter((l) => l !== 'en'))('%s uses the same placeholders as English in each message', (locale) => {
    const translated = leaves(MESSAGES[locale]);
    for (const [key, text] of english) expect(placeholders(translated.get(key) ?? ''), key).toEqual(placeholders(text));
  });

  it('names every block category', () => {
    expect(Object.keys(MESSAGES.en.BlockCategories).sort()).toEqual([...BLOCK_CATEGORIES].sort());
  });

  it('has no key that no component reads', () => {
    const sources = sourceFiles(['app', 'components']).map((file) => readFileSync(file, 'utf8'));
    const unused = [...english.keys()].filter((path) => {
      const [namespace, ...rest] = path.split('.');
      // Categories are read by the category's name (palette.tsx); the test above covers them.
      if (namespace === 'BlockCategories') return false;
      const key = rest.join('.');
      const reads = new RegExp(`(?:useTranslations|getTranslations)\\(\\s*'${namespace}'\\s*\\)`);
      return !sources.some((source) => reads.test(source) && source.includes(`'${key}'`));
    });
    expect(unused).toEqual([]);
  });
});

describe('the starter projects', () => {
  it.each(LOCALES.filter((l) => l !== 'en'))(
    'have a name and description in %s, and no translation of a template that is gone',
    (locale) => {
      const translations = TEMPLATE_MESSAGES[locale as keyof typeof TEMPLATE_MESSAGES];
      expect(Object.keys(translations).sort()).toEqual(PROJECT_TEMPLATES.map((t) => t.id).sort());
      for (const texts of Object.values(translations)) {
        expect(texts.name.trim()).not.toBe('');
        expect(texts.description.trim()).not.toBe('');
      }
    },
  );
});

function sourceFiles(roots: string[]): string[] {
  return roots.flatMap((root) =>
    readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name))
      .map((entry) => join(entry.parentPath, entry.name)),
  );
}
