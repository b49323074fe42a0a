'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { KeyRound, TriangleAlert } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useTRPC } from '@/components/trpc/client';
import { errorMessage } from '@/components/trpc/errors';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogFooter, DialogHeader } from '@/components/ui/dialog';

/** The user's signing key: the address everyone sees, and an explicit, warned export of the key. */
export function SigningKeyDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const t = useTranslations('SigningKey');
  const common = useTranslations('Common');
  const trpc = useTRPC();
  const key = useQuery({ ...trpc.account.signingKey.queryOptions(), enabled: open });
  const exportKey = useMutation(trpc.account.exportSigningKey.mutationOptions());
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) exportKey.reset(); // forget the key as soon as the dialog closes
        onOpenChange(next);
      }}
    >
      <DialogContent>
        <DialogHeader title={t('title')} description={t('description')} />
        <div className="grid gap-1">
          <span className="text-sm font-medium">{t('address')}</span>
          <code className="break-all rounded bg-surface-muted px-2 py-1.5 text-xs" aria-label={t('addressLabel')}>
            {key.data?.address ?? '…'}
          </code>
        </div>
        {exportKey.data ? (
          <div className="grid gap-1">
            <span className="flex items-center gap-1.5 text-sm font-medium text-danger">
              <TriangleAlert className="size-4" aria-hidden /> {t('privateKeyWarning')}
            </span>
            <code
              className="break-all rounded border border-danger/40 bg-danger-soft px-2 py-1.5 text-xs"
              aria-label={t('privateKeyLabel')}
            >
              {exportKey.data.privateKey}
            </code>
          </div>
        ) : (
          <p className="text-sm text-fg-muted">{t('exportHint')}</p>
        )}
        {exportKey.error ? (
          <p role="alert" className="text-sm text-danger">
            {errorMessage(exportKey.error)}
          </p>
        ) : null}
        <DialogFooter>
          {!exportKey.data ? (
            <Button variant="secondary" onClick={() => exportKey.mutate()} disabled={exportKey.isPending}>
              <KeyRound /> {t('export')}
            </Button>
          ) : null}
          <Button onClick={() => onOpenChange(false)}>{common('done')}</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
