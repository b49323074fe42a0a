'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { KeyRound, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { toast } from 'sonner';
import { useTRPC } from '@/components/trpc/client';
import { errorMessage } from '@/components/trpc/errors';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogHeader } from '@/components/ui/dialog';
import { Field, Input } from '@/components/ui/input';
import { RelativeTime } from '@/components/ui/time';

/**
 * Project settings: secrets (write-only: once saved, a value is never shown again) and the
 * test store that storage blocks use during test runs.
 */
export function SettingsDialog({
  projectId,
  open,
  onOpenChange,
}: {
  projectId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const secrets = useQuery({ ...trpc.secrets.list.queryOptions({ projectId }), enabled: open });
  const store = useQuery({ ...trpc.runs.describeStore.queryOptions({ projectId }), enabled: open });
  const refreshSecrets = () => queryClient.invalidateQueries({ queryKey: trpc.secrets.list.queryKey({ projectId }) });
  const setSecret = useMutation(trpc.secrets.set.mutationOptions({ onSuccess: refreshSecrets }));
  const deleteSecret = useMutation(
    trpc.secrets.delete.mutationOptions({ onSuccess: refreshSecrets, onError: (e) => toast.error(errorMessage(e)) }),
  );
  const clearStore = useMutation(
    trpc.runs.clearStore.mutationOptions({
      onSuccess: () => {
        toast.success('Test data cleared');
        return queryClient.invalidateQueries({ queryKey: trpc.runs.describeStore.queryKey({ projectId }) });
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const [error, setError] = useState<string>();
  // A saved secret the traces cannot hide everywhere (a very short value): kept in view, not a toast.
  const [warning, setWarning] = useState<string>();

  async function addSecret(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    try {
      const saved = await setSecret.mutateAsync({
        projectId,
        name: String(data.get('name') ?? '').trim(),
        value: String(data.get('value') ?? ''),
      });
      setError(undefined);
      setWarning(saved.warning);
      form.reset();
      toast.success('Secret saved');
    } catch (e) {
      setError(errorMessage(e));
    }
  }

  const documents = store.data?.collections.reduce((sum, c) => sum + c.documents, 0) ?? 0;
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent className="w-[min(36rem,calc(100vw-2rem))]">
        <DialogHeader title="Project settings" />
        <section className="grid gap-3" aria-label="Secrets">
          <div>
            <h3 className="font-medium">Secrets</h3>
            <p className="text-sm text-fg-muted">
              API keys and tokens, stored encrypted. Use one in a block setting as{' '}
              <code className="rounded bg-surface-muted px-1">{'{{secret.NAME}}'}</code>. Values are never shown again, exported or logged.
            </p>
          </div>
          {secrets.data && secrets.data.length > 0 ? (
            <ul className="grid gap-1" aria-label="Saved secrets">
              {secrets.data.map((s) => (
                <li key={s.name} className="flex items-center gap-2 rounded-lg border border-border px-3 py-1.5 text-sm">
                  <KeyRound className="size-4 text-fg-subtle" aria-hidden />
                  <span className="font-mono">{s.name}</span>
                  <span className="text-xs text-fg-subtle">
                    · <RelativeTime date={s.updatedAt} prefix="saved " />
                  </span>
                  <Button
                    variant="ghost"
                    size="icon"
                    className="ml-auto"
                    aria-label={`Delete secret ${s.name}`}
                    onClick={() => deleteSecret.mutate({ projectId, name: s.name })}
                  >
                    <Trash2 />
                  </Button>
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-sm text-fg-subtle">No secrets yet.</p>
          )}
          <form onSubmit={addSecret} className="grid grid-cols-[1fr_1fr_auto] items-end gap-2">
            <Field id="secret-name" label="Name">
              <Input
                id="secret-name"
                name="name"
                placeholder="API_KEY"
                required
                pattern="[A-Z][A-Z0-9_]*"
                title="Capital letters, digits and _"
                autoComplete="off"
              />
            </Field>
            <Field id="secret-value" label="Value">
              <Input id="secret-value" name="value" type="password" required autoComplete="new-password" />
            </Field>
            <Button type="submit" disabled={setSecret.isPending}>
              Save
            </Button>
          </form>
          {error ? (
            <p role="alert" className="text-sm text-danger">
              {error}
            </p>
          ) : null}
          {warning ? (
            <p role="status" className="text-sm text-warning">
              {warning}
            </p>
          ) : null}
        </section>
        <section className="grid gap-2 border-t border-border pt-4" aria-label="Test data">
          <h3 className="font-medium">Test data</h3>
          <p className="text-sm text-fg-muted">
            What storage blocks saved during test runs:{' '}
            {store.data ? `${store.data.kvKeys} keys, ${documents} documents in ${store.data.collections.length} collections` : '…'}.
            Deployed apps keep their own data.
          </p>
          <Button
            variant="secondary"
            className="justify-self-start"
            disabled={clearStore.isPending}
            onClick={() => clearStore.mutate({ projectId })}
          >
            <Trash2 /> Clear test data
          </Button>
        </section>
      </DialogContent>
    </Dialog>
  );
}
