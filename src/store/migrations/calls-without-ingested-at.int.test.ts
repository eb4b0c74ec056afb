import { afterEach, describe, expect, it } from 'vitest';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../../test/harness/index.js';
import { insertCallsWithoutTexts, makeCall } from '../../../test/reports/call-fixtures.js';
import { migrations } from '../index.js';

const WITHOUT = 'CallsWithoutIngestedAt1797300000000';
const before = migrations.slice(
  0,
  migrations.findIndex((m) => new m().name === WITHOUT),
);

async function columns(db: TestDatabase, postgres: boolean): Promise<string[]> {
  const rows = (await db.dataSource.query(
    postgres
      ? 'SELECT column_name AS name FROM information_schema.columns ' +
          "WHERE table_schema = current_schema() AND table_name = 'calls'"
      : "SELECT name FROM pragma_table_info('calls')",
  )) as Array<{ name: string }>;
  return rows.map((r) => r.name);
}

const stored = (db: TestDatabase) =>
  db.dataSource.query('SELECT id, started_at, owner_extension, detail FROM calls ORDER BY id') as Promise<unknown[]>;

for (const kind of databaseKindsUnderTest()) {
  const postgres = kind === 'postgres';
  describe(`migration ${WITHOUT} on ${kind}`, () => {
    let db: TestDatabase;
    afterEach(async () => db.close());

    it('drops ingested_at, keeps every call as it was, and down puts back its file end or its start', async () => {
      db = await openTestDatabase(kind, { migrations: before });
      await db.dataSource.query(
        'INSERT INTO cdr_files (source, name, size_bytes, checksum, kind, cluster_id, status, records_total, ' +
          'records_stored, records_duplicate, records_rejected, records_skipped, lines_committed, reason, ' +
          "received_at, finished_at) VALUES ('drop', 'cdr_1', 10, 'sum', 'cdr', 'CL1', 'stored', 1, 1, 0, 0, 0, 1, " +
          "'', 1700000500000, 1700000900000)",
      );
      const [file] = (await db.dataSource.query('SELECT id FROM cdr_files')) as Array<{ id: unknown }>;
      await insertCallsWithoutTexts(db.dataSource, [
        makeCall({ startedAt: 1_700_000_000, ownerExtension: '201', fileId: Number(file?.id) }),
        makeCall({ startedAt: 1_700_000_060, ownerExtension: '202', originalCalledNumber: '0612' }),
      ]);
      const calls = await stored(db);
      expect(await columns(db, postgres)).toContain('ingested_at');

      await db.migrateToLatest();
      expect(await columns(db, postgres)).not.toContain('ingested_at');
      expect(await stored(db)).toEqual(calls);

      const q = db.dataSource.createQueryRunner();
      const migration = migrations.find((m) => new m().name === WITHOUT)!;
      await new migration().down(q);
      await q.release();
      const times = (await db.dataSource.query('SELECT ingested_at AS t FROM calls ORDER BY id')) as Array<{
        t: unknown;
      }>;
      // The first call's file finished at 1_700_000_900 s; the second came from no file.
      expect(times.map((r) => Number(r.t))).toEqual([1_700_000_900, 1_700_000_060]);
      expect(await stored(db)).toEqual(calls);
    });
  });
}
