/**
 * The languages the IDE speaks and how one is chosen for a request: the cookie the language
 * switcher sets, else the browser's Accept-Language, else English. Browser-safe (the switcher
 * uses the names and the cookie), no next-intl import, so it is tested on its own.
 */
export const LOCALES = ['en', 'ko'] as const;
export type TLocale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: TLocale = 'en';
/** The languages a text is translated into: English is the one texts are written in. */
export type TTranslatedLocale = Exclude<TLocale, 'en'>;

/** next-intl's own cookie name, so its tooling would read the same choice. */
export const LOCALE_COOKIE = 'NEXT_LOCALE';
/** A year: the choice is remembered until changed. */
export const LOCALE_COOKIE_MAX_AGE_SECONDS = 365 * 24 * 3600;

/** Each language's name in that language, as a switcher shows it. */
export const LOCALE_NAMES: Record<TLocale, string> = { en: 'English', ko: '한국어' };

export function isLocale(value: unknown): value is TLocale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** A header longer than this is cut before parsing: the client controls it. */
const MAX_ACCEPT_LANGUAGE_LENGTH = 1000;
/** Only the first entries count; a header may list hundreds. */
const MAX_ACCEPT_LANGUAGE_ENTRIES = 20;

/**
 * The best supported language for an Accept-Language header ("ko-KR,ko;q=0.9,en;q=0.8"): entries
 * by quality (ties keep their order), each matched on its primary subtag; `*` matches English.
 */
export function localeFromAcceptLanguage(header: string | null | undefined): TLocale | undefined {
  if (!header) return undefined;
  const entries = header
    .slice(0, MAX_ACCEPT_LANGUAGE_LENGTH)
    .split(',')
    .slice(0, MAX_ACCEPT_LANGUAGE_ENTRIES)
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q === undefined ? 1 : Number(q.slice(2));
      return { language: tag.trim().toLowerCase().split('-')[0] ?? '', quality: Number.isFinite(quality) ? quality : 0, index };
    })
    .filter((e) => e.language && e.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { language } of entries) {
    if (language === '*') return DEFAULT_LOCALE;
    if (isLocale(language)) return language;
  }
  return undefined;
}

/** The language of a request: the switcher's cookie, then the browser's preference, then English. */
export function pickLocale({ cookie, acceptLanguage }: { cookie?: string; acceptLanguage?: string | null }): TLocale {
  if (isLocale(cookie)) return cookie;
  return localeFromAcceptLanguage(acceptLanguage) ?? DEFAULT_LOCALE;
}
