import type { MigrationInterface, QueryRunner } from 'typeorm';

const ROUTE = ['direction', 'answered', 'destination_type', 'gateway', 'currency'];
const DEPARTMENT = ['department_id', 'cost_centre_id', 'direction', 'answered', 'destination_type', 'currency'];
/** The rollups of migration 1795940000000-call-summary-rollups, as it made them. */
const ROLLUPS: Array<{ table: string; key: string[]; grain: number }> = [
  { table: 'call_summaries_daily_route', key: ROUTE, grain: 86_400 },
  { table: 'call_summaries_hourly_route', key: ROUTE, grain: 3600 },
  { table: 'call_summaries_daily_department', key: DEPARTMENT, grain: 86_400 },
];
/** The key columns that may be NULL, and a value of their type to stand in for NULL in the unique index. */
const NULLABLE: Record<string, string> = {
  department_id: '0',
  cost_centre_id: '0',
  destination_type: "''",
  gateway: "''",
  currency: "''",
};
const FIGURES = ['calls', 'duration_seconds', 'cost_minor', 'rated_calls', 'ring_seconds'];

/**
 * The unique index's expressions: a nullable column as its value or a stand-in plus whether it is NULL, so
 * NULL equals NULL (as GROUP BY and the old trigger's IS NOT DISTINCT FROM have it) and never equals the
 * stand-in. Portable: NULLS NOT DISTINCT needs PostgreSQL 15.
 */
const keyExpressions = (key: string[]) =>
  key.flatMap((c) => (NULLABLE[c] ? [`COALESCE(${c}, ${NULLABLE[c]})`, `(${c} IS NULL)`] : [c]));

/**
 * Issue 18 (PostgreSQL only). The rollup triggers of 1795940000000 added a
 * call_summaries row by UPDATE, then INSERT when no row had its key: two
 * writers adding the same new key at once each inserted a row (the sums stay
 * right, the rows double), and two writers updating the same keys in
 * different orders could deadlock. The UPDATE also matched the key with IS NOT
 * DISTINCT FROM, which no index serves: each summary row scanned its day's
 * rollup rows, and each trigger ran once per row.
 *
 * Now each rollup has a unique key (its time and key, NULL equal to NULL), and
 * one statement-level trigger per rollup adds a whole INSERT's rows at once
 * (its transition table, grouped by the rollup's key) by INSERT … ON CONFLICT
 * DO UPDATE, in key order: a second writer with the same new key waits for the
 * first and adds to its row; writers lock a statement's keys in the same order.
 * Rows doubled by an earlier race are merged first. SQLite has one writer at a
 * time and keeps its triggers.
 */
export class RollupUpserts1795990000000 implements MigrationInterface {
  name = 'RollupUpserts1795990000000';

  async up(q: QueryRunner): Promise<void> {
    if (q.connection.driver.options.type !== 'postgres') return;
    for (const { table, key, grain } of ROLLUPS) {
      const k = key.join(', ');
      await q.query(
        `UPDATE ${table} r SET ${FIGURES.map((f) => `${f} = g.${f}`).join(', ')} FROM (SELECT MIN(id) AS keep, ` +
          `${FIGURES.map((f) => `SUM(${f}) AS ${f}`).join(', ')} FROM ${table} GROUP BY started_at, ${k} ` +
          'HAVING COUNT(*) > 1) g WHERE r.id = g.keep',
      );
      await q.query(`DELETE FROM ${table} WHERE id NOT IN (SELECT MIN(id) FROM ${table} GROUP BY started_at, ${k})`);
      await q.query(`DROP INDEX ix_${table}_day_key`);
      await q.query(`CREATE UNIQUE INDEX uq_${table}_key ON ${table} (started_at, ${keyExpressions(key).join(', ')})`);
      await q.query(`DROP TRIGGER tr_${table} ON call_summaries`);
      await q.query(`DROP FUNCTION ${table}_add()`);
      const start = `(started_at / ${grain}) * ${grain}`;
      await q.query(
        `CREATE FUNCTION ${table}_add() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ` +
          `INSERT INTO ${table} AS r (started_at, ${k}, ${FIGURES.join(', ')}) ` +
          `SELECT ${start}, ${k}, ${FIGURES.map((f) => `SUM(${f})`).join(', ')} FROM added ` +
          `GROUP BY ${start}, ${k} ORDER BY ${start}, ${k} ` +
          `ON CONFLICT (started_at, ${keyExpressions(key).join(', ')}) DO UPDATE SET ` +
          'calls = r.calls + EXCLUDED.calls, duration_seconds = r.duration_seconds + EXCLUDED.duration_seconds, ' +
          'cost_minor = CASE WHEN EXCLUDED.cost_minor IS NULL THEN r.cost_minor ' +
          'ELSE COALESCE(r.cost_minor, 0) + EXCLUDED.cost_minor END, ' +
          'rated_calls = r.rated_calls + EXCLUDED.rated_calls, ' +
          'ring_seconds = r.ring_seconds + EXCLUDED.ring_seconds; RETURN NULL; END $$',
      );
      await q.query(
        `CREATE TRIGGER tr_${table} AFTER INSERT ON call_summaries REFERENCING NEW TABLE AS added ` +
          `FOR EACH STATEMENT EXECUTE FUNCTION ${table}_add()`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.driver.options.type !== 'postgres') return;
    for (const { table, key, grain } of [...ROLLUPS].reverse()) {
      const k = key.join(', ');
      await q.query(`DROP TRIGGER tr_${table} ON call_summaries`);
      await q.query(`DROP FUNCTION ${table}_add()`);
      await q.query(`DROP INDEX uq_${table}_key`);
      await q.query(`CREATE INDEX ix_${table}_day_key ON ${table} (started_at, ${k})`);
      const start = `(NEW.started_at / ${grain}) * ${grain}`;
      const same = `started_at = ${start} AND ${key.map((c) => `${c} IS NOT DISTINCT FROM NEW.${c}`).join(' AND ')}`;
      await q.query(
        `CREATE FUNCTION ${table}_add() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ` +
          'UPDATE ' +
          `${table} SET calls = calls + NEW.calls, duration_seconds = duration_seconds + NEW.duration_seconds, ` +
          'cost_minor = CASE WHEN NEW.cost_minor IS NULL THEN cost_minor ELSE COALESCE(cost_minor, 0) + ' +
          'NEW.cost_minor END, rated_calls = rated_calls + NEW.rated_calls, ' +
          `ring_seconds = ring_seconds + NEW.ring_seconds WHERE ${same}; IF NOT FOUND THEN INSERT INTO ${table} ` +
          `(started_at, ${k}, ${FIGURES.join(', ')}) VALUES (${start}, ${key.map((c) => `NEW.${c}`).join(', ')}, ` +
          `${FIGURES.map((f) => `NEW.${f}`).join(', ')}); END IF; RETURN NULL; END $$`,
      );
      await q.query(
        `CREATE TRIGGER tr_${table} AFTER INSERT ON call_summaries FOR EACH ROW EXECUTE FUNCTION ${table}_add()`,
      );
    }
  }
}
