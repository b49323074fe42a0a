'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { ZProjectName } from '@/blocks/core/project-file';
import { Button } from '@/components/ui/button';
import { Dialog, DialogContent, DialogFooter, DialogHeader } from '@/components/ui/dialog';
import { Field, Input } from '@/components/ui/input';

/** Asks for a project name, checked with the same rule the server applies. */
export function NameDialog({
  open,
  onOpenChange,
  title,
  initialName,
  submitLabel,
  pending,
  onSubmit,
  children,
  name,
  onNameChange,
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  initialName: string;
  submitLabel: string;
  pending?: boolean;
  onSubmit: (name: string) => void;
  children?: React.ReactNode;
  /** Optional control of the field, for dialogs that suggest a name. */
  name?: string;
  onNameChange?: (name: string) => void;
}) {
  const t = useTranslations('NameDialog');
  const common = useTranslations('Common');
  const [error, setError] = useState<string>();
  function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const parsed = ZProjectName.safeParse(new FormData(event.currentTarget).get('name'));
    if (!parsed.success) {
      setError(t('invalid', { problem: parsed.error.issues[0]?.message ?? t('notValid') }));
      return;
    }
    setError(undefined);
    onSubmit(parsed.data);
  }
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent>
        <DialogHeader title={title} />
        <form onSubmit={submit} className="grid gap-4">
          <Field id="project-name" label={common('name')} error={error}>
            <Input
              id="project-name"
              name="name"
              {...(name === undefined ? { defaultValue: initialName } : { value: name, onChange: (e) => onNameChange?.(e.target.value) })}
              autoFocus
              maxLength={100}
              aria-invalid={Boolean(error)}
            />
          </Field>
          {children}
          <DialogFooter>
            <Button variant="secondary" onClick={() => onOpenChange(false)}>
              {common('cancel')}
            </Button>
            <Button type="submit" disabled={pending}>
              {submitLabel}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
