import { IANAZone } from 'luxon';
import { BoundedMemo } from '../bounded-memo.js';

const QUARTER_HOUR_MS = 15 * 60_000;
export const DAY_MS = 86_400_000;

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
 * 1970 falls on a quarter hour of UTC). The zone database is asked (through
 * luxon) a few times per new day; every other call is a map read, so rating a
 * year of calls in any order stays cheap.
 */
export class ZonedClock {
  private readonly zone: IANAZone;
  private readonly days = new BoundedMemo<number, DayOffsets>(4096);
  // Calls come mostly in time order: the last day asked is the likeliest next.
  private lastDay = Number.NaN;
  private lastOffsets: DayOffsets = { before: 0, after: 0, changeAt: Infinity };

  constructor(readonly timeZone: string) {
    this.zone = IANAZone.create(timeZone);
    if (!this.zone.isValid) throw new RangeError(`Invalid time zone specified: ${timeZone}`);
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
    const before = this.askZone(start);
    const after = this.askZone(start + DAY_MS - QUARTER_HOUR_MS);
    if (before === after) return { before, after, changeAt: Infinity };
    // The first quarter hour with the new offset, by bisection over the day's 96.
    let low = 0;
    let high = DAY_MS / QUARTER_HOUR_MS - 1;
    while (high - low > 1) {
      const mid = (low + high) >> 1;
      if (this.askZone(start + mid * QUARTER_HOUR_MS) === before) low = mid;
      else high = mid;
    }
    return { before, after, changeAt: start + high * QUARTER_HOUR_MS };
  }

  // Luxon answers in minutes, with seconds as a fraction (local mean times before 1900 have them).
  private askZone(instant: number): number {
    return Math.round(this.zone.offset(instant) * 60) * 1000;
  }

  /** The local wall time at `epochMs`, written as if it were UTC ms (so getUTC* read local fields). */
  localMs(epochMs: number): number {
    return epochMs + this.offsetAt(epochMs);
  }

  /**
   * The instant a local wall time names. In a spring-forward gap the time is
   * read with the offset before the change (02:30 → 03:30; a whole day a zone
   * skipped reads as the start of the next day); in the autumn overlap the
   * first occurrence wins.
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

/** Whether the zone database knows the zone (an IANA name such as Europe/Rome). */
export function isTimeZone(name: string): boolean {
  // Luxon builds an Intl.DateTimeFormat to decide (milliseconds each): every report asks, so zones are asked once.
  let known = zoneNames.get(name);
  if (known === undefined) {
    known = IANAZone.isValidZone(name);
    if (zoneNames.size < 1000) zoneNames.set(name, known);
  }
  return known;
}
const zoneNames = new Map<string, boolean>();

const clocks = new Map<string, ZonedClock>();

/** The shared clock of a zone (its memo is worth keeping); throws RangeError for a zone Intl does not know. */
export function zonedClock(timeZone: string): ZonedClock {
  let clock = clocks.get(timeZone);
  if (clock === undefined) {
    clock = new ZonedClock(timeZone);
    clocks.set(timeZone, clock);
  }
  return clock;
}
