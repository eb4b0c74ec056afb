import { afterEach, describe, expect, it } from 'vitest';
import type { QueryRunner } from 'typeorm';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../../test/harness/index.js';
import { callSummaryRollups, migrations } from '../index.js';

const UPSERTS = 'RollupUpserts1795990000000';
const before = migrations.slice(
  0,
  migrations.findIndex((m) => new m().name === UPSERTS),
);
const DAY = Date.UTC(2026, 10, 23) / 1000;
const COLUMNS =
  'started_at, department_id, cost_centre_id, direction, answered, destination_type, gateway, currency, ' +
  'calls, duration_seconds, cost_minor, rated_calls, ring_seconds';

/** A call_summaries row of `calls` calls at DAY + `at` seconds; nullable key columns as given. */
const summary = (at: number, calls: number, key: { gateway?: string | null; currency?: string | null } = {}) =>
  `(${DAY + at}, NULL, NULL, 'outgoing', true, NULL, ${sql(key.gateway ?? null)}, ${sql(key.currency ?? null)}, ` +
  `${calls}, ${calls * 60}, ${calls === 0 ? 'NULL' : calls * 10}, ${calls}, ${calls * 5})`;
const sql = (v: string | null) => (v === null ? 'NULL' : `'${v}'`);
const insertSummaries = (q: { query(s: string): Promise<unknown> }, rows: string[]) =>
  q.query(`INSERT INTO call_summaries (${COLUMNS}) VALUES ${rows.join(', ')}`);

/** Each rollup's rows (key and figures), in a stable order. */
async function rollupRows(db: TestDatabase): Promise<Record<string, unknown[]>> {
  const out: Record<string, unknown[]> = {};
  for (const r of callSummaryRollups) {
    out[r.table] = (await db.dataSource.query(
      `SELECT started_at::int AS t, ${r.key.join(', ')}, calls, duration_seconds::int AS d, cost_minor::int AS cost ` +
        `FROM ${r.table} ORDER BY 1, ${r.key.map((k) => `${k} IS NULL, ${k}`).join(', ')}`,
    )) as unknown[];
  }
  return out;
}

if (databaseKindsUnderTest().includes('postgres'))
  describe(`migration ${UPSERTS} on postgres`, () => {
    let db: TestDatabase;
    const runners: QueryRunner[] = [];
    afterEach(async () => {
      for (const r of runners.splice(0)) {
        if (r.isTransactionActive) await r.rollbackTransaction();
        await r.release();
      }
      await db.close();
    });

    it('merges the rows an earlier race doubled, and keeps NULL and empty keys apart', async () => {
      db = await openTestDatabase('postgres', { migrations: before });
      // Two rows of one key, as two racing writers left them under the old trigger.
      await db.dataSource.query(
        'INSERT INTO call_summaries_daily_route (started_at, direction, answered, destination_type, gateway, ' +
          `currency, calls, duration_seconds, cost_minor, rated_calls, ring_seconds) VALUES ` +
          `(${DAY}, 'outgoing', true, NULL, 'GW1', 'EUR', 2, 120, NULL, 0, 3), ` +
          `(${DAY}, 'outgoing', true, NULL, 'GW1', 'EUR', 1, 60, 7, 1, 4)`,
      );
      await db.migrateToLatest();
      await insertSummaries(db.dataSource, [summary(10, 1, { gateway: '' }), summary(20, 2, { gateway: null })]);
      await insertSummaries(db.dataSource, [summary(30, 3, { gateway: '' }), summary(3600, 4, { gateway: 'GW1' })]);
      const daily = (await rollupRows(db)).call_summaries_daily_route as Array<Record<string, unknown>>;
      expect(daily.map((r) => [r.gateway, r.currency, r.calls, r.d, r.cost])).toEqual([
        ['', null, 4, 240, 40],
        ['GW1', 'EUR', 3, 180, 7],
        ['GW1', null, 4, 240, 40],
        [null, null, 2, 120, 20],
      ]);
    });

    it('adds two concurrent writers of the same new key into one row, the second waiting for the first', async () => {
      db = await openTestDatabase('postgres');
      const [a, b] = [db.dataSource.createQueryRunner(), db.dataSource.createQueryRunner()];
      runners.push(a, b);
      await a.startTransaction();
      await b.startTransaction();
      await insertSummaries(a, [summary(100, 1, { gateway: 'GW9', currency: 'EUR' }), summary(200, 2)]);
      let bDone = false;
      // In the opposite order: the trigger takes a statement's keys in key order, so neither waits for the other's.
      const second = insertSummaries(b, [summary(300, 5), summary(400, 3, { gateway: 'GW9', currency: 'EUR' })]).then(
        () => (bDone = true),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(bDone).toBe(false);
      await a.commitTransaction();
      await second;
      await b.commitTransaction();
      const rows = await rollupRows(db);
      expect(
        (rows.call_summaries_daily_route as Array<Record<string, unknown>>).map((r) => [r.gateway, r.calls, r.cost]),
      ).toEqual([
        ['GW9', 4, 40],
        [null, 7, 70],
      ]);
      expect(rows.call_summaries_daily_department).toHaveLength(2);
      expect(rows.call_summaries_hourly_route).toHaveLength(2);
    });
  });
