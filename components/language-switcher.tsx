'use client';

import { Languages } from 'lucide-react';
import { useLocale, useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE_SECONDS, LOCALE_NAMES, LOCALES, isLocale } from '@/i18n/locales';
import { cn } from '@/components/ui/cn';

/**
 * Chooses the IDE's language. The choice is a cookie the server reads on every request (see
 * i18n/request.ts), so a refresh re-renders the page in the new language and it is remembered.
 */
export function LanguageSwitcher({ className }: { className?: string }) {
  const t = useTranslations('Language');
  const locale = useLocale();
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <label className={cn('relative inline-flex items-center text-sm text-fg-muted', className)}>
      <Languages className="pointer-events-none absolute left-2 size-4" aria-hidden />
      <select
        aria-label={t('label')}
        value={locale}
        disabled={pending}
        onChange={(event) => {
          const next = event.target.value;
          if (!isLocale(next)) return;
          document.cookie = `${LOCALE_COOKIE}=${next}; path=/; max-age=${LOCALE_COOKIE_MAX_AGE_SECONDS}; samesite=lax`;
          startTransition(() => router.refresh());
        }}
        className="h-8 cursor-pointer appearance-none rounded-lg bg-transparent pl-8 pr-2 hover:bg-surface-muted focus:outline-none focus:ring-2 focus:ring-primary/20"
      >
        {LOCALES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
