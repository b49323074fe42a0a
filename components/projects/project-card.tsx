'use client';

import { Copy, Download, MoreHorizontal, Pencil, Trash2 } from 'lucide-react';
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
}

export function ProjectCard({ project }: { project: TProjectCardData }) {
  const actions = useProjectActions();
  const [renaming, setRenaming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const { nodeCount, edgeCount } = project.summary;
  return (
    <li
      className="group relative grid overflow-hidden rounded-[var(--radius-card)] border border-border bg-surface shadow-xs transition-shadow hover:shadow-md"
      aria-label={project.name}
    >
      <Link href={`/projects/${project.id}`} className="grid" aria-label={`Open ${project.name}`}>
        <div className="h-28 border-b border-border bg-surface-muted/60">
          <GraphThumbnail summary={project.summary} />
        </div>
        <div className="grid gap-0.5 p-3 pr-10">
          <span className="truncate font-medium">{project.name}</span>
          <span className="text-xs text-fg-muted">
            {nodeCount} block{nodeCount === 1 ? '' : 's'} · {edgeCount} connection{edgeCount === 1 ? '' : 's'} ·{' '}
            <RelativeTime date={project.updatedAt} prefix="edited " />
          </span>
        </div>
      </Link>
      <div className="absolute bottom-2.5 right-2">
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button variant="ghost" size="icon" aria-label={`Actions for ${project.name}`}>
              <MoreHorizontal />
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent>
            <DropdownMenuItem onSelect={() => setRenaming(true)}>
              <Pencil /> Rename
            </DropdownMenuItem>
            <DropdownMenuItem onSelect={() => actions.duplicate.mutate({ projectId: project.id })}>
              <Copy /> Duplicate
            </DropdownMenuItem>
            <DropdownMenuItem onSelect={() => void actions.exportToFile(project.id)}>
              <Download /> Export
            </DropdownMenuItem>
            <DropdownMenuSeparator />
            <DropdownMenuItem danger onSelect={() => setDeleting(true)}>
              <Trash2 /> Delete
            </DropdownMenuItem>
          </DropdownMenuContent>
        </DropdownMenu>
      </div>
      <NameDialog
        open={renaming}
        onOpenChange={setRenaming}
        title="Rename project"
        initialName={project.name}
        submitLabel="Rename"
        pending={actions.rename.isPending}
        onSubmit={(name) => actions.rename.mutate({ projectId: project.id, name }, { onSuccess: () => setRenaming(false) })}
      />
      <ConfirmDialog
        open={deleting}
        onOpenChange={setDeleting}
        title={`Delete “${project.name}”?`}
        description={`The project and all its saved versions are deleted for good. Export it first if you may want it back. If it is deployed, its app goes offline now; the node keeps the app's stored data for ${APP_DATA_GRACE_DAYS} days, then deletes it.`}
        confirmLabel="Delete project"
        pending={actions.remove.isPending}
        onConfirm={() => actions.remove.mutate({ projectId: project.id }, { onSuccess: () => setDeleting(false) })}
      />
    </li>
  );
}
