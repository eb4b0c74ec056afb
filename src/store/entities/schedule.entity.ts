import { EntitySchema } from 'typeorm';
import { bigintAsNumber } from '../epoch-transformer.js';

/** The calendar units a schedule repeats in: minutes and hours are elapsed time, days to months are wall-clock. */
export type RecurrenceUnit = 'minutes' | 'hours' | 'days' | 'weeks' | 'months';

/**
 * A job that runs on a recurrence (user guide §2.3 "Schedule"): its kind names
 * the handler (a scheduled report, an alarm), its payload is that kind's JSON.
 * Instants are epoch ms; `nextRunAt` is null while paused.
 */
export interface ScheduleRow {
  id: number;
  owner: string;
  kind: string;
  description: string;
  payload: string;
  /** Local date and time of the first run in `timeZone`, 'YYYY-MM-DDTHH:mm'. */
  startLocal: string;
  timeZone: string;
  every: number;
  unit: RecurrenceUnit;
  paused: boolean;
  nextRunAt: number | null;
  lastRunAt: number | null;
  lastResult: string;
  lastMessage: string;
  createdAt: number;
  updatedAt: number;
}

/** running: claimed, its lease kept alive by a heartbeat; done/failed: finished. */
export type ScheduleRunStatus = 'running' | 'done' | 'failed';

/** One run of a schedule for one slot: the unique (schedule, slot) key makes it happen once across daemons. */
export interface ScheduleRunRow {
  id: number;
  scheduleId: number;
  /** The slot this run is for (epoch ms); a manual run uses the time it was asked for. */
  slotAt: number;
  manual: boolean;
  status: ScheduleRunStatus;
  claimedBy: string;
  leaseUntil: number;
  attempts: number;
  startedAt: number;
  finishedAt: number | null;
  result: string;
  message: string;
}

const big = (name: string) => ({ name, type: 'bigint' as const, transformer: bigintAsNumber });

export const scheduleEntity = new EntitySchema<ScheduleRow>({
  name: 'Schedule',
  tableName: 'schedules',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    owner: { type: 'varchar', length: 120 },
    kind: { type: 'varchar', length: 32 },
    description: { type: 'varchar', length: 200, default: '' },
    payload: { type: 'text' },
    startLocal: { name: 'start_local', type: 'varchar', length: 16 },
    timeZone: { name: 'time_zone', type: 'varchar', length: 64 },
    every: { type: 'integer' },
    unit: { type: 'varchar', length: 8 },
    paused: { type: 'boolean', default: false },
    nextRunAt: { ...big('next_run_at'), nullable: true },
    lastRunAt: { ...big('last_run_at'), nullable: true },
    lastResult: { name: 'last_result', type: 'varchar', length: 32, default: '' },
    lastMessage: { name: 'last_message', type: 'varchar', length: 500, default: '' },
    createdAt: big('created_at'),
    updatedAt: big('updated_at'),
  },
});

export const scheduleRunEntity = new EntitySchema<ScheduleRunRow>({
  name: 'ScheduleRun',
  tableName: 'schedule_runs',
  columns: {
    id: { type: 'integer', primary: true, generated: 'increment' },
    scheduleId: { name: 'schedule_id', type: 'integer' },
    slotAt: big('slot_at'),
    manual: { type: 'boolean', default: false },
    status: { type: 'varchar', length: 8 },
    claimedBy: { name: 'claimed_by', type: 'varchar', length: 64 },
    leaseUntil: big('lease_until'),
    attempts: { type: 'integer', default: 1 },
    startedAt: big('started_at'),
    finishedAt: { ...big('finished_at'), nullable: true },
    result: { type: 'varchar', length: 32, default: '' },
    message: { type: 'varchar', length: 500, default: '' },
  },
  uniques: [{ name: 'uq_schedule_runs_slot', columns: ['scheduleId', 'slotAt'] }],
});
