/** Helpers for reading the rows of a table. Browser-safe. */

/** The field names found in the first rows of a table, quoted, for error messages. */
export function fieldList(rows: readonly Record<string, unknown>[]): string {
  const fields = new Set<string>();
  for (const row of rows.slice(0, 100)) for (const key of Object.keys(row)) fields.add(key);
  return [...fields].map((f) => `"${f}"`).join(', ') || 'none';
}

/** A row's own field (never one inherited from Object.prototype, like "constructor"). */
export function fieldValue(row: Record<string, unknown>, field: string): unknown {
  return Object.hasOwn(row, field) ? row[field] : undefined;
}
