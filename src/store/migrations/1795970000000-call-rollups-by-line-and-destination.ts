import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './column-helpers.js';

/** The rollups this migration makes (src/store/call-summaries.ts reads them by these names). */
const ROLLUPS: Array<{ table: string; key: string[]; seek: string; grain: number }> = [
  {
    table: 'call_summaries_daily_destination',
    key: ['destination_name', 'nation', 'destination_type', 'site', 'department_id', 'cost_centre_id', 'direction'],
    seek: 'destination_name',
    grain: 86_400,
  },
  {
    table: 'call_summaries_hourly_destination',
    key: ['destination_name', 'nation', 'destination_type', 'site', 'direction'],
    seek: 'destination_name',
    grain: 3600,
  },
  {
    table: 'call_summaries_daily_line',
    key: ['owner_extension', 'owner_user_id', 'department_id', 'cost_centre_id', 'direction'],
    seek: 'owner_extension',
    grain: 86_400,
  },
].map((r) => ({ ...r, key: [...r.key, 'currency'] }));
const KEY_COLUMNS = {
  owner_extension: col.str('owner_extension', 50),
  owner_user_id: col.nint('owner_user_id'),
  department_id: col.nint('department_id'),
  cost_centre_id: col.nint('cost_centre_id'),
  site: col.nstr('site', 60),
  direction: { name: 'direction', type: 'varchar', length: '16' },
  destination_name: col.nstr('destination_name', 120),
  nation: col.nstr('nation', 2),
  destination_type: col.nstr('destination_type', 16),
  currency: col.nstr('currency', 3),
} as const;
const FIGURES = ['calls', 'duration_seconds', 'cost_minor', 'rated_calls', 'ring_seconds', 'answered_calls'];
/** One calls row's figures (`row` = OLD or NEW in a trigger), `sign` 1 or -1, in FIGURES' order. */
const figuresOf = (row: string, sign: 1 | -1) => {
  const s = sign === 1 ? '' : '-';
  return (
    `${sign}, ${s}${row}.duration_seconds, ${s}${row}.cost_minor, CASE WHEN ${row}.cost_minor IS NULL THEN 0 ` +
    `ELSE ${sign} END, ${s}(CASE WHEN ${row}.connected_at IS NOT NULL THEN ${row}.connected_at - ` +
    `${row}.started_at ELSE 0 END), CASE WHEN ${row}.answered THEN ${sign} ELSE 0 END`
  );
};
/** The figures of the delta NEW added to a rollup row's (a SUM of both: cost stays NULL while both are). */
const ADD =
  'calls = calls + NEW.calls, duration_seconds = duration_seconds + NEW.duration_seconds, ' +
  'cost_minor = CASE WHEN NEW.cost_minor IS NULL THEN cost_minor ELSE COALESCE(cost_minor, 0) + NEW.cost_minor END, ' +
  'rated_calls = rated_calls + NEW.rated_calls, ring_seconds = ring_seconds + NEW.ring_seconds, ' +
  'answered_calls = answered_calls + NEW.answered_calls';
/** What the calls' triggers watch: a change of any of these moves a call's figures between rollup rows. */
const TRACKED = [
  ...new Set([
    'started_at',
    'connected_at',
    'duration_seconds',
    'cost_minor',
    'answered',
    ...ROLLUPS.flatMap((r) => r.key),
  ]),
];

/**
 * Issue 16: the Dashboard's widgets by area (destination name), by nation
 * (international calls) and by extension read every call of their week or
 * month at 10M calls (126 to 256 ms each): call_summaries lack those columns.
 * Rollups of the calls hold them: by destination per day (name, nation,
 * type, site, department, cost centre, direction, currency; about 0.03 rows a
 * call) and per hour without department and cost centre (about as many rows:
 * "today" and a period's partial days need not read the calls), and by line
 * per day (extension, user, department, cost centre, direction, currency;
 * about 0.26 rows a call at 27,000 calls a day over 6,000 lines).
 * Answered calls are a figure, not a key column: a key with `answered` had
 * 40% more rows. Each table has a view, `<table>_deltas`, whose INSTEAD OF
 * INSERT trigger adds a row into its day's or hour's row (inserting it when
 * none has its key yet): the ingest inserts each batch's deltas there, and triggers
 * on calls insert those of calls stored by any other writer (no file_id), of
 * re-rating and directory changes (the old figures taken out, the new added)
 * and of deletes. Built here from the existing calls.
 */
export class CallRollupsByLineAndDestination1795970000000 implements MigrationInterface {
  name = 'CallRollupsByLineAndDestination1795970000000';

