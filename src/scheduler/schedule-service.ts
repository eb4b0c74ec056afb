import type { DataSource, EntityManager } from 'typeorm';
import type { ChangeFeedWriter } from '../change-feed/index.js';
import type { Clock } from '../clock.js';
import { BadInputError, NotFoundError } from '../errors/index.js';
import {
  scheduleEntity,
  scheduleRunEntity,
  type ScheduleRow,
  type ScheduleRunRow,
  type ScheduleRunStatus,
} from '../store/index.js';
import { recurrenceProblem, slotAtOrAfter, type Recurrence } from './recurrence.js';

/** What a caller gives to create a schedule. `payload` is the kind's own JSON (its owner validates it). */
export interface ScheduleInput {
  owner: string;
  kind: string;
  description: string;
  payload: unknown;
  recurrence: Recurrence;
  paused?: boolean;
}

/** What may change on an existing schedule (owner and kind never change). */
export type SchedulePatch = Partial<Pick<ScheduleInput, 'description' | 'payload' | 'recurrence' | 'paused'>>;

export interface Schedule {
  id: number;
  owner: string;
  kind: string;
  description: string;
  payload: unknown;
  recurrence: Recurrence;
  paused: boolean;
  /** The next slot the daemon will run; null while paused. */
  nextRunAt: Date | null;
  lastRunAt: Date | null;
  /** The last run's result code ('' before the first run, 'failed' when it threw). */
  lastResult: string;
  lastMessage: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface ScheduleRun {
  id: number;
  scheduleId: number;
  slotAt: Date;
  manual: boolean;
  status: ScheduleRunStatus;
  attempts: number;
  startedAt: Date;
  finishedAt: Date | null;
  result: string;
  message: string;
}

/** The schedules kept in the database: create, change, pause, resume, delete, read, and each one's runs. */
export interface ScheduleService {
  create(input: ScheduleInput): Promise<Schedule>;
  update(id: number, patch: SchedulePatch): Promise<Schedule>;
  pause(id: number): Promise<Schedule>;
  resume(id: number): Promise<Schedule>;
  remove(id: number): Promise<void>;
  /** Null when there is no such schedule. */
  get(id: number): Promise<Schedule | null>;
  /** Ordered by id; `kind` and `owner` narrow the list. */
  list(filter?: { kind?: string; owner?: string }): Promise<Schedule[]>;
  /** The latest runs first. */
  runs(scheduleId: number, limit?: number): Promise<ScheduleRun[]>;
}

export interface ScheduleServiceDeps {
  dataSource: DataSource;
  clock: Clock;
  /** Tells other processes (their daemons' schedulers) that schedules changed. */
  changes?: ChangeFeedWriter;
  /** Tells this process's scheduler. */
  onChanged?: () => void;
}

export function createScheduleService(deps: ScheduleServiceDeps): ScheduleService {
  const repo = () => deps.dataSource.getRepository<ScheduleRow>(scheduleEntity.options.name);

  async function write<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    const result = await deps.dataSource.transaction(async (m) => {
      const value = await work(m);
      if (deps.changes) await deps.changes.append(m, 'schedules');
      return value;
    });
    deps.onChanged?.();
    return result;
  }

  async function existing(m: EntityManager, id: number): Promise<ScheduleRow> {
    const row = await m.getRepository<ScheduleRow>(scheduleEntity.options.name).findOneBy({ id });
    if (!row) throw new NotFoundError(`no schedule ${id}`, { id });
    return row;
  }

  function nextRun(recurrence: Recurrence, paused: boolean): number | null {
    return paused ? null : slotAtOrAfter(recurrence, deps.clock.now().getTime());
  }

  async function change(id: number, patch: SchedulePatch): Promise<Schedule> {
    if (patch.recurrence) checkRecurrence(patch.recurrence);
    return write(async (m) => {
      const row = await existing(m, id);
      const recurrence = patch.recurrence ?? recurrenceOf(row);
      const paused = patch.paused ?? row.paused;
      const timingChanged = patch.recurrence !== undefined || paused !== row.paused;
      const changes: Partial<ScheduleRow> = {
        description: patch.description ?? row.description,
        payload: patch.payload === undefined ? row.payload : JSON.stringify(patch.payload),
        ...recurrenceColumns(recurrence),
        paused,
        // A resumed or re-timed schedule waits for its next slot: slots missed while paused are not run.
        nextRunAt: timingChanged ? nextRun(recurrence, paused) : row.nextRunAt,
        updatedAt: deps.clock.now().getTime(),
      };
      await m.getRepository<ScheduleRow>(scheduleEntity.options.name).update({ id }, changes);
      return toSchedule({ ...row, ...changes });
    });
  }

