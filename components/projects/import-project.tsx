'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Upload } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import type { TDiagnostic } from '@/blocks/core/diagnostics';
import { parseProjectFile } from '@/blocks/core/project-file';
import { useTRPC } from '@/components/trpc/client';
import { errorDiagnostics } from '@/components/trpc/errors';
import { Button } from '@/components/ui/button';
import { HiddenFileInput } from '@/components/ui/file-input';
import { Dialog, DialogContent, DialogFooter, DialogHeader } from '@/components/ui/dialog';
import { DiagnosticList } from '@/components/ui/feedback';

/**
 * "Import": reads a project export, checks it in the browser for an immediate answer, and lets
 * the server check it again before anything is saved. A refused file shows every problem.
 */
export function ImportProjectButton() {
  const t = useTranslations('Import');
  const common = useTranslations('Common');
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [refused, setRefused] = useState<{ fileName: string; diagnostics: TDiagnostic[] } | null>(null);
  const importProject = useMutation(trpc.projects.import.mutationOptions());

  async function onFile(file: File) {
    const text = await file.text();
    const checked = parseProjectFile(text);
    if (!checked.ok) {
      setRefused({ fileName: file.name, diagnostics: checked.diagnostics });
      return;
    }
    try {
      const project = await importProject.mutateAsync({ text });
      await queryClient.invalidateQueries({ queryKey: trpc.projects.list.queryKey() });
      router.push(`/projects/${project.id}`);
    } catch (error) {
      setRefused({ fileName: file.name, diagnostics: errorDiagnostics(error) });
    }
  }

  return (
    <>
      <Button variant="secondary" onClick={() => input.current?.click()} disabled={importProject.isPending}>
        <Upload /> {importProject.isPending ? t('importing') : t('import')}
      </Button>
      <HiddenFileInput ref={input} accept=".json,application/json" label={t('fileLabel')} onFile={(file) => void onFile(file)} />
      <Dialog open={refused !== null} onOpenChange={(open) => !open && setRefused(null)}>
        <DialogContent>
          <DialogHeader
            title={t('refusedTitle')}
            description={t.rich('refusedText', {
              file: (chunks) => <strong>{chunks}</strong>,
              fileName: refused?.fileName ?? '',
              count: refused?.diagnostics.length ?? 0,
            })}
          />
          {refused ? <DiagnosticList label={t('problems')} diagnostics={refused.diagnostics} /> : null}
          <DialogFooter>
            <Button onClick={() => setRefused(null)}>{common('ok')}</Button>
          </DialogFooter>
        </DialogContent>
      </Dialog>
    </>
  );
}
