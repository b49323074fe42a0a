/**
 * Placeholders in block config text: `{{input.field}}` (a value from the block's input, with dots
 * for nested fields and list positions: `{{input.items.0.name}}`) and `{{secret.NAME}}` (a
 * project secret, only where a block allows it). One implementation for every block, so they all
 * spell and report placeholders the same way. Browser-safe: the editor uses `checkTemplate` to
 * flag a bad placeholder before anything runs.
 */
import type { TJson } from './executor';

/** A placeholder that cannot be filled. `placeholder` is its text, e.g. `{{input.email}}`. */
export class TemplateError extends Error {
  override name = 'TemplateError';
  constructor(
    message: string,
    readonly placeholder: string,
    /** Set when the placeholder names a secret that is not set. */
    readonly secretName?: string,
  ) {
    super(message);
  }
}

/** Values placeholders may read, by root name: `{ input: ... }` makes `{{input.x}}` work. */
export type TTemplateScope = { [root: string]: TJson | undefined };

export interface TFillOptions {
  /** Resolves `{{secret.NAME}}`. Without it, secret placeholders are refused. */
  secret?: (name: string) => string | undefined;
  /** Applied to each filled-in value (not to the text around it), e.g. `encodeURIComponent` in a URL. */
  encode?: (value: string) => string;
}

export interface TPlaceholder {
  /** As written, braces included. */
  raw: string;
  root: string;
  path: string[];
  /** Index of `raw` in the text. */
  index: number;
}

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
const EXPRESSION = /^([A-Za-z_][A-Za-z0-9_]*)((?:\.[A-Za-z0-9_$-]+)*)$/;
const SECRET_ROOT = 'secret';

/** Every placeholder in `text`, in order. Throws TemplateError for one that is malformed. */
export function listPlaceholders(text: string): TPlaceholder[] {
  const found: TPlaceholder[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const raw = match[0];
    const expression = (match[1] ?? '').trim();
    const parsed = EXPRESSION.exec(expression);
    if (!parsed) {
      throw new TemplateError(
        `${raw} is not a valid placeholder: write {{input.field}}${expression.startsWith(SECRET_ROOT) ? ' or {{secret.NAME}}' : ''}.`,
        raw,
      );
    }
    const root = parsed[1]!;
    const path = parsed[2] ? parsed[2].slice(1).split('.') : [];
    if (root === SECRET_ROOT && path.length !== 1) {
      throw new TemplateError(`${raw} is not a valid secret placeholder: write {{secret.NAME}}.`, raw);
    }
    found.push({ raw, root, path, index: match.index });
  }
  return found;
}

/**
 * Replaces every placeholder in `text` by its value: text as is, numbers and yes/no as written,
 * objects and lists as JSON. Throws TemplateError naming the placeholder when one cannot be
 * filled (unknown root, missing field, empty value, secret not allowed or not set).
 */
export function fillTemplate(text: string, scope: TTemplateScope, options: TFillOptions = {}): string {
  const placeholders = listPlaceholders(text);
  if (placeholders.length === 0) return text;
  let out = '';
  let last = 0;
  for (const placeholder of placeholders) {
    const value = resolvePlaceholder(placeholder, scope, options);
    if (value === null) {
      throw new TemplateError(`${placeholder.raw} is empty (null), so it cannot be put into text.`, placeholder.raw);
    }
    const asText = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
    out += text.slice(last, placeholder.index) + (options.encode ? options.encode(asText) : asText);
    last = placeholder.index + placeholder.raw.length;
  }
  return out + text.slice(last);
}

/**
 * Fills placeholders in every string inside a JSON value. A string that is exactly one
 * placeholder becomes the value itself, keeping its type (`"{{input.age}}"` gives the number 42,
 * not the text "42"); other strings are filled as text. Object keys are left alone.
 */
export function fillJsonTemplate(value: TJson, scope: TTemplateScope, options: TFillOptions = {}): TJson {
  if (typeof value === 'string') {
    const placeholders = listPlaceholders(value);
    const only = placeholders[0];
    if (placeholders.length === 1 && only && only.raw.length === value.trim().length) {
      return resolvePlaceholder(only, scope, options);
    }
    return placeholders.length === 0 ? value : fillTemplate(value, scope, options);
  }
  if (Array.isArray(value)) return value.map((item) => fillJsonTemplate(item, scope, options));
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: TJson } = {};
    for (const [key, item] of Object.entries(value)) out[key] = fillJsonTemplate(item, scope, options);
    return out;
  }
  return value;
}

/**
 * A static check for the editor and config schemas: the first problem with the placeholders in
 * `text`, or undefined. `roots` are the roots allowed besides `secret` (allowed when `secrets`).
 */
export function checkTemplate(text: string, allowed: { roots: readonly string[]; secrets?: boolean }): string | undefined {
  let placeholders: TPlaceholder[];
  try {
    placeholders = listPlaceholders(text);
  } catch (error) {
    return (error as Error).message;
  }
  for (const placeholder of placeholders) {
    if (placeholder.root === SECRET_ROOT) {
      if (!allowed.secrets) return secretsNotAllowed(placeholder).message;
    } else if (!allowed.roots.includes(placeholder.root)) {
      return unknownRoot(placeholder, allowed.roots, allowed.secrets ?? false).message;
    }
  }
  return undefined;
}

/** Whether `text` contains any placeholder (well-formed or not). */
export function hasPlaceholders(text: string): boolean {
  return /\{\{[^{}]*\}\}/.test(text);
}

function resolvePlaceholder(placeholder: TPlaceholder, scope: TTemplateScope, options: TFillOptions): TJson {
  const { raw, root, path } = placeholder;
  if (root === SECRET_ROOT) {
    if (!options.secret) throw secretsNotAllowed(placeholder);
    const name = path[0]!;
    const value = options.secret(name);
    if (value === undefined) {
      throw new TemplateError(`The secret "${name}" (used as ${raw}) is not set. Add it under the project's secrets.`, raw, name);
    }
    return value;
  }
  if (!Object.hasOwn(scope, root)) throw unknownRoot(placeholder, Object.keys(scope), Boolean(options.secret));
  let current = scope[root];
  if (current === undefined) {
    throw new TemplateError(`${raw} has no value: nothing arrived at the ${root}.`, raw);
  }
  for (let i = 0; i < path.length; i++) {
    const segment = path[i]!;
    let next: TJson | undefined;
    if (Array.isArray(current)) {
      next = /^\d+$/.test(segment) ? current[Number(segment)] : undefined;
    } else if (current !== null && typeof current === 'object' && Object.hasOwn(current, segment)) {
      next = current[segment];
    }
    if (next === undefined) {
      const where = path.slice(0, i + 1).join('.');
      throw new TemplateError(
        Array.isArray(current)
          ? `${raw} has no value: the ${root} has no item "${where}" (the list has ${current.length} items).`
          : `${raw} has no value: the ${root} has no field "${where}".`,
        raw,
      );
    }
    current = next;
  }
  return current;
}

function secretsNotAllowed(placeholder: TPlaceholder): TemplateError {
  return new TemplateError(`${placeholder.raw}: secrets cannot be used here, only in the fields that say so.`, placeholder.raw);
}

function unknownRoot(placeholder: TPlaceholder, roots: readonly string[], secrets: boolean): TemplateError {
  const known = [...roots.map((r) => `{{${r}.field}}`), ...(secrets ? ['{{secret.NAME}}'] : [])];
  return new TemplateError(
    `Unknown placeholder ${placeholder.raw}: ${known.length ? `use ${known.join(' or ')}` : 'no placeholders can be used here'}.`,
    placeholder.raw,
  );
}
