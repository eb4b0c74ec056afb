import { afterEach, describe, expect, it } from 'vitest';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../../test/harness/index.js';
import { insertCallsWithoutTexts, makeCall } from '../../../test/reports/call-fixtures.js';
import { CallsOwnerDayIndexes1795950000000 } from './1795950000000-calls-owner-day-indexes.js';
import { callHoursSql } from '../call-columns.js';
import { migrations } from '../index.js';

const DAY_FIRST = 'CallsOwnerDayIndexes1795950000000';
const HOUR_FIRST = 'CallsOwnerHourIndexes1796100000000';
const migrationsBefore = (name: string) =>
  migrations.slice(
    0,
    migrations.findIndex((m) => new m().name === name),
  );

async function callIndexes(db: TestDatabase, postgres: boolean): Promise<string[]> {
  const rows = (await db.dataSource.query(
    postgres
      ? "SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'calls'"
      : "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'calls' AND sql IS NOT NULL",
  )) as Array<{ name: string }>;
  return rows.map((r) => r.name).sort();
}

for (const kind of databaseKindsUnderTest()) {
  describe(`migration ${DAY_FIRST} on ${kind}`, () => {
    let db: TestDatabase;
    afterEach(async () => db.close());

    it('keys the per-owner calls indexes by day first and keeps every call', async () => {
      db = await openTestDatabase(kind, { migrations: migrationsBefore(DAY_FIRST) });
      const postgres = kind === 'postgres';
      const calls = Array.from({ length: 30 }, (_, n) =>
        makeCall({ startedAt: 1_700_000_000 + n * 40_000, ownerExtension: `20${n % 3}`, ownerUserId: null }),
      );
      await insertCallsWithoutTexts(db.dataSource, calls);
      const ids = (await db.dataSource.query('SELECT id, started_at FROM calls ORDER BY id')) as unknown[];

      // This migration alone: a later one (1796100000000) keys the same indexes by hour.
      const q = db.dataSource.createQueryRunner();
      await new CallsOwnerDayIndexes1795950000000().up(q);
      await q.release();

      expect(await db.dataSource.query('SELECT id, started_at FROM calls ORDER BY id')).toEqual(ids);
      const indexes = await callIndexes(db, postgres);
      expect(indexes).toEqual(expect.arrayContaining(['ix_calls_extension_day', 'ix_calls_user_day']));
      expect(indexes).not.toContain('ix_calls_user_started');
      expect(indexes).not.toContain('ix_calls_extension_started');
      const [found] = (await db.dataSource.query(
        "SELECT COUNT(*) AS n FROM calls c WHERE c.started_at / 86400 IN (19675, 19676) AND c.owner_extension = '201'",
      )) as Array<{ n: unknown }>;
      expect(Number(found?.n)).toBe(1);
    });
  });
}

for (const kind of databaseKindsUnderTest()) {
  describe(`migration ${HOUR_FIRST} on ${kind}`, () => {
    let db: TestDatabase;
    afterEach(async () => db.close());

    it('keys the per-owner calls indexes by hour first and keeps every call', async () => {
      db = await openTestDatabase(kind, { migrations: migrationsBefore(HOUR_FIRST) });
      const postgres = kind === 'postgres';
      const calls = Array.from({ length: 30 }, (_, n) =>
        makeCall({ startedAt: 1_700_000_000 + n * 1_500, ownerExtension: `20${n % 3}`, ownerUserId: null }),
      );
      await insertCallsWithoutTexts(db.dataSource, calls);
      const ids = (await db.dataSource.query('SELECT id, started_at FROM calls ORDER BY id')) as unknown[];

      await db.migrateToLatest();

      expect(await db.dataSource.query('SELECT id, started_at FROM calls ORDER BY id')).toEqual(ids);
      const indexes = await callIndexes(db, postgres);
      expect(indexes).toEqual(expect.arrayContaining(['ix_calls_extension_hour', 'ix_calls_user_hour']));
      expect(indexes).not.toContain('ix_calls_user_day');
      expect(indexes).not.toContain('ix_calls_extension_day');
      // Calls 0…11 started in [1_700_000_000, 1_700_018_000): 201's are calls 1, 4, 7 and 10.
      const [found] = (await db.dataSource.query(
        `SELECT COUNT(*) AS n FROM calls c WHERE ${callHoursSql(1_700_000_000, 1_700_018_000)} ` +
          "AND c.started_at >= 1700000000 AND c.started_at < 1700018000 AND c.owner_extension = '201'",
      )) as Array<{ n: unknown }>;
      expect(Number(found?.n)).toBe(4);
    });
  });
}
