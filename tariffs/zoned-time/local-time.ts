import { localAsUtc, utcAsLocal, type LocalDate, type LocalDateTime } from './calendar.js';
import { DAY_MS, zonedClock } from './zoned-clock.js';

/** A stretch of time over which a zone's UTC offset is constant: from `start` (epoch ms) on, local = utc + offset. */
export interface OffsetSegment {
  start: number;
  offsetMs: number;
}

/** Local time minus UTC in `timeZone` at an instant (epoch ms), in ms; east positive. */
export function offsetAt(epochMs: number, timeZone: string): number {
  return zonedClock(timeZone).offsetAt(epochMs);
}

/** The wall-clock reading in `timeZone` at an instant (epoch ms). */
export function toLocal(epochMs: number, timeZone: string): LocalDateTime {
  return utcAsLocal(zonedClock(timeZone).localMs(epochMs));
}

/**
 * The instant (epoch ms) a wall-clock reading names in `timeZone` (a date alone
 * is its midnight). A reading that occurs twice (clocks going back) names the
 * earlier instant; one that never occurs (clocks going forward) is read with
 * the offset before the gap, so it lands as far after the gap's end as it was
 * into the gap (02:30 → 03:30).
 */
export function fromLocal(local: LocalDate & Partial<LocalDateTime>, timeZone: string): number {
  return zonedClock(timeZone).instantOf(localAsUtc(local));
}

/**
 * The first instant (epoch ms) of a local calendar day. Usually local
 * midnight; where a clock change skips midnight (00:00 → 01:00) it is the
 * instant of the jump, where midnight happens twice the first of the two, and
 * for a day the zone skipped altogether (Samoa went from 29 to 31 December
 * 2011) the start of the next day, so the skipped day is an empty span.
 */
export function startOfLocalDay(date: LocalDate, timeZone: string): number {
  return fromLocal({ year: date.year, month: date.month, day: date.day }, timeZone);
}

/**
 * The UTC-offset segments of `timeZone` covering [from, to) (epoch ms): one
 * segment when no clock change falls inside, one more per change.
 */
export function offsetSegments(from: number, to: number, timeZone: string): OffsetSegment[] {
  const clock = zonedClock(timeZone);
  const segments: OffsetSegment[] = [{ start: from, offsetMs: clock.offsetAt(from) }];
  for (let t = from; t < to; t += DAY_MS) {
    const current = segments[segments.length - 1]!.offsetMs;
    const next = Math.min(t + DAY_MS, to);
    if (clock.offsetAt(next) === current) continue;
    // Changes fall on whole seconds (on quarter hours since 1970): bisect to the second.
    let lo = t;
    let hi = next;
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (clock.offsetAt(mid) === current) lo = mid;
      else hi = mid;
    }
    if (hi < to) segments.push({ start: hi, offsetMs: clock.offsetAt(hi) });
  }
  return segments;
}
