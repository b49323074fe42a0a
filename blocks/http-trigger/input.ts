/**
 * The input an HTTP endpoint accepts, described by its fields, and the check applied to every
 * request. Browser-safe: the editor checks the sample with it, the gateway checks requests, the
 * executor refuses a payload that fails it.
 */
import { z } from 'zod';
import type { TDiagnostic } from '@/blocks/core/diagnostics';
import type { TJson } from '@/blocks/core/executor';

export const HTTP_FIELD_TYPES = ['string', 'number', 'boolean', 'json'] as const;
export type THttpFieldType = (typeof HTTP_FIELD_TYPES)[number];

export const ZHttpField = z.object({
  name: z
    .string()
    .min(1, 'must not be empty')
    .max(100)
    .regex(/^[A-Za-z_][A-Za-z0-9_-]*$/, 'use letters, digits, "_" and "-", starting with a letter')
    .default('message')
    .describe('The field name in the JSON body (or the query string for GET)'),
  type: z.enum(HTTP_FIELD_TYPES).default('string').describe('What the field holds: text, a number, yes/no or any JSON'),
  required: z.boolean().default(true).describe('Refuse requests without this field'),
});
export type THttpField = z.infer<typeof ZHttpField>;

const TYPE_NAMES: Record<THttpFieldType, string> = { string: 'text', number: 'a number', boolean: 'true or false', json: 'JSON' };

/** One Diagnostic per bad field (missing, or of the wrong type), each naming the field. */
export function validateHttpInput(fields: readonly THttpField[], payload: unknown): TDiagnostic[] {
  if (fields.length === 0) return [];
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return [
      {
        severity: 'error',
        code: 'invalid_request',
        message: `The request must be a JSON object with the fields ${fields.map((f) => `"${f.name}"`).join(', ')}.`,
      },
    ];
  }
  const body = payload as Record<string, unknown>;
  const diagnostics: TDiagnostic[] = [];
  for (const field of fields) {
    const value = Object.hasOwn(body, field.name) ? body[field.name] : undefined;
    if (value === undefined || value === null) {
      if (field.required) {
        diagnostics.push({ severity: 'error', code: 'missing_field', message: `Field "${field.name}" is required.`, path: field.name });
      }
      continue;
    }
    if (!fitsType(value, field.type)) {
      diagnostics.push({
        severity: 'error',
        code: 'invalid_field',
        message: `Field "${field.name}" must be ${TYPE_NAMES[field.type]}, but it is ${describe(value)}.`,
        path: field.name,
      });
    }
  }
  return diagnostics;
}

/**
 * The payload of a GET request, from its query parameters: numbers and yes/no fields are
 * converted from their text, JSON fields parsed; a value that does not convert is kept as text so
 * `validateHttpInput` reports it. Parameters not among the fields are kept as text.
 */
export function inputFromQuery(fields: readonly THttpField[], params: URLSearchParams): { [key: string]: TJson } {
  const payload: { [key: string]: TJson } = {};
  for (const [name, text] of params) payload[name] = text;
  for (const field of fields) {
    const text = params.get(field.name);
    if (text === null) continue;
    payload[field.name] = fromText(text, field.type);
  }
  return payload;
}

function fromText(text: string, type: THttpFieldType): TJson {
  switch (type) {
    case 'string':
      return text;
    case 'number': {
      const n = Number(text);
      return text.trim() !== '' && Number.isFinite(n) ? n : text;
    }
    case 'boolean':
      return text === 'true' ? true : text === 'false' ? false : text;
    case 'json':
      try {
        return JSON.parse(text) as TJson;
      } catch {
        return text;
      }
  }
}

function fitsType(value: unknown, type: THttpFieldType): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'json':
      return true;
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'text';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
