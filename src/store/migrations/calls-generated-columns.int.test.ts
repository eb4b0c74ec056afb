import { afterEach, describe, expect, it } from 'vitest';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../../test/harness/index.js';
import { insertCallsWithoutTexts, makeCall, testReportService } from '../../../test/reports/call-fixtures.js';
import { parseReportOptions } from '../../reports/index.js';
import { destinationTypes } from '../../../tariffs/index.js';
import { callDestinationTypeCodes, callGeneratedColumns, callGeneratedSql, migrations } from '../index.js';
import { callsGeneratedColumnsSql } from './1797500000000-calls-generated-columns.js';

const GENERATED = 'CallsGeneratedColumns1797500000000';
const before = migrations.slice(
  0,
  migrations.findIndex((m) => new m().name === GENERATED),
);
const admin = { name: 'test', role: 'admin' } as const;
const T = 1_700_000_000;

/** Calls of every direction, numbers equal to and apart from the columns they now repeat, '' among them. */
const calls = () => [
  makeCall({
    startedAt: T,
    direction: 'outgoing',
    ownerExtension: '201',
    callingNumber: '201',
    destinationType: 'mobile',
  }),
  makeCall({
    startedAt: T + 60,
    direction: 'outgoing',
    ownerExtension: '201',
    callingNumber: '+3902201',
    destinationType: 'fixed-local',
  }),
  makeCall({ startedAt: T + 120, direction: 'incoming', ownerExtension: '202', callingNumber: '0612345' }),
  makeCall({ startedAt: T + 180, direction: 'internal', ownerExtension: '', callingNumber: '' }),
  makeCall({ startedAt: T + 240, direction: 'transit', dialledNumber: '0612', outpulsedCalledNumber: '0612' }),
  makeCall({ startedAt: T + 300, direction: 'unknown', dialledNumber: '0612', outpulsedCalledNumber: '' }),
  makeCall({ startedAt: T + 360, direction: 'outgoing', dialledNumber: '', outpulsedCalledNumber: '0612' }),
  makeCall({
    startedAt: T + 420,
    direction: 'outgoing',
    dialledNumber: '0612',
    outpulsedCalledNumber: '00612',
    destinationType: 'unknown',
  }),
];

const read = (db: TestDatabase) =>
  db.dataSource.query(
    'SELECT id, direction, destination_type, calling_number, outpulsed_called_number, owner_extension, ' +
      'dialled_number, detail ' +
      'FROM calls ORDER BY id',
  ) as Promise<unknown[]>;

const byDirection = (db: TestDatabase) =>
  testReportService(db.dataSource).summarize(
    parseReportOptions({
      kind: 'summary',
      groupBy: 'direction',
      timeZone: 'UTC',
      period: { from: '2023-11-14', to: '2023-11-15' },
    }),
    admin,
  );

/** Per column, whether the table generates it (SQLite: 2 for VIRTUAL; PostgreSQL: ALWAYS). */
async function generation(db: TestDatabase, postgres: boolean): Promise<Record<string, unknown>> {
  const rows = (await db.dataSource.query(
    postgres
      ? 'SELECT column_name AS name, is_generated AS how FROM information_schema.columns ' +
          "WHERE table_schema = current_schema() AND table_name = 'calls'"
      : "SELECT name, hidden AS how FROM pragma_table_xinfo('calls')",
  )) as Array<{ name: string; how: unknown }>;
  return Object.fromEntries(rows.map((r) => [r.name, r.how]));
}

