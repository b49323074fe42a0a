/**
 * Syntax checks of user code in block settings, so a typo shows on the block while editing rather
 * than at run time. Parsing only (acorn): nothing is executed here. Fields opt in with
 * `.meta({ widget: 'code', codeKind: 'expression' | 'body' })`.
 */
import { parse } from 'acorn';
import { z } from 'zod';
import type { TBlockDefinition } from '@/blocks/core/block';

type TCodeKind = 'expression' | 'body';

const codeFieldCache = new WeakMap<TBlockDefinition, [field: string, kind: TCodeKind][]>();

/** The config fields of a block that hold code, and what kind of code. */
export function codeFields(definition: TBlockDefinition): [string, TCodeKind][] {
  let fields = codeFieldCache.get(definition);
  if (!fields) {
    const schema = z.toJSONSchema(definition.configSchema, { io: 'input', unrepresentable: 'any' }) as {
      properties?: Record<string, { widget?: string; codeKind?: TCodeKind }>;
    };
    fields = Object.entries(schema.properties ?? {}).flatMap(([name, field]) =>
      field.widget === 'code' && field.codeKind ? [[name, field.codeKind] as [string, TCodeKind]] : [],
    );
    codeFieldCache.set(definition, fields);
  }
  return fields;
}

/** Null when the code parses; otherwise the problem with its line in the user's text. */
export function checkCodeSyntax(source: string, kind: TCodeKind): { message: string; line: number } | null {
  // Wrapped the way the sandbox runs it; the wrapper adds no lines before the user's first line.
  const wrapped = kind === 'expression' ? `(${source}\n)` : `(async function () {${source}\n})`;
  try {
    parse(wrapped, { ecmaVersion: 'latest', sourceType: 'script' });
    return null;
  } catch (error) {
    const loc = (error as { loc?: { line: number } }).loc;
    const message = error instanceof Error ? error.message.replace(/\s*\(\d+:\d+\)$/, '') : 'Syntax error';
    // An error at the wrapper's closing line (an unclosed bracket) belongs to the last line.
    return { message, line: Math.min(loc?.line ?? 1, source.split('\n').length) };
  }
}
