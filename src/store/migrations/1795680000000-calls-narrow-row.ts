import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { col } from './column-helpers.js';

/** The calls columns that stay columns of their own, in the new table's order (all of them existed before). */
const OWN = [
  'cluster_id',
  'global_call_manager_id',
  'global_call_id',
  'orig_leg_id',
  'dest_leg_id',
  'file_id',
  'started_at',
  'connected_at',
  'ended_at',
  'duration_seconds',
  'direction',
  'answered',
  'owner_extension',
  'owner_partition',
  'owner_known',
  'owner_line_id',
  'owner_user_id',
  'department_id',
  'cost_centre_id',
  'site',
  'calling_number',
  'outpulsed_called_number',
  'dialled_number',
  'gateway',
  'carrier',
  'destination_e164',
  'nation',
  'destination_type',
  'destination_name',
  'cost_minor',
  'currency',
  'tariff_plan',
  'tariff_row',
  'unrated_reason',
  'mos',
  'jitter_ms',
  'packet_loss',
  'latency_ms',
  'ingested_at',
  'unknown_extension',
];
/** The CUCM detail packed into `detail` (a JSON array, in this order: call-columns.ts reads it by position). */
const PACKED = [
  'calling_partition',
  'original_called_number',
  'original_called_partition',
  'final_called_number',
  'final_called_partition',
  'last_redirect_dn',
  'last_redirect_dn_partition',
  'outpulsed_calling_number',
  'orig_device',
  'dest_device',
  'orig_cause',
  'dest_cause',
  'orig_redirect_reason',
  'last_redirect_reason',
  'hunt_pilot_dn',
  'auth_code_description',
  'authorization_level',
  'client_matter_code',
  'orig_ip',
  'dest_ip',
];
const NATURAL_KEY = ['cluster_id', 'global_call_manager_id', 'global_call_id', 'orig_leg_id', 'dest_leg_id'];
/** What call_summaries are keyed by (the calls columns of the same names) and what they add up. */
const SUMMARY_KEY = [
  'department_id',
  'cost_centre_id',
  'direction',
  'answered',
  'destination_type',
  'gateway',
  'currency',
];
const SUMMARY_COLUMNS = [
  'started_at',
  ...SUMMARY_KEY,
  'calls',
  'duration_seconds',
  'cost_minor',
  'rated_calls',
  'ring_seconds',
];

/** The summary delta of one calls row (`row` = OLD or NEW in a trigger, or a table alias), `sign` 1 or -1. */
function deltaValues(row: string, sign: 1 | -1): string {
  const s = sign === 1 ? '' : '-';
  return (
    `(${row}.started_at / 3600) * 3600, ${SUMMARY_KEY.map((k) => `${row}.${k}`).join(', ')}, ${sign}, ` +
    `${s}${row}.duration_seconds, ${s}${row}.cost_minor, CASE WHEN ${row}.cost_minor IS NULL THEN 0 ` +
    `ELSE ${sign} END, ` +
    `${s}(CASE WHEN ${row}.connected_at IS NOT NULL THEN ${row}.connected_at - ${row}.started_at ELSE 0 END)`
  );
}
const insertDelta = (row: string, sign: 1 | -1) =>
  `INSERT INTO call_summaries (${SUMMARY_COLUMNS.join(', ')}) VALUES (${deltaValues(row, sign)});`;
const TRACKED = ['started_at', 'connected_at', 'duration_seconds', 'cost_minor', ...SUMMARY_KEY];

/**
 * Issue 18: the calls row narrowed to what rating, budgets and reports read,
 * the CUCM detail packed into one `detail` column (jsonb on PostgreSQL, JSON
 * text on SQLite), secondary indexes cut from ten to four, and
 * `call_summaries`: per hour, department, cost centre, direction, answered,
 * destination type, gateway and currency, the calls, seconds and cost. The
 * ingest appends one row per key and batch for the calls it stores (they all
 * have a file_id); triggers append the figures of calls any other writer
 * inserts (no file_id), the reverse and the new figures when a call's figures
 * change (re-rating), the reverse when it is deleted (retention): the sums
 * always equal the calls'. Grouped reports read the
 * summaries instead of needing a (key, started_at) index on every call.
 * Every call is copied (same id); the summaries are built from them.
 */
export class CallsNarrowRow1795680000000 implements MigrationInterface {
  name = 'CallsNarrowRow1795680000000';