for (const kind of databaseKindsUnderTest()) {
  const postgres = kind === 'postgres';
  describe(`migration ${GENERATED} on ${kind}`, () => {
    let db: TestDatabase;
    afterEach(async () => db.close());

    it('keeps every call as it read, the codes and the repeated numbers stored narrow; down undoes it', async () => {
      db = await openTestDatabase(kind, { migrations: before });
      await insertCallsWithoutTexts(db.dataSource, calls());
      const was = await read(db);
      const summary = await byDirection(db);
      expect(summary.groups.length).toBe(5);

      await db.migrateToLatest();
      expect(await read(db)).toEqual(was);
      const stored = (await db.dataSource.query(
        'SELECT direction_code AS d, destination_type_code AS t, calling_number_if_other AS c, ' +
          'outpulsed_called_number_if_other AS o FROM calls ORDER BY id',
      )) as Array<{ d: unknown; t: unknown; c: unknown; o: unknown }>;
      expect(stored.map((r) => Number(r.d))).toEqual([0, 0, 1, 2, 3, 4, 0, 0]);
      expect(stored.map((r) => (r.t === null ? null : Number(r.t)))).toEqual([2, 0, null, null, null, null, null, 9]);
      expect(stored.map((r) => r.c)).toEqual([null, '+3902201', '0612345', null, null, null, null, null]);
      expect(stored.map((r) => r.o)).toEqual([null, null, null, null, null, '', '0612', '00612']);
      const how = await generation(db, postgres);
      for (const c of callGeneratedColumns) expect(how[c.name], c.name).toBe(postgres ? 'ALWAYS' : 2);
      expect(await byDirection(db)).toEqual(summary);

      // The summaries follow a change of direction through its code (the triggers name direction_code now).
      await db.dataSource.query('UPDATE calls SET direction_code = 1 WHERE direction_code = 4');
      const moved = await byDirection(db);
      expect(moved.groups.length).toBe(4);
      expect(moved.totals).toEqual(summary.totals);

      const q = db.dataSource.createQueryRunner();
      const migration = migrations.find((m) => new m().name === GENERATED)!;
      await new migration().down(q);
      await q.release();
      const after = (await read(db)) as Array<Record<string, unknown>>;
      const expected = (was as Array<Record<string, unknown>>).map((r) =>
        r.direction === 'unknown' ? { ...r, direction: 'incoming' } : r,
      );
      expect(after).toEqual(expected);
      expect(await generation(db, postgres)).not.toHaveProperty('direction_code');
      await db.dataSource.query(
        "UPDATE calls SET direction = 'unknown' WHERE dialled_number = '0612' AND outpulsed_called_number = ''",
      );
      expect(await byDirection(db)).toEqual(summary);
    });

    it('refuses a direction or a destination type it has no code for instead of storing another', async () => {
      db = await openTestDatabase(kind, { migrations: before });
      await insertCallsWithoutTexts(db.dataSource, [makeCall({ startedAt: T, direction: 'internal' })]);
      const migration = migrations.find((m) => new m().name === GENERATED)!;
      /** Runs the migration in a transaction that is rolled back, and returns its failure. */
      const failure = async (): Promise<unknown> => {
        const q = db.dataSource.createQueryRunner();
        await q.startTransaction();
        try {
          return await new migration().up(q).then(
            () => null,
            (e: unknown) => e,
          );
        } finally {
          await q.rollbackTransaction();
          await q.release();
        }
      };
      await db.dataSource.query("UPDATE calls SET direction = 'sideways'");
      expect(String(await failure())).toMatch(/direction_code|NOT NULL|null value/i);
      await db.dataSource.query("UPDATE calls SET direction = 'outgoing', destination_type = 'national'");
      expect(String(await failure())).toMatch(/'national' is not a destination type/);
      await db.dataSource.query("UPDATE calls SET destination_type = 'fixed-national'");
      await db.migrateToLatest();
      const [call] = (await db.dataSource.query('SELECT direction, destination_type FROM calls')) as unknown[];
      expect(call).toEqual({ direction: 'outgoing', destination_type: 'fixed-national' });
    });
  });
}

describe('the generated calls columns', () => {
  it('code every destination type the tariffs know, and no other', () => {
    expect([...callDestinationTypeCodes].sort()).toEqual([...destinationTypes].sort());
  });

  it('are made by the SQL the layout describes', () => {
    expect(Object.fromEntries(callGeneratedColumns.map((c) => [c.name, callGeneratedSql(c)]))).toEqual(
      callsGeneratedColumnsSql,
    );
  });
});
