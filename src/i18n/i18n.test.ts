import { describe, expect, it, vi } from 'vitest';
import {
  formatDateTime,
  formatDuration,
  formatMoney,
  formatNumber,
  isLanguage,
  resolveLanguage,
  textDirection,
  translator,
} from './index.js';

describe('languages', () => {
  it('knows the seven languages and nothing else', () => {
    expect(['en', 'de', 'fr', 'es', 'ar', 'pl', 'it'].every(isLanguage)).toBe(true);
    expect([undefined, null, 'pt', 'EN', 3].some(isLanguage)).toBe(false);
  });

  it('takes the first language it has from a directory language, a tag or an Accept-Language list', () => {
    expect(resolveLanguage('pl-PL', 'en')).toBe('pl');
    expect(resolveLanguage('ar', 'en')).toBe('ar');
    expect(resolveLanguage('it_IT', 'en')).toBe('it');
    expect(resolveLanguage('pt-BR, es;q=0.5', 'en')).toBe('es');
    expect(resolveLanguage(undefined, 'fr')).toBe('fr');
    expect(resolveLanguage('xx', 'de')).toBe('de');
  });

  it('writes Arabic right to left and the others left to right', () => {
    expect(textDirection('ar')).toBe('rtl');
    expect(textDirection('pl')).toBe('ltr');
  });
});

describe('translator', () => {
  it('gives the text of the language and namespace asked for', () => {
    expect(translator('pl', 'web')('nav.myBudgets')).toBe('Moje budżety');
    expect(translator('ar', 'web')('auth.signIn')).toBe('تسجيل الدخول');
  });

  it('shows the key of a text no language has, rather than failing, and warns once per key and language', () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      expect(translator('de', 'web')('nav.noSuchText')).toBe('nav.noSuchText');
      expect(translator('de', 'web')('nav.noSuchText')).toBe('nav.noSuchText');
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]?.[0])).toBe('text "web:nav.noSuchText" is missing in de; shown in English');
    } finally {
      warn.mockRestore();
    }
  });

  it('picks the plural form by the language rules', () => {
    const pl = translator('pl', 'phone');
    expect(pl('errors.lockedOut', { count: 2 })).toMatch(/2 minuty\.$/);
    expect(pl('errors.lockedOut', { count: 5 })).toMatch(/5 minut\.$/);
    expect(translator('en', 'phone')('errors.lockedOut', { count: 1 })).toBe(
      'Too many wrong PINs. Try again in 1 minute.',
    );
  });
});

describe('Intl formatting in the viewer locale and time zone', () => {
  const at = Date.UTC(2026, 2, 14, 16, 5);

  it('formats dates and times in the viewer time zone', () => {
    expect(formatDateTime('en', 'Europe/Rome', at)).toBe('14/03/2026, 17:05');
    expect(formatDateTime('de', 'America/New_York', at, 'time')).toBe('12:05');
    expect(formatDateTime('pl', 'Europe/Warsaw', at, 'date')).toBe('14 mar 2026');
  });

  it('shows UTC for an unknown time zone instead of failing', () => {
    expect(formatDateTime('en', 'Mars/Olympus', at, 'time')).toBe('16:05');
  });

  it('formats numbers and money by the currency digits in the viewer language', () => {
    expect(formatNumber('de', 1234.5)).toBe('1.234,5');
    expect(formatMoney('de', 123450, 'EUR')).toBe('1.234,50\u00a0€');
    expect(formatMoney('en', 123450, 'EUR')).toBe('€1,234.50');
    expect(formatMoney('it', 1500, 'JPY')).toBe('1500\u00a0JPY');
    expect(formatMoney('en', 1, 'BHD')).toBe('BHD\u00a00.001');
  });

  it('formats negative and very large amounts exactly, without floating-point drift', () => {
    expect(formatMoney('en', 123456789012345, 'EUR')).toBe('€1,234,567,890,123.45');
    expect(formatMoney('it', 150, 'EUR').replace(/\s/g, ' ')).toBe('1,50 €');
    expect(formatMoney('en', -1234, 'EUR')).toBe('-€12.34');
    expect(formatMoney('de', -5, 'JPY').replace(/\s/g, ' ')).toBe('-5 ¥');
    expect(formatMoney('en', -1, 'BHD')).toBe('-BHD\u00a00.001');
  });

  it('formats durations in hours, minutes and seconds', () => {
    expect(formatDuration('en', 3725)).toBe('1 hr 2 mins 5 secs');
    expect(formatDuration('de', 65)).toBe('1 Min., 5 Sek.');
    expect(formatDuration('en', 0)).toBe('0 secs');
  });
});
