import { getTranslations } from 'next-intl/server';

/**
 * Sent at once while the server reads the project: the browser starts on the editor's code while
 * the graph is still on its way (a 1,000-block project opens sooner; bench/editor.bench.ts).
 */
export default async function LoadingProject() {
  const t = await getTranslations('ProjectLoading');
  return (
    <div className="flex h-screen min-h-[640px] flex-col" aria-busy="true" aria-label={t('label')}>
      <div className="h-14 border-b border-border bg-surface" />
      <div className="flex min-h-0 flex-1">
        <div className="w-64 border-r border-border bg-surface" />
        <div className="flex-1 animate-pulse bg-surface-muted/40" />
        <div className="w-80 border-l border-border bg-surface" />
      </div>
    </div>
  );
}
