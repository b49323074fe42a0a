'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { KeyRound, TriangleAlert } from 'lucide-react';
import { useTRPC } from '@/components/trpc/client';
import { errorMessage } from '@/components/trpc/errors';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogFooter, DialogHeader } from '@/components/ui/dialog';

/** The user's signing key: the address everyone sees, and an explicit, warned export of the key. */
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
            {key.data ? (key.data.address ?? 'None yet: your first deployment makes one.') : '…'}
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
          <p className="text-sm text-fg-muted">You can export the private key to use it in a wallet. Keep it secret.</p>
        )}
        {exportKey.error ? (
          <p role="alert" className="text-sm text-danger">
            {errorMessage(exportKey.error)}
          </p>
        ) : null}
        <DialogFooter>
          {!exportKey.data ? (
            <Button variant="secondary" onClick={() => exportKey.mutate()} disabled={exportKey.isPending}>
              <KeyRound /> Export private key
            </Button>
          ) : null}
          <Button onClick={() => onOpenChange(false)}>Done</Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
