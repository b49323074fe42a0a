/**
 * next-intl's request configuration (found by the plugin in next.config.mjs): the language of each
 * request and its messages. URLs carry no locale prefix; the language comes from the cookie or
 * the browser (see ./locales.ts).
 */
import { getRequestConfig } from 'next-intl/server';
import { cookies, headers } from 'next/headers';
import { LOCALE_COOKIE, pickLocale } from './locales';
import { MESSAGES } from './messages';

export default getRequestConfig(async () => {
  const [cookieStore, headerStore] = await Promise.all([cookies(), headers()]);
  const locale = pickLocale({ cookie: cookieStore.get(LOCALE_COOKIE)?.value, acceptLanguage: headerStore.get('accept-language') });
  return { locale, messages: MESSAGES[locale] };
});
