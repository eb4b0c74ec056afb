import { afterEach, describe, expect, it } from 'vitest';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../../test/harness/index.js';
import { insertCallsWithoutTexts, makeCall } from '../../../test/reports/call-fixtures.js';
import { callSummaryRollups, migrations } from '../index.js';

const ROLLUPS = 'CallSummaryRollups1795940000000';
const before = migrations.slice(
  0,
  migrations.findIndex((m) => new m().name === ROLLUPS),
);
const START = Date.UTC(2022, 4, 30, 20) / 1000;

/** Each rollup's figures, and call_summaries' summed by the rollup's key and grain: they must be equal. */
async function bothSides(db: TestDatabase): Promise<Array<[unknown, unknown]>> {
  const sides: Array<[unknown, unknown]> = [];
  const norm = (rows: Array<Record<string, unknown>>) =>
    rows.map((r) => Object.values(r).map((v) => (typeof v === 'boolean' ? Number(v) : v === null ? v : String(v))));
  for (const r of callSummaryRollups.filter((x) => x.from === 'call_summaries')) {
    const key = r.key.join(', ');
    const figures = 'SUM(calls), SUM(duration_seconds), SUM(cost_minor), SUM(rated_calls), SUM(ring_seconds)';
    const grouped = (from: string, start: string) =>
      db.dataSource.query(
        `SELECT ${start} AS t, ${key}, ${figures} FROM ${from} GROUP BY ${start}, ${key} ` +
          `ORDER BY 1, ${r.key.map((k) => `${k} IS NULL, ${k}`).join(', ')}`,
      ) as Promise<Array<Record<string, unknown>>>;
    const g = r.grainSeconds;
    sides.push([
      norm(await grouped(r.table, 'started_at')),
      norm(await grouped('call_summaries', `(started_at / ${g}) * ${g}`)),
    ]);
  }
  return sides;
}

const calls = (n: number, offset: number) =>
  Array.from({ length: n }, (_, i) =>
    makeCall({
      startedAt: START + (i + offset) * 2711,
      departmentId: i % 3 === 0 ? null : 1 + (i % 2),
      direction: i % 4 === 0 ? 'incoming' : 'outgoing',
      answered: i % 5 !== 0,
      gateway: i % 3 === 1 ? null : 'GW1',
      destinationType: i % 2 ? 'mobile' : null,
      durationSeconds: 10 + i,
      costMinor: i % 4 === 0 ? null : i,
      currency: i % 4 === 0 ? null : 'EUR',
    }),
  );

for (const kind of databaseKindsUnderTest()) {
  describe(`migration ${ROLLUPS} on ${kind}`, () => {
    let db: TestDatabase;
    afterEach(async () => db.close());

    it('builds the rollups from the existing summaries, and its trigger keeps adding what is inserted', async () => {
      db = await openTestDatabase(kind, { migrations: before });
      await db.dataSource.query("INSERT INTO departments (name) VALUES ('Sales'), ('Support')");
      const ids = await insertCallsWithoutTexts(db.dataSource, calls(60, 0));
      await db.dataSource.query(`UPDATE calls SET cost_minor = 3 WHERE id = ${ids[7]}`);
      await db.migrateToLatest();
      const built = await bothSides(db);
      for (const [rollup, summaries] of built) expect(rollup).toEqual(summaries);
      expect((built[0]![0] as unknown[]).length).toBeGreaterThan(3);

      const more = await insertCallsWithoutTexts(db.dataSource, calls(40, 30));
      await db.dataSource.query(`UPDATE calls SET cost_minor = 9, gateway = 'GW2' WHERE id IN (${more[3]}, ${ids[8]})`);
      await db.dataSource.query(`DELETE FROM calls WHERE id IN (${more[5]}, ${ids[9]})`);
      for (const [rollup, summaries] of await bothSides(db)) expect(rollup).toEqual(summaries);
    });
  });
}
