import type { Logger } from 'pino';
import { type DataSource, type EntityManager } from 'typeorm';
import type { Clock } from '../clock.js';
import { NotFoundError } from '../errors/index.js';
import { scheduleEntity, scheduleRunEntity, type ScheduleRow, type ScheduleRunRow } from '../store/index.js';
import { slotAfter, slotAtOrBefore } from './recurrence.js';
import { recurrenceOf, toSchedule, type Schedule } from './schedule-service.js';

/** One run as its kind's handler receives it. */
export interface ScheduledRun {
  schedule: Schedule;
  runId: number;
  /** The slot this run is for (a manual run: when it was asked for). Reports and alarms take their period from it. */
  slotAt: Date;
  manual: boolean;
  /** 1 for the first attempt; more when a run whose process died is taken over after its lease expired. */
  attempt: number;
  /**
   * Stable across attempts of this run: give it to the outbox (with the recipient) so a retried run sends nothing
   * twice.
   */
  dedupeKey: string;
}

/** What a handler reports: a short result code ('sent', 'empty', 'no-alarm') and a message shown as "last message". */
export interface RunOutcome {
  result: string;
  message?: string;
}

/**
 * Runs one schedule of its kind; a throw records the run as failed (it is not retried; the next slot runs as
 * usual).
 */
export type JobHandler = (run: ScheduledRun) => Promise<RunOutcome>;

export interface SchedulerDeps {
  dataSource: DataSource;
  clock: Clock;
  log: Logger;
  /** This process (the change feed writer's origin): who holds a run's lease. */
  origin: string;
  /** A claimed run is taken over by another daemon when its lease is not renewed for this long. */
  leaseMs?: number;
  /** Attempts of one run (a run whose process died is retried) before it is recorded as failed. */
  maxAttempts?: number;
  /** Longest sleep between two looks at the database when nothing is due (a safety net for a missed notice). */
  maxSleepMs?: number;
  /** Runs of this process at the same time. */
  concurrency?: number;
}

/**
 * The daemon side of schedules: one timer set for the earliest next run (or
 * lease expiry) in the database, re-read when schedules change (`changed()`,
 * called by the schedule service and by the change feed for other processes'
 * changes). A run is claimed before it starts by moving the schedule's next
 * run forward (compare-and-set) and inserting the (schedule, slot) run row in
 * one transaction, so among several daemons one wins; the winner renews the
 * run's lease while it works, and a run whose lease expires (kill -9) is taken
 * over with the same slot and dedupe key. After downtime a schedule runs once,
 * for its latest missed slot.
 */
