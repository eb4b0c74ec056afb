import { afterEach, describe, expect, it } from 'vitest';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../../test/harness/index.js';
import { insertCallsWithoutTexts, makeCall } from '../../../test/reports/call-fixtures.js';
import { CallsOwnerDayIndexes1795950000000 } from './1795950000000-calls-owner-day-indexes.js';
import { callHoursSql } from '../index.js';
import { migrations, type DatabaseKind } from '../index.js';

const DAY_FIRST = 'CallsOwnerDayIndexes1795950000000';
const HOUR_FIRST = 'CallsOwnerHourIndexes1796100000000';
const HOUR_OWNER = 'CallsOwnerHourKeys1797200000000';
const NO_USER_INDEX = 'CallsWithoutUserHourIndex1797400000000';
const NO_UNKNOWN_INDEX = 'CallsWithoutUnknownExtensionIndex1797700000000';
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

/** A store migrated up to `migration` holding 30 calls of three extensions, `spacing` seconds apart. */
async function storeBefore(kind: DatabaseKind, migration: string, spacing: number): Promise<TestDatabase> {
  const db = await openTestDatabase(kind, { migrations: migrationsBefore(migration) });
  const calls = Array.from({ length: 30 }, (_, n) =>
    makeCall({ startedAt: 1_700_000_000 + n * spacing, ownerExtension: `20${n % 3}`, ownerUserId: null }),
  );
  await insertCallsWithoutTexts(db.dataSource, calls);
  return db;
}

const callIds = (db: TestDatabase) => db.dataSource.query('SELECT id, started_at FROM calls ORDER BY id');

/** The key columns of index `name` of the calls, as the database lists them. */
async function indexDefinition(db: TestDatabase, postgres: boolean, name: string): Promise<string> {
  const [row] = (await db.dataSource.query(
    postgres
      ? 'SELECT indexdef AS sql FROM pg_indexes WHERE schemaname = current_schema() AND indexname = $1'
      : "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = ?",
    [name],
  )) as Array<{ sql: string }>;
  return (row?.sql ?? '').replace(/\s+/g, ' ');
}

async function countOf(db: TestDatabase, sql: string): Promise<number> {
  const [found] = (await db.dataSource.query(sql)) as Array<{ n: unknown }>;
  return Number(found?.n);
}

