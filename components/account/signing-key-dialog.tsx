'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { KeyRound, TriangleAlert } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useTRPC } from '@/components/trpc/client';
import { errorMessage } from '@/components/trpc/errors';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogFooter, DialogHeader } from '@/components/ui/dialog';
import { Field, Input } from '@/components/ui/input';

/**
 * The user's signing key: the address everyone sees, and an explicit, warned export of the key
 * that asks for the current password again (the server checks it).
 */
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
            {key.data ? (key.data.address ?? t('noneYet')) : '…'}
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
          <form
            id="export-signing-key"
            className="grid gap-2"
            onSubmit={(event) => {
              event.preventDefault();
              const password = new FormData(event.currentTarget).get('password');
              exportKey.mutate({ password: typeof password === 'string' ? password : '' });
            }}
          >
            <p className="text-sm text-fg-muted">{t('exportHint')}</p>
            <Field id="export-password" label={t('currentPassword')}>
              <Input id="export-password" name="password" type="password" autoComplete="current-password" required maxLength={128} />
            </Field>
          </form>
        )}
        {exportKey.error ? (
          <p role="alert" className="text-sm text-danger">
            {errorMessage(exportKey.error)}
          </p>
        ) : null}
        <DialogFooter>
          {!exportKey.data ? (
            <Button variant="secondary" type="submit" form="export-signing-key" disabled={exportKey.isPending}>
              <KeyRound /> {t('export')}
            </Button>
          ) : null}
          <Button onClick={() => onOpenChange(false)}>{common('done')}</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
