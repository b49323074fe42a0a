/**
 * The IDE's message catalogues, one JSON file per language in messages/, grouped by screen or
 * component (a top-level key is a namespace: `useTranslations('ProjectCard')`). English is the
 * reference: its shape is the `Messages` type (./app-config.ts), so a key missing from ko.json is
 * a type error here and a failing test in catalogue.test.ts. Block texts are not here: each block
 * carries its own in blocks/<type>/<type>.messages.ts.
 */
import en from '@/messages/en.json';
import ko from '@/messages/ko.json';
import type { TLocale } from './locales';

export type TMessages = typeof en;

export const MESSAGES: Record<TLocale, TMessages> = { en, ko };