  return {
    async create(input) {
      checkRecurrence(input.recurrence);
      if (input.kind === '' || input.kind.length > 32)
        throw new BadInputError('a schedule needs a kind of at most 32 characters');
      const now = deps.clock.now().getTime();
      const paused = input.paused ?? false;
      return write(async (m) => {
        const row = {
          owner: input.owner,
          kind: input.kind,
          description: input.description.slice(0, 200),
          payload: JSON.stringify(input.payload ?? null),
          ...recurrenceColumns(input.recurrence),
          paused,
          nextRunAt: nextRun(input.recurrence, paused),
          lastRunAt: null,
          lastResult: '',
          lastMessage: '',
          createdAt: now,
          updatedAt: now,
        };
        const result = await m.getRepository<ScheduleRow>(scheduleEntity.options.name).insert(row);
        const id = Number((result.identifiers[0] as { id: number }).id);
        return toSchedule({ ...row, id });
      });
    },
    update: change,
    pause: (id) => change(id, { paused: true }),
    resume: (id) => change(id, { paused: false }),
    async remove(id) {
      await write(async (m) => {
        await existing(m, id);
        await m.getRepository<ScheduleRunRow>(scheduleRunEntity.options.name).delete({ scheduleId: id });
        await m.getRepository<ScheduleRow>(scheduleEntity.options.name).delete({ id });
      });
    },
    async get(id) {
      const row = await repo().findOneBy({ id });
      return row ? toSchedule(row) : null;
    },
    async list(filter = {}) {
      const where: { kind?: string; owner?: string } = {};
      if (filter.kind !== undefined) where.kind = filter.kind;
      if (filter.owner !== undefined) where.owner = filter.owner;
      return (await repo().find({ where, order: { id: 'ASC' } })).map(toSchedule);
    },
    async runs(scheduleId, limit = 50) {
      const rows = await deps.dataSource
        .getRepository<ScheduleRunRow>(scheduleRunEntity.options.name)
        .find({ where: { scheduleId }, order: { startedAt: 'DESC', id: 'DESC' }, take: limit });
      return rows.map(toScheduleRun);
    },
  };
}

function checkRecurrence(r: Recurrence): void {
  const problem = recurrenceProblem(r);
  if (problem) throw new BadInputError(problem);
}

function recurrenceColumns(r: Recurrence): Pick<ScheduleRow, 'startLocal' | 'timeZone' | 'every' | 'unit'> {
  return { startLocal: r.startLocal, timeZone: r.timeZone, every: r.every, unit: r.unit };
}

export function recurrenceOf(row: ScheduleRow): Recurrence {
  return { startLocal: row.startLocal, timeZone: row.timeZone, every: row.every, unit: row.unit };
}

const dateOrNull = (ms: number | null) => (ms === null ? null : new Date(ms));

export function toSchedule(row: ScheduleRow): Schedule {
  return {
    id: row.id,
    owner: row.owner,
    kind: row.kind,
    description: row.description,
    payload: JSON.parse(row.payload) as unknown,
    recurrence: recurrenceOf(row),
    paused: Boolean(row.paused),
    nextRunAt: dateOrNull(row.nextRunAt),
    lastRunAt: dateOrNull(row.lastRunAt),
    lastResult: row.lastResult,
    lastMessage: row.lastMessage,
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(row.updatedAt),
  };
}

export function toScheduleRun(row: ScheduleRunRow): ScheduleRun {
  return {
    id: row.id,
    scheduleId: row.scheduleId,
    slotAt: new Date(row.slotAt),
    manual: Boolean(row.manual),
    status: row.status,
    attempts: row.attempts,
    startedAt: new Date(row.startedAt),
    finishedAt: dateOrNull(row.finishedAt),
    result: row.result,
    message: row.message,
  };
}
