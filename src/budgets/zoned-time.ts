/** A calendar date as people in a time zone see it (month 1-12). */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export interface LocalDateTime extends LocalDate {
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock time of an instant in a time zone. */
export function toLocal(at: Date, timeZone: string): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(at)) {
    if (p.type !== 'literal' && p.type !== 'era') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 0,
    day: parts.day ?? 0,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** Offset of the zone from UTC at an instant, in milliseconds (east positive). */
function offsetAt(ms: number, timeZone: string): number {
  const l = toLocal(new Date(ms), timeZone);
  const asUtc = Date.UTC(l.year, l.month - 1, l.day, l.hour, l.minute, l.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** Normalises day overflow (e.g. 32 January) through the proleptic Gregorian calendar. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function addMonths(date: LocalDate, months: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1 + months, 1));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: Math.min(date.day, daysInMonth(d.getUTCFullYear(), d.getUTCMonth() + 1)),
  };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** 0 = Monday … 6 = Sunday. */
export function weekdayOf(date: LocalDate): number {
  return (new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay() + 6) % 7;
}

export function compareLocalDates(a: LocalDate, b: LocalDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/**
 * The first instant of a local calendar day. Usually local midnight; where a
 * DST change skips midnight (clocks jump from 00:00 to 01:00) it is the instant
 * of the jump, and where midnight happens twice it is the first of the two.
 */
export function startOfLocalDay(date: LocalDate, timeZone: string): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day);
  const offsets = new Set([
    offsetAt(wall - 86_400_000, timeZone),
    offsetAt(wall, timeZone),
    offsetAt(wall + 86_400_000, timeZone),
  ]);
  let exact: number | null = null;
  let sameDay: number | null = null;
  for (const offset of offsets) {
    const t = wall - offset;
    const l = toLocal(new Date(t), timeZone);
    if (compareLocalDates(l, date) !== 0) continue;
    if (l.hour === 0 && l.minute === 0 && l.second === 0) exact = exact === null ? t : Math.min(exact, t);
    else sameDay = sameDay === null ? t : Math.min(sameDay, t);
  }
  const chosen = exact ?? sameDay;
  return new Date(chosen ?? firstInstantFrom(date, timeZone, wall));
}

/**
 * The first instant whose local date is on or after a date: for a day the zone
 * skipped altogether (Samoa went from 29 to 31 December 2011), the start of the
 * next day that happened, so the skipped day is an empty span.
 */
function firstInstantFrom(date: LocalDate, timeZone: string, wall: number): number {
  const reached = (t: number): boolean => compareLocalDates(toLocal(new Date(t), timeZone), date) >= 0;
  // No zone is more than a day and a half from UTC, so the answer is within two days of the wall time.
  let low = wall - 2 * 86_400_000;
  let high = wall + 2 * 86_400_000;
  while (high - low > 1000) {
    const middle = low + Math.floor((high - low) / 2000) * 1000;
    if (reached(middle)) high = middle;
    else low = middle;
  }
  return high;
}

export function formatLocalDate(d: LocalDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

export function parseLocalDate(text: string): LocalDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  if (date.month < 1 || date.month > 12 || date.day < 1 || date.day > daysInMonth(date.year, date.month)) return null;
  return date;
}
