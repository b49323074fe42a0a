import { AlertTriangle } from 'lucide-react';
import { useTranslations } from 'next-intl';
import type { TDiagnostic } from '@/blocks/core/diagnostics';
import { cn } from './cn';

export function Skeleton({ className }: { className?: string }) {
  return <div className={cn('animate-pulse rounded-md bg-surface-muted', className)} aria-hidden />;
}

/** A designed empty, error or info state: icon, title, text and an action. */
export function EmptyState({
  icon,
  title,
  children,
  action,
  className,
}: {
  icon?: React.ReactNode;
  title: string;
  children?: React.ReactNode;
  action?: React.ReactNode;
  className?: string;
}) {
  return (
    <div className={cn('flex flex-col items-center justify-center gap-3 px-6 py-12 text-center', className)}>
      {icon ? <div className="rounded-full bg-primary-soft p-3 text-primary [&_svg]:size-6">{icon}</div> : null}
      <h2 className="text-base font-semibold">{title}</h2>
      {children ? <div className="max-w-md text-sm text-fg-muted">{children}</div> : null}
      {action}
    </div>
  );
}

/** A list of problems, each naming where it is. */
export function DiagnosticList({ diagnostics, label }: { diagnostics: TDiagnostic[]; label: string }) {
  const t = useTranslations('Diagnostics');
  return (
    <ul aria-label={label} className="grid max-h-64 gap-1.5 overflow-y-auto rounded-lg border border-danger/30 bg-danger-soft p-3 text-sm">
      {diagnostics.map((d, i) => (
        <li key={i} className="flex gap-2 text-fg">
          <AlertTriangle className="mt-0.5 size-4 shrink-0 text-danger" aria-hidden />
          <span>
            {d.message}
            {d.nodeId ? <span className="text-fg-muted"> {t('inBlock', { id: d.nodeId })}</span> : null}
          </span>
        </li>
      ))}
    </ul>
  );
}
