import { dayIndexOf, isoWeekday, minuteOfDay, weekdayOfDay } from '../tariffs/index.js';
import type { CurriPolicy, SitePolicy } from './curri-policy.js';

/** Whether an instant falls in working hours in the site's own time zone. */
export function isWithinWorkingHours(now: Date, site: SitePolicy, hours: CurriPolicy['workingHours']): boolean {
  const local = site.clock.localMs(now.getTime());
  if (!hours.days.has(isoWeekday(weekdayOfDay(dayIndexOf(local))))) return false;
  const minute = minuteOfDay(local);
  // A window ending before it starts spans midnight (e.g. 22:00–06:00 for night shifts).
  return hours.startMinute <= hours.endMinute
    ? minute >= hours.startMinute && minute < hours.endMinute
    : minute >= hours.startMinute || minute < hours.endMinute;
}
