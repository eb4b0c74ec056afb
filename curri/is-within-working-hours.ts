import type { CurriPolicy, SitePolicy } from './curri-policy.js';

const isoWeekday: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** Whether an instant falls in working hours in the site's own time zone. */
export function isWithinWorkingHours(now: Date, site: SitePolicy, hours: CurriPolicy['workingHours']): boolean {
  let weekday = 0;
  let minute = 0;
  for (const part of site.localTime.formatToParts(now)) {
    if (part.type === 'weekday') weekday = isoWeekday[part.value] ?? 0;
    else if (part.type === 'hour') minute += Number(part.value) * 60;
    else if (part.type === 'minute') minute += Number(part.value);
  }
  if (!hours.days.has(weekday)) return false;
  // A window ending before it starts spans midnight (e.g. 22:00–06:00 for night shifts).
  return hours.startMinute <= hours.endMinute
    ? minute >= hours.startMinute && minute < hours.endMinute
    : minute >= hours.startMinute || minute < hours.endMinute;
}