export interface Scheduler {
  /** Registers the handler of a kind; only kinds with a handler are run by this process. */
  register(kind: string, handler: JobHandler): void;
  /** Re-reads when the next run is due (schedules changed). */
  changed(): void;
  /** Runs a schedule now, in this process, whatever its recurrence and pause; resolves when it finished. */
  runNow(id: number): Promise<RunOutcome>;
  /** Claims and starts every run due now, waiting for them to finish; resolves with how many ran (tests). */
  runDue(): Promise<number>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function createScheduler(deps: SchedulerDeps): Scheduler {
  const log = deps.log.child({ module: 'scheduler' });
  const leaseMs = deps.leaseMs ?? 60_000;
  const maxAttempts = deps.maxAttempts ?? 3;
  const maxSleepMs = Math.min(deps.maxSleepMs ?? 3_600_000, 2 ** 31 - 1);
  const concurrency = deps.concurrency ?? 4;
  const handlers = new Map<string, JobHandler>();
  const inFlight = new Set<Promise<void>>();
  let timer: NodeJS.Timeout | undefined;
  let started = false;
  let ticking: Promise<number> | null = null;
  let tickAgain = false;

  const schedules = () => deps.dataSource.getRepository<ScheduleRow>(scheduleEntity.options.name);
  const runs = (m: EntityManager = deps.dataSource.manager) =>
    m.getRepository<ScheduleRunRow>(scheduleRunEntity.options.name);
  const now = () => deps.clock.now().getTime();
  const kinds = () => [...handlers.keys()];

  /** The earliest instant something may be due: a next run, or the lease of a run that may have died. */
  async function nextWakeAt(): Promise<number | null> {
    if (handlers.size === 0) return null;
    const next = (await schedules()
      .createQueryBuilder('s')
      .select('MIN(s.next_run_at)', 'at')
      .where('s.next_run_at IS NOT NULL AND s.kind IN (:...kinds)', { kinds: kinds() })
      .getRawOne()) as { at: string | number | null } | undefined;
    const lease = (await runs()
      .createQueryBuilder('r')
      .select('MIN(r.lease_until)', 'at')
      .where("r.status = 'running'")
      .getRawOne()) as { at: string | number | null } | undefined;
    const times = [next?.at, lease?.at].filter((v) => v !== null && v !== undefined).map(Number);
    return times.length === 0 ? null : Math.min(...times);
  }

  async function arm(): Promise<void> {
    if (!started) return;
    const at = await nextWakeAt();
    if (!started) return;
    clearTimeout(timer);
    const delay = at === null ? maxSleepMs : Math.max(0, Math.min(maxSleepMs, at - now()));
    timer = setTimeout(() => void tick(), delay);
    timer.unref();
  }

  function tick(): Promise<number> {
    if (ticking) {
      tickAgain = true;
      return ticking;
    }
    ticking = (async () => {
      let count = 0;
      do {
        tickAgain = false;
        count += await claimDue();
      } while (tickAgain);
      return count;
    })()
      .catch((err: unknown) => {
        log.warn({ err }, 'could not look for due schedules; will try again');
        return 0;
      })
      .finally(() => {
        ticking = null;
        void arm().catch((err: unknown) => log.warn({ err }, 'could not read the next due schedule'));
      });
    return ticking;
  }

  /** Claims due schedules and expired runs (up to the free capacity) and starts them. */
  async function claimDue(): Promise<number> {
    if (handlers.size === 0) return 0;
    let started = 0;
    const free = () => concurrency - inFlight.size;
    if (free() > 0) {
      const stale = await runs()
        .createQueryBuilder('r')
        .innerJoin(scheduleEntity.options.tableName!, 's', 's.id = r.schedule_id')
        .where("r.status = 'running' AND r.lease_until < :now AND s.kind IN (:...kinds)", {
          now: now(),
          kinds: kinds(),
        })
        .orderBy('r.lease_until', 'ASC')
        .limit(free())
        .getMany();
      for (const run of stale) if (await takeOver(run)) started++;
    }
    if (free() > 0) {
      const due = await schedules()
        .createQueryBuilder('s')
        .where('s.next_run_at <= :now AND s.kind IN (:...kinds)', { now: now(), kinds: kinds() })
        .orderBy('s.next_run_at', 'ASC')
        .limit(free())
        .getMany();
      for (const row of due) if (await claim(row)) started++;
    }
    return started;
  }

  async function claim(row: ScheduleRow): Promise<boolean> {
    const at = now();
    const recurrence = recurrenceOf(row);
    // Missed slots (downtime) collapse into the latest one: the schedule runs once.
    const slot = slotAtOrBefore(recurrence, at) ?? row.nextRunAt!;
    const next = slotAfter(recurrence, at);
    const run = await deps.dataSource.transaction(async (m) => {
      const moved = await m
        .getRepository<ScheduleRow>(scheduleEntity.options.name)
        .createQueryBuilder()
        .update()
        .set({ nextRunAt: next })
        .where('id = :id AND next_run_at = :expected', { id: row.id, expected: row.nextRunAt })
        .execute();
      if ((moved.affected ?? 0) === 0) return null;
      return insertRun(m, row.id, slot, false, at);
    });
    if (!run) return false;
    log.info(
      { scheduleId: row.id, kind: row.kind, slot: new Date(slot), missed: slot !== row.nextRunAt },
      'schedule due; run claimed',
    );
    launch(toSchedule({ ...row, nextRunAt: next }), run);
    return true;
  }

  async function takeOver(run: ScheduleRunRow): Promise<boolean> {
    const at = now();
    const giveUp = run.attempts >= maxAttempts;
    const result = await runs()
      .createQueryBuilder()
      .update()
      .set(
        giveUp
          ? {
              status: 'failed',
              finishedAt: at,
              result: 'failed',
              message: `interrupted ${run.attempts} times; given up`,
            }
          : { claimedBy: deps.origin, leaseUntil: at + leaseMs, attempts: run.attempts + 1 },
      )
      .where("id = :id AND status = 'running' AND lease_until = :lease", { id: run.id, lease: run.leaseUntil })
      .execute();
    if ((result.affected ?? 0) === 0) return false;
    const row = await schedules().findOneBy({ id: run.scheduleId });
    if (giveUp) {
      if (row)
        await recordOnSchedule(
          deps.dataSource.manager,
          row.id,
          run.startedAt,
          'failed',
          `interrupted ${run.attempts} times; given up`,
        );
      log.warn({ scheduleId: run.scheduleId, runId: run.id }, 'scheduled run interrupted too often; given up');
      return false;
    }
    if (!row) return false;
    log.warn(
      { scheduleId: run.scheduleId, runId: run.id, attempt: run.attempts + 1 },
      'scheduled run was interrupted; taking it over',
    );
    launch(toSchedule(row), { ...run, claimedBy: deps.origin, leaseUntil: at + leaseMs, attempts: run.attempts + 1 });
    return true;
  }

  async function insertRun(
    m: EntityManager,
    scheduleId: number,
    slotAt: number,
    manual: boolean,
    at: number,
  ): Promise<ScheduleRunRow> {
    const row = {
      scheduleId,
      slotAt,
      manual,
      status: 'running' as const,
      claimedBy: deps.origin,
      leaseUntil: at + leaseMs,
      attempts: 1,
      startedAt: at,
      finishedAt: null,
      result: '',
      message: '',
    };
    const inserted = await runs(m).insert(row);
    return { ...row, id: Number((inserted.identifiers[0] as { id: number }).id) };
  }

  function launch(schedule: Schedule, run: ScheduleRunRow): void {
    const work = execute(schedule, run)
      .then(() => undefined)
      .catch((err: unknown) => log.warn({ err, scheduleId: schedule.id }, 'could not record a scheduled run'))
      .finally(() => {
        inFlight.delete(work);
        if (started) void tick();
      });
    inFlight.add(work);
  }

  /** Runs the handler with the lease renewed, then records the outcome on the run and the schedule. */
  async function execute(schedule: Schedule, run: ScheduleRunRow): Promise<RunOutcome> {
    const handler = handlers.get(schedule.kind);
    const rlog = log.child({ scheduleId: schedule.id, runId: run.id, kind: schedule.kind });
    const heartbeat = setInterval(
      () => void renew(run.id).catch((err: unknown) => rlog.warn({ err }, 'could not renew a run lease')),
      leaseMs / 3,
    );
    heartbeat.unref();
    let outcome: RunOutcome;
    let status: 'done' | 'failed' = 'done';
    try {
      if (!handler) throw new Error(`no handler for schedules of kind "${schedule.kind}"`);
      outcome = await handler({
        schedule,
        runId: run.id,
        slotAt: new Date(run.slotAt),
        manual: run.manual,
        attempt: run.attempts,
        dedupeKey: `schedule:${schedule.id}:${run.slotAt}`,
      });
      rlog.info({ result: outcome.result }, 'scheduled run finished');
    } catch (err) {
      status = 'failed';
      outcome = { result: 'failed', message: (err as Error).message };
      rlog.warn({ err }, 'scheduled run failed');
    } finally {
      clearInterval(heartbeat);
    }
    const message = (outcome.message ?? '').slice(0, 500);
    const result = outcome.result.slice(0, 32);
    await deps.dataSource.transaction(async (m) => {
      await runs(m).update({ id: run.id, claimedBy: deps.origin }, { status, finishedAt: now(), result, message });
      await recordOnSchedule(m, schedule.id, run.startedAt, result, message);
    });
    return { result, message };
  }

  async function renew(runId: number): Promise<void> {
    const result = await runs().update(
      { id: runId, claimedBy: deps.origin, status: 'running' },
      { leaseUntil: now() + leaseMs },
    );
    if ((result.affected ?? 0) === 0)
      log.warn({ runId }, 'lost the lease of a scheduled run (another daemon took it over)');
  }

  return {
    register(kind, handler) {
      handlers.set(kind, handler);
      if (started) void tick();
    },
    changed() {
      if (started) void arm().catch((err: unknown) => log.warn({ err }, 'could not read the next due schedule'));
    },
    async runNow(id) {
      const row = await schedules().findOneBy({ id });
      if (!row) throw new NotFoundError(`no schedule ${id}`, { id });
      const at = now();
      const run = await deps.dataSource.transaction((m) => insertRun(m, id, at, true, at));
      log.info({ scheduleId: id, kind: row.kind }, 'schedule run now');
      return execute(toSchedule(row), run);
    },
    async runDue() {
      let count = 0;
      for (;;) {
        const claimed = await tick();
        count += claimed;
        while (inFlight.size > 0) await Promise.all([...inFlight]);
        if (claimed === 0) return count;
      }
    },
    async start() {
      started = true;
      await tick();
    },
    async stop() {
      started = false;
      clearTimeout(timer);
      if (ticking) await ticking;
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}

async function recordOnSchedule(
  m: EntityManager,
  id: number,
  ranAt: number,
  result: string,
  message: string,
): Promise<void> {
  await m
    .getRepository<ScheduleRow>(scheduleEntity.options.name)
    .update({ id }, { lastRunAt: ranAt, lastResult: result, lastMessage: message });
}
