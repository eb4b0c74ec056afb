import { DAY_MS } from './zoned-clock.js';

/** A calendar date as people in a time zone see it (month 1-12). */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** A wall-clock reading in some time zone (month 1-12). */
export interface LocalDateTime extends LocalDate {
  hour: number;
  minute: number;
  second: number;
}

/** 0 = Monday … 6 = Sunday: the order of `budgets.weekStartsOn`'s names and of ISO 8601 weeks. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** The weekday of day 0 (1970-01-01, a Thursday), for code that counts weeks in days since 1970 (SQL). */
export const EPOCH_WEEKDAY = 3;

/** Days since 1970-01-01 of a "local ms" value (a wall time written as if it were UTC). */
export function dayIndexOf(localMs: number): number {
  return Math.floor(localMs / DAY_MS);
}

/** Minutes since local midnight of a "local ms" value. */
export function minuteOfDay(localMs: number): number {
  return Math.floor((localMs - dayIndexOf(localMs) * DAY_MS) / 60_000);
}

/** The weekday of a day index (days since 1970-01-01), 0 = Monday. */
export function weekdayOfDay(dayIndex: number): Weekday {
  return ((((dayIndex + EPOCH_WEEKDAY) % 7) + 7) % 7) as Weekday;
}

/** The weekday of a date, 0 = Monday. */
export function weekdayOf(date: LocalDate): Weekday {
  return weekdayOfDay(Date.UTC(date.year, date.month - 1, date.day) / DAY_MS);
}

/**
 * The ISO 8601 number of a weekday, 1 = Monday … 7 = Sunday: the numbering settings use (alarms' opening hours,
 * CURRI's working days). The one place the two numberings meet.
 */
export function isoWeekday(weekday: Weekday): number {
  return weekday + 1;
}

/** The first day of the week holding `date`, for weeks that begin on `weekStartsOn` (0 = Monday … 6 = Sunday). */
export function startOfWeek<D extends LocalDate>(date: D, weekStartsOn: number): D {
  return addDays(date, -((weekdayOf(date) - weekStartsOn + 7) % 7));
}

/** Normalises day overflow (32 January → 1 February) through the proleptic Gregorian calendar. */
export function addDays<D extends LocalDate>(date: D, days: number): D {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { ...date, year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The same day `months` later, or the month's last day when it is shorter (31 January + 1 → 28/29 February). */
export function addMonths<D extends LocalDate>(date: D, months: number): D {
  const d = new Date(Date.UTC(date.year, date.month - 1 + months, 1));
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  return { ...date, year, month, day: Math.min(date.day, daysInMonth(year, month)) };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** A wall-clock reading as "local ms": written as if it were UTC (so getUTC* read it back). */
export function localAsUtc(local: LocalDate & Partial<LocalDateTime>): number {
  return Date.UTC(local.year, local.month - 1, local.day, local.hour ?? 0, local.minute ?? 0, local.second ?? 0);
}

/** The wall-clock reading of a "local ms" value (see localAsUtc); milliseconds are dropped. */
export function utcAsLocal(localMs: number): LocalDateTime {
  const d = new Date(localMs);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/** `YYYY-MM-DD`. */
export function formatLocalDate(d: LocalDate): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.year, 4)}-${p(d.month)}-${p(d.day)}`;
}

/** `YYYY-MM-DD HH:mm` of a wall-clock reading (seconds shown only when not zero). */
export function formatLocal(local: LocalDateTime): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const seconds = local.second ? `:${p(local.second)}` : '';
  return `${formatLocalDate(local)} ${p(local.hour)}:${p(local.minute)}${seconds}`;
}

/** `YYYY-MM-DD` as a date, or null when it is not one (30 February included). */
export function parseLocalDate(text: string): LocalDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > daysInMonth(date.year, date.month)) return null;
  return date;
}
