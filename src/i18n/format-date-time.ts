import { cachedFormat } from './intl-cache.js';
import { intlLocale, type Language } from './languages.js';

const styles = {
  date: { dateStyle: 'medium' },
  time: { timeStyle: 'short' },
  datetime: { dateStyle: 'short', timeStyle: 'short' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

/**
 * A date, a time or both in the viewer's language and time zone. An unknown
 * zone shows UTC rather than failing the page, screen or e-mail.
 */
export function formatDateTime(
  lang: Language,
  timeZone: string,
  at: Date | number,
  style: 'date' | 'time' | 'datetime' = 'datetime',
): string {
  const format = cachedFormat(`date|${lang}|${timeZone}|${style}`, () => {
    try {
      return new Intl.DateTimeFormat(intlLocale(lang), { ...styles[style], timeZone });
    } catch {
      return new Intl.DateTimeFormat(intlLocale(lang), { ...styles[style], timeZone: 'UTC' });
    }
  });
  return format.format(at);
}
