import type { RecurrenceUnit } from '../../scheduler/index.js';
import type { PageContext } from '../page-context.js';

/** The catalogue keys of a recurrence's interval, spelled out so that each key is found in the code. */
const everyKeys: Record<RecurrenceUnit, string> = {
  minutes: 'every.minutes',
  hours: 'every.hours',
  days: 'every.days',
  weeks: 'every.weeks',
  months: 'every.months',
};

/** "every hour", "every 2 weeks", "كل ساعتين": a schedule's interval with the language's plural forms. */
export function everyInterval(t: PageContext['t'], recurrence: { every: number; unit: RecurrenceUnit }): string {
  return t(everyKeys[recurrence.unit], { count: recurrence.every });
}
