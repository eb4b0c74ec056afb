import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './column-helpers.js';

const ROUTE = ['direction', 'answered', 'destination_type', 'gateway', 'currency'];
const DEPARTMENT = ['department_id', 'cost_centre_id', 'direction', 'answered', 'destination_type', 'currency'];
/** The rollups of call_summaries this migration makes (src/store/call-summaries.ts reads them by these names). */
const ROLLUPS: Array<{ table: string; key: string[]; grain: number }> = [
  { table: 'call_summaries_daily_route', key: ROUTE, grain: 86_400 },
  { table: 'call_summaries_hourly_route', key: ROUTE, grain: 3600 },
  { table: 'call_summaries_daily_department', key: DEPARTMENT, grain: 86_400 },
];
const KEY_COLUMNS = {
  department_id: col.nint('department_id'),
  cost_centre_id: col.nint('cost_centre_id'),
  direction: { name: 'direction', type: 'varchar', length: '16' },
  answered: col.bool('answered'),
  destination_type: col.nstr('destination_type', 16),
  gateway: col.nstr('gateway', 129),
  currency: col.nstr('currency', 3),
} as const;
const FIGURES = ['calls', 'duration_seconds', 'cost_minor', 'rated_calls', 'ring_seconds'];

/** The figures of the summary row NEW added to a rollup row's (a SUM of both: cost stays NULL while both are). */
const ADD =
  'calls = calls + NEW.calls, duration_seconds = duration_seconds + NEW.duration_seconds, ' +
  'cost_minor = CASE WHEN NEW.cost_minor IS NULL THEN cost_minor ELSE COALESCE(cost_minor, 0) + NEW.cost_minor END, ' +
  'rated_calls = rated_calls + NEW.rated_calls, ring_seconds = ring_seconds + NEW.ring_seconds';

/**
 * Issue 16/18: grouped reports over a month read hundreds of thousands of
 * hourly call_summaries rows at 10M calls (about 750 keys an hour). Rollups
 * with narrower keys (by route: direction, answered, destination type,
 * gateway, currency, per day and per hour; by department: department, cost
 * centre, direction, answered, destination type, currency, per day) hold a
 * few hundred rows a day. A trigger adds each call_summaries row as it is
 * inserted (by the ingest, or by the calls' triggers on re-rating and
 * deletion) into its day's or hour's rollup row, so each rollup equals
 * call_summaries summed by its key and grain. Built here from the existing
 * call_summaries. call_summaries rows are only ever appended (retention deletes
 * whole hours and days of both at once, when their calls are gone).
 */
export class CallSummaryRollups1795940000000 implements MigrationInterface {
  name = 'CallSummaryRollups1795940000000';

  async up(q: QueryRunner): Promise<void> {
    const postgres = q.connection.driver.options.type === 'postgres';
    for (const { table, key, grain } of ROLLUPS) {
      const startOf = (row: string) => `(${row}.started_at / ${grain}) * ${grain}`;
      await q.createTable(
        new Table({
          name: table,
          columns: [
            col.id(),
            col.big('started_at'),
            ...key.map((k) => KEY_COLUMNS[k as keyof typeof KEY_COLUMNS]),
            col.int('calls'),
            { name: 'duration_seconds', type: 'bigint', default: '0' },
            col.nbig('cost_minor'),
            col.int('rated_calls'),
            { name: 'ring_seconds', type: 'bigint', default: '0' },
          ],
          indices: [{ name: `ix_${table}_day_key`, columnNames: ['started_at', ...key] }],
        }),
      );
      const k = key.join(', ');
      await q.query(
        `INSERT INTO ${table} (started_at, ${k}, ${FIGURES.join(', ')}) SELECT ${startOf('s')}, ${k}, ` +
          `${FIGURES.map((f) => `SUM(${f})`).join(', ')} FROM call_summaries s GROUP BY ${startOf('s')}, ${k}`,
      );
      const same = (eq: string) =>
        `started_at = ${startOf('NEW')} AND ${key.map((c) => `${c} ${eq} NEW.${c}`).join(' AND ')}`;
      const values = [startOf('NEW'), ...key.map((c) => `NEW.${c}`), ...FIGURES.map((f) => `NEW.${f}`)].join(', ');
      const insert = `INSERT INTO ${table} (started_at, ${k}, ${FIGURES.join(', ')})`;
      if (postgres) {
        // Two writers adding a new key at once may each insert a row: the rollup is summed, so both count.
        await q.query(
          `CREATE FUNCTION ${table}_add() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ` +
            `UPDATE ${table} SET ${ADD} WHERE ${same('IS NOT DISTINCT FROM')}; ` +
            `IF NOT FOUND THEN ${insert} VALUES (${values}); END IF; RETURN NULL; END $$`,
        );
        await q.query(
          `CREATE TRIGGER tr_${table} AFTER INSERT ON call_summaries FOR EACH ROW EXECUTE FUNCTION ${table}_add()`,
        );
      } else {
        await q.query(
          `CREATE TRIGGER tr_${table} AFTER INSERT ON call_summaries BEGIN ` +
            `UPDATE ${table} SET ${ADD} WHERE ${same('IS')}; ` +
            `${insert} SELECT ${values} WHERE NOT EXISTS (SELECT 1 FROM ${table} WHERE ${same('IS')}); END`,
        );
      }
    }
  }

  async down(q: QueryRunner): Promise<void> {
    const postgres = q.connection.driver.options.type === 'postgres';
    for (const { table } of [...ROLLUPS].reverse()) {
      await q.query(postgres ? `DROP TRIGGER tr_${table} ON call_summaries` : `DROP TRIGGER tr_${table}`);
      if (postgres) await q.query(`DROP FUNCTION ${table}_add()`);
      await q.dropTable(table);
    }
  }
}
