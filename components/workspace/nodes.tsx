'use client';

import { Handle, Position, type NodeProps } from '@xyflow/react';
import { AlertTriangle, CheckCircle2, CircleSlash, Loader2, StickyNote } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { memo } from 'react';
import type { TPortSpec } from '@/blocks/core/block';
import { portLabel, type TBlockTexts } from '@/blocks/core/messages';
import { PORT_TYPE_COLORS, PORT_TYPE_LABELS } from '@/blocks/core/ports';
import { blockRegistry } from '@/blocks/registry';
import { cn } from '@/components/ui/cn';
import { BLOCK_WIDTH, blockHeight, portOffset } from './block-geometry';
import { CategoryIcon } from './block-visuals';
import { useAnnotations } from './editor-store';
import type { TBlockNode, TNoteNode } from './graph-mapping';
import { useBlockTexts } from './use-block-texts';

/**
 * One port. Highlighting while a connection is dragged is done by the canvas with one style
 * rule per port type (see connection-highlight.tsx), not by a subscription in every handle.
 */
function PortHandle({
  port,
  label,
  kind,
  index,
  count,
}: {
  port: TPortSpec;
  label: string;
  kind: 'source' | 'target';
  index: number;
  count: number;
}) {
  const top = `${portOffset(index, count, 100)}%`;
  return (
    <>
      <Handle
        type={kind}
        position={kind === 'target' ? Position.Left : Position.Right}
        id={port.name}
        title={`${label} (${PORT_TYPE_LABELS[port.type]})`}
        style={{ top, background: PORT_TYPE_COLORS[port.type] }}
        data-port-type={port.type}
        className="!size-3 !border-2 !border-surface"
      />
      {showsLabel(port, kind, count) ? <PortLabel port={port} label={label} kind={kind} top={top} /> : null}
    </>
  );
}

/**
 * Which ports are named on the canvas: every output of a block with several (Kept / Rejected) or
 * with a name of its own, and the inputs of a block with several. A single input is named in
 * the block's subtitle already.
 */
function showsLabel(port: TPortSpec, kind: 'source' | 'target', count: number): boolean {
  return kind === 'source' ? count > 1 || port.label !== undefined : count > 1;
}

/** Outside the box, just above where the wire leaves or arrives, so neither hides the other. */
function PortLabel({ port, label, kind, top }: { port: TPortSpec; label: string; kind: 'source' | 'target'; top: string }) {
  return (
    <span
      aria-hidden
      data-testid={`port-label-${port.name}`}
      className={cn(
        'pointer-events-none absolute max-w-24 -translate-y-full truncate pb-0.5 text-[10px] leading-none text-fg-muted',
        kind === 'source' ? 'left-full pl-2' : 'right-full pr-2 text-right',
      )}
      style={{ top }}
    >
      {label}
    </span>
  );
}

/** The labels of a block's ports, in order, or "" when it has none. */
function portList(ports: TPortSpec[], texts: TBlockTexts, direction: 'inputs' | 'outputs'): string {
  return ports.map((p) => portLabel(texts, direction, p.name)).join(', ');
}

function RunBadge({ nodeId }: { nodeId: string }) {
  const status = useAnnotations((s) => s.runStatus.get(nodeId));
  const running = useAnnotations((s) => s.running);
  if (running) return <Loader2 className="size-3.5 animate-spin text-fg-subtle" aria-label="Running" />;
  if (status === 'ok') return <CheckCircle2 className="size-3.5 text-success" aria-label="Ran OK" />;
  if (status === 'error') return <AlertTriangle className="size-3.5 text-danger" aria-label="Failed" />;
  if (status === 'skipped') return <CircleSlash className="size-3.5 text-fg-subtle" aria-label="Skipped" />;
  return null;
}

export const BlockNode = memo(function BlockNode({ id, data, selected }: NodeProps<TBlockNode>) {
  const definition = blockRegistry.get(data.blockType, data.version);
  const texts = useBlockTexts(definition);
  const t = useTranslations('BlockNode');
  const problems = useAnnotations((s) => s.problemCounts.get(id) ?? 0);
  if (!definition || !texts) {
    return (
      <div className="w-52 rounded-lg border-2 border-danger bg-danger-soft px-3 py-2 text-sm" data-testid={`node-${id}`}>
        <div className="font-medium text-danger">Unknown block</div>
        <div className="font-mono text-xs">
          {data.blockType}@{data.version}
        </div>
      </div>
    );
  }
  return (
    <div
      data-testid={`node-${id}`}
      aria-label={t('label', { title: texts.title })}
      className={cn(
        'relative rounded-lg border bg-surface shadow-sm',
        selected ? 'border-primary ring-2 ring-primary/25' : problems > 0 ? 'border-danger/60' : 'border-border-strong',
      )}
      style={{ width: BLOCK_WIDTH, height: blockHeight(definition) }}
    >
      {definition.inputs.map((port, i) => (
        <PortHandle
          key={port.name}
          port={port}
          label={portLabel(texts, 'inputs', port.name)}
          kind="target"
          index={i}
          count={definition.inputs.length}
        />
      ))}
      <div className="flex items-center gap-2 px-3 py-2">
        <CategoryIcon definition={definition} />
        <div className="min-w-0 flex-1">
          <div className="truncate text-sm font-medium">{texts.title}</div>
          <div className="truncate text-[11px] text-fg-subtle">
            {portList(definition.inputs, texts, 'inputs') || t('noInputs')} → {portList(definition.outputs, texts, 'outputs') || t('page')}
          </div>
        </div>
        <div className="flex items-center gap-1">
          {problems > 0 ? (
            <span className="rounded-full bg-danger px-1.5 text-[10px] font-semibold text-white" title={`${problems} problem(s)`}>
              {problems}
            </span>
          ) : null}
          <RunBadge nodeId={id} />
        </div>
      </div>
      {definition.outputs.map((port, i) => (
        <PortHandle
          key={port.name}
          port={port}
          label={portLabel(texts, 'outputs', port.name)}
          kind="source"
          index={i}
          count={definition.outputs.length}
        />
      ))}
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
