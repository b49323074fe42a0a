'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { History, RotateCcw } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc/client';
import { errorMessage } from '@/components/trpc/errors';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogFooter, DialogHeader } from '@/components/ui/dialog';
import { EmptyState, Skeleton } from '@/components/ui/feedback';
import { Field, Input } from '@/components/ui/input';
import { RelativeTime } from '@/components/ui/time';
import { useEditorStoreApi } from './editor-store';

interface TVersionDialogProps {
  projectId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Saves pending edits first, so versions and restores start from what the user sees. */
  flush: () => Promise<void>;
}

/** "Save version": snapshots the current graph (saved first) under a label. */
export function SaveVersionDialog({ projectId, open, onOpenChange, flush }: TVersionDialogProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string>();
  const create = useMutation(trpc.projects.versions.create.mutationOptions());

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const label = String(new FormData(event.currentTarget).get('label') ?? '').trim();
    if (!label) {
      setError('Give the version a label, for example “Before adding the chart”.');
      return;
    }
    try {
      await flush();
      await create.mutateAsync({ projectId, label });
      await queryClient.invalidateQueries({ queryKey: trpc.projects.versions.list.queryKey({ projectId }) });
      toast.success(`Saved version “${label}”`);
      onOpenChange(false);
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader
          title="Save version"
          description="Keep a named copy of the flow as it is now. You can restore it from History at any time."
        />
        <form onSubmit={submit} className="grid gap-4">
          <Field id="version-label" label="Label" error={error}>
            <Input
              id="version-label"
              name="label"
              autoFocus
              maxLength={100}
              placeholder="e.g. Working guestbook"
              aria-invalid={Boolean(error)}
            />
          </Field>
          <DialogFooter>
            <Button variant="secondary" onClick={() => onOpenChange(false)}>
              Cancel
            </Button>
            <Button type="submit" disabled={create.isPending}>
              {create.isPending ? 'Saving…' : 'Save version'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** History: the named versions, newest first, each restorable. A restore is itself undoable. */
export function HistoryDialog({ projectId, open, onOpenChange, flush }: TVersionDialogProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const store = useEditorStoreApi();
  const versions = useQuery({ ...trpc.projects.versions.list.queryOptions({ projectId }), enabled: open });
  const restore = useMutation(trpc.projects.versions.restore.mutationOptions());

  async function restoreVersion(versionId: string, label: string) {
    try {
      await flush();
      await restore.mutateAsync({ projectId, versionId });
      const project = await queryClient.fetchQuery({ ...trpc.projects.get.queryOptions({ projectId }), staleTime: 0 });
      store.getState().load(project.graph, project.version, project.updatedAt);
      await queryClient.invalidateQueries({ queryKey: trpc.projects.versions.list.queryKey({ projectId }) });
      toast.success(`Restored “${label}”`, { description: 'The flow you had is kept in History, so you can go back to it.' });
      onOpenChange(false);
    } catch (error) {
      toast.error(errorMessage(error));
    }
  }

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="w-[min(36rem,calc(100vw-2rem))]">
        <DialogHeader title="History" description="Named versions of this project, newest first." />
        {versions.isPending ? (
          <div className="grid gap-2">
            <Skeleton className="h-12" />
            <Skeleton className="h-12" />
          </div>
        ) : versions.isError ? (
          <p role="alert" className="text-sm text-danger">
            {errorMessage(versions.error)}
          </p>
        ) : versions.data.length === 0 ? (
          <EmptyState icon={<History />} title="No saved versions yet" className="py-6">
            Use “Save version” to keep a copy of the flow you can come back to.
          </EmptyState>
        ) : (
          <ul className="grid max-h-96 gap-2 overflow-y-auto" aria-label="Versions">
            {versions.data.map((v) => (
              <li key={v.id} aria-label={v.label} className="flex items-center gap-3 rounded-lg border border-border px-3 py-2">
                <div className="min-w-0 flex-1">
                  <div className="truncate text-sm font-medium">{v.label}</div>
                  <div className="text-xs text-fg-muted">
                    {v.nodeCount} block{v.nodeCount === 1 ? '' : 's'} · <RelativeTime date={v.createdAt} />
                  </div>
                </div>
                <Button variant="secondary" size="sm" disabled={restore.isPending} onClick={() => void restoreVersion(v.id, v.label)}>
                  <RotateCcw /> Restore
                </Button>
              </li>
            ))}
          </ul>
        )}
        <DialogFooter>
          <Button variant="secondary" onClick={() => onOpenChange(false)}>
            Close
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
