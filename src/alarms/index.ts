/**
 * Alarms (user guide §2.4, issue 17): the eight alarms of the guide and the
 * toll-fraud ones, each with its settings and a recurrence, evaluated through
 * the report engine in the owner's scope; an e-mail (HTML and text, in the
 * recipient's language, numbers masked for the recipient's role) only when
 * there is something to report, optionally a signed webhook; a kept history.
 */
export { createAlarms, type Alarms, type AlarmsDeps } from './create-alarms.js';
export { alarmHistoryCsv, type AlarmService, type AlarmSchedules, type AlarmListing } from './alarm-service.js';
export type { Alarm, AlarmRun } from './alarm-store.js';
export { schedulerAlarmSchedules, registerAlarmHandler, ALARM_SCHEDULE_KIND } from './scheduler-alarm-schedules.js';
export type { AlarmRunOutcome } from './alarm-runner.js';
export {
  alarmKinds,
  eventKinds,
  alarmDraftSchema,
  recurrenceUnits,
  type AlarmKind,
  type AlarmDraft,
  type AlarmDraftInput,
  type AlarmRecipient,
  type Recurrence,
} from './alarm-kinds.js';
export { openingHoursSchema, type OpeningHours, type OpeningSpan } from './opening-hours.js';
/** The webhook signature header and how to compute it (receivers verify with the shared secret). */
export { SIGNATURE_HEADER, signBody } from './send-webhook.js';
