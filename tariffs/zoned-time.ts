import { BoundedMemo } from './bounded-memo.js';

const QUARTER_HOUR_MS = 15 * 60_000;
const DAY_MS = 86_400_000;

/** A UTC day's offsets: one, or the offset before and after its one change. */
interface DayOffsets {
  before: number;
  after: number;
  /** First instant (ms) with `after`; Infinity when the day has no change. */
  changeAt: number;
}

/**
 * UTC offsets of one IANA time zone, memoised per UTC day. A day whose
 * first and last quarter hour share an offset has it throughout; otherwise
 * its change is found by bisection over quarter hours (every change since
 * 1970 falls on a quarter hour of UTC). Intl is asked a few times per new day;
 * every other call is a map read, so rating a year of calls in any order
 * stays cheap.
 */
export class ZonedClock {
  private readonly format: Intl.DateTimeFormat;
  private readonly days = new BoundedMemo<number, DayOffsets>(4096);
  // Calls come mostly in time order: the last day asked is the likeliest next.
  private lastDay = Number.NaN;
  private lastOffsets: DayOffsets = { before: 0, after: 0, changeAt: Infinity };

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
    const day = Math.floor(epochMs / DAY_MS);
    let offsets = this.lastOffsets;
    if (day !== this.lastDay) {
      const known = this.days.get(day);
      offsets = known ?? this.offsetsOfDay(day);
      if (known === undefined) this.days.set(day, offsets);
      this.lastDay = day;
      this.lastOffsets = offsets;
    }
    return epochMs < offsets.changeAt ? offsets.before : offsets.after;
  }

  private offsetsOfDay(day: number): DayOffsets {
    const start = day * DAY_MS;
    const before = this.askIntl(start);
    const after = this.askIntl(start + DAY_MS - QUARTER_HOUR_MS);
    if (before === after) return { before, after, changeAt: Infinity };
    // The first quarter hour with the new offset, by bisection over the day's 96.
    let low = 0;
    let high = DAY_MS / QUARTER_HOUR_MS - 1;
    while (high - low > 1) {
      const mid = (low + high) >> 1;
      if (this.askIntl(start + mid * QUARTER_HOUR_MS) === before) low = mid;
      else high = mid;
    }
    return { before, after, changeAt: start + high * QUARTER_HOUR_MS };
  }

  private askIntl(instant: number): number {
    const parts = this.format.formatToParts(new Date(instant));
    const field = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
    const local = Date.UTC(
      field('year'),
      field('month') - 1,
      field('day'),
      field('hour'),
      field('minute'),
      field('second'),
    );
    return local - instant;
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