for (const kind of databaseKindsUnderTest()) {
  const postgres = kind === 'postgres';
  describe(`migrations of the per-owner calls indexes on ${kind}`, () => {
    let db: TestDatabase;
    afterEach(async () => db.close());

    it(`${DAY_FIRST} keys them by day first and keeps every call`, async () => {
      db = await storeBefore(kind, DAY_FIRST, 40_000);
      const ids = await callIds(db);

      // This migration alone: a later one (1796100000000) keys the same indexes by hour.
      const q = db.dataSource.createQueryRunner();
      await new CallsOwnerDayIndexes1795950000000().up(q);
      await q.release();

      expect(await callIds(db)).toEqual(ids);
      const indexes = await callIndexes(db, postgres);
      expect(indexes).toEqual(expect.arrayContaining(['ix_calls_extension_day', 'ix_calls_user_day']));
      expect(indexes).not.toContain('ix_calls_user_started');
      expect(indexes).not.toContain('ix_calls_extension_started');
      const sql =
        "SELECT COUNT(*) AS n FROM calls c WHERE c.started_at / 86400 IN (19675, 19676) AND c.owner_extension = '201'";
      expect(await countOf(db, sql)).toBe(1);
    });

    it(`${HOUR_FIRST} keys them by hour first and keeps every call`, async () => {
      db = await storeBefore(kind, HOUR_FIRST, 1_500);
      const ids = await callIds(db);

      await db.migrateToLatest();

      expect(await callIds(db)).toEqual(ids);
      const indexes = await callIndexes(db, postgres);
      // The user's (hour, owner) index went again with migration 1797400000000.
      expect(indexes).toContain('ix_calls_extension_hour');
      expect(indexes).not.toContain('ix_calls_user_hour');
      expect(indexes).not.toContain('ix_calls_user_day');
      expect(indexes).not.toContain('ix_calls_extension_day');
      // Calls 0…11 started in [1_700_000_000, 1_700_018_000): 201's are calls 1, 4, 7 and 10.
      const sql =
        `SELECT COUNT(*) AS n FROM calls c WHERE ${callHoursSql(1_700_000_000, 1_700_018_000)} ` +
        "AND c.started_at >= 1700000000 AND c.started_at < 1700018000 AND c.owner_extension = '201'";
      expect(await countOf(db, sql)).toBe(4);
    });

    it(`${HOUR_OWNER} keys them (hour, owner) without started_at, keeps every call, and down restores it`, async () => {
      db = await storeBefore(kind, HOUR_OWNER, 1_500);
      const ids = await callIds(db);
      const before = await indexDefinition(db, postgres, 'ix_calls_user_hour');
      expect(before).toMatch(/owner_user_id, started_at\)$/);

      // This migration alone: a later one (1797400000000) drops the user's index.
      const up = db.dataSource.createQueryRunner();
      await new (migrations.find((m) => new m().name === HOUR_OWNER)!)().up(up);
      await up.release();

      expect(await callIds(db)).toEqual(ids);
      for (const [name, owner] of [
        ['ix_calls_user_hour', 'owner_user_id'],
        ['ix_calls_extension_hour', 'owner_extension'],
      ]) {
        const definition = await indexDefinition(db, postgres, name!);
        expect(definition).toMatch(new RegExp(`${owner}\\)$`));
        expect(definition).not.toContain('started_at,');
      }
      const sql =
        `SELECT COUNT(*) AS n FROM calls c WHERE ${callHoursSql(1_700_000_000, 1_700_018_000)} ` +
        "AND c.started_at >= 1700000000 AND c.started_at < 1700018000 AND c.owner_extension = '201'";
      expect(await countOf(db, sql)).toBe(4);

      const q = db.dataSource.createQueryRunner();
      const migration = migrations.find((m) => new m().name === HOUR_OWNER)!;
      await new migration().down(q);
      await q.release();
      expect(await indexDefinition(db, postgres, 'ix_calls_user_hour')).toBe(before);
      expect(await callIds(db)).toEqual(ids);
    });

    it(`${NO_USER_INDEX} drops the user's (hour, owner) index, keeps every call; down builds it again`, async () => {
      db = await storeBefore(kind, NO_USER_INDEX, 1_500);
      const ids = await callIds(db);
      const before = await indexDefinition(db, postgres, 'ix_calls_user_hour');
      expect(before).toMatch(/owner_user_id\)$/);

      await db.migrateToLatest();

      expect(await callIds(db)).toEqual(ids);
      const indexes = await callIndexes(db, postgres);
      expect(indexes).toContain('ix_calls_extension_hour');
      expect(indexes).not.toContain('ix_calls_user_hour');

      const q = db.dataSource.createQueryRunner();
      await new (migrations.find((m) => new m().name === NO_USER_INDEX)!)().down(q);
      await q.release();
      expect(await indexDefinition(db, postgres, 'ix_calls_user_hour')).toBe(before);
      expect(await callIds(db)).toEqual(ids);
    });

    it(`${NO_UNKNOWN_INDEX} drops the unknown extensions' index, keeps every call; down builds it again`, async () => {
      db = await storeBefore(kind, NO_UNKNOWN_INDEX, 1_500);
      await db.dataSource.query("UPDATE calls SET unknown_extension = owner_extension WHERE owner_extension = '201'");
      const ids = await callIds(db);
      // Quotes aside: SQLite keeps the SQL that created an index, and the first migration's quoted its names.
      const unknownIndex = async () =>
        (await indexDefinition(db, postgres, 'ix_calls_unknown_extension_started')).replace(/"/g, '');
      const before = await unknownIndex();
      expect(before).toMatch(/\(unknown_extension, started_at\) WHERE/);

      await db.migrateToLatest();

      expect(await callIds(db)).toEqual(ids);
      expect(await callIndexes(db, postgres)).not.toContain('ix_calls_unknown_extension_started');
      // What the unknown-extensions alarm asks, through time's index: 201's are every third of the 30 calls.
      const sql =
        'SELECT COUNT(*) AS n FROM calls c WHERE c.started_at >= 1700000000 AND c.started_at < 1700045000 ' +
        "AND c.unknown_extension <> ''";
      expect(await countOf(db, sql)).toBe(10);

      const q = db.dataSource.createQueryRunner();
      await new (migrations.find((m) => new m().name === NO_UNKNOWN_INDEX)!)().down(q);
      await q.release();
      expect(await unknownIndex()).toBe(before);
      expect(await callIds(db)).toEqual(ids);
    });
  });
}
