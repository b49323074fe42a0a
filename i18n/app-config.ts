/**
 * next-intl's typing: the languages and the shape of the messages (English's), so that
 * `t('Namespace.key')` with a key that does not exist is a type error.
 */
import type { TLocale } from './locales';
import type { TMessages } from './messages';

declare module 'next-intl' {
  interface AppConfig {
    Locale: TLocale;
    Messages: TMessages;
  }
}
