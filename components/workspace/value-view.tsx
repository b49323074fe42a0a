'use client';

import { useState } from 'react';
import { cn } from '@/components/ui/cn';

const MAX_ROWS = 200;

function isTable(value: unknown): value is Record<string, unknown>[] {
  return Array.isArray(value) && value.length > 0 && value.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r));
}

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A port's value as a table (for rows) or as JSON, switchable. */
export function ValueView({ label, value }: { label: string; value: unknown }) {
  const table = isTable(value);
  const [asTable, setAsTable] = useState(table);
  const columns = table ? [...new Set(value.slice(0, MAX_ROWS).flatMap((r) => Object.keys(r)))] : [];
  return (
    <section className="mb-3" aria-label={`Value of ${label}`}>
      <div className="mb-1 flex items-center gap-2 text-xs">
        <span className="font-mono font-medium">{label}</span>
        {table ? (
          <>
            <span className="text-fg-subtle">{value.length} rows</span>
            <div className="ml-auto flex gap-1">
              {(['Table', 'JSON'] as const).map((mode) => (
                <button
                  key={mode}
                  type="button"
                  aria-pressed={asTable === (mode === 'Table')}
                  onClick={() => setAsTable(mode === 'Table')}
                  className={cn('rounded px-2 py-0.5', asTable === (mode === 'Table') ? 'bg-surface-muted font-medium' : 'text-fg-muted')}
                >
                  {mode}
                </button>
              ))}
            </div>
          </>
        ) : null}
      </div>
      {table && asTable ? (
        <div className="overflow-auto rounded border border-border">
          <table className="w-full text-xs">
            <thead className="bg-surface-muted text-left">
              <tr>
                {columns.map((c) => (
                  <th key={c} className="px-2 py-1 font-medium">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {value.slice(0, MAX_ROWS).map((row, i) => (
                <tr key={i} className="border-t border-border">
                  {columns.map((c) => (
                    <td key={c} className="max-w-64 truncate px-2 py-1 font-mono">
                      {cell(row[c])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          {value.length > MAX_ROWS ? (
            <p className="px-2 py-1 text-xs text-fg-muted">
              Showing {MAX_ROWS} of {value.length} rows.
            </p>
          ) : null}
        </div>
      ) : (
        <pre className="max-h-60 overflow-auto rounded bg-surface-muted p-2 font-mono text-xs">{JSON.stringify(value, null, 2)}</pre>
      )}
    </section>
  );
}
