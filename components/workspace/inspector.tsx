'use client';

import { MousePointerClick } from 'lucide-react';
import { useMemo } from 'react';
import { EmptyState } from '@/components/ui/feedback';
import { Field, Textarea } from '@/components/ui/input';
import { useEditor } from './editor-store';
import { blockTitle, NOTE_TYPE } from './graph-mapping';

export function Inspector() {
  const nodes = useEditor((s) => s.nodes);
  const selected = useMemo(() => nodes.filter((n) => n.selected), [nodes]);
  const updateConfig = useEditor((s) => s.updateConfig);
  const node = selected.length === 1 ? selected[0] : undefined;

  return (
    <aside aria-label="Inspector" className="flex h-full w-72 shrink-0 flex-col border-l border-border bg-surface">
      <h2 className="border-b border-border px-4 py-3 text-sm font-semibold">Inspector</h2>
      {!node ? (
        <EmptyState icon={<MousePointerClick />} title={selected.length > 1 ? `${selected.length} blocks selected` : 'Nothing selected'}>
          {selected.length > 1 ? 'Select a single block to see its settings.' : 'Select a block on the canvas to see and edit its settings.'}
        </EmptyState>
      ) : (
        <div className="grid gap-4 overflow-y-auto p-4">
          <div>
            <div className="font-medium">{blockTitle(node.data.blockType)}</div>
            <div className="font-mono text-xs text-fg-subtle">
              {node.data.blockType}@{node.data.version} · {node.id}
            </div>
          </div>
          {node.data.blockType === NOTE_TYPE ? (
            <Field id="note-text" label="Note text">
              <Textarea
                id="note-text"
                value={typeof node.data.config.text === 'string' ? node.data.config.text : ''}
                onChange={(event) => updateConfig(node.id, { ...node.data.config, text: event.target.value })}
                placeholder="Write a comment for whoever reads this flow"
                maxLength={5000}
                rows={8}
              />
            </Field>
          ) : (
            <div className="grid gap-1.5">
              <span className="text-sm font-medium">Settings</span>
              <pre className="max-h-80 overflow-auto rounded-lg bg-surface-muted p-3 font-mono text-xs">
                {JSON.stringify(node.data.config, null, 2)}
              </pre>
              <p className="text-xs text-fg-muted">Editable settings for this block arrive with the block library.</p>
            </div>
          )}
        </div>
      )}
    </aside>
  );
}
