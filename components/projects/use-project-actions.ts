'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { toast } from 'sonner';
import { exportFileName } from '@/blocks/core/project-file';
import { errorMessage } from '@/components/trpc/errors';
import { useTRPC } from '@/components/trpc/client';

/** Mutations shared by the dashboard and the project page; each refreshes the project list. */
export function useProjectActions() {
  const t = useTranslations('ProjectCard');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invalidate = () => queryClient.invalidateQueries({ queryKey: trpc.projects.pathKey() });
  const onError = (error: unknown) => toast.error(errorMessage(error));

  const rename = useMutation(trpc.projects.rename.mutationOptions({ onSuccess: invalidate, onError }));
  const duplicate = useMutation(
    trpc.projects.duplicate.mutationOptions({
      onSuccess: (copy) => {
        toast.success(t('duplicated', { name: copy.name }));
        return invalidate();
      },
      onError,
    }),
  );
  const remove = useMutation(trpc.projects.delete.mutationOptions({ onSuccess: invalidate, onError }));

  async function exportToFile(projectId: string) {
    try {
      const file = await queryClient.fetchQuery({ ...trpc.projects.export.queryOptions({ projectId }), staleTime: 0 });
      const blob = new Blob([`${JSON.stringify(file, null, 2)}\n`], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = exportFileName(file.project.name);
      link.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      onError(error);
    }
  }

  return { rename, duplicate, remove, exportToFile };
}
