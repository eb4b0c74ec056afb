/**
 * Schedules kept in the database (user guide §2.3 "Schedule"): a start date
 * and time in an IANA time zone, every N minutes, hours, days, weeks or months
 * (wall-clock correct across DST), pause and resume, the next run shown.
 * Each schedule has a kind ('report', 'alarm', …) whose handler, registered
 * with the daemon's `Scheduler`, runs it; a run is claimed in the database
 * (unique schedule and slot, a renewed lease) so it happens once among
 * daemons and across a crash. Change schedules only through `ScheduleService`.
 */
export {
  createScheduleService,
  type Schedule,
  type ScheduleInput,
  type SchedulePatch,
  type ScheduleRun,
  type ScheduleService,
  type ScheduleServiceDeps,
} from './schedule-service.js';
export {
  createScheduler,
  type JobHandler,
  type RunOutcome,
  type ScheduledRun,
  type Scheduler,
  type SchedulerDeps,
} from './scheduler.js';
export {
  recurrenceProblem,
  recurrenceUnits,
  slotAfter,
  slotAt,
  slotAtOrAfter,
  slotAtOrBefore,
  type Recurrence,
} from './recurrence.js';
export type { RecurrenceUnit } from '../store/index.js';
