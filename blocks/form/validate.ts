/**
 * Checks a form submission against the form's fields. Browser-safe: the page uses it before
 * sending, the Form executor again on the server (a visitor may skip the page).
 */
import type { TDiagnostic } from '@/blocks/core/diagnostics';
import type { TFormField } from './form.block';

/** Longest accepted text per field type, so one visitor cannot post megabytes into a flow. */
export const FORM_MAX_LENGTH = { text: 1000, email: 320, textarea: 10_000 } as const;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/**
 * One error per wrong field (path = the field's name). Number fields accept a number or a text
 * that reads as one (inputs on a page give text); `normalizeFormSubmission` turns it into a number.
 * Keys that are not fields of the form are ignored (and dropped by `normalizeFormSubmission`).
 */
export function validateFormSubmission(fields: readonly TFormField[], values: unknown): TDiagnostic[] {
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    return [{ severity: 'error', code: 'invalid_submission', message: 'The submission must be an object of field values.' }];
  }
  const record = values as Record<string, unknown>;
  const diagnostics: TDiagnostic[] = [];
  const problem = (field: TFormField, code: string, message: string) =>
    diagnostics.push({ severity: 'error', code, message: `${field.label || field.name}: ${message}`, path: field.name });

  for (const field of fields) {
    const value = Object.hasOwn(record, field.name) ? record[field.name] : undefined;
    if (field.type === 'checkbox') {
      if (value !== undefined && value !== null && typeof value !== 'boolean')
        problem(field, 'invalid_type', 'must be ticked or not (true or false).');
      else if (field.required && value !== true) problem(field, 'required', 'must be ticked.');
      continue;
    }
    if (isEmpty(value)) {
      if (field.required) problem(field, 'required', 'is required.');
      continue;
    }
    if (field.type === 'number') {
      if (toNumber(value) === undefined) problem(field, 'invalid_type', 'must be a number.');
      continue;
    }
    if (typeof value !== 'string') {
      problem(field, 'invalid_type', 'must be text.');
      continue;
    }
    if (value.length > FORM_MAX_LENGTH[field.type])
      problem(field, 'too_long', `must be at most ${FORM_MAX_LENGTH[field.type]} characters.`);
    else if (field.type === 'email' && !EMAIL.test(value.trim()))
      problem(field, 'invalid_email', 'must be an email address, like ada@example.com.');
  }
  return diagnostics;
}

/**
 * The values the flow receives, for a submission that passed `validateFormSubmission`: only the
 * form's fields, numbers as numbers, trimmed emails, an empty optional field as null and an
 * unticked checkbox as false.
 */
export function normalizeFormSubmission(
  fields: readonly TFormField[],
  values: Record<string, unknown>,
): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const field of fields) {
    const value = Object.hasOwn(values, field.name) ? values[field.name] : undefined;
    if (field.type === 'checkbox') out[field.name] = value === true;
    else if (isEmpty(value)) out[field.name] = null;
    else if (field.type === 'number') out[field.name] = toNumber(value) ?? null;
    else if (field.type === 'email') out[field.name] = String(value).trim();
    else out[field.name] = String(value);
  }
  return out;
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const parsed = Number(value.trim());
  return Number.isFinite(parsed) ? parsed : undefined;
}
