import type { ScheduleService, Scheduler } from '../scheduler/index.js';
import type { AlarmSchedules, AlarmService } from './alarm-service.js';

/** The scheduler's kind for alarms; a schedule's payload is `{ alarmId }`. */
export const ALARM_SCHEDULE_KIND = 'alarm';

/**
 * Alarms' schedules kept by the scheduler (one per scheduled alarm): the scheduler claims each run once across
 * daemons.
 */
export function schedulerAlarmSchedules(schedules: ScheduleService, runner: Pick<Scheduler, 'runNow'>): AlarmSchedules {
  const recurrence = (r: {
    startLocal: string;
    timeZone: string;
    every: number;
    unit: 'minutes' | 'hours' | 'days' | 'weeks' | 'months';
  }) => ({
    startLocal: r.startLocal,
    timeZone: r.timeZone,
    every: r.every,
    unit: r.unit,
  });
  return {
    async create(input) {
      const schedule = await schedules.create({
        owner: input.owner,
        kind: ALARM_SCHEDULE_KIND,
        description: input.description,
        payload: { alarmId: input.alarmId },
        recurrence: recurrence(input.recurrence),
        paused: input.paused,
      });
      return schedule.id;
    },
    async update(id, change) {
      await schedules.update(id, {
        description: change.description,
        recurrence: recurrence(change.recurrence),
        paused: change.paused,
      });
    },
    remove: (id) => schedules.remove(id),
    async nextRuns(ids) {
      const found = await Promise.all(
        ids.map(async (id) => [id, (await schedules.get(id))?.nextRunAt ?? null] as const),
      );
      return new Map(found);
    },
    async runNow(id) {
      const outcome = await runner.runNow(id);
      return { result: outcome.result, message: outcome.message ?? '' };
    },
  };
}

/** Registers the handler of alarm schedules with the daemon's scheduler. */
export function registerAlarmHandler(
  scheduler: Pick<Scheduler, 'register'>,
  alarms: Pick<AlarmService, 'runScheduled'>,
): void {
  scheduler.register(ALARM_SCHEDULE_KIND, async (run) => {
    const { alarmId } = run.schedule.payload as { alarmId: number };
    return alarms.runScheduled(alarmId, run.slotAt, run.manual, run.dedupeKey);
  });
}
