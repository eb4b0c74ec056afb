import {
  addDays,
  addMonths,
  formatLocalDate,
  startOfLocalDay,
  startOfWeek,
  toLocal,
  type LocalDate,
} from '../../tariffs/index.js';

export type PeriodKind = 'day' | 'week' | 'month';
export const periodKinds: readonly PeriodKind[] = ['day', 'week', 'month'];

export interface CalendarSettings {
  timeZone: string;
  /** 0 = Monday … 6 = Sunday. */
  weekStartsOn: number;
}

/** One budget period: [start, end) in real time, and the local day it begins on. */
export interface BudgetPeriod {
  kind: PeriodKind;
  start: Date;
  end: Date;
  /** The local calendar day the period begins on. */
  firstDay: LocalDate;
  /** Stable name: 2026-03-29 (day), 2026-03-23 (week starting that day), 2026-03 (month). */
  key: string;
}

/** The period of a kind that contains an instant, in the configured zone and week. */
export function periodContaining(at: Date, kind: PeriodKind, calendar: CalendarSettings): BudgetPeriod {
  const local = toLocal(at.getTime(), calendar.timeZone);
  let firstDay: LocalDate = { year: local.year, month: local.month, day: local.day };
  if (kind === 'week') firstDay = startOfWeek(firstDay, calendar.weekStartsOn);
  if (kind === 'month') firstDay = { ...firstDay, day: 1 };
  let period = periodStartingOn(firstDay, kind, calendar);
  // Where a DST jump skips local midnight, an instant just before the day's first
  // instant reads as that day locally: it still belongs to the period before.
  if (at.getTime() < period.start.getTime()) period = periodBefore(period, calendar);
  return period;
}

export function periodStartingOn(firstDay: LocalDate, kind: PeriodKind, calendar: CalendarSettings): BudgetPeriod {
  const nextDay =
    kind === 'day' ? addDays(firstDay, 1) : kind === 'week' ? addDays(firstDay, 7) : addMonths(firstDay, 1);
  return {
    kind,
    start: new Date(startOfLocalDay(firstDay, calendar.timeZone)),
    end: new Date(startOfLocalDay(nextDay, calendar.timeZone)),
    firstDay,
    key: kind === 'month' ? formatLocalDate(firstDay).slice(0, 7) : formatLocalDate(firstDay),
  };
}

/** The next period; a day the zone skipped (an empty span) is passed over. */
export function periodAfter(period: BudgetPeriod, calendar: CalendarSettings): BudgetPeriod {
  const next = periodNextTo(period, calendar);
  return isEmpty(next) ? periodNextTo(next, calendar) : next;
}

/** The previous period; a day the zone skipped (an empty span) is passed over. */
export function periodBefore(period: BudgetPeriod, calendar: CalendarSettings): BudgetPeriod {
  const previous = periodPreviousTo(period, calendar);
  return isEmpty(previous) ? periodPreviousTo(previous, calendar) : previous;
}

function isEmpty(period: BudgetPeriod): boolean {
  return period.end.getTime() <= period.start.getTime();
}

function periodNextTo(period: BudgetPeriod, calendar: CalendarSettings): BudgetPeriod {
  const next =
    period.kind === 'day'
      ? addDays(period.firstDay, 1)
      : period.kind === 'week'
        ? addDays(period.firstDay, 7)
        : addMonths(period.firstDay, 1);
  return periodStartingOn(next, period.kind, calendar);
}

function periodPreviousTo(period: BudgetPeriod, calendar: CalendarSettings): BudgetPeriod {
  const prev =
    period.kind === 'day'
      ? addDays(period.firstDay, -1)
      : period.kind === 'week'
        ? addDays(period.firstDay, -7)
        : addMonths(period.firstDay, -1);
  return periodStartingOn(prev, period.kind, calendar);
}
