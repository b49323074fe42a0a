'use client';

import { AlertTriangle } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/feedback';

export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  const t = useTranslations('ErrorPage');
  const common = useTranslations('Common');
  return (
    <main className="grid min-h-full place-items-center">
      <EmptyState icon={<AlertTriangle />} title={t('title')} action={<Button onClick={reset}>{common('tryAgain')}</Button>}>
        {t('text')}
      </EmptyState>
    </main>
  );
}
