import { isTimeZone, ZonedClock } from '../../tariffs/index.js';
import { BadInputError } from '../errors/index.js';

/** A wall-clock reading in some time zone; month 1–12. */
export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** A stretch of time over which a zone's UTC offset is constant: from `start` (epoch s) on, local = utc + offset. */
export interface OffsetSegment {
  start: number;
  offsetSeconds: number;
}

const clocks = new Map<string, ZonedClock>();

/** The tariffs module's memoised zone offsets (Intl asked a few times per UTC day), one per zone. */
function clockFor(timeZone: string): ZonedClock {
  let clock = clocks.get(timeZone);
  if (!clock) {
    if (!isTimeZone(timeZone))
      throw new BadInputError(
        `unknown time zone "${timeZone}" (use an IANA name such as Europe/Rome or America/New_York)`,
      );
    clock = new ZonedClock(timeZone);
    clocks.set(timeZone, clock);
  }
  return clock;
}

/** Throws BadInputError unless the runtime knows this IANA zone. */
export function assertTimeZone(timeZone: string): void {
  clockFor(timeZone);
}

/** Seconds east of UTC that `timeZone` is at an instant (epoch seconds). */
export function offsetAt(epochSeconds: number, timeZone: string): number {
  return Math.round(clockFor(timeZone).offsetAt(Math.floor(epochSeconds) * 1000) / 1000);
}

/** The wall-clock reading in `timeZone` at an instant (epoch seconds). */
export function toLocal(epochSeconds: number, timeZone: string): LocalDateTime {
  const whole = Math.floor(epochSeconds);
  return utcAsLocal(whole + offsetAt(whole, timeZone));
}

/** A wall-clock reading read as if it were UTC, in epoch seconds (the "local epoch"). */
export function localAsUtc(local: LocalDateTime): number {
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second) / 1000;
}

/** The wall-clock reading of a "local epoch" value (see localAsUtc). */
export function utcAsLocal(localEpoch: number): LocalDateTime {
  const d = new Date(localEpoch * 1000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
  };
}

/**
 * The instant a wall-clock reading names in `timeZone`. A reading that occurs
 * twice (clocks going back) names the earlier instant; one that never occurs
 * (clocks going forward) names the instant the gap ends at, shifted by the gap.
 */
export function fromLocal(local: LocalDateTime, timeZone: string): number {
  const asUtc = localAsUtc(local);
  const before = offsetAt(asUtc - 86_400, timeZone);
  const after = offsetAt(asUtc + 86_400, timeZone);
  const valid = [asUtc - before, asUtc - after].filter((t) => offsetAt(t, timeZone) === asUtc - t);
  return valid.length ? Math.min(...valid) : asUtc - before;
}

/**
 * The UTC-offset segments of `timeZone` covering [from, to): one segment when
 * no clock change falls inside, one more per change. Found by stepping a day at
 * a time and bisecting to the second at each change.
 */
export function offsetSegments(from: number, to: number, timeZone: string): OffsetSegment[] {
  const segments: OffsetSegment[] = [{ start: from, offsetSeconds: offsetAt(from, timeZone) }];
  const step = 86_400;
  for (let t = from; t < to; t += step) {
    const current = segments[segments.length - 1]!.offsetSeconds;
    const next = Math.min(t + step, to);
    if (offsetAt(next, timeZone) === current) continue;
    let lo = t;
    let hi = next;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (offsetAt(mid, timeZone) === current) lo = mid;
      else hi = mid;
    }
    if (hi < to) segments.push({ start: hi, offsetSeconds: offsetAt(hi, timeZone) });
  }
  return segments;
}

/** `YYYY-MM-DD HH:mm` of a wall-clock reading (seconds shown only when not zero). */
export function formatLocal(local: LocalDateTime, withTime = true): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const date = `${p(local.year, 4)}-${p(local.month)}-${p(local.day)}`;
  if (!withTime) return date;
  return `${date} ${p(local.hour)}:${p(local.minute)}${local.second ? `:${p(local.second)}` : ''}`;
}
