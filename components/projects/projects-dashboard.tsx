'use client';

import { useQuery } from '@tanstack/react-query';
import { AlertTriangle, FolderPlus, Plus } from 'lucide-react';
import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { PROJECT_TEMPLATES } from '@/blocks/templates';
import { templateTexts } from '@/blocks/templates/templates.messages';
import { AppHeader, type THeaderUser } from '@/components/app-header';
import { useTRPC } from '@/components/trpc/client';
import { errorMessage } from '@/components/trpc/errors';
import { Button } from '@/components/ui/button';
import { EmptyState, Skeleton } from '@/components/ui/feedback';
import { ImportProjectButton } from './import-project';
import { NewProjectDialog } from './new-project-dialog';
import { ProjectCard } from './project-card';

export function ProjectsDashboard({ user }: { user: THeaderUser }) {
  const t = useTranslations('Dashboard');
  const common = useTranslations('Common');
  const locale = useLocale();
  const trpc = useTRPC();
  const projects = useQuery(trpc.projects.list.queryOptions());
  const [creating, setCreating] = useState<string | null>(null);

  return (
    <div className="flex min-h-full flex-col">
      <AppHeader user={user} />
      <main className="mx-auto grid w-full max-w-6xl gap-6 px-6 py-8">
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div>
            <h1 className="text-2xl font-semibold tracking-tight">{t('title')}</h1>
            <p className="text-sm text-fg-muted">{t('subtitle')}</p>
          </div>
          <div className="flex gap-2">
            <ImportProjectButton />
            <Button onClick={() => setCreating('blank')}>
              <Plus /> {t('newProject')}
            </Button>
          </div>
        </div>

        {projects.isPending ? (
          <ul className="grid grid-cols-[repeat(auto-fill,minmax(16rem,1fr))] gap-4" aria-label={t('loading')}>
            {[0, 1, 2].map((i) => (
              <li key={i} className="grid gap-2 rounded-[var(--radius-card)] border border-border bg-surface p-3">
                <Skeleton className="h-24" />
                <Skeleton className="h-4 w-2/3" />
                <Skeleton className="h-3 w-1/2" />
              </li>
            ))}
          </ul>
        ) : projects.isError ? (
          <EmptyState
            icon={<AlertTriangle />}
            title={t('loadFailed')}
            action={
              <Button variant="secondary" onClick={() => void projects.refetch()}>
                {common('tryAgain')}
              </Button>
            }
          >
            {errorMessage(projects.error)}
          </EmptyState>
        ) : projects.data.length === 0 ? (
          <div className="rounded-[var(--radius-card)] border border-dashed border-border-strong bg-surface">
            <EmptyState icon={<FolderPlus />} title={t('firstProject')}>
              {t('firstProjectText')}
            </EmptyState>
            <ul className="mx-auto grid max-w-3xl grid-cols-[repeat(auto-fill,minmax(11rem,1fr))] gap-3 px-6 pb-8">
              {PROJECT_TEMPLATES.map((template) => (
                <li key={template.id}>
                  <button
                    type="button"
                    onClick={() => setCreating(template.id)}
                    className="grid h-full w-full gap-1 rounded-lg border border-border p-3 text-left text-sm hover:border-primary hover:bg-primary-soft/40"
                  >
                    <span className="font-medium">{templateTexts(template, locale).name}</span>
                    <span className="text-xs text-fg-muted">{templateTexts(template, locale).description}</span>
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ) : (
          <ul className="grid grid-cols-[repeat(auto-fill,minmax(16rem,1fr))] gap-4" aria-label={t('list')}>
            {projects.data.map((project) => (
              <ProjectCard key={project.id} project={project} />
            ))}
          </ul>
        )}
      </main>
      {creating !== null ? (
        <NewProjectDialog open onOpenChange={(open) => !open && setCreating(null)} initialTemplateId={creating} />
      ) : null}
    </div>
  );
}
