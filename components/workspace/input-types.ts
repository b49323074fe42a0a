/**
 * TypeScript declarations of what a code field sees (`input`, `item`), for Monaco's completion:
 * from the block's input port types, refined by the values of the last test run when there is one.
 */
import type { TBlockDefinition } from '@/blocks/core/block';
import type { TPortType } from '@/blocks/core/ports';

const PORT_TS: Record<TPortType, string> = {
  number: 'number',
  string: 'string',
  boolean: 'boolean',
  json: 'unknown',
  table: 'Record<string, unknown>[]',
  model: 'unknown',
  image: 'string',
  address: 'string',
  event: 'Record<string, unknown>',
  any: 'unknown',
};

/** A TypeScript type describing a sample value (depth-limited). */
export function typeOfValue(value: unknown, depth = 0): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return value.length > 0 && depth < 4 ? `${typeOfValue(value[0], depth + 1)}[]` : 'unknown[]';
  if (typeof value === 'object') {
    if (depth >= 4) return 'Record<string, unknown>';
    const fields = Object.entries(value as Record<string, unknown>)
      .slice(0, 50)
      .map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${typeOfValue(v, depth + 1)}`);
    return `{ ${fields.join('; ')} }`;
  }
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return typeof value;
  return 'unknown';
}

export function typeDefinitionsFor(definition: TBlockDefinition, lastInputs?: Record<string, unknown>): string {
  const main = definition.inputs[0];
  if (!main) return 'declare const input: unknown;';
  const sample = lastInputs?.[main.name];
  const inputType = sample !== undefined ? typeOfValue(sample) : PORT_TS[main.type];
  const itemType = inputType.endsWith('[]') ? inputType.slice(0, -2) : 'unknown';
  return [
    `/** The value arriving at "${main.label ?? main.name}". */`,
    `declare const input: ${inputType};`,
    '/** The current row, in "for each" expressions. */',
    `declare const item: ${itemType};`,
    'declare const index: number;',
  ].join('\n');
}
