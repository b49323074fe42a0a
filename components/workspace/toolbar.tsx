'use client';

import { ChevronDown, Keyboard, LayoutGrid, Loader2, MonitorPlay, Play, Redo2, Undo2 } from 'lucide-react';
import { useMemo } from 'react';
import { startsRun } from '@/blocks/core/block';
import { blockRegistry } from '@/blocks/registry';
import { Button } from '@/components/ui/button';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuLabel, DropdownMenuTrigger } from '@/components/ui/menu';
import { useEditor, useEditorStoreApi } from './editor-store';
import { useTidyUp } from './use-tidy-up';

/** Run (from a chosen trigger), undo/redo, tidy up and the shortcut help, above the canvas. */
export function Toolbar({
  run,
  showHelp,
  previewOpen,
  togglePreview,
}: {
  run: (options?: { triggerId?: string }) => void;
  showHelp: () => void;
  previewOpen: boolean;
  togglePreview: () => void;
}) {
  const store = useEditorStoreApi();
  const tidyUp = useTidyUp();
  const nodeCount = useEditor((s) => s.nodes.length);
  // Trigger blocks as one string (id, title): dragging blocks does not change it.
  const triggerKey = useEditor((s) =>
    s.nodes
      .flatMap((n) => {
        const d = blockRegistry.get(n.data.blockType, n.data.version);
        return d && startsRun(d) ? [`${n.id}\u0000${d.title}`] : [];
      })
      .join('\u0001'),
  );
  const canUndo = useEditor((s) => s.past.length > 0);
  const canRedo = useEditor((s) => s.future.length > 0);
  const running = useEditor((s) => s.running);
  const triggers = useMemo(
    () =>
      triggerKey
        ? triggerKey.split('\u0001').map((entry) => {
            const [id, title] = entry.split('\u0000') as [string, string];
            return { id, title };
          })
        : [],
    [triggerKey],
  );
  const [first] = triggers;

  return (
    // Wraps, and drops the words beside its icons, rather than clipping when the canvas column is narrow.
    <div className="flex flex-wrap items-center gap-1 border-b border-border bg-surface px-2 py-1.5" role="toolbar" aria-label="Editor">
      <div className="flex">
        <Button
          size="sm"
          onClick={() => run(first ? { triggerId: first.id } : {})}
          disabled={running || nodeCount === 0}
          className={triggers.length > 1 ? 'rounded-r-none' : ''}
        >
          {running ? <Loader2 className="animate-spin" /> : <Play />}{' '}
          <span className="max-w-[12rem] truncate">{running ? 'Running…' : first ? `Run from ${first.title}` : 'Run'}</span>
        </Button>
        {triggers.length > 1 ? (
          <DropdownMenu>
            <DropdownMenuTrigger asChild>
              <Button
                size="sm"
                className="rounded-l-none border-l border-primary-hover px-2"
                aria-label="Choose the trigger to run from"
                disabled={running}
              >
                <ChevronDown />
              </Button>
            </DropdownMenuTrigger>
            <DropdownMenuContent align="start">
              <DropdownMenuLabel>Run from</DropdownMenuLabel>
              {triggers.map((t) => (
                <DropdownMenuItem key={t.id} onSelect={() => run({ triggerId: t.id })}>
                  {t.title} <span className="font-mono text-xs text-fg-subtle">{t.id}</span>
                </DropdownMenuItem>
              ))}
            </DropdownMenuContent>
          </DropdownMenu>
        ) : null}
      </div>
      <div className="mx-1 h-5 w-px bg-border" />
      <Button
        variant="ghost"
        size="icon"
        aria-label="Undo"
        title="Undo (Ctrl+Z)"
        disabled={!canUndo}
        onClick={() => store.getState().undo()}
      >
        <Undo2 />
      </Button>
      <Button
        variant="ghost"
        size="icon"
        aria-label="Redo"
        title="Redo (Ctrl+Shift+Z)"
        disabled={!canRedo}
        onClick={() => store.getState().redo()}
      >
        <Redo2 />
      </Button>
      <Button
        variant="ghost"
        size="sm"
        title="Tidy up (Shift+L)"
        aria-label="Tidy up"
        disabled={nodeCount < 2}
        onClick={() => void tidyUp()}
      >
        <LayoutGrid /> <span className="@max-[30rem]:hidden">Tidy up</span>
      </Button>
      <Button
        variant={previewOpen ? 'secondary' : 'ghost'}
        size="sm"
        className="ml-auto"
        aria-pressed={previewOpen}
        onClick={togglePreview}
        aria-label="Preview"
      >
        <MonitorPlay /> <span className="@max-[30rem]:hidden">Preview</span>
      </Button>
      <Button variant="ghost" size="icon" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={showHelp}>
        <Keyboard />
      </Button>
    </div>
  );
}
