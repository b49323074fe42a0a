'use client';

import { useLocale, useTranslations } from 'next-intl';

const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

/** "3 minutes ago" in `locale`; under 45 seconds, `justNow`. */
export function relativeTime(date: Date, { locale, justNow, now = Date.now() }: { locale: string; justNow: string; now?: number }): string {
  const seconds = Math.round((date.getTime() - now) / 1000);
  if (Math.abs(seconds) < 45) return justNow;
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  }
  return format.format(Math.round(seconds / 60), 'minute');
}

/**
 * "3 minutes ago", with the exact time on hover. Server and browser clocks differ: no warning.
 * `label` places the time in a sentence ("edited 3 minutes ago"); `prefix` is the simple case.
 */
export function RelativeTime({ date, prefix, label }: { date: Date; prefix?: string; label?: (time: string) => string }) {
  const locale = useLocale();
  const t = useTranslations('Time');
  const time = relativeTime(date, { locale, justNow: t('justNow') });
  return (
    <time dateTime={date.toISOString()} title={date.toLocaleString(locale)} suppressHydrationWarning>
      {label ? label(time) : `${prefix ?? ''}${time}`}
    </time>
  );
}
