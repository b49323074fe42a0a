'use client';

import { Copy, Download, ExternalLink, MoreHorizontal, Pencil, Trash2 } from 'lucide-react';
import { useTranslations } from 'next-intl';
import Link from 'next/link';
import { useState } from 'react';
import type { TGraphSummary } from '@/blocks/core/graph';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/dialog';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from '@/components/ui/menu';
import { RelativeTime } from '@/components/ui/time';
import { GraphThumbnail } from './graph-thumbnail';
import { NameDialog } from './rename-dialog';
import { useProjectActions } from './use-project-actions';
import { APP_DATA_GRACE_DAYS } from '@/blocks/core/bundle';

export interface TProjectCardData {
  id: string;
  name: string;
  description: string;
  summary: TGraphSummary;
  updatedAt: Date;
  /** Where the project is live (its newest deployment), if it is. */
  live?: { appName: string; url: string } | null;
}

export function ProjectCard({ project }: { project: TProjectCardData }) {
  const t = useTranslations('ProjectCard');
  const actions = useProjectActions();
  const [renaming, setRenaming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const { nodeCount, edgeCount } = project.summary;
  return (
    <li
      className="group relative grid overflow-hidden rounded-[var(--radius-card)] border border-border bg-surface shadow-xs transition-shadow hover:shadow-md"
      aria-label={project.name}
    >
      <Link href={`/projects/${project.id}`} className="grid" aria-label={t('open', { name: project.name })}>
        <div className="h-28 border-b border-border bg-surface-muted/60">
          <GraphThumbnail summary={project.summary} />
        </div>
        <div className="grid gap-0.5 p-3 pr-10">
          <span className="truncate font-medium">{project.name}</span>
          <span className="text-xs text-fg-muted">
            {t('blocks', { count: nodeCount })} · {t('connections', { count: edgeCount })} ·{' '}
            <RelativeTime date={project.updatedAt} label={(time) => t('edited', { time })} />
          </span>
        </div>
      </Link>
      {project.live ? <LiveBadge live={project.live} /> : null}
      <div className="absolute bottom-2.5 right-2">
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button variant="ghost" size="icon" aria-label={t('actions', { name: project.name })}>
              <MoreHorizontal />
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent>
            <DropdownMenuItem onSelect={() => setRenaming(true)}>
              <Pencil /> {t('rename')}
            </DropdownMenuItem>
            <DropdownMenuItem onSelect={() => actions.duplicate.mutate({ projectId: project.id })}>
              <Copy /> {t('duplicate')}
            </DropdownMenuItem>
            <DropdownMenuItem onSelect={() => void actions.exportToFile(project.id)}>
              <Download /> {t('export')}
            </DropdownMenuItem>
            <DropdownMenuSeparator />
            <DropdownMenuItem danger onSelect={() => setDeleting(true)}>
              <Trash2 /> {t('delete')}
            </DropdownMenuItem>
          </DropdownMenuContent>
        </DropdownMenu>
      </div>
      <NameDialog
        open={renaming}
        onOpenChange={setRenaming}
        title={t('renameTitle')}
        initialName={project.name}
        submitLabel={t('rename')}
        pending={actions.rename.isPending}
        onSubmit={(name) => actions.rename.mutate({ projectId: project.id, name }, { onSuccess: () => setRenaming(false) })}
      />
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={t('deleteTitle', { name: project.name })}
        description={t('deleteText', { days: APP_DATA_GRACE_DAYS })}
        confirmLabel={t('deleteConfirm')}
        pending={actions.remove.isPending}
        onConfirm={() => actions.remove.mutate({ projectId: project.id }, { onSuccess: () => setDeleting(false) })}
      />
    </li>
  );
}

/** Over the thumbnail, outside the card's own link (a link may not hold another). */
function LiveBadge({ live }: { live: { appName: string; url: string } }) {
  return (
    <a
      href={live.url}
      target="_blank"
      rel="noreferrer"
      title={`Live at ${live.url}`}
      aria-label={`Live as ${live.appName}: open the app`}
      className="absolute left-2 top-2 flex max-w-[calc(100%-1rem)] items-center gap-1.5 rounded-full border border-success/30 bg-success-soft px-2 py-0.5 text-xs font-medium text-success shadow-xs hover:underline"
    >
      <span className="size-1.5 shrink-0 rounded-full bg-success" aria-hidden />
      <span>Live</span>
      <span className="truncate font-normal">{live.appName}</span>
      <ExternalLink className="size-3 shrink-0" aria-hidden />
    </a>
  );
}