  async up(q: QueryRunner): Promise<void> {
    const postgres = q.connection.driver.options.type === 'postgres';
    await q.createTable(
      new Table({
        name: 'calls_narrow',
        columns: [
          col.id(),
          col.str('cluster_id', 64),
          col.big('global_call_manager_id'),
          col.big('global_call_id'),
          col.big('orig_leg_id'),
          col.big('dest_leg_id'),
          col.nint('file_id'),
          col.big('started_at'),
          col.nbig('connected_at'),
          col.big('ended_at'),
          col.int('duration_seconds'),
          { name: 'direction', type: 'varchar', length: '16' },
          col.bool('answered'),
          col.str('owner_extension', 50),
          col.str('owner_partition', 50),
          col.bool('owner_known', true),
          col.nint('owner_line_id'),
          col.nint('owner_user_id'),
          col.nint('department_id'),
          col.nint('cost_centre_id'),
          col.nstr('site', 60),
          col.str('calling_number', 64),
          col.str('outpulsed_called_number', 64),
          col.str('dialled_number', 64),
          col.nstr('gateway', 129),
          col.nstr('carrier', 120),
          col.nstr('destination_e164', 32),
          col.nstr('nation', 2),
          col.nstr('destination_type', 16),
          col.nstr('destination_name', 120),
          col.nint('cost_minor'),
          col.nstr('currency', 3),
          col.nstr('tariff_plan', 120),
          col.nstr('tariff_row', 120),
          col.nstr('unrated_reason', 120),
          col.real('mos'),
          col.nint('jitter_ms'),
          col.nint('packet_loss'),
          col.nint('latency_ms'),
          col.big('ingested_at'),
          col.str('unknown_extension', 50),
          { name: 'detail', type: postgres ? 'jsonb' : 'text', isNullable: true },
        ],
      }),
    );
    const pack = postgres ? `jsonb_build_array(${PACKED.join(', ')})` : `json_array(${PACKED.join(', ')})`;
    await q.query(
      `INSERT INTO calls_narrow (id, ${OWN.join(', ')}, detail) SELECT id, ${OWN.join(', ')}, ${pack} FROM calls`,
    );
    await q.query('DROP TABLE calls');
    await q.query('ALTER TABLE calls_narrow RENAME TO calls');
    if (postgres)
      await q.query(
        "SELECT setval(pg_get_serial_sequence('calls', 'id'), COALESCE((SELECT MAX(id) FROM calls), 0) + 1, false)",
      );
    await q.query(`CREATE UNIQUE INDEX uq_calls_natural_key ON calls (${NATURAL_KEY.join(', ')})`);
    // Call lists: the period, one user's or one extension's calls; the alarm's few unknown extensions.
    await q.createIndex('calls', new TableIndex({ name: 'ix_calls_started_at', columnNames: ['started_at'] }));
    await q.createIndex(
      'calls',
      new TableIndex({ name: 'ix_calls_user_started', columnNames: ['owner_user_id', 'started_at'] }),
    );
    await q.createIndex(
      'calls',
      new TableIndex({ name: 'ix_calls_extension_started', columnNames: ['owner_extension', 'started_at'] }),
    );
    await q.createIndex(
      'calls',
      new TableIndex({
        name: 'ix_calls_unknown_extension_started',
        columnNames: ['unknown_extension', 'started_at'],
        where: "unknown_extension <> ''",
      }),
    );

    await q.createTable(
      new Table({
        name: 'call_summaries',
        columns: [
          col.id(),
          col.big('started_at'),
          col.nint('department_id'),
          col.nint('cost_centre_id'),
          { name: 'direction', type: 'varchar', length: '16' },
          col.bool('answered'),
          col.nstr('destination_type', 16),
          col.nstr('gateway', 129),
          col.nstr('currency', 3),
          col.int('calls'),
          { name: 'duration_seconds', type: 'bigint', default: '0' },
          col.nbig('cost_minor'),
          col.int('rated_calls'),
          { name: 'ring_seconds', type: 'bigint', default: '0' },
        ],
        indices: [{ name: 'ix_call_summaries_started', columnNames: ['started_at'] }],
      }),
    );
    await q.query(
      `INSERT INTO call_summaries (${SUMMARY_COLUMNS.join(', ')}) SELECT (started_at / 3600) * ` +
        `3600, ${SUMMARY_KEY.join(', ')}, ` +
        `COUNT(*), SUM(duration_seconds), SUM(cost_minor), COUNT(cost_minor), ` +
        `SUM(CASE WHEN connected_at IS NOT NULL THEN connected_at - started_at ELSE 0 END) FROM ` +
        `calls GROUP BY (started_at / 3600) * 3600, ${SUMMARY_KEY.join(', ')}`,
    );
    if (postgres) {
      await q.query(
        `CREATE FUNCTION calls_summary_delta() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN ` +
          `IF TG_OP <> 'INSERT' THEN ${insertDelta('OLD', -1)} END IF; IF TG_OP <> 'DELETE' THEN ` +
          `${insertDelta('NEW', 1)} END IF; RETURN NULL; END $$`,
      );
      await q.query(
        `CREATE TRIGGER tr_calls_summary AFTER UPDATE OF ${TRACKED.join(', ')} OR DELETE ON calls ` +
          `FOR EACH ROW EXECUTE FUNCTION calls_summary_delta()`,
      );
      await q.query(
        'CREATE TRIGGER tr_calls_summary_insert AFTER INSERT ON calls FOR EACH ROW WHEN ' +
          '(NEW.file_id IS NULL) EXECUTE FUNCTION calls_summary_delta()',
      );
    } else {
      await q.query(
        `CREATE TRIGGER tr_calls_summary_update AFTER UPDATE OF ${TRACKED.join(', ')} ON calls ` +
          `BEGIN ${insertDelta('OLD', -1)} ${insertDelta('NEW', 1)} END`,
      );
      await q.query(`CREATE TRIGGER tr_calls_summary_delete AFTER DELETE ON calls BEGIN ${insertDelta('OLD', -1)} END`);
      await q.query(
        `CREATE TRIGGER tr_calls_summary_insert AFTER INSERT ON calls WHEN NEW.file_id IS NULL ` +
          `BEGIN ${insertDelta('NEW', 1)} END`,
      );
    }
  }

  async down(): Promise<void> {
    throw new Error('CallsNarrowRow1795680000000 is not reversible: restore the backup taken before upgrading');
  }
}
