import { BoundedMemo } from './bounded-memo.js';

const QUARTER_HOUR_MS = 15 * 60_000;
const DAY_MS = 86_400_000;

/**
 * UTC offsets of one IANA time zone, memoised per quarter hour: every
 * transition since 1970 falls on a quarter-hour boundary of UTC, so the offset
 * is constant inside each bucket. Intl is asked once per bucket (about a
 * microsecond); every other call is a map read.
 */
export class ZonedClock {
  private readonly format: Intl.DateTimeFormat;
  private readonly offsets = new BoundedMemo<number, number>(4096);

  constructor(readonly timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** Local time minus UTC at `epochMs`, in ms (+3_600_000 for Rome in winter). */
  offsetAt(epochMs: number): number {
    const bucket = Math.floor(epochMs / QUARTER_HOUR_MS);
    const hit = this.offsets.get(bucket);
    if (hit !== undefined) return hit;
    const start = bucket * QUARTER_HOUR_MS;
    const parts = this.format.formatToParts(new Date(start));
    const field = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
    const local = Date.UTC(field('year'), field('month') - 1, field('day'), field('hour'), field('minute'), field('second'));
    const offset = local - start;
    this.offsets.set(bucket, offset);
    return offset;
  }

  /** The local wall time at `epochMs`, written as if it were UTC ms (so getUTC* read local fields). */
  localMs(epochMs: number): number {
    return epochMs + this.offsetAt(epochMs);
  }

  /**
   * The instant a local wall time names. In a spring-forward gap the time is
   * read with the offset before the change (02:30 → 03:30); in the autumn
   * overlap the first occurrence wins.
   */
  instantOf(localMs: number): number {
    const before = this.offsetAt(localMs - DAY_MS);
    const after = this.offsetAt(localMs + DAY_MS);
    const first = localMs - before;
    if (this.offsetAt(first) === before) return first;
    const second = localMs - after;
    return this.offsetAt(second) === after ? second : first;
  }
}

/** Whether Intl knows the zone. */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Days since 1970-01-01 of a local-ms value, and its parts (0 = Sunday). */
export function dayIndexOf(localMs: number): number {
  return Math.floor(localMs / DAY_MS);
}

export function weekdayOf(dayIndex: number): number {
  return (((dayIndex + 4) % 7) + 7) % 7;
}

export function minuteOfDay(localMs: number): number {
  return Math.floor((localMs - dayIndexOf(localMs) * DAY_MS) / 60_000);
}

export { DAY_MS };
