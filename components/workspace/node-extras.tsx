'use client';

import { FileUp } from 'lucide-react';
import { useMemo, useRef } from 'react';
import { toast } from 'sonner';
import type { TBlockDefinition } from '@/blocks/core/block';
import { formatFromFileName, parseDataset, type TDatasetFormat } from '@/blocks/dataset/parse';
import { Button } from '@/components/ui/button';
import { HiddenFileInput } from '@/components/ui/file-input';
import { useEditor } from './editor-store';
import type { TEditorNode } from './graph-mapping';

/** The limit the Dataset block's config allows for file text. */
const DATASET_MAX_BYTES = 2 * 1024 * 1024;

/** Block-specific helpers shown above the generated settings. */
export function NodeExtras({ node, definition }: { node: Pick<TEditorNode, 'id' | 'data'>; definition: TBlockDefinition }) {
  if (definition.type === 'dataset') return <DatasetUpload node={node} />;
  return null;
}

/** Upload a CSV or JSON file into the Dataset block and preview the parsed rows and column types. */
function DatasetUpload({ node }: { node: Pick<TEditorNode, 'id' | 'data'> }) {
  const updateConfig = useEditor((s) => s.updateConfig);
  const input = useRef<HTMLInputElement>(null);
  const config = node.data.config as { fileName?: string; format?: TDatasetFormat; content?: string; hasHeader?: boolean };
  const parsed = useMemo(
    () =>
      typeof config.content === 'string'
        ? parseDataset(config.content, config.format ?? 'csv', { hasHeader: config.hasHeader ?? true })
        : null,
    [config.content, config.format, config.hasHeader],
  );

  async function onFile(file: File) {
    if (file.size > DATASET_MAX_BYTES) {
      toast.error(`${file.name} is ${(file.size / 1024 / 1024).toFixed(1)} MB; the Dataset block takes files up to 2 MB.`);
      return;
    }
    const content = await file.text();
    updateConfig(node.id, {
      ...node.data.config,
      fileName: file.name,
      format: formatFromFileName(file.name) ?? config.format ?? 'csv',
      content,
    });
  }

  return (
    <section className="grid gap-2 rounded-lg border border-border p-3" aria-label="Dataset file">
      <div className="flex items-center gap-2">
        <Button variant="secondary" size="sm" onClick={() => input.current?.click()}>
          <FileUp /> Upload CSV or JSON
        </Button>
        <span className="truncate text-xs text-fg-muted">{config.fileName}</span>
        <HiddenFileInput
          ref={input}
          accept=".csv,.json,text/csv,application/json"
          label="Dataset file"
          onFile={(file) => void onFile(file)}
        />
      </div>
      {parsed ? (
        <>
          <p className="text-xs text-fg-muted">
            {parsed.rows.length} rows · {parsed.columns.map((c) => `${c.name} (${c.type})`).join(', ') || 'no columns'}
          </p>
          {parsed.errors.length > 0 ? (
            <ul className="grid gap-0.5 text-xs text-danger" aria-label="Dataset problems">
              {parsed.errors.slice(0, 5).map((e, i) => (
                <li key={i}>
                  Row {e.row}: {e.message}
                </li>
              ))}
            </ul>
          ) : null}
          {parsed.rows.length > 0 ? (
            <div className="max-h-40 overflow-auto rounded border border-border">
              <table className="w-full text-xs" aria-label="Dataset preview">
                <thead className="bg-surface-muted text-left">
                  <tr>
                    {parsed.columns.map((c) => (
                      <th key={c.name} className="px-2 py-1 font-medium">
                        {c.name}
                        <span className="ml-1 font-normal text-fg-subtle">{c.type}</span>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {parsed.rows.slice(0, 8).map((row, i) => (
                    <tr key={i} className="border-t border-border">
                      {parsed.columns.map((c) => (
                        <td key={c.name} className="max-w-32 truncate px-2 py-1 font-mono">
                          {String(row[c.name] ?? '')}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
