import { EXPANDED_FROM_DAY, EXPANDED_TO_DAY, NO_BAND, type TariffPlan } from '../plan/tariff-plan.js';
import { weekdayOfDay } from '../zoned-time/calendar.js';

const MINUTES_PER_DAY = 1440;

/** Month × 100 + day of a day index (days since 1970-01-01), by integer arithmetic (H. Hinnant's civil_from_days). */
export function monthDayOf(dayIndex: number): number {
  const z = dayIndex + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return month * 100 + day;
}

export function isHoliday(plan: TariffPlan, dayIndex: number): boolean {
  const { days, yearly, expanded } = plan.holidays;
  if (dayIndex >= EXPANDED_FROM_DAY && dayIndex < EXPANDED_TO_DAY) return expanded.size > 0 && expanded.has(dayIndex);
  if (days.size > 0 && days.has(dayIndex)) return true;
  return yearly.size > 0 && yearly.has(monthDayOf(dayIndex));
}

/** The band index in force at a minute of a local day: a holiday band where one covers it, else the week's. */
export function bandAt(plan: TariffPlan, dayIndex: number, minute: number, holiday: boolean): number {
  if (holiday) {
    const band = plan.lookup.holidayBands[minute] as number;
    if (band !== NO_BAND) return band;
  }
  return plan.lookup.weekBands[weekdayOfDay(dayIndex) * MINUTES_PER_DAY + minute] as number;
}

/** The first minute after `minute` (same local day) where the band changes, or 1440. */
export function bandRunEnd(plan: TariffPlan, dayIndex: number, minute: number, holiday: boolean): number {
  if (!holiday) return plan.lookup.weekRunEnds[weekdayOfDay(dayIndex) * MINUTES_PER_DAY + minute] as number;
  const band = bandAt(plan, dayIndex, minute, true);
  let next = minute + 1;
  while (next < MINUTES_PER_DAY && bandAt(plan, dayIndex, next, true) === band) next++;
  return next;
}
