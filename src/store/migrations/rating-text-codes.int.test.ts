import { afterEach, describe, expect, it } from 'vitest';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../../test/harness/index.js';
import { insertCalls, makeCall } from '../../../test/reports/call-fixtures.js';
import { callTextSql } from '../index.js';
import { migrations } from '../index.js';

const RATING_CODES = 'RatingTextCodes1797100000000';
const after = migrations.slice(migrations.findIndex((m) => new m().name === RATING_CODES));

/** Carriers, plans and rows as calls carry them: repeated, odd, '' and null (a call not rated). */
const calls = [
  makeCall({ startedAt: 1_800_000_000, carrier: 'TIM', tariffPlan: 'default', tariffRow: 'IT-mobile' }),
  makeCall({ startedAt: 1_800_000_060, carrier: 'TIM', tariffPlan: 'default', tariffRow: 'IT-fixed' }),
  makeCall({ startedAt: 1_800_000_120, carrier: 'Zürich 東京 😀 "q" \\', tariffPlan: 'p'.repeat(120), tariffRow: '' }),
  makeCall({ startedAt: 1_800_000_180, carrier: '', tariffPlan: null, tariffRow: null }),
  makeCall({ startedAt: 1_800_000_240, carrier: null, tariffPlan: null, tariffRow: null }),
];
const TEXTS = [
  ['TIM', 'default', 'IT-mobile'],
  ['TIM', 'default', 'IT-fixed'],
  ['Zürich 東京 😀 "q" \\', 'p'.repeat(120), ''],
  ['', null, null],
  [null, null, null],
];

for (const kind of databaseKindsUnderTest()) {
  describe(`migration ${RATING_CODES} on ${kind}`, () => {
    let db: TestDatabase;
    afterEach(async () => db.close());

    const texts = async () =>
      (
        (await db.dataSource.query(
          `SELECT ${callTextSql('carrier')} AS a, ${callTextSql('tariffPlan')} AS b, ` +
            `${callTextSql('tariffRow')} AS c ` +
            'FROM calls c ORDER BY c.id',
        )) as Array<{ a: string | null; b: string | null; c: string | null }>
      ).map((r) => [r.a, r.b, r.c]);
    const codes = async () =>
      (
        (await db.dataSource.query(
          'SELECT carrier_code AS a, tariff_plan_code AS b, tariff_row_code AS c FROM calls ORDER BY id',
        )) as Array<Record<'a' | 'b' | 'c', number | string | null>>
      ).map((r) => [r.a, r.b, r.c].map((v) => (v === null ? null : Number(v))));

    it('goes back to the text columns and forward to codes again, every call keeping its texts', async () => {
      db = await openTestDatabase(kind);
      await insertCalls(db.dataSource, calls);
      expect(await texts()).toEqual(TEXTS);

      for (let n = after.length; n > 0; n--) await db.dataSource.undoLastMigration();
      const plain = (await db.dataSource.query(
        'SELECT carrier, tariff_plan, tariff_row FROM calls ORDER BY id',
      )) as Array<Record<string, string | null>>;
      expect(plain.map((r) => [r.carrier, r.tariff_plan, r.tariff_row])).toEqual(TEXTS);
      // A carrier and a plan no call had before the way back: the migration must add them.
      await db.dataSource.query(
        "UPDATE calls SET carrier = 'Nuovo Operatore', tariff_plan = 'v2' WHERE carrier IS NULL",
      );

      await db.migrateToLatest();
      const expected = TEXTS.map((t, i) => (i === 4 ? ['Nuovo Operatore', 'v2', null] : t));
      expect(await texts()).toEqual(expected);
      const [tim1, tim2, odd, empty, added] = await codes();
      // Repeated texts share a code; '' is code 0; NULL stays NULL.
      expect(tim1?.[0]).toBe(tim2?.[0]);
      expect(tim1?.[1]).toBe(tim2?.[1]);
      expect(tim1?.[2]).not.toBe(tim2?.[2]);
      expect(odd?.[2]).toBe(0);
      expect(empty).toEqual([0, null, null]);
      expect(added?.every((v, i) => (i === 2 ? v === null : typeof v === 'number' && v > 0))).toBe(true);
      const columns = (await db.dataSource.query(
        kind === 'sqlite'
          ? "SELECT name FROM pragma_table_info('calls')"
          : 'SELECT column_name AS name FROM information_schema.columns ' +
              "WHERE table_name = 'calls' AND table_schema = current_schema()",
      )) as Array<{ name: string }>;
      expect(columns.map((c) => c.name).filter((n) => /^(carrier|tariff_plan|tariff_row)$/.test(n))).toEqual([]);
    });
  });
}
