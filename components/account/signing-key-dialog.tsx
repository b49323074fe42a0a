'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { KeyRound, TriangleAlert } from 'lucide-react';
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
        <DialogHeader
          title="Your signing key"
          description="Poseidon signs the apps you deploy with this key, so every DAIOS node can check they come from you."
        />
        <div className="grid gap-1">
          <span className="text-sm font-medium">Address</span>
          <code className="break-all rounded bg-surface-muted px-2 py-1.5 text-xs" aria-label="Signing address">
            {key.data?.address ?? '…'}
          </code>
        </div>
        {exportKey.data ? (
          <div className="grid gap-1">
            <span className="flex items-center gap-1.5 text-sm font-medium text-danger">
              <TriangleAlert className="size-4" aria-hidden /> Private key: anyone who has it can publish as you
            </span>
            <code className="break-all rounded border border-danger/40 bg-danger-soft px-2 py-1.5 text-xs" aria-label="Private key">
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
            <p className="text-sm text-fg-muted">You can export the private key to use it in a wallet. Keep it secret.</p>
            <Field id="export-password" label="Your current password">
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
              <KeyRound /> Export private key
            </Button>
          ) : null}
          <Button onClick={() => onOpenChange(false)}>Done</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
