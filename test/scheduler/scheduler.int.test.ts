import { pino } from 'pino';
import type { DataSource } from 'typeorm';
import { describe, expect, it, vi } from 'vitest';
import { createManualClock } from '../../src/clock.js';
import {
  createScheduler,
  createScheduleService,
  type ScheduledRun,
  type Scheduler,
} from '../../src/scheduler/index.js';
import { createDataSource } from '../../src/store/index.js';
import { databaseKindsUnderTest, openTestDatabase } from '../harness/index.js';

const log = pino({ level: 'silent' });
const hourly = { startLocal: '2026-03-02T09:00', timeZone: 'Europe/Rome', every: 1, unit: 'hours' as const };

function recordingScheduler(
  dataSource: DataSource,
  clock: ReturnType<typeof createManualClock>,
  origin: string,
  seen: ScheduledRun[],
): Scheduler {
  const scheduler = createScheduler({ dataSource, clock, log, origin, leaseMs: 30_000 });
  scheduler.register('test', async (run) => {
    seen.push(run);
    await new Promise((resolve) => setTimeout(resolve, 30));
    return { result: 'ok', message: `ran for ${run.slotAt.toISOString()}` };
  });
  return scheduler;
}

describe.each(databaseKindsUnderTest())('the scheduler on %s', (kind) => {
  it('runs a schedule once for its latest slot after downtime, not once per missed slot', async () => {
    const db = await openTestDatabase(kind);
    try {
      const clock = createManualClock('2026-03-02T07:30:00Z');
      const schedules = createScheduleService({ dataSource: db.dataSource, clock });
      const created = await schedules.create({
        owner: 'alice',
        kind: 'test',
        description: 'hourly',
        payload: { a: 1 },
        recurrence: hourly,
      });
      expect(created.nextRunAt?.toISOString()).toBe('2026-03-02T08:00:00.000Z');
      const seen: ScheduledRun[] = [];
      const scheduler = recordingScheduler(db.dataSource, clock, 'daemon-a', seen);
      clock.set('2026-03-02T13:20:00Z'); // five slots missed while down
      expect(await scheduler.runDue()).toBe(1);
      expect(await scheduler.runDue()).toBe(0);
      expect(seen.map((r) => r.slotAt.toISOString())).toEqual(['2026-03-02T13:00:00.000Z']);
      expect(seen[0]?.dedupeKey).toBe(`schedule:${created.id}:${Date.parse('2026-03-02T13:00:00Z')}`);
      expect(seen[0]?.schedule.payload).toEqual({ a: 1 });
      const after = await schedules.get(created.id);
      expect(after?.nextRunAt?.toISOString()).toBe('2026-03-02T14:00:00.000Z');
      expect(after?.lastResult).toBe('ok');
      expect(after?.lastRunAt?.toISOString()).toBe('2026-03-02T13:20:00.000Z');
      expect((await schedules.runs(created.id)).map((r) => [r.status, r.attempts])).toEqual([['done', 1]]);
    } finally {
      await db.close();
    }
  });

  it('lets only one of two daemons run a due slot', async () => {
    const db = await openTestDatabase(kind);
    // On PostgreSQL a second connection pool, as a second daemon has (several daemons share PostgreSQL, not a
    // SQLite file).
    const other = kind === 'postgres' ? createDataSource({ url: db.url, schema: db.schema }) : db.dataSource;
    if (other !== db.dataSource) await other.initialize();
    try {
      const clock = createManualClock('2026-03-02T07:30:00Z');
      const schedules = createScheduleService({ dataSource: db.dataSource, clock });
      for (let i = 0; i < 5; i++)
        await schedules.create({
          owner: 'alice',
          kind: 'test',
          description: `s${i}`,
          payload: null,
          recurrence: hourly,
        });
      const seen: ScheduledRun[] = [];
      const a = recordingScheduler(db.dataSource, clock, 'daemon-a', seen);
      const b = recordingScheduler(other, clock, 'daemon-b', seen);
      clock.set('2026-03-02T08:00:00Z');
      const [ranA, ranB] = await Promise.all([a.runDue(), b.runDue()]);
      expect(ranA + ranB).toBe(5);
      expect(new Set(seen.map((r) => r.schedule.id)).size).toBe(5);
      expect(seen).toHaveLength(5);
    } finally {
      if (other !== db.dataSource) await other.destroy();
      await db.close();
    }
  });

  it('takes over a run whose daemon died once its lease expired, with the same slot and dedupe key', async () => {
    const db = await openTestDatabase(kind);
    try {
      const clock = createManualClock('2026-03-02T07:30:00Z');
      const schedules = createScheduleService({ dataSource: db.dataSource, clock });
      const created = await schedules.create({
        owner: 'alice',
        kind: 'test',
        description: 'hourly',
        payload: null,
        recurrence: hourly,
      });
      clock.set('2026-03-02T08:00:00Z');
      // The first daemon claims the run and "dies" inside its handler (it never returns).
      const doomed = createScheduler({ dataSource: db.dataSource, clock, log, origin: 'daemon-a', leaseMs: 30_000 });
      const claimed: ScheduledRun[] = [];
      doomed.register('test', (run) => {
        claimed.push(run);
        return new Promise(() => undefined);
      });
      void doomed.runDue();
      await vi.waitFor(() => expect(claimed).toHaveLength(1));
      const seen: ScheduledRun[] = [];
      const survivor = recordingScheduler(db.dataSource, clock, 'daemon-b', seen);
      clock.advance(10_000);
      expect(await survivor.runDue()).toBe(0); // the lease still holds
      clock.advance(25_000);
      expect(await survivor.runDue()).toBe(1);
      expect(seen.map((r) => [r.attempt, r.dedupeKey, r.runId])).toEqual([
        [2, claimed[0]?.dedupeKey, claimed[0]?.runId],
      ]);
      expect((await schedules.runs(created.id)).map((r) => [r.status, r.attempts])).toEqual([['done', 2]]);
    } finally {
      await db.close();
    }
  });

  it('does not run a paused schedule, and after resuming waits for the next slot', async () => {
    const db = await openTestDatabase(kind);
    try {
      const clock = createManualClock('2026-03-02T07:30:00Z');
      const schedules = createScheduleService({ dataSource: db.dataSource, clock });
      const created = await schedules.create({
        owner: 'alice',
        kind: 'test',
        description: 'hourly',
        payload: null,
        recurrence: hourly,
      });
      expect((await schedules.pause(created.id)).nextRunAt).toBeNull();
      const seen: ScheduledRun[] = [];
      const scheduler = recordingScheduler(db.dataSource, clock, 'daemon-a', seen);
      clock.set('2026-03-02T10:10:00Z');
      expect(await scheduler.runDue()).toBe(0);
      expect((await schedules.resume(created.id)).nextRunAt?.toISOString()).toBe('2026-03-02T11:00:00.000Z');
      expect(await scheduler.runDue()).toBe(0);
      expect(await scheduler.runNow(created.id)).toEqual({ result: 'ok', message: 'ran for 2026-03-02T10:10:00.000Z' });
      expect(seen.map((r) => r.manual)).toEqual([true]);
    } finally {
      await db.close();
    }
  });

  it('sleeps until the earliest next run and wakes when told that schedules changed', async () => {
    const db = await openTestDatabase(kind);
    const clock = createManualClock('2026-03-02T07:59:59.700Z');
    const seen: ScheduledRun[] = [];
    const scheduler = recordingScheduler(db.dataSource, clock, 'daemon-a', seen);
    const schedules = createScheduleService({ dataSource: db.dataSource, clock, onChanged: () => scheduler.changed() });
    try {
      await scheduler.start();
      await schedules.create({
        owner: 'alice',
        kind: 'test',
        description: 'hourly',
        payload: null,
        recurrence: hourly,
      });
      // Next run at 08:00:00, 300 ms away on the injected clock: the timer moves it forward when it fires.
      setTimeout(() => clock.set('2026-03-02T08:00:00Z'), 250);
      await vi.waitFor(() => expect(seen).toHaveLength(1), { timeout: 5_000 });
    } finally {
      await scheduler.stop();
      await db.close();
    }
  });
});
