'use client';

import { Handle, Position, type NodeProps } from '@xyflow/react';
import { Boxes, StickyNote } from 'lucide-react';
import { memo } from 'react';
import { cn } from '@/components/ui/cn';
import { blockTitle, type TBlockNode, type TNoteNode } from './graph-mapping';

/**
 * A block on the canvas. Until the block library gives each type its ports, every block has one
 * input ("in") and one output ("out"), the handle ids the stored graph uses.
 */
export const BlockNode = memo(function BlockNode({ data, selected }: NodeProps<TBlockNode>) {
  return (
    <div
      className={cn(
        'w-52 rounded-lg border bg-surface shadow-sm transition-shadow',
        selected ? 'border-primary ring-2 ring-primary/25' : 'border-border-strong',
      )}
    >
      <Handle type="target" position={Position.Left} id="in" className="!size-2.5 !border-2 !border-surface !bg-fg-subtle" />
      <div className="flex items-center gap-2 px-3 py-2">
        <span className="grid size-7 shrink-0 place-items-center rounded-md bg-primary-soft text-primary">
          <Boxes className="size-4" aria-hidden />
        </span>
        <div className="min-w-0">
          <div className="truncate text-sm font-medium">{blockTitle(data.blockType)}</div>
          <div className="truncate font-mono text-[11px] text-fg-subtle">
            {data.blockType}@{data.version}
          </div>
        </div>
      </div>
      <Handle type="source" position={Position.Right} id="out" className="!size-2.5 !border-2 !border-surface !bg-primary" />
    </div>
  );
});

/** A sticky note: a comment on the canvas, never executed. */
export const NoteNode = memo(function NoteNode({ data, selected }: NodeProps<TNoteNode>) {
  const text = typeof data.config.text === 'string' ? data.config.text : '';
  return (
    <div
      className={cn(
        'min-h-20 w-48 whitespace-pre-wrap rounded-md border bg-amber-50 px-3 py-2 text-sm text-amber-950 shadow-sm',
        selected ? 'border-amber-500 ring-2 ring-amber-300/50' : 'border-amber-200',
      )}
      data-testid="note"
    >
      <StickyNote className="mb-1 size-3.5 text-amber-600" aria-hidden />
      {text || <span className="text-amber-700/60">Empty note: write in the inspector</span>}
    </div>
  );
});

/** At module scope so React Flow never sees a new object and remounts every node. */
export const nodeTypes = { block: BlockNode, note: NoteNode };
