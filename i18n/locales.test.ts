import { describe, expect, it } from 'vitest';
import { localeFromAcceptLanguage, pickLocale } from './locales';

describe('choosing the language of a request', () => {
  it('follows the browser: the best supported language by quality, regions ignored', () => {
    expect(localeFromAcceptLanguage('ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7')).toBe('ko');
    expect(localeFromAcceptLanguage('en-US,en;q=0.9,ko;q=0.8')).toBe('en');
    expect(localeFromAcceptLanguage('en;q=0.5, ko;q=0.8')).toBe('ko');
    expect(localeFromAcceptLanguage('de-DE,de;q=0.9,ko;q=0.5')).toBe('ko');
    expect(localeFromAcceptLanguage('KO')).toBe('ko');
  });

  it('skips what it does not speak, refused entries (q=0) and nonsense', () => {
    expect(localeFromAcceptLanguage('de,fr;q=0.9')).toBeUndefined();
    expect(localeFromAcceptLanguage('ko;q=0, en;q=0.1')).toBe('en');
    expect(localeFromAcceptLanguage('ko;q=abc')).toBeUndefined();
    expect(localeFromAcceptLanguage(';;;,,,')).toBeUndefined();
    expect(localeFromAcceptLanguage('')).toBeUndefined();
    expect(localeFromAcceptLanguage(null)).toBeUndefined();
    expect(localeFromAcceptLanguage('*')).toBe('en');
  });

  it('reads only the start of a long header', () => {
    expect(localeFromAcceptLanguage(`${'de;q=0.9,'.repeat(100_000)}ko`)).toBeUndefined();
    expect(localeFromAcceptLanguage(`${Array.from({ length: 30 }, () => 'de').join(',')},ko`)).toBeUndefined();
  });

  it('prefers the switcher’s cookie, then the browser, then English', () => {
    expect(pickLocale({ cookie: 'ko', acceptLanguage: 'en' })).toBe('ko');
    expect(pickLocale({ cookie: 'en', acceptLanguage: 'ko' })).toBe('en');
    expect(pickLocale({ cookie: 'xx', acceptLanguage: 'ko' })).toBe('ko');
    expect(pickLocale({ acceptLanguage: 'fr' })).toBe('en');
    expect(pickLocale({})).toBe('en');
  });
});
