'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Check } from 'lucide-react';
import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { toast } from 'sonner';
import { summarizeGraph } from '@/blocks/core/graph';
import { findTemplate, PROJECT_TEMPLATES } from '@/blocks/templates';
import { templateTexts } from '@/blocks/templates/templates.messages';
import { useTRPC } from '@/components/trpc/client';
import { errorMessage } from '@/components/trpc/errors';
import { cn } from '@/components/ui/cn';
import { GraphThumbnail } from './graph-thumbnail';
import { NameDialog } from './rename-dialog';

/** "New project": a name and a starting point (blank or a template). Opens the project after. */
export function NewProjectDialog({
  open,
  onOpenChange,
  initialTemplateId = 'blank',
}: {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  initialTemplateId?: string;
}) {
  const t = useTranslations('NewProject');
  const locale = useLocale();
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [templateId, setTemplateId] = useState(initialTemplateId);
  // The name follows the chosen template until the user types one of their own.
  const suggestedName = (id: string) => {
    const template = id === 'blank' ? undefined : findTemplate(id);
    return template ? templateTexts(template, locale).name : t('untitled');
  };
  const [name, setName] = useState(() => suggestedName(initialTemplateId));
  const [nameTouched, setNameTouched] = useState(false);
  const create = useMutation(
    trpc.projects.create.mutationOptions({
      onSuccess: async (project) => {
        await queryClient.invalidateQueries({ queryKey: trpc.projects.list.queryKey() });
        router.push(`/projects/${project.id}`);
      },
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );
  return (
    <NameDialog
      open={open}
      onOpenChange={onOpenChange}
      title={t('title')}
      initialName={name}
      name={name}
      onNameChange={(value) => {
        setName(value);
        setNameTouched(true);
      }}
      submitLabel={create.isPending ? t('creating') : t('create')}
      pending={create.isPending}
      onSubmit={(name) => create.mutate({ name, templateId })}
    >
      <fieldset className="grid gap-2">
        <legend className="mb-1.5 text-sm font-medium">{t('startFrom')}</legend>
        <div className="grid grid-cols-2 gap-2">
          {PROJECT_TEMPLATES.map((template) => (
            <label
              key={template.id}
              className={cn(
                'relative grid cursor-pointer gap-1 rounded-lg border p-2 text-left text-sm transition-colors',
                template.id === templateId
                  ? 'border-primary bg-primary-soft/50 ring-1 ring-primary'
                  : 'border-border hover:border-border-strong',
              )}
            >
              <input
                type="radio"
                name="template"
                value={template.id}
                checked={template.id === templateId}
                onChange={() => {
                  setTemplateId(template.id);
                  if (!nameTouched) setName(suggestedName(template.id));
                }}
                className="sr-only"
              />
              <div className="h-12 rounded bg-surface-muted">
                <GraphThumbnail summary={summarizeGraph(template.graph)} />
              </div>
              <span className="font-medium">{templateTexts(template, locale).name}</span>
              <span className="text-xs text-fg-muted">{templateTexts(template, locale).description}</span>
              {template.id === templateId ? <Check className="absolute right-2 top-2 size-4 text-primary" aria-hidden /> : null}
            </label>
          ))}
        </div>
      </fieldset>
    </NameDialog>
  );
}