  async up(q: QueryRunner): Promise<void> {
    const postgres = q.connection.driver.options.type === 'postgres';
    for (const { table, key, seek, grain } of ROLLUPS) {
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
            col.int('answered_calls'),
          ],
          // Reports read a period's days; a delta seeks its day and key's most telling column.
          indices: [{ name: `ix_${table}_day`, columnNames: ['started_at', seek] }],
        }),
      );
      const k = key.join(', ');
      await q.query(
        `INSERT INTO ${table} (started_at, ${k}, ${FIGURES.join(', ')}) SELECT ${startOf('c')}, ${k}, COUNT(*), ` +
          `SUM(duration_seconds), SUM(cost_minor), COUNT(cost_minor), SUM(CASE WHEN connected_at IS NOT NULL THEN ` +
          `connected_at - started_at ELSE 0 END), SUM(CASE WHEN answered THEN 1 ELSE 0 END) FROM calls c ` +
          `GROUP BY ${startOf('c')}, ${k}`,
      );
      const columns = ['started_at', ...key, ...FIGURES].join(', ');
      await q.query(`CREATE VIEW ${table}_deltas AS SELECT ${columns} FROM ${table} WHERE 1 = 0`);
      // PostgreSQL seeks an index only by `=`: the line's extension is never NULL.
      const same = (eq: string) =>
        `started_at = ${startOf('NEW')} AND ` +
        key.map((c) => `${c} ${c === 'owner_extension' ? '=' : eq} NEW.${c}`).join(' AND ');
      const values = [startOf('NEW'), ...key.map((c) => `NEW.${c}`), ...FIGURES.map((f) => `NEW.${f}`)].join(', ');
      const insert = `INSERT INTO ${table} (${columns})`;
      if (postgres) {
        // Two writers adding a new key at once may each insert a row: the rollup is summed, so both count.
        await q.query(
          `CREATE FUNCTION ${table}_add() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ` +
            `UPDATE ${table} SET ${ADD} WHERE ${same('IS NOT DISTINCT FROM')}; ` +
            `IF NOT FOUND THEN ${insert} VALUES (${values}); END IF; RETURN NEW; END $$`,
        );
        await q.query(
          `CREATE TRIGGER tr_${table}_deltas INSTEAD OF INSERT ON ${table}_deltas FOR EACH ROW ` +
            `EXECUTE FUNCTION ${table}_add()`,
        );
      } else {
        await q.query(
          `CREATE TRIGGER tr_${table}_deltas INSTEAD OF INSERT ON ${table}_deltas BEGIN ` +
            `UPDATE ${table} SET ${ADD} WHERE ${same('IS')}; ` +
            `${insert} SELECT ${values} WHERE NOT EXISTS (SELECT 1 FROM ${table} WHERE ${same('IS')}); END`,
        );
      }
    }
    // Home looks for the day of a user's newest call.
    await q.query(
      'CREATE INDEX ix_call_summaries_daily_line_user ON call_summaries_daily_line (owner_user_id, started_at)',
    );
    await this.callTriggers(q, postgres);
  }

  /** The calls' triggers: what any writer but the ingest changes reaches the rollups through their views. */
  private async callTriggers(q: QueryRunner, postgres: boolean): Promise<void> {
    const delta = (row: string, sign: 1 | -1) =>
      ROLLUPS.map(
        ({ table, key }) =>
          `INSERT INTO ${table}_deltas (started_at, ${key.join(', ')}, ${FIGURES.join(', ')}) VALUES ` +
          `(${row}.started_at, ${key.map((c) => `${row}.${c}`).join(', ')}, ${figuresOf(row, sign)});`,
      ).join(' ');
    if (postgres) {
      await q.query(
        `CREATE FUNCTION calls_rollup_delta() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ` +
          `IF TG_OP <> 'INSERT' THEN ${delta('OLD', -1)} END IF; IF TG_OP <> 'DELETE' THEN ` +
          `${delta('NEW', 1)} END IF; RETURN NULL; END $$`,
      );
      await q.query(
        `CREATE TRIGGER tr_calls_rollup AFTER UPDATE OF ${TRACKED.join(', ')} OR DELETE ON calls ` +
          `FOR EACH ROW EXECUTE FUNCTION calls_rollup_delta()`,
      );
      await q.query(
        'CREATE TRIGGER tr_calls_rollup_insert AFTER INSERT ON calls FOR EACH ROW WHEN ' +
          '(NEW.file_id IS NULL) EXECUTE FUNCTION calls_rollup_delta()',
      );
    } else {
      await q.query(
        `CREATE TRIGGER tr_calls_rollup_update AFTER UPDATE OF ${TRACKED.join(', ')} ON calls ` +
          `BEGIN ${delta('OLD', -1)} ${delta('NEW', 1)} END`,
      );
      await q.query(`CREATE TRIGGER tr_calls_rollup_delete AFTER DELETE ON calls BEGIN ${delta('OLD', -1)} END`);
      await q.query(
        `CREATE TRIGGER tr_calls_rollup_insert AFTER INSERT ON calls WHEN NEW.file_id IS NULL ` +
          `BEGIN ${delta('NEW', 1)} END`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    const postgres = q.connection.driver.options.type === 'postgres';
    if (postgres) {
      await q.query('DROP TRIGGER tr_calls_rollup ON calls');
      await q.query('DROP TRIGGER tr_calls_rollup_insert ON calls');
      await q.query('DROP FUNCTION calls_rollup_delta()');
    } else {
      for (const t of ['update', 'delete', 'insert']) await q.query(`DROP TRIGGER tr_calls_rollup_${t}`);
    }
    for (const { table } of [...ROLLUPS].reverse()) {
      await q.query(`DROP VIEW ${table}_deltas`);
      if (postgres) await q.query(`DROP FUNCTION ${table}_add()`);
      await q.dropTable(table);
    }
  }
}
