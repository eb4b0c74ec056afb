import { afterEach, describe, expect, it } from 'vitest';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../../test/harness/index.js';
import { insertCallsWithoutTexts, makeCall } from '../../../test/reports/call-fixtures.js';
import { migrations } from '../index.js';

const DAY_FIRST = 'CallsOwnerDayIndexes1795950000000';
const before = migrations.slice(
  0,
  migrations.findIndex((m) => new m().name === DAY_FIRST),
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
      db = await openTestDatabase(kind, { migrations: before });
      const postgres = kind === 'postgres';
      const calls = Array.from({ length: 30 }, (_, n) =>
        makeCall({ startedAt: 1_700_000_000 + n * 40_000, ownerExtension: `20${n % 3}`, ownerUserId: null }),
      );
      await insertCallsWithoutTexts(db.dataSource, calls);
      const ids = (await db.dataSource.query('SELECT id, started_at FROM calls ORDER BY id')) as unknown[];

      await db.migrateToLatest();

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
