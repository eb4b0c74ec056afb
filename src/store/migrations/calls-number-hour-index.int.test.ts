import { afterEach, describe, expect, it } from 'vitest';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../../test/harness/index.js';
import { insertCallsWithoutTexts, makeCall, testReportService } from '../../../test/reports/call-fixtures.js';
import { parseReportOptions, type ReportViewer } from '../../reports/index.js';
import type { CallDirection } from '../../events/index.js';
import { migrations } from '../index.js';

const NUMBER_HOUR = 'CallsNumberHourIndex1796900000000';
const before = migrations.slice(
  0,
  migrations.findIndex((m) => new m().name === NUMBER_HOUR),
);
const admin: ReportViewer = { name: 'root', role: 'admin' };
const directions: CallDirection[] = ['incoming', 'outgoing', 'internal', 'transit'];

/** 40 calls 900 s apart (10 hours): the remote number is the calling one on incoming calls, else the dialled. */
const calls = Array.from({ length: 40 }, (_, n) => {
  const direction = directions[n % 4]!;
  const remote = `${n % 3 === 0 ? '0049' : '0039'}30${String(n).padStart(4, '0')}`;
  return makeCall({
    startedAt: 1_700_000_000 + n * 900,
    direction,
    callingNumber: direction === 'incoming' ? remote : '2001',
    dialledNumber: direction === 'incoming' ? '2001' : remote,
  });
});

async function numberIndexes(db: TestDatabase): Promise<string[]> {
  if (db.kind === 'postgres') {
    const rows = (await db.dataSource.query(
      'SELECT indexname AS name FROM pg_indexes ' +
        "WHERE schemaname = current_schema() AND indexname LIKE 'ix_calls_number%'",
    )) as Array<{ name: string }>;
    return rows.map((r) => r.name);
  }
  const rows = (await db.dataSource.query(
    "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_calls_number%'",
  )) as Array<{ name: string }>;
  return rows.map((r) => r.name);
}

for (const kind of databaseKindsUnderTest()) {
  describe(`migration ${NUMBER_HOUR} on ${kind}`, () => {
    let db: TestDatabase;
    afterEach(async () => db.close());

    it('indexes the remote number by hour on SQLite and keeps every call; a number filter finds them', async () => {
      db = await openTestDatabase(kind, { migrations: before });
      const ids = await insertCallsWithoutTexts(db.dataSource, calls);

      await db.migrateToLatest();

      expect(await numberIndexes(db)).toEqual(kind === 'sqlite' ? ['ix_calls_number_hour'] : []);
      const [count] = (await db.dataSource.query('SELECT COUNT(*) AS n FROM calls')) as Array<{ n: unknown }>;
      expect(Number(count?.n)).toBe(calls.length);
      const reports = testReportService(db.dataSource);
      const list = async (number: { match: 'startsWith' | 'equals'; value: string }, pageSize: number) =>
        (
          await reports.listCalls(
            parseReportOptions({
              kind: 'calls',
              timeZone: 'UTC',
              period: { from: '2023-11-14', to: '2023-11-15' },
              fields: ['id'],
              number,
              sort: [{ field: 'startedAt', descending: true }],
            }),
            admin,
            { page: 1, pageSize },
          )
        ).rows.map((r) => Number(r.id));
      // Every third call's remote number starts 0049, whichever side holds it; newest first.
      const german = ids.filter((_, n) => n % 3 === 0).reverse();
      expect(await list({ match: 'startsWith', value: '0049' }, 100)).toEqual(german);
      expect(await list({ match: 'startsWith', value: '0049' }, 5)).toEqual(german.slice(0, 5));
      expect(await list({ match: 'equals', value: '0039300004' }, 100)).toEqual([ids[4]]);
      expect(await list({ match: 'startsWith', value: '2001' }, 100)).toEqual([]);

      // Later migrations undone first.
      for (let n = migrations.length - before.length; n > 0; n--) await db.dataSource.undoLastMigration();
      expect(await numberIndexes(db)).toEqual([]);
    });
  });
}
