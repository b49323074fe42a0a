'use client';

import {
  ArrowDownWideNarrow,
  Boxes,
  Braces,
  ChartColumn,
  ClipboardList,
  Clock,
  Code,
  Database,
  FileSpreadsheet,
  Funnel,
  Globe,
  Image,
  KeyRound,
  Merge,
  MousePointerClick,
  Pilcrow,
  Play,
  Sigma,
  Split,
  SquareFunction,
  StickyNote,
  Table,
  Timer,
  Webhook,
  type LucideIcon,
} from 'lucide-react';
import type { TBlockCategory, TBlockDefinition } from '@/blocks/core/block';
import { cn } from '@/components/ui/cn';

/**
 * Icons of the blocks, by the lucide name their definitions give. Listed explicitly (not the
 * whole icon set) to keep the editor bundle small; the registry test checks every block's icon
 * is here.
 */
export const BLOCK_ICONS: Record<string, LucideIcon> = {
  play: Play,
  braces: Braces,
  'square-function': SquareFunction,
  code: Code,
  split: Split,
  funnel: Funnel,
  merge: Merge,
  sigma: Sigma,
  'arrow-down-wide-narrow': ArrowDownWideNarrow,
  timer: Timer,
  'clipboard-list': ClipboardList,
  'mouse-pointer-click': MousePointerClick,
  pilcrow: Pilcrow,
  table: Table,
  'chart-column': ChartColumn,
  image: Image,
  'sticky-note': StickyNote,
  webhook: Webhook,
  clock: Clock,
  globe: Globe,
  'file-spreadsheet': FileSpreadsheet,
  'key-round': KeyRound,
  database: Database,
};

export function BlockIcon({ name, className }: { name: string; className?: string }) {
  const Icon = BLOCK_ICONS[name] ?? Boxes;
  return <Icon className={className} aria-hidden />;
}

/** Category accents: the icon tile of each block. */
export const CATEGORY_STYLES: Record<TBlockCategory, string> = {
  trigger: 'bg-rose-50 text-rose-600',
  data: 'bg-sky-50 text-sky-600',
  logic: 'bg-violet-50 text-violet-600',
  ai: 'bg-pink-50 text-pink-600',
  storage: 'bg-emerald-50 text-emerald-600',
  contract: 'bg-indigo-50 text-indigo-600',
  ui: 'bg-amber-50 text-amber-600',
  canvas: 'bg-yellow-50 text-yellow-600',
};

/** A block's icon on its category's tile (palette, canvas, inspector). */
export function CategoryIcon({
  definition,
  size = 'size-7',
}: {
  definition: Pick<TBlockDefinition, 'category' | 'icon'>;
  size?: 'size-7' | 'size-8';
}) {
  return (
    <span className={cn('grid shrink-0 place-items-center rounded-md', size, CATEGORY_STYLES[definition.category])}>
      <BlockIcon name={definition.icon} className="size-4" />
    </span>
  );
}
