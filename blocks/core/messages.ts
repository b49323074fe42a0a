/**
 * A block's texts in each language: title, description, port labels and descriptions, and the
 * labels and help of its config fields. English is the definition itself (its `title`, port
 * `label`s and the schema's `.describe()` texts, see `englishTexts`); the other languages live
 * next to it in `blocks/<type>/<type>.messages.ts` and are attached as the definition's
 * `messages`. The registry test fails when a language lacks a text English has, or has one
 * English does not. Browser-safe.
 */
import { z } from 'zod';
import type { TTranslatedLocale } from '@/i18n/locales';
import type { TBlockDefinition } from './block';

export interface TPortTexts {
  label?: string;
  description?: string;
}

export interface TFieldTexts {
  label: string;
  help?: string;
}

export interface TBlockTexts {
  title: string;
  description: string;
  /** By port name. */
  inputs: Record<string, TPortTexts>;
  outputs: Record<string, TPortTexts>;
  /** By field name; a field of a list's items as "list.field" (e.g. "headers.name"). */
  fields: Record<string, TFieldTexts>;
}

/** Every language but English, which the definition carries itself. */
export type TBlockMessages = Record<TTranslatedLocale, TBlockTexts>;

/** The part of a JSON Schema the texts are read from and written to. */
export interface TSchemaTexts {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, TSchemaTexts>;
  items?: TSchemaTexts;
}

/** "timeoutMs" → "Timeout ms": a field's label when its schema has no title. */
export function fieldLabel(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_]/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The config schema as the inspector reads it (input side: fields with defaults are optional). */
export function configJsonSchema(definition: Pick<TBlockDefinition, 'configSchema'>): TSchemaTexts {
  return z.toJSONSchema(definition.configSchema, { io: 'input', unrepresentable: 'any' }) as TSchemaTexts;
}

/** Each field of a schema with the texts it has, by the paths TBlockTexts.fields uses. */
function schemaFields(schema: TSchemaTexts): [path: string, field: TSchemaTexts, name: string][] {
  return Object.entries(schema.properties ?? {}).flatMap(([name, field]): [string, TSchemaTexts, string][] => [
    [name, field, name],
    ...(field.type === 'array' && field.items?.type === 'object'
      ? Object.entries(field.items.properties ?? {}).map(([item, f]): [string, TSchemaTexts, string] => [`${name}.${item}`, f, item])
      : []),
  ]);
}

const portTexts = (ports: TBlockDefinition['inputs']) =>
  Object.fromEntries(
    ports.map((p) => [p.name, { ...(p.label ? { label: p.label } : {}), ...(p.description ? { description: p.description } : {}) }]),
  );

/** The English texts, read from the definition: what the editor showed before any translation. */
export function englishTexts(definition: TBlockDefinition): TBlockTexts {
  return {
    title: definition.title,
    description: definition.description,
    inputs: portTexts(definition.inputs),
    outputs: portTexts(definition.outputs),
    fields: Object.fromEntries(
      schemaFields(configJsonSchema(definition)).map(([path, field, name]) => [
        path,
        { label: field.title ?? fieldLabel(name), ...(field.description ? { help: field.description } : {}) },
      ]),
    ),
  };
}

const textsCache = new WeakMap<TBlockDefinition, Map<string, TBlockTexts>>();

/** A block's texts in `locale` (computed once per block and language); a missing one is English's. */
export function blockTexts(definition: TBlockDefinition, locale: string): TBlockTexts {
  let byLocale = textsCache.get(definition);
  if (!byLocale) textsCache.set(definition, (byLocale = new Map()));
  let texts = byLocale.get(locale);
  if (!texts) byLocale.set(locale, (texts = translatedTexts(definition, locale)));
  return texts;
}

function translatedTexts(definition: TBlockDefinition, locale: string): TBlockTexts {
  const english = englishTexts(definition);
  const translated = locale === 'en' ? undefined : definition.messages?.[locale as TTranslatedLocale];
  if (!translated) return english;
  const merge = <T>(en: Record<string, T>, tr: Record<string, T>) =>
    Object.fromEntries(Object.entries(en).map(([key, value]) => [key, { ...value, ...tr[key] }]));
  return {
    title: translated.title,
    description: translated.description,
    inputs: merge(english.inputs, translated.inputs),
    outputs: merge(english.outputs, translated.outputs),
    fields: merge(english.fields, translated.fields),
  };
}

/** A port's label in `texts`, or its name when it has none (as the canvas always showed). */
export function portLabel(texts: TBlockTexts, direction: 'inputs' | 'outputs', name: string): string {
  return texts[direction][name]?.label ?? name;
}

/** A copy of a config JSON Schema with each field's title and description from `fields`. */
export function withFieldTexts<S extends TSchemaTexts>(schema: S, fields: TBlockTexts['fields']): S {
  const apply = (field: TSchemaTexts, path: string): TSchemaTexts => {
    const texts = fields[path];
    const items =
      field.type === 'array' && field.items?.type === 'object' && field.items.properties
        ? {
            items: {
              ...field.items,
              properties: Object.fromEntries(Object.entries(field.items.properties).map(([k, f]) => [k, apply(f, `${path}.${k}`)])),
            },
          }
        : {};
    return { ...field, ...(texts ? { title: texts.label, description: texts.help } : {}), ...items };
  };
  return { ...schema, properties: Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, f]) => [k, apply(f, k)])) };
}

/** Helps TypeScript check a block's translations while keeping their literal shape. */
export function defineBlockMessages(messages: TBlockMessages): TBlockMessages {
  return messages;
}
