import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import {
  databaseKindsUnderTest,
  holdSqliteWriteLock,
  openTestDatabase,
  type TestDatabase,
} from '../../test/harness/index.js';
import { makeCall, insertCalls } from '../../test/reports/call-fixtures.js';
import { createManualClock } from '../clock.js';
import { configSchema } from '../config/index.js';
import { createRetentionService } from './index.js';
import { callSummaryRollups } from '../store/index.js';

const NOW = Date.parse('2026-06-01T00:00:00Z');
const DAY = 86_400_000;

for (const kind of databaseKindsUnderTest()) {
  describe(`retention purge on ${kind}`, () => {
    let db: TestDatabase;
    const p = (n: number) => (kind === 'postgres' ? `$${n}` : '?');
    const count = async (sql: string) => Number(((await db.dataSource.query(sql)) as Array<{ n: unknown }>)[0]?.n ?? 0);
    const service = (retention: Record<string, number>) =>
      createRetentionService({
        dataSource: db.dataSource,
        config: configSchema.parse({ retention: { batchSize: 10, pauseMs: 0, ...retention } }).retention,
        clock: createManualClock(new Date(NOW)),
        log: pino({ level: 'silent' }),
      });

    beforeEach(async () => {
      db = await openTestDatabase(kind);
    });
    afterEach(async () => db.close());

    it('deletes CURRI decisions older than their retention in small batches and records the purge', async () => {
      await db.dataSource.query(
        'INSERT INTO curri_decision_kinds (context, trigger_point, outcome, reason, destination) ' +
          "VALUES ('', '', 'permit', 'allowed', '')",
      );
      for (let i = 0; i < 35; i++) {
        const decidedAt = i < 25 ? NOW - 100 * DAY - i * 1000 : NOW - DAY;
        await db.dataSource.query(
          `INSERT INTO curri_decisions (decided_at, kind_id, latency_us) VALUES (${p(1)}, 1, 5)`,
          [decidedAt],
        );
      }
      const records = await service({}).purgeNow();
      expect(records.find((r) => r.kind === 'curriDecisions')?.deleted).toBe(25);
      expect(await count('SELECT COUNT(*) AS n FROM curri_decisions')).toBe(10);
      const purges = (await db.dataSource.query('SELECT kind, deleted, cutoff FROM retention_purges')) as Array<
        Record<string, unknown>
      >;
      expect(purges.map((r) => [r.kind, Number(r.deleted), Number(r.cutoff)])).toEqual([
        ['curriDecisions', 25, NOW - 90 * DAY],
      ]);
    });

    it('keeps calls for ever by default, and when told deletes old calls and their summaries with them', async () => {
      const old = NOW / 1000 - 400 * 86_400;
      const recent = NOW / 1000 - 86_400;
      await insertCalls(db.dataSource, [
        ...Array.from({ length: 23 }, () =>
          makeCall({ startedAt: old, durationSeconds: 60, costMinor: 7, currency: 'EUR' }),
        ),
        makeCall({ startedAt: recent, durationSeconds: 30, costMinor: 3, currency: 'EUR' }),
      ]);
      await service({}).purgeNow();
      expect(await count('SELECT COUNT(*) AS n FROM calls')).toBe(24);
      await service({ calls: 365 }).purgeNow();
      expect(await count('SELECT COUNT(*) AS n FROM calls')).toBe(1);
      expect(await count('SELECT SUM(calls) AS n FROM call_summaries')).toBe(1);
      expect(await count('SELECT SUM(cost_minor) AS n FROM call_summaries')).toBe(3);
    });

    it('drops summary hours and days whose calls are all purged, keeps the hour and day the cutoff cuts', async () => {
      const cutoff = Date.parse('2025-06-01T00:30:00Z') / 1000;
      await insertCalls(
        db.dataSource,
        [-7200, -600, 600].map((d) =>
          makeCall({
            startedAt: cutoff + d,
            durationSeconds: 60,
            costMinor: 5,
            currency: 'EUR',
            direction: 'outgoing',
          }),
        ),
      );
      await createRetentionService({
        dataSource: db.dataSource,
        config: configSchema.parse({ retention: { batchSize: 10, pauseMs: 0, calls: 365 } }).retention,
        clock: createManualClock(new Date((cutoff + 365 * 86_400) * 1000)),
        log: pino({ level: 'silent' }),
      }).purgeNow();
      expect(await count('SELECT COUNT(*) AS n FROM calls')).toBe(1);
      // The cutoff's hour, also its day's first second: the call at 22:30 the day before is in no row kept.
      const hour = cutoff - 1800;
      expect(await count(`SELECT COUNT(*) AS n FROM call_summaries WHERE started_at < ${hour}`)).toBe(0);
      expect(await count(`SELECT COUNT(*) AS n FROM call_summaries WHERE started_at = ${hour}`)).toBeGreaterThan(0);
      for (const table of ['call_summaries', ...callSummaryRollups.map((r) => r.table)]) {
        expect(await count(`SELECT COUNT(*) AS n FROM ${table} WHERE started_at < ${hour}`), table).toBe(0);
        expect(await count(`SELECT SUM(calls) AS n FROM ${table}`), table).toBe(1);
        expect(await count(`SELECT SUM(cost_minor) AS n FROM ${table}`), table).toBe(5);
      }
    });

    it("deletes alarms' and reports' runs past a year by default, never a scheduled run still going", async () => {
      const insert = (sql: string, values: unknown[]) =>
        db.dataSource.query(`${sql} (${values.map((_, i) => p(i + 1)).join(', ')})`, values);
      for (const [i, days] of [400, 366, 10].entries())
        await insert(
          'INSERT INTO alarm_history (alarm_id, kind, description, ran_at, period_from, period_to, trigger, ' +
            'outcome, findings, message, mails, webhook, detail) VALUES',
          [1 + i, 'long-calls', 'Long calls', NOW - days * DAY, 0, 0, 'schedule', 'found', 1, '', 0, '', '{}'],
        );
      for (const days of [400, 5])
        await insert('INSERT INTO report_runs (username, title, href, ran_at) VALUES', [
          'anna',
          'Call list',
          '/analytics/calls',
          NOW - days * DAY,
        ]);
      const run = (slot: number, finishedDaysAgo: number | null) =>
        insert(
          'INSERT INTO schedule_runs (schedule_id, slot_at, manual, status, claimed_by, lease_until, attempts, ' +
            'started_at, finished_at, result, message) VALUES',
          [
            1,
            slot,
            false,
            finishedDaysAgo === null ? 'running' : 'done',
            'node-a',
            0,
            1,
            NOW - 400 * DAY,
            finishedDaysAgo === null ? null : NOW - finishedDaysAgo * DAY,
            '',
            '',
          ],
        );
      await run(1, 400);
      await run(2, null);
      await run(3, 2);

      // 0 keeps them for ever.
      await service({ alarmHistory: 0, reportHistory: 0 }).purgeNow();
      expect(await count('SELECT COUNT(*) AS n FROM alarm_history')).toBe(3);
      const records = await service({}).purgeNow();
      const deleted = (kind: string) => records.find((r) => r.kind === kind)?.deleted;
      expect([deleted('alarmHistory'), deleted('reportHistory'), deleted('scheduleRuns')]).toEqual([2, 1, 1]);
      expect(await count('SELECT COUNT(*) AS n FROM alarm_history')).toBe(1);
      expect(await count('SELECT COUNT(*) AS n FROM report_runs')).toBe(1);
      const left = (await db.dataSource.query('SELECT slot_at AS slot FROM schedule_runs ORDER BY slot_at')) as Array<{
        slot: unknown;
      }>;
      expect(left.map((r) => Number(r.slot))).toEqual([2, 3]);
      const purges = (await db.dataSource.query('SELECT kind, cutoff FROM retention_purges ORDER BY id')) as Array<
        Record<string, unknown>
      >;
      expect(purges.map((r) => [r.kind, Number(r.cutoff)])).toEqual([
        ['alarmHistory', NOW - 365 * DAY],
        ['reportHistory', NOW - 365 * DAY],
        ['scheduleRuns', NOW - 365 * DAY],
      ]);
    });

    it('deletes the mails done with (sent, given up) when old, never a queued one, nor its attachment', async () => {
      const mail = async (status: string, ageDays: number, attachments: number) => {
        const createdAt = NOW - ageDays * DAY;
        const [row] = (await db.dataSource.query(
          'INSERT INTO notify_outbox (dedupe_key, recipient, subject, body, status, next_attempt_at, created_at) ' +
            `VALUES (${[1, 2, 3, 4, 5, 6, 7].map(p).join(', ')}) RETURNING id`,
          [`k:${status}:${ageDays}:${Math.random()}`, 'a@example.com', 'Report', 'body', status, createdAt, createdAt],
        )) as Array<{ id: number }>;
        for (let i = 0; i < attachments; i++)
          await db.dataSource.query(
            'INSERT INTO notify_attachments (outbox_id, filename, content_type, content_base64) ' +
              `VALUES (${[1, 2, 3, 4].map(p).join(', ')})`,
            [row?.id, `report-${i}.pdf`, 'application/pdf', 'JVBERi0='],
          );
      };
      // A settled mail's attachments went when it settled (outbox-service.ts); a queued one still has its own.
      for (let i = 0; i < 12; i++) await mail('sent', 400 + i, 0);
      await mail('failed', 400, 0);
      await mail('queued', 400, 2);
      await mail('sent', 10, 0);

      await service({ mail: 0 }).purgeNow();
      expect(await count('SELECT COUNT(*) AS n FROM notify_outbox')).toBe(15);

      const records = await service({}).purgeNow();
      expect(records.find((r) => r.kind === 'mail')?.deleted).toBe(13);
      const left = (await db.dataSource.query(
        'SELECT status, created_at AS at FROM notify_outbox ORDER BY id',
      )) as Array<Record<string, unknown>>;
      expect(left.map((r) => [r.status, Number(r.at)])).toEqual([
        ['queued', NOW - 400 * DAY],
        ['sent', NOW - 10 * DAY],
      ]);
      expect(
        await count(
          'SELECT COUNT(*) AS n FROM notify_attachments a JOIN notify_outbox o ON o.id = a.outbox_id ' +
            "WHERE o.status = 'queued'",
        ),
      ).toBe(2);
    });

    it('purges the tables other modules register, with their own time unit', async () => {
      await db.dataSource.query('CREATE TABLE alarm_history_test (id INTEGER PRIMARY KEY, raised_at BIGINT NOT NULL)');
      for (let i = 1; i <= 12; i++)
        await db.dataSource.query(`INSERT INTO alarm_history_test (id, raised_at) VALUES (${p(1)}, ${p(2)})`, [
          i,
          NOW / 1000 - i * 86_400,
        ]);
      const retention = service({});
      retention.register({
        kind: 'alarmHistory',
        table: 'alarm_history_test',
        timeColumn: 'raised_at',
        timeUnit: 's',
        days: 5,
      });
      expect(() =>
        retention.register({ kind: 'bad', table: 'x; DROP TABLE calls', timeColumn: 'at', timeUnit: 's', days: 1 }),
      ).toThrow(/plain/);
      const records = await retention.purgeNow();
      expect(records.find((r) => r.kind === 'alarmHistory')?.deleted).toBe(7);
      expect(await count('SELECT COUNT(*) AS n FROM alarm_history_test')).toBe(5);
    });
  });
}

