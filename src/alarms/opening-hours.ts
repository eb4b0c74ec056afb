import { z } from 'zod';
import { DAY_MS, dayIndexOf, isoWeekday, minuteOfDay, weekdayOfDay, zonedClock } from '../../tariffs/index.js';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'a time of day, HH:mm');

/** Open from `from` to `to` (exclusive) on the ISO weekdays `days` (1 = Monday … 7 = Sunday). */
export const openingSpanSchema = z
  .object({ days: z.array(z.number().int().min(1).max(7)).min(1), from: clock, to: clock })
  .strict()
  .refine((s) => s.from < s.to, { message: 'from must be before to' });

export type OpeningSpan = z.output<typeof openingSpanSchema>;

/** Opening hours: the default week, and sites with their own week (each in its site's time zone). */
export const openingHoursSchema = z
  .object({
    week: z.array(openingSpanSchema).default([{ days: [1, 2, 3, 4, 5], from: '08:00', to: '18:00' }]),
    sites: z.record(z.string().min(1), z.array(openingSpanSchema)).default({}),
  })
  .strict();

export type OpeningHours = z.output<typeof openingHoursSchema>;

/** An interval of epoch milliseconds, `to` exclusive. */
export interface Interval {
  from: number;
  to: number;
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The week that applies to a site (its own, else the default). */
export function weekOf(hours: OpeningHours, site: string | null): OpeningSpan[] {
  return (site !== null && hours.sites[site]) || hours.week;
}

/** Whether the instant falls in opening hours, read on the wall clock of `timeZone`. */
export function isOpenAt(ms: number, week: readonly OpeningSpan[], timeZone: string): boolean {
  const local = zonedClock(timeZone).localMs(ms);
  const weekday = isoWeekday(weekdayOfDay(dayIndexOf(local)));
  const minute = minuteOfDay(local);
  return week.some((s) => s.days.includes(weekday) && minute >= minutesOf(s.from) && minute < minutesOf(s.to));
}

/**
 * The open intervals within [from, to), on the wall clock of `timeZone`: a span opens and closes at its times of
 * day even on a day that skips or repeats an hour for daylight saving (a time the clocks skip is read as just after
 * the gap).
 */
export function openIntervals(range: Interval, week: readonly OpeningSpan[], timeZone: string): Interval[] {
  const wall = zonedClock(timeZone);
  const out: Interval[] = [];
  const last = dayIndexOf(wall.localMs(range.to));
  for (let day = dayIndexOf(wall.localMs(range.from)) - 1; day <= last; day++) {
    const weekday = isoWeekday(weekdayOfDay(day));
    for (const span of week) {
      if (!span.days.includes(weekday)) continue;
      const start = wall.instantOf(day * DAY_MS + minutesOf(span.from) * 60_000);
      const end = wall.instantOf(day * DAY_MS + minutesOf(span.to) * 60_000);
      const from = Math.max(start, range.from);
      const to = Math.min(end, range.to);
      if (from < to) out.push({ from, to });
    }
  }
  return mergeIntervals(out);
}

/** The closed intervals (nights, weekends) within [from, to). */
export function closedIntervals(range: Interval, week: readonly OpeningSpan[], timeZone: string): Interval[] {
  const out: Interval[] = [];
  let at = range.from;
  for (const open of openIntervals(range, week, timeZone)) {
    if (open.from > at) out.push({ from: at, to: open.from });
    at = Math.max(at, open.to);
  }
  if (at < range.to) out.push({ from: at, to: range.to });
  return out;
}

/** The union of intervals, sorted, overlapping and touching ones joined. */
export function mergeIntervals(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.from - b.from);
  const merged: Interval[] = [];
  for (const i of sorted) {
    const prev = merged[merged.length - 1];
    if (prev && i.from <= prev.to) prev.to = Math.max(prev.to, i.to);
    else merged.push({ ...i });
  }
  return merged;
}

/** How many milliseconds of [from, to) fall in opening hours. */
export function openMillis(range: Interval, week: readonly OpeningSpan[], timeZone: string): number {
  return openIntervals(range, week, timeZone).reduce((sum, i) => sum + (i.to - i.from), 0);
}
