import { BadInputError } from '../errors/index.js';
import type { TrendInterval } from './report-options-schema.js';
import type { ResolvedPeriod } from './resolve-period.js';
import {
  EPOCH_WEEKDAY,
  formatLocal,
  formatLocalDate,
  fromLocal,
  offsetSegments,
  zonedClock,
  localAsUtc,
  utcAsLocal,
} from '../../tariffs/index.js';

/** A stretch of time with one UTC offset, in the calls' epoch seconds: from `start` on, local = utc + offset. */
interface OffsetSegment {
  start: number;
  offsetSeconds: number;
}

/** One bar of a trend: its key (as the SQL computes it), its label in local time, and the instant it starts. */
export interface TrendBucket {
  key: number;
  label: string;
  start: number;
}

export interface TrendBucketing {
  /** SQL over `c` giving each call's bucket key. */
  sql: string;
  /** Every bucket of the period in order, so empty ones show as zero. */
  buckets: TrendBucket[];
  /**
   * Every bucket starts and ends on a whole UTC hour (the zone's offsets and clock changes are whole hours): the
   * calls of one hour share a bucket, so hourly call summaries bucket as the calls do.
   */
  hourAligned: boolean;
}

const HOUR = 3600;
const DAY = 86_400;
// Days since 1970 shifted by the weekday 1970-01-01 had make weeks start on Monday.
const MONDAY_SHIFT = EPOCH_WEEKDAY;
const MAX_BUCKETS = 20_000;

/**
 * Buckets calls by hour, day, week (from Monday) or month of the wall clock
 * in `timeZone`. The SQL adds the zone's offset to each start, switching at
 * each clock change inside the period, so SQLite (which knows no zones) and
 * PostgreSQL bucket alike. The repeated hour when clocks go back is one bucket;
 * the hour that never happens when they go forward has none.
 */
export function trendBuckets(interval: TrendInterval, period: ResolvedPeriod, timeZone: string): TrendBucketing {
  const segments = offsetSegments(period.from * 1000, period.to * 1000, timeZone).map((s) => ({
    start: s.start / 1000,
    offsetSeconds: s.offsetMs / 1000,
  }));
  const localFrom = localEpoch(period.from, timeZone);
  const localLast = localEpoch(period.to - 1, timeZone);
  const hourAligned = segments.every((s) => s.start % HOUR === 0 && s.offsetSeconds % HOUR === 0);
  if (interval === 'month') return { ...monthBuckets(timeZone, segments, localFrom, localLast), hourAligned };
  const spanDays = (localLast - localFrom) / DAY;
  if (interval === 'hour' ? spanDays > MAX_BUCKETS / 24 : spanDays > MAX_BUCKETS) {
    throw new BadInputError(
      `a trend by ${interval} over this period has more than ${MAX_BUCKETS} points: choose a longer ` +
        `interval or a shorter period`,
    );
  }

  const local = localSql(segments);
  const size = interval === 'hour' ? HOUR : DAY;
  const keyOf = (localSeconds: number) =>
    interval === 'week'
      ? Math.floor((Math.floor(localSeconds / DAY) + MONDAY_SHIFT) / 7)
      : Math.floor(localSeconds / size);
  const sql = interval === 'week' ? `((${local}) / ${DAY} + ${MONDAY_SHIFT}) / 7` : `(${local}) / ${size}`;
  const startOf = (key: number) => (interval === 'week' ? (key * 7 - MONDAY_SHIFT) * DAY : key * size);

  const buckets: TrendBucket[] = [];
  for (let key = keyOf(localFrom); key <= keyOf(localLast); key++) {
    const wall = startOf(key);
    const start =
      instantOf(wall, segments) ?? (interval === 'hour' ? null : fromLocal(utcAsLocal(wall * 1000), timeZone) / 1000);
    if (start === null) continue;
    buckets.push({
      key,
      label: interval === 'hour' ? formatLocal(utcAsLocal(wall * 1000)) : formatLocalDate(utcAsLocal(wall * 1000)),
      start,
    });
  }
  return { sql, buckets, hourAligned };
}

/**
 * The first instant whose wall clock reads `wall` (a "local epoch"), from the
 * period's offset segments alone (no time-zone lookups per bucket); null for
 * a reading the clocks skip. The first and last segments reach beyond the
 * period, for buckets that start before it or end after it.
 */
function instantOf(wall: number, segments: OffsetSegment[]): number | null {
  for (let i = 0; i < segments.length; i++) {
    const t = wall - segments[i]!.offsetSeconds;
    const after = i === 0 || t >= segments[i]!.start;
    const before = i === segments.length - 1 || t < segments[i + 1]!.start;
    if (after && before) return t;
  }
  return null;
}

function monthBuckets(
  timeZone: string,
  segments: OffsetSegment[],
  localFrom: number,
  localLast: number,
): Omit<TrendBucketing, 'hourAligned'> {
  const monthIndex = (localSeconds: number) => {
    const d = utcAsLocal(localSeconds * 1000);
    return d.year * 12 + d.month - 1;
  };
  const buckets: TrendBucket[] = [];
  for (let key = monthIndex(localFrom); key <= monthIndex(localLast); key++) {
    const wall = { year: Math.floor(key / 12), month: (key % 12) + 1, day: 1, hour: 0, minute: 0, second: 0 };
    buckets.push({
      key,
      label: formatLocalDate(wall).slice(0, 7),
      start: instantOf(localAsUtc(wall) / 1000, segments) ?? fromLocal(wall, timeZone) / 1000,
    });
  }
  // Few months per report: a CASE over the month boundaries is exact and needs no date functions.
  const whens = buckets.slice(1).map((b, i) => `WHEN c.started_at < ${Math.trunc(b.start)} THEN ${buckets[i]!.key}`);
  const last = buckets[buckets.length - 1]!.key;
  const sql = whens.length ? `CASE ${whens.join(' ')} ELSE ${last} END` : String(last);
  return { sql, buckets };
}

function localEpoch(epochSeconds: number, timeZone: string): number {
  return Math.floor(zonedClock(timeZone).localMs(Math.floor(epochSeconds) * 1000) / 1000);
}

/** Each call's start as a "local epoch" (wall clock read as UTC), offsets inlined as integers. */
function localSql(segments: OffsetSegment[]): string {
  if (segments.length === 1) return `c.started_at + ${Math.trunc(segments[0]!.offsetSeconds)}`;
  const whens = segments
    .slice(1)
    .map((s, i) => `WHEN c.started_at < ${Math.trunc(s.start)} THEN ${Math.trunc(segments[i]!.offsetSeconds)}`);
  return `c.started_at + CASE ${whens.join(' ')} ELSE ${Math.trunc(segments[segments.length - 1]!.offsetSeconds)} END`;
}
