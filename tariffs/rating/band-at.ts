import { NO_BAND, type TariffPlan } from '../plan/tariff-plan.js';
import { DAY_MS, weekdayOf } from '../zoned-time.js';

const MINUTES_PER_DAY = 1440;

export function isHoliday(plan: TariffPlan, dayIndex: number): boolean {
  const { days, yearly } = plan.holidays;
  if (days.size > 0 && days.has(dayIndex)) return true;
  if (yearly.size === 0) return false;
  const date = new Date(dayIndex * DAY_MS);
  return yearly.has((date.getUTCMonth() + 1) * 100 + date.getUTCDate());
}

/** The band index in force at a minute of a local day: a holiday band where one covers it, else the week's. */
export function bandAt(plan: TariffPlan, dayIndex: number, minute: number, holiday: boolean): number {
  if (holiday) {
    const band = plan.lookup.holidayBands[minute] as number;
    if (band !== NO_BAND) return band;
  }
  return plan.lookup.weekBands[weekdayOf(dayIndex) * MINUTES_PER_DAY + minute] as number;
}

/** The first minute after `minute` (same local day) where the band changes, or 1440. */
export function bandRunEnd(plan: TariffPlan, dayIndex: number, minute: number, holiday: boolean): number {
  const band = bandAt(plan, dayIndex, minute, holiday);
  let next = minute + 1;
  while (next < MINUTES_PER_DAY && bandAt(plan, dayIndex, next, holiday) === band) next++;
  return next;
}
