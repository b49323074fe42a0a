/**
 * The starter projects' names and descriptions beyond English (English is each template's own,
 * in ./index.ts). The registry test fails when a template lacks a translation. Browser-safe.
 */
import type { TTranslatedLocale } from '@/i18n/locales';
import type { TProjectTemplate } from './index';

type TTemplateTexts = Pick<TProjectTemplate, 'name' | 'description'>;

export const TEMPLATE_MESSAGES: Record<TTranslatedLocale, Record<string, TTemplateTexts>> = {
  ko: {
    blank: { name: '빈 프로젝트', description: '빈 캔버스입니다.' },
    'fetch-json-table': { name: 'JSON 가져와서 보여 주기', description: 'HTTP API에서 JSON을 받아 와 행을 테이블로 보여 줍니다.' },
    guestbook: { name: '방명록', description: '폼으로 받은 글을 컬렉션에 저장하고 테이블에 목록으로 보여 줍니다.' },
    'csv-chart': { name: 'CSV 데이터셋으로 차트 만들기', description: 'CSV 파일을 불러와 원하는 행만 남기고 차트로 그립니다.' },
  },
};

/** A template's name and description in `locale`, English when there is no translation. */
export function templateTexts(template: TProjectTemplate, locale: string): TTemplateTexts {
  const translated = locale === 'en' ? undefined : TEMPLATE_MESSAGES[locale as TTranslatedLocale]?.[template.id];
  return translated ?? { name: template.name, description: template.description };
}
