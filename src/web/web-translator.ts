import { formatDateTime, formatMoney, formatNumber, type Language } from '../i18n/index.js';
import type { Formats } from './page-context.js';

function clockDuration(lang: Language, seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const two = (n: number) => formatNumber(lang, n).padStart(2, formatNumber(lang, 0));
  return `${formatNumber(lang, Math.floor(total / 3600))}:${two(Math.floor((total % 3600) / 60))}:${two(total % 60)}`;
}

/** Dates, numbers and money in the viewer's language and time zone. */
export function webFormats(lang: Language, timeZone: string, calendarTimeZone = timeZone): Formats {
  return {
    calendarDate: (at) => formatDateTime(lang, calendarTimeZone, at, 'date'),
    dateTime: (at) => formatDateTime(lang, timeZone, at, 'datetime'),
    date: (at) => formatDateTime(lang, timeZone, at, 'date'),
    time: (at) => formatDateTime(lang, timeZone, at, 'time'),
    duration: (seconds) => clockDuration(lang, seconds),
    number: (value) => formatNumber(lang, value),
    money: (minor, currency) => formatMoney(lang, minor, currency),
  };
}
