import { afterEach, describe, expect, it } from 'vitest';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../../test/harness/index.js';
import { migrations } from '../index.js';

const UPSERTS = 'CallRollupKeyUpserts1796000000000';
const before = migrations.slice(
  0,
  migrations.findIndex((m) => new m().name === UPSERTS),
);
const DAY = Date.UTC(2026, 10, 23) / 1000;
const LINE_COLUMNS =
  'started_at, owner_extension, owner_user_id, department_id, cost_centre_id, direction, currency, ' +
  'calls, duration_seconds, cost_minor, rated_calls, ring_seconds, answered_calls';
const q = (v: string | number | null) => (v === null ? 'NULL' : typeof v === 'number' ? String(v) : `'${v}'`);
/** A line delta of `calls` calls for extension `ext` (user id and currency as given; cost NULL when `cost` is). */
const line = (ext: string, user: number | null, currency: string | null, calls: number, cost: number | null) =>
  `(${DAY}, '${ext}', ${q(user)}, NULL, NULL, 'outgoing', ${q(currency)}, ${calls}, ${calls * 60}, ${q(cost)}, ` +
  `${cost === null ? 0 : calls}, 0, ${calls})`;

async function lineRows(db: TestDatabase): Promise<unknown[][]> {
  const rows = (await db.dataSource.query(
    'SELECT owner_extension AS e, owner_user_id AS u, currency AS c, calls AS n, cost_minor AS cost ' +
      'FROM call_summaries_daily_line ORDER BY 1, owner_user_id IS NULL, 2, currency IS NULL, 3',
  )) as Array<Record<string, unknown>>;
  return rows.map((r) => [
    r.e,
    r.u === null ? null : Number(r.u),
    r.c,
    Number(r.n),
    r.cost === null ? null : Number(r.cost),
  ]);
}

for (const kind of databaseKindsUnderTest())
  describe(`migration ${UPSERTS} on ${kind}`, () => {
    let db: TestDatabase;
    afterEach(async () => db.close());

    it('merges doubled rows, then adds deltas into the row of their key, NULL kept apart', async () => {
      db = await openTestDatabase(kind, { migrations: before });
      // Two rows of one key, as two racing writers could leave them under the old trigger.
      await db.dataSource.query(
        `INSERT INTO call_summaries_daily_line (${LINE_COLUMNS}) VALUES ` +
          `${line('2001', 7, 'EUR', 2, null)}, ${line('2001', 7, 'EUR', 1, 30)}`,
      );
      await db.migrateToLatest();
      await expect(
        db.dataSource.query(
          `INSERT INTO call_summaries_daily_line (${LINE_COLUMNS}) VALUES ${line('2001', 7, 'EUR', 1, 5)}`,
        ),
      ).rejects.toThrow();
      // Through the view the calls' triggers write to: one row per key.
      for (const delta of [
        line('2001', 7, 'EUR', 4, 10),
        line('2001', null, 'EUR', 1, null),
        line('2001', null, 'EUR', 2, 4),
        line('2001', 0, '', 3, 6),
        line('2001', 0, null, 5, null),
      ])
        await db.dataSource.query(`INSERT INTO call_summaries_daily_line_deltas (${LINE_COLUMNS}) VALUES ${delta}`);
      expect(await lineRows(db)).toEqual([
        ['2001', 0, '', 3, 6],
        ['2001', 0, null, 5, null],
        ['2001', 7, 'EUR', 7, 40],
        ['2001', null, 'EUR', 3, 4],
      ]);
    });
  });
