import { BadInputError } from '../errors/index.js';
import {
  addDays,
  addMonths,
  fromLocal,
  localAsUtc,
  startOfWeek,
  toLocal,
  utcAsLocal,
  type LocalDateTime,
} from '../../tariffs/index.js';

export const periodPresets = [
  'today',
  'yesterday',
  'this-week',
  'last-week',
  'this-month',
  'last-month',
  'this-year',
  'last-year',
  'last-7-days',
  'last-30-days',
] as const;
export type PeriodPreset = (typeof periodPresets)[number];

/**
 * When the calls happened: a preset relative to now (what a saved report
 * usually holds), or explicit bounds. Bounds are wall-clock readings in the
 * report's time zone (`2021-02-01`, `2021-02-01 08:30`) or instants with an
 * offset (`2021-02-01T08:30:00Z`). `from` is inclusive, `to` exclusive, except
 * that a date-only `to` includes that whole day.
 */
export interface PeriodSpec {
  preset?: PeriodPreset;
  from?: string;
  to?: string;
}

/** A resolved period in epoch seconds, `to` exclusive. */
export interface ResolvedPeriod {
  from: number;
  to: number;
}

// Report weeks begin on Monday (ISO 8601), like the trend's weekly buckets.
const MONDAY = 0;
const LOCAL_FORMAT = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;
const INSTANT_FORMAT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Turns a period into epoch-second bounds in `timeZone`; `now` anchors the presets. */
export function resolvePeriod(spec: PeriodSpec, timeZone: string, now: Date): ResolvedPeriod {
  if (spec.preset && (spec.from || spec.to))
    throw new BadInputError('give a period preset or from/to bounds, not both');
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (spec.preset) return resolvePreset(spec.preset, timeZone, nowSeconds);
  if (!spec.from && !spec.to) return resolvePreset('this-month', timeZone, nowSeconds);
  const from = spec.from ? parseBound(spec.from, timeZone, 'from') : 0;
  const to = spec.to ? parseBound(spec.to, timeZone, 'to') : nowSeconds + 1;
  if (from >= to)
    throw new BadInputError(
      `the period is empty: from ${spec.from ?? 'the beginning'} is not before to ${spec.to ?? 'now'}`,
    );
  return { from, to };
}

function parseBound(text: string, timeZone: string, which: 'from' | 'to'): number {
  const value = text.trim();
  if (INSTANT_FORMAT.test(value)) {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) throw new BadInputError(`period ${which}: "${text}" is not a valid instant`);
    return Math.floor(ms / 1000);
  }
  const m = LOCAL_FORMAT.exec(value);
  if (!m)
    throw new BadInputError(
      `period ${which}: "${text}" is not a date (YYYY-MM-DD, YYYY-MM-DD HH:mm or an ISO instant with an offset)`,
    );
  const local: LocalDateTime = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4] ?? 0),
    minute: Number(m[5] ?? 0),
    second: Number(m[6] ?? 0),
  };
  const check = utcAsLocal(localAsUtc(local));
  if (
    check.month !== local.month ||
    check.day !== local.day ||
    local.hour > 23 ||
    local.minute > 59 ||
    local.second > 59
  ) {
    throw new BadInputError(`period ${which}: "${text}" is not a real date and time`);
  }
  const dateOnly = m[4] === undefined;
  return fromLocal(dateOnly && which === 'to' ? addDays(local, 1) : local, timeZone) / 1000;
}

function resolvePreset(preset: PeriodPreset, timeZone: string, nowSeconds: number): ResolvedPeriod {
  const today = startOfDay(toLocal(nowSeconds * 1000, timeZone));
  const at = (local: LocalDateTime) => fromLocal(local, timeZone) / 1000;
  const thisWeek = startOfWeek(today, MONDAY);
  const thisMonth = { ...today, day: 1 };
  const thisYear = { ...thisMonth, month: 1 };
  switch (preset) {
    case 'today':
      return { from: at(today), to: at(addDays(today, 1)) };
    case 'yesterday':
      return { from: at(addDays(today, -1)), to: at(today) };
    case 'this-week':
      return { from: at(thisWeek), to: at(addDays(thisWeek, 7)) };
    case 'last-week':
      return { from: at(addDays(thisWeek, -7)), to: at(thisWeek) };
    case 'this-month':
      return { from: at(thisMonth), to: at(addMonths(thisMonth, 1)) };
    case 'last-month':
      return { from: at(addMonths(thisMonth, -1)), to: at(thisMonth) };
    case 'this-year':
      return { from: at(thisYear), to: at({ ...thisYear, year: thisYear.year + 1 }) };
    case 'last-year':
      return { from: at({ ...thisYear, year: thisYear.year - 1 }), to: at(thisYear) };
    case 'last-7-days':
      return { from: at(addDays(today, -6)), to: at(addDays(today, 1)) };
    case 'last-30-days':
      return { from: at(addDays(today, -29)), to: at(addDays(today, 1)) };
  }
}

function startOfDay(local: LocalDateTime): LocalDateTime {
  return { ...local, hour: 0, minute: 0, second: 0 };
}