describe('retention purge on a SQLite file', () => {
  it('waits for the write lock another writer holds without holding the event loop (its own thread)', async () => {
    const db = await openTestDatabase('sqlite');
    try {
      await insertCalls(
        db.dataSource,
        Array.from({ length: 40 }, () => makeCall({ startedAt: NOW / 1000 - 400 * 86_400, durationSeconds: 60 })),
      );
      const lock = await holdSqliteWriteLock((db.dataSource.options as { database: string }).database, 400);
      // The event loop's longest pause while the purge waits out the lock and deletes.
      let last = performance.now();
      let longest = 0;
      const ticker = setInterval(() => {
        const now = performance.now();
        longest = Math.max(longest, now - last);
        last = now;
      }, 5);
      try {
        const records = await createRetentionService({
          dataSource: db.dataSource,
          config: configSchema.parse({ retention: { batchSize: 10, pauseMs: 0, calls: 365 } }).retention,
          clock: createManualClock(new Date(NOW)),
          log: pino({ level: 'silent' }),
        }).purgeNow();
        expect(records.find((r) => r.kind === 'calls')?.deleted).toBe(40);
      } finally {
        clearInterval(ticker);
      }
      await lock.released;
      // On the daemon's connection, SQLite's busy handler slept on this thread until the lock was released (442 ms).
      expect(longest).toBeLessThan(200);
      const [left] = (await db.dataSource.query('SELECT COUNT(*) AS n FROM calls')) as Array<{ n: number }>;
      expect(left?.n).toBe(0);
    } finally {
      await db.close();
    }
  });
});
