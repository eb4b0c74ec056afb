import { afterEach, describe, expect, it } from 'vitest';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../../test/harness/index.js';
import { insertCallsWithoutTexts, makeCall } from '../../../test/reports/call-fixtures.js';
import { LineRollupPending1797800000000 } from './1797800000000-line-rollup-pending.js';
import { migrations } from '../index.js';

const NAME = 'LineRollupPending1797800000000';
const before = migrations.slice(
  0,
  migrations.findIndex((m) => new m().name === NAME),
);

const triggerSql = async (db: TestDatabase) =>
  (await db.dataSource.query(
    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'tr_calls_rollup_%' ORDER BY name",
  )) as Array<{ name: string; sql: string }>;
const columnsOf = async (db: TestDatabase, postgres: boolean) =>
  (
    (await db.dataSource.query(
      postgres
        ? 'SELECT column_name AS name FROM information_schema.columns ' +
            "WHERE table_schema = current_schema() AND table_name = 'cdr_files'"
        : "SELECT name FROM pragma_table_info('cdr_files')",
    )) as Array<{ name: string }>
  )
    .map((c) => c.name)
    .filter((n) => n.startsWith('line_rollup'))
    .sort();

for (const kind of databaseKindsUnderTest()) {
  const postgres = kind === 'postgres';
  describe(`${NAME} on ${kind}`, () => {
    let db: TestDatabase;
    afterEach(async () => db.close());

    it('marks the ledger, guards the line statements of the calls’ triggers, and down restores them', async () => {
      db = await openTestDatabase(kind, { migrations: before });
      await insertCallsWithoutTexts(db.dataSource, [makeCall({ startedAt: 1_795_132_800, ownerExtension: '201' })]);
      const original = postgres ? [] : await triggerSql(db);
      const calls = await db.dataSource.query('SELECT id, started_at FROM calls ORDER BY id');

      const q = db.dataSource.createQueryRunner();
      try {
        await new LineRollupPending1797800000000().up(q);
        expect(await columnsOf(db, postgres)).toEqual(['line_rollup_pending_from', 'line_rollup_stale']);
        if (!postgres) {
          const guarded = await triggerSql(db);
          for (const t of guarded.filter((g) => g.name !== 'tr_calls_rollup_insert')) {
            // Each line statement (OLD's, and NEW's on update) is guarded; the destination ones are not.
            const lines = t.sql.split('; ').filter((s) => s.includes('call_summaries_daily_line_deltas'));
            expect(lines.length).toBe(t.name === 'tr_calls_rollup_update' ? 2 : 1);
            for (const s of lines)
              expect(s).toMatch(/SELECT (OLD|NEW)\.started_at.* WHERE NOT EXISTS \(SELECT 1 FROM cdr_files/);
            expect(t.sql).toContain('SET line_rollup_stale = 1');
            expect(t.sql.split('WHERE NOT EXISTS').length - 1).toBe(lines.length);
          }
          // A call of no file (another writer's) is never pending: an update reaches the rollup as before.
          await db.dataSource.query('UPDATE calls SET duration_seconds = duration_seconds + 10');
          const [row] = (await db.dataSource.query(
            'SELECT SUM(calls) AS calls, SUM(duration_seconds) AS seconds FROM call_summaries_daily_line',
          )) as Array<{ calls: number; seconds: number }>;
          const [call] = (await db.dataSource.query('SELECT duration_seconds AS seconds FROM calls')) as Array<{
            seconds: number;
          }>;
          expect(row).toEqual({ calls: 1, seconds: call!.seconds });
        }
        await new LineRollupPending1797800000000().down(q);
      } finally {
        await q.release();
      }
      expect(await columnsOf(db, postgres)).toEqual([]);
      if (!postgres) expect(await triggerSql(db)).toEqual(original);
      expect(await db.dataSource.query('SELECT id, started_at FROM calls ORDER BY id')).toEqual(calls);
    });
  });
}
