'use client';

import * as AlertDialog from '@radix-ui/react-alert-dialog';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { toast } from 'sonner';
import { copyName } from '@/blocks/core/project-file';
import { useTRPC } from '@/components/trpc/client';
import { errorMessage } from '@/components/trpc/errors';
import { Button } from '@/components/ui/button';
import { useEditor, useEditorStoreApi } from './editor-store';

/**
 * Shown when a save is refused because the project changed elsewhere. The user chooses: take
 * the stored version (their unsaved edits are dropped) or keep their edits as a new project.
 */
export function ConflictDialog({ projectId, projectName }: { projectId: string; projectName: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const store = useEditorStoreApi();
  const open = useEditor((s) => s.saveState === 'conflict');
  const keepCopy = useMutation(trpc.projects.create.mutationOptions());

  async function reloadTheirs() {
    try {
      const project = await queryClient.fetchQuery({ ...trpc.projects.get.queryOptions({ projectId }), staleTime: 0 });
      store.getState().load(project.graph, project.version, project.updatedAt);
      toast.info('Loaded the latest saved version.');
    } catch (error) {
      toast.error(errorMessage(error));
    }
  }

  async function keepMineAsCopy() {
    try {
      const copy = await keepCopy.mutateAsync({ name: copyName(projectName), graph: store.getState().graph() });
      await queryClient.invalidateQueries({ queryKey: trpc.projects.list.queryKey() });
      toast.success(`Your edits are saved as “${copy.name}”.`);
      router.push(`/projects/${copy.id}`);
    } catch (error) {
      toast.error(errorMessage(error));
    }
  }

  return (
    <AlertDialog.Root open={open}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className="fixed inset-0 z-40 bg-fg/30" />
        <AlertDialog.Content className="fixed left-1/2 top-1/2 z-50 grid w-[min(30rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 gap-4 rounded-[var(--radius-card)] border border-border bg-surface p-6 shadow-xl">
          <AlertDialog.Title className="text-lg font-semibold">This project was changed elsewhere</AlertDialog.Title>
          <AlertDialog.Description className="text-sm text-fg-muted">
            Someone saved a newer version of “{projectName}” in another tab or on another device while you were editing. Your latest edits
            are not saved yet. Choose what to keep.
          </AlertDialog.Description>
          <div className="flex flex-wrap justify-end gap-2">
            <Button variant="secondary" onClick={() => void reloadTheirs()}>
              Reload theirs
            </Button>
            <Button onClick={() => void keepMineAsCopy()} disabled={keepCopy.isPending}>
              {keepCopy.isPending ? 'Saving copy…' : 'Keep mine as a copy'}
            </Button>
          </div>
        </AlertDialog.Content>
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}
