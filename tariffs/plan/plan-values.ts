import { parseScaledDecimal } from '../money/money-units.js';
import { isTimeZone, zonedClock } from '../zoned-time/zoned-clock.js';
import type { ProblemList } from './problem-list.js';
import type { PathKey } from './yaml-locator.js';

/** A non-negative decimal as an integer scaled by 10^scale; a problem (and undefined) otherwise. */
export function parseAmount(
  text: string,
  scale: number,
  max: number,
  path: readonly PathKey[],
  problems: ProblemList,
): number | undefined {
  const value = parseScaledDecimal(text, scale, max);
  if (typeof value === 'number') return value;
  problems.at(path, value.error);
  return undefined;
}

const MAX_INCREMENT = 3600;

/** "60/60", "30/6", "1/1", or "60" (= 60/60): initial and subsequent billing increments in seconds. */
export function parseIncrements(
  text: string,
  path: readonly PathKey[],
  problems: ProblemList,
): { initial: number; subsequent: number } | undefined {
  const match = /^\s*([0-9]+)\s*(?:\/\s*([0-9]+)\s*)?$/.exec(text);
  const initial = match ? Number(match[1]) : NaN;
  const subsequent = match ? Number(match[2] ?? match[1]) : NaN;
  if (!(initial >= 1 && initial <= MAX_INCREMENT && subsequent >= 1 && subsequent <= MAX_INCREMENT)) {
    problems.at(path, `"${text}" is not initial/subsequent seconds, each 1–${MAX_INCREMENT} (e.g. 60/60, 30/6, 1/1)`);
    return undefined;
  }
  return { initial, subsequent };
}

/** "2025-12-25" (one day) or "12-25" (every year). */
export function parseHoliday(text: string): { day: number } | { yearly: number } | undefined {
  const full = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(text.trim());
  if (full !== null) {
    const [y, m, d] = [Number(full[1]), Number(full[2]), Number(full[3])];
    const ms = Date.UTC(y, m - 1, d);
    const check = new Date(ms);
    if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return undefined;
    return { day: ms / 86_400_000 };
  }
  const yearly = /^([0-9]{2})-([0-9]{2})$/.exec(text.trim());
  if (yearly !== null) {
    const [m, d] = [Number(yearly[1]), Number(yearly[2])];
    const check = new Date(Date.UTC(2024, m - 1, d));
    if (check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) return undefined;
    return { yearly: m * 100 + d };
  }
  return undefined;
}

/**
 * An effective date: "2025-01-01" (local midnight in the plan's zone),
 * "2025-01-01T08:00" (local), or with Z / an offset. Returns epoch ms.
 */
export function parseEffectiveDate(text: string, instantOfLocal: (localMs: number) => number): number | undefined {
  const match =
    /^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ]([0-9]{2}):([0-9]{2})(?::([0-9]{2}))?(Z|[+-][0-9]{2}:[0-9]{2})?)?$/.exec(
      text.trim(),
    );
  if (match === null) return undefined;
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(match[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const local = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(local);
  if (
    check.getUTCFullYear() !== y ||
    check.getUTCMonth() !== mo - 1 ||
    check.getUTCDate() !== d ||
    h > 23 ||
    mi > 59 ||
    s > 59
  )
    return undefined;
  const zone = match[7];
  if (zone === undefined) return instantOfLocal(local);
  if (zone === 'Z') return local;
  const sign = zone.startsWith('-') ? -1 : 1;
  return local - sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
}

/**
 * "2025-03-03T10:00" read as wall time in `timeZone` (or with its own Z /
 * offset, or a bare date for midnight). Undefined when it is not such a date
 * or the zone is unknown.
 */
export function parseDateTimeIn(text: string, timeZone: string): Date | undefined {
  if (!isTimeZone(timeZone)) return undefined;
  const clock = zonedClock(timeZone);
  const ms = parseEffectiveDate(text, (local) => clock.instantOf(local));
  return ms === undefined ? undefined : new Date(ms);
}
