/**
 * The port type system: one small set of types and one compatibility function, used by the
 * editor (to refuse a connection and say why), the compiler and the runtime.
 */
import { z } from 'zod';

export const PORT_TYPES = ['number', 'string', 'boolean', 'json', 'table', 'model', 'image', 'address', 'event', 'any'] as const;
export const ZPortType = z.enum(PORT_TYPES);
export type TPortType = z.infer<typeof ZPortType>;

export const PORT_TYPE_LABELS: Record<TPortType, string> = {
  number: 'number',
  string: 'text',
  boolean: 'yes/no',
  json: 'JSON',
  table: 'table (list of rows)',
  model: 'AI model',
  image: 'image',
  address: 'address',
  event: 'event',
  any: 'anything',
};

/** Port colours, shared by the canvas handles, edges and the legend. */
export const PORT_TYPE_COLORS: Record<TPortType, string> = {
  number: '#2563eb',
  string: '#059669',
  boolean: '#d97706',
  json: '#7c3aed',
  table: '#0891b2',
  model: '#db2777',
  image: '#ea580c',
  address: '#4f46e5',
  event: '#dc2626',
  any: '#64748b',
};

export type TCompatibility = { ok: true; check: 'none' | 'runtime' } | { ok: false; reason: string };

/**
 * Whether a value of type `from` may flow into an input of type `to`.
 * `check: 'runtime'` means the connection is allowed but the value's shape is checked when the
 * flow runs (JSON may hold a table, a number, ...), with a Diagnostic if it does not fit.
 */
export function canConnect(from: TPortType, to: TPortType): TCompatibility {
  if (from === to || to === 'any') return { ok: true, check: 'none' };
  if (from === 'any') return { ok: true, check: 'runtime' };
  switch (to) {
    case 'json':
      // Everything but models and images is plain data.
      if (from !== 'model' && from !== 'image') return { ok: true, check: 'none' };
      break;
    case 'string':
      if (from === 'number' || from === 'boolean' || from === 'address') return { ok: true, check: 'none' };
      if (from === 'json') return { ok: true, check: 'runtime' };
      break;
    case 'table':
    case 'number':
    case 'boolean':
    case 'address':
    case 'image':
      if (from === 'json' || from === 'event' || (to === 'address' && from === 'string') || (to === 'image' && from === 'string')) {
        return { ok: true, check: 'runtime' };
      }
      break;
    case 'event':
      if (from === 'json') return { ok: true, check: 'runtime' };
      break;
    case 'model':
      break;
  }
  return { ok: false, reason: refusalReason(from, to) };
}

function refusalReason(from: TPortType, to: TPortType): string {
  const a = PORT_TYPE_LABELS[from];
  const b = PORT_TYPE_LABELS[to];
  if (to === 'model') return `An AI model input needs a trained model, not ${a}.`;
  if (from === 'model') return `An AI model cannot be used as ${b}; connect it to a Predict block.`;
  if (from === 'table' && (to === 'number' || to === 'string' || to === 'boolean')) {
    return `A table has many rows, but this input takes one ${b}; use Aggregate or Expression to pick a value.`;
  }
  return `A ${a} output cannot feed a ${b} input; convert it with an Expression block first.`;
}

/** Whether a runtime value fits a port type (for `check: 'runtime'` connections and outputs). */
export function valueFitsPort(value: unknown, type: TPortType): boolean {
  switch (type) {
    case 'any':
    case 'json':
    case 'event':
      return true;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'string':
    case 'address':
    case 'image':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'table':
      return Array.isArray(value) && value.every((row) => typeof row === 'object' && row !== null && !Array.isArray(row));
    case 'model':
      return typeof value === 'object' && value !== null;
  }
}
