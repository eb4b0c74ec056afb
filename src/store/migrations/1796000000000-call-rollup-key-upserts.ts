import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The rollups of migration 1795970000000 (src/store/call-summaries.ts names the same keys). */
const ROLLUPS: Array<{ table: string; key: string[] }> = [
  {
    table: 'call_summaries_daily_destination',
    key: ['destination_name', 'nation', 'destination_type', 'site', 'department_id', 'cost_centre_id', 'direction'],
  },
  {
    table: 'call_summaries_hourly_destination',
    key: ['destination_name', 'nation', 'destination_type', 'site', 'direction'],
  },
  {
    table: 'call_summaries_daily_line',
    key: ['owner_extension', 'owner_user_id', 'department_id', 'cost_centre_id', 'direction'],
  },
].map((r) => ({ ...r, key: [...r.key, 'currency'] }));
/** The key columns that may be NULL, and a value of their type standing in for NULL in the unique index. */
const NULLABLE: Record<string, string> = {
  owner_user_id: '0',
  department_id: '0',
  cost_centre_id: '0',
  site: "''",
  destination_name: "''",
  nation: "''",
  destination_type: "''",
  currency: "''",
};
const FIGURES = ['calls', 'duration_seconds', 'cost_minor', 'rated_calls', 'ring_seconds', 'answered_calls'];

/** The unique index's expressions, which an upsert's conflict target repeats: NULL equals NULL, never the stand-in. */
const rollupKeyExpressions = (key: string[]): string =>
  [
    'started_at',
    ...key.flatMap((c) => (NULLABLE[c] ? [`COALESCE(${c}, ${NULLABLE[c]})`, `(${c} IS NULL)`] : [c])),
  ].join(', ');

/** The figures of `added` (EXCLUDED or NEW) added to the rollup row `r`: cost stays NULL while both are. */
const addTo = (r: string, added: string) =>
  FIGURES.map((f) =>
    f === 'cost_minor'
      ? `cost_minor = CASE WHEN ${added}.cost_minor IS NULL THEN ${r}.cost_minor ` +
        `ELSE COALESCE(${r}.cost_minor, 0) + ${added}.cost_minor END`
      : `${f} = ${r}.${f} + ${added}.${f}`,
  ).join(', ');

/**
 * Issue 18. The rollups by line and destination (1795970000000) added each
 * delta by an UPDATE that matched the key with IS / IS NOT DISTINCT FROM, then
 * an INSERT when no row had it: the match could seek only the day and one
 * column, and on PostgreSQL each delta ran a plpgsql function, so an ingest
 * batch of 2,000 calls cost the backend about twice what its calls did; two
 * writers adding a new key at once could each insert a row.
 *
 * Each rollup now has a unique key (its time and key, NULL equal to NULL), the
 * ingest adds a batch's deltas to the table itself with INSERT … ON CONFLICT
 * DO UPDATE (one statement, keys in order), and the `_deltas` views the calls'
 * triggers write to do the same per row. Rows doubled by an earlier race are
 * merged first.
 */
export class CallRollupKeyUpserts1796000000000 implements MigrationInterface {
  name = 'CallRollupKeyUpserts1796000000000';

  async up(q: QueryRunner): Promise<void> {
    const postgres = q.connection.driver.options.type === 'postgres';
    for (const { table, key } of ROLLUPS) {
      const k = key.join(', ');
      await q.query(
        `UPDATE ${table} SET ${FIGURES.map((f) => `${f} = g.${f}`).join(', ')} FROM (SELECT MIN(id) AS keep, ` +
          `${FIGURES.map((f) => `SUM(${f}) AS ${f}`).join(', ')} FROM ${table} GROUP BY started_at, ${k} ` +
          `HAVING COUNT(*) > 1) g WHERE ${table}.id = g.keep`,
      );
      await q.query(`DELETE FROM ${table} WHERE id NOT IN (SELECT MIN(id) FROM ${table} GROUP BY started_at, ${k})`);
      await q.query(`CREATE UNIQUE INDEX uq_${table}_key ON ${table} (${rollupKeyExpressions(key)})`);
      const columns = ['started_at', ...key, ...FIGURES].join(', ');
      const upsert = (values: string) =>
        `INSERT INTO ${table} AS r (${columns}) VALUES (${values}) ` +
        `ON CONFLICT (${rollupKeyExpressions(key)}) DO UPDATE SET ${addTo('r', 'EXCLUDED')}`;
      const grain = table.includes('hourly') ? 3600 : 86_400;
      const values = [`(NEW.started_at / ${grain}) * ${grain}`, ...key.map((c) => `NEW.${c}`)]
        .concat(FIGURES.map((f) => `NEW.${f}`))
        .join(', ');
      if (postgres) {
        await q.query(
          `CREATE OR REPLACE FUNCTION ${table}_add() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ` +
            `${upsert(values)}; RETURN NEW; END $$`,
        );
      } else {
        await q.query(`DROP TRIGGER tr_${table}_deltas`);
        await q.query(
          `CREATE TRIGGER tr_${table}_deltas INSTEAD OF INSERT ON ${table}_deltas BEGIN ${upsert(values)}; END`,
        );
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    const postgres = q.connection.driver.options.type === 'postgres';
    for (const { table, key } of [...ROLLUPS].reverse()) {
      await q.query(`DROP INDEX uq_${table}_key`);
      const grain = table.includes('hourly') ? 3600 : 86_400;
      const start = `(NEW.started_at / ${grain}) * ${grain}`;
      const same = (eq: string) =>
        `started_at = ${start} AND ` +
        key.map((c) => `${c} ${c === 'owner_extension' ? '=' : eq} NEW.${c}`).join(' AND ');
      const columns = ['started_at', ...key, ...FIGURES].join(', ');
      const values = [start, ...key.map((c) => `NEW.${c}`), ...FIGURES.map((f) => `NEW.${f}`)].join(', ');
      const add = addTo(table, 'NEW');
      if (postgres) {
        await q.query(
          `CREATE OR REPLACE FUNCTION ${table}_add() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ` +
            `UPDATE ${table} SET ${add.replaceAll(`${table}.`, '')} WHERE ${same('IS NOT DISTINCT FROM')}; ` +
            `IF NOT FOUND THEN INSERT INTO ${table} (${columns}) VALUES (${values}); END IF; RETURN NEW; END $$`,
        );
      } else {
        await q.query(`DROP TRIGGER tr_${table}_deltas`);
        await q.query(
          `CREATE TRIGGER tr_${table}_deltas INSTEAD OF INSERT ON ${table}_deltas BEGIN ` +
            `UPDATE ${table} SET ${add.replaceAll(`${table}.`, '')} WHERE ${same('IS')}; ` +
            `INSERT INTO ${table} (${columns}) SELECT ${values} WHERE NOT EXISTS ` +
            `(SELECT 1 FROM ${table} WHERE ${same('IS')}); END`,
        );
      }
    }
  }
}
