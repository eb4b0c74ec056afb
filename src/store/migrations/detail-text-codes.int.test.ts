import { afterEach, describe, expect, it } from 'vitest';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../../test/harness/index.js';
import { insertCalls, makeCall } from '../../../test/reports/call-fixtures.js';
import { callDetailColumnsSql } from '../index.js';
import { migrations } from '../index.js';

const DETAIL_CODES = 'DetailTextCodes1797000000000';
const before = migrations.slice(
  0,
  migrations.findIndex((m) => new m().name === DETAIL_CODES),
);

/** Calls whose detail holds texts as before the migration: odd texts, '' and a detail cut short. */
const calls = [
  makeCall({
    startedAt: 1_800_000_000,
    callingPartition: 'PT_Internal',
    originalCalledNumber: '0612345',
    originalCalledPartition: 'PT "quoted" \\ back',
    finalCalledNumber: '0612345',
    finalCalledPartition: 'PT_Internal',
    origDevice: 'SEP001122334455',
    destDevice: '12345',
    origIp: '10.0.0.1',
    destIp: 'fe80::1',
  }),
  makeCall({
    startedAt: 1_800_000_060,
    callingPartition: 'Zürich 東京 😀',
    originalCalledNumber: '2001',
    finalCalledNumber: '2002',
    origDevice: 'SEP001122334455',
    destDevice: 'x'.repeat(129),
    origCause: 16,
  }),
  // Only the first places set: the detail array is short (trailing defaults left out).
  makeCall({ startedAt: 1_800_000_120, callingPartition: 'PT_Internal', originalCalledNumber: '2003' }),
  // No coded text in its detail: left as it was.
  makeCall({ startedAt: 1_800_000_180 }),
];

for (const kind of databaseKindsUnderTest()) {
  describe(`migration ${DETAIL_CODES} on ${kind}`, () => {
    let db: TestDatabase;
    afterEach(async () => db.close());

    const readBack = async () =>
      (await db.dataSource.query(`SELECT c.id, ${callDetailColumnsSql()} FROM calls c ORDER BY c.id`)) as Array<
        Record<string, unknown>
      >;
    const rawDetails = async () =>
      (
        (await db.dataSource.query(
          `SELECT ${kind === 'sqlite' ? 'json(detail)' : 'detail::text'} AS d FROM calls ORDER BY id`,
        )) as Array<{ d: string | null }>
      ).map((r) => (r.d === null ? null : (JSON.parse(r.d) as unknown[])));

    it('codes the texts of every stored detail, reads each call back the same, and undoes it', async () => {
      // Written in today's layout, then taken back to the one before the migration (the detail as written: texts).
      db = await openTestDatabase(kind);
      const ids = await insertCalls(db.dataSource, calls);
      for (let n = migrations.length - before.length; n > 0; n--) await db.dataSource.undoLastMigration();
      // The SQLite ingest stores the detail as binary JSON: one call as the ingest would have.
      if (kind === 'sqlite')
        await db.dataSource.query('UPDATE calls SET detail = jsonb(detail) WHERE id = ?', [ids[1]]);
      const original = await readBack();
      const originalRaw = await rawDetails();
      expect(original.map((r) => r.orig_device)).toEqual(['SEP001122334455', 'SEP001122334455', '', '']);

      await db.migrateToLatest();

      expect(await readBack()).toEqual(original);
      const [first, second, short, none] = await rawDetails();
      // Partitions, devices and IPs are numbers (codes), '' stays '', the repeated final number is null.
      expect(first?.slice(0, 10).map((v) => (typeof v === 'number' ? 'code' : v))).toEqual([
        'code',
        '0612345',
        'code',
        null,
        'code',
        '',
        '',
        '',
        'code',
        'code',
      ]);
      expect([first?.[18], first?.[19]].every((v) => typeof v === 'number')).toBe(true);
      expect(first?.[0]).toBe(short?.[0]);
      expect(first?.[8]).toBe(second?.[8]);
      expect(second?.[3]).toBe('2002');
      expect(short).toHaveLength(originalRaw[2]?.length ?? -1);
      expect(none).toEqual(originalRaw[3]);
      const [texts] = (await db.dataSource.query(
        "SELECT COUNT(*) AS n FROM call_texts WHERE kind = 'device' AND text IN ('SEP001122334455', '12345')",
      )) as Array<{ n: unknown }>;
      expect(Number(texts?.n)).toBe(2);

      // And back: the texts in place again, as they were (later migrations undone first).
      for (let n = migrations.length - before.length; n > 0; n--) await db.dataSource.undoLastMigration();
      expect(await rawDetails()).toEqual(originalRaw);
      expect(await readBack()).toEqual(original);
    });
  });
}
