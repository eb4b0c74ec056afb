import { formatDateTime, formatMoney, formatNumber, type Language } from '../i18n/index.js';
import type { Formats } from './page-context.js';

/** Dates, numbers and money in the viewer's language and time zone. */
export function webFormats(lang: Language, timeZone: string, calendarTimeZone = timeZone): Formats {
  return {
    calendarDate: (at) => formatDateTime(lang, calendarTimeZone, at, 'date'),
    dateTime: (at) => formatDateTime(lang, timeZone, at, 'datetime'),
    date: (at) => formatDateTime(lang, timeZone, at, 'date'),
    number: (value) => formatNumber(lang, value),
    money: (minor, currency) => formatMoney(lang, minor, currency),
  };
}
