import {
  addDays,
  addMonths,
  fromLocal,
  isTimeZone,
  parseLocalDate,
  toLocal,
  type LocalDateTime,
} from '../../tariffs/index.js';
import type { RecurrenceUnit } from '../store/index.js';

/** When a schedule runs: from a local start date and time in an IANA zone, every N units. */
export interface Recurrence {
  /** 'YYYY-MM-DDTHH:mm', wall-clock time in `timeZone`. */
  startLocal: string;
  timeZone: string;
  every: number;
  unit: RecurrenceUnit;
}

export const recurrenceUnits: readonly RecurrenceUnit[] = ['minutes', 'hours', 'days', 'weeks', 'months'];

const START_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const MINUTE = 60_000;

/** Why a recurrence cannot be used, or null. */
export function recurrenceProblem(r: Recurrence): string | null {
  if (startOf(r) === null) return `start must be a local date and time YYYY-MM-DDTHH:mm, not "${r.startLocal}"`;
  if (!isTimeZone(r.timeZone)) return `unknown time zone "${r.timeZone}"`;
  if (!Number.isInteger(r.every) || r.every < 1 || r.every > 1000)
    return `every must be a whole number from 1 to 1000, not ${r.every}`;
  if (!recurrenceUnits.includes(r.unit)) return `unit must be one of ${recurrenceUnits.join(', ')}`;
  return null;
}

/**
 * The k-th slot (k ≥ 0) as epoch ms. Minutes and hours count elapsed time from
 * the start instant; days, weeks and months keep the wall-clock time in the
 * zone, each slot computed from the start (so a slot moved by a DST gap does
 * not drag the next ones, and the 31st stays the 31st in months that have it).
 * A wall-clock time that does not exist (spring forward) runs just after the
 * gap; one that occurs twice (fall back) runs at its first occurrence.
 */
export function slotAt(r: Recurrence, k: number): number {
  if (r.unit === 'minutes' || r.unit === 'hours') {
    const unitMs = r.unit === 'minutes' ? MINUTE : 60 * MINUTE;
    return startInstant(r) + k * r.every * unitMs;
  }
  const start = startOf(r) as LocalDateTime;
  const n = k * r.every;
  const local = r.unit === 'months' ? addMonths(start, n) : addDays(start, r.unit === 'weeks' ? 7 * n : n);
  return fromLocal(local, r.timeZone);
}

/** The latest slot at or before `t`, or null when the first slot is after `t`. */
export function slotAtOrBefore(r: Recurrence, t: number): number | null {
  const k = indexAtOrBefore(r, t);
  return k < 0 ? null : slotAt(r, k);
}

/** The first slot strictly after `t`. */
export function slotAfter(r: Recurrence, t: number): number {
  return slotAt(r, indexAtOrBefore(r, t) + 1);
}

/** The first slot at or after `t`. */
export function slotAtOrAfter(r: Recurrence, t: number): number {
  const k = indexAtOrBefore(r, t);
  if (k >= 0 && slotAt(r, k) === t) return t;
  return slotAt(r, k + 1);
}

/** The slot a schedule is waiting for after a run at `t` (or on creation/resume at `t`): the first one after `t`. */
function indexAtOrBefore(r: Recurrence, t: number): number {
  const start = slotAt(r, 0);
  if (t < start) return -1;
  let k = Math.floor((t - start) / approximatePeriodMs(r));
  if (r.unit === 'months') {
    const a = startOf(r) as LocalDateTime;
    const b = toLocal(t, r.timeZone);
    k = Math.floor(((b.year - a.year) * 12 + (b.month - a.month)) / r.every);
  }
  k = Math.max(0, k);
  while (k > 0 && slotAt(r, k) > t) k--;
  while (slotAt(r, k + 1) <= t) k++;
  return k;
}

function approximatePeriodMs(r: Recurrence): number {
  const unitMs = {
    minutes: MINUTE,
    hours: 60 * MINUTE,
    days: 1440 * MINUTE,
    weeks: 7 * 1440 * MINUTE,
    months: 30 * 1440 * MINUTE,
  }[r.unit];
  return unitMs * r.every;
}

function startInstant(r: Recurrence): number {
  return fromLocal(startOf(r) as LocalDateTime, r.timeZone);
}

/** The start's wall-clock fields, or null when `startLocal` is not a real local date and time. */
function startOf(r: Recurrence): LocalDateTime | null {
  const m = START_PATTERN.exec(r.startLocal);
  const date = m ? parseLocalDate(`${m[1]}-${m[2]}-${m[3]}`) : null;
  if (!m || !date) return null;
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  return hour < 24 && minute < 60 ? { ...date, hour, minute, second: 0 } : null;
}
