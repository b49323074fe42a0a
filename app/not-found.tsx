import { SearchX } from 'lucide-react';
import { getTranslations } from 'next-intl/server';
import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/feedback';

export default async function NotFound() {
  const t = await getTranslations('NotFound');
  return (
    <main className="grid min-h-full place-items-center">
      <EmptyState
        icon={<SearchX />}
        title={t('title')}
        action={
          <Button asChild>
            <Link href="/projects">{t('back')}</Link>
          </Button>
        }
      >
        {t('text')}
      </EmptyState>
    </main>
  );
}
