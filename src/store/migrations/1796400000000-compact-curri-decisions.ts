import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 18: every CURRI answer is recorded, 130 bytes a decision on SQLite (22 GB a day at 2,000 requests/s).
 * Most of a row repeated the same few texts. Now:
 * - context, trigger point, outcome, reason and divert destination are one code of `curri_decision_kinds`
 *   (a few dozen rows);
 * - the calling device is a code of `curri_decision_devices` (one row a phone);
 * - transformed numbers are NULL when CUCM sent none (most requests);
 * - on SQLite the id is the rowid without AUTOINCREMENT (no sqlite_sequence write per decision).
 * `curri_decision_log` shows the decisions with their texts, as the table used to, for audits and investigations.
 * Every decision keeps its id.
 */
export class CompactCurriDecisions1796400000000 implements MigrationInterface {
  name = 'CompactCurriDecisions1796400000000';

  async up(q: QueryRunner): Promise<void> {
    const postgres = q.connection.options.type === 'postgres';
    const id = postgres ? 'id SERIAL PRIMARY KEY' : 'id INTEGER PRIMARY KEY';
    await q.query(
      `CREATE TABLE curri_decision_kinds (${id}, context VARCHAR(64) NOT NULL, trigger_point VARCHAR(32) NOT NULL, ` +
        'outcome VARCHAR(16) NOT NULL, reason VARCHAR(32) NOT NULL, destination VARCHAR(64) NOT NULL)',
    );
    await q.query(
      'CREATE UNIQUE INDEX uq_curri_decision_kinds ON curri_decision_kinds ' +
        '(context, trigger_point, outcome, reason, destination)',
    );
    await q.query(`CREATE TABLE curri_decision_devices (${id}, name VARCHAR(255) NOT NULL)`);
    await q.query('CREATE UNIQUE INDEX uq_curri_decision_devices ON curri_decision_devices (name)');
    await q.query(
      'INSERT INTO curri_decision_kinds (context, trigger_point, outcome, reason, destination) ' +
        'SELECT DISTINCT context, trigger_point, outcome, reason, destination FROM curri_decisions',
    );
    await q.query(
      'INSERT INTO curri_decision_devices (name) ' +
        "SELECT DISTINCT calling_device_name FROM curri_decisions WHERE calling_device_name <> ''",
    );

    await q.query('DROP INDEX ix_curri_decisions_decided_line');
    await renameTable(q, postgres, 'curri_decisions', 'curri_decisions_wide');
    await q.query(
      `CREATE TABLE curri_decisions (${id}, decided_at BIGINT NOT NULL, kind_id INTEGER NOT NULL, ` +
        'line_id INTEGER, device_id INTEGER, latency_us INTEGER NOT NULL, ' +
        "calling_number VARCHAR(255) NOT NULL DEFAULT '', called_number VARCHAR(255) NOT NULL DEFAULT '', " +
        'transformed_calling_number VARCHAR(255), transformed_called_number VARCHAR(255))',
    );
    await q.query(
      'INSERT INTO curri_decisions (id, decided_at, kind_id, line_id, device_id, latency_us, calling_number, ' +
        'called_number, transformed_calling_number, transformed_called_number) ' +
        'SELECT w.id, w.decided_at, k.id, w.line_id, d.id, w.latency_us, w.calling_number, w.called_number, ' +
        "NULLIF(w.transformed_calling_number, ''), NULLIF(w.transformed_called_number, '') " +
        'FROM curri_decisions_wide w JOIN curri_decision_kinds k ON k.context = w.context AND ' +
        'k.trigger_point = w.trigger_point AND k.outcome = w.outcome AND k.reason = w.reason AND ' +
        'k.destination = w.destination LEFT JOIN curri_decision_devices d ON d.name = w.calling_device_name',
    );
    await q.query('DROP TABLE curri_decisions_wide');
    if (postgres) {
      await q.query(
        "SELECT setval(pg_get_serial_sequence('curri_decisions', 'id'), " +
          'COALESCE((SELECT MAX(id) FROM curri_decisions), 0) + 1, false)',
      );
    }
    // Reports bound the period first; a supervisor's keep their lines' decisions.
    await q.query('CREATE INDEX ix_curri_decisions_decided_line ON curri_decisions (decided_at, line_id)');
    await q.query(
      'CREATE VIEW curri_decision_log AS SELECT c.id AS id, c.decided_at AS decided_at, k.context AS context, ' +
        'c.calling_number AS calling_number, c.called_number AS called_number, ' +
        "COALESCE(c.transformed_calling_number, '') AS transformed_calling_number, " +
        "COALESCE(c.transformed_called_number, '') AS transformed_called_number, " +
        "COALESCE(d.name, '') AS calling_device_name, k.trigger_point AS trigger_point, c.line_id AS line_id, " +
        'k.outcome AS outcome, k.reason AS reason, k.destination AS destination, c.latency_us AS latency_us ' +
        'FROM curri_decisions c JOIN curri_decision_kinds k ON k.id = c.kind_id ' +
        'LEFT JOIN curri_decision_devices d ON d.id = c.device_id',
    );
  }

  async down(q: QueryRunner): Promise<void> {
    const postgres = q.connection.options.type === 'postgres';
    const id = postgres ? 'id SERIAL PRIMARY KEY' : 'id INTEGER PRIMARY KEY AUTOINCREMENT';
    await q.query(
      `CREATE TABLE curri_decisions_wide (${id}, ` +
        "decided_at BIGINT NOT NULL, context VARCHAR(64) NOT NULL DEFAULT '', " +
        "calling_number VARCHAR(255) NOT NULL DEFAULT '', called_number VARCHAR(255) NOT NULL DEFAULT '', " +
        "transformed_calling_number VARCHAR(255) NOT NULL DEFAULT '', " +
        "transformed_called_number VARCHAR(255) NOT NULL DEFAULT '', " +
        "calling_device_name VARCHAR(255) NOT NULL DEFAULT '', trigger_point VARCHAR(32) NOT NULL DEFAULT '', " +
        'line_id INTEGER, outcome VARCHAR(16) NOT NULL, reason VARCHAR(32) NOT NULL, ' +
        "destination VARCHAR(64) NOT NULL DEFAULT '', latency_us INTEGER NOT NULL)",
    );
    await q.query('INSERT INTO curri_decisions_wide SELECT * FROM curri_decision_log');
    await q.query('DROP VIEW curri_decision_log');
    await q.query('DROP TABLE curri_decisions');
    await q.query('DROP TABLE curri_decision_kinds');
    await q.query('DROP TABLE curri_decision_devices');
    await renameTable(q, postgres, 'curri_decisions_wide', 'curri_decisions');
    if (postgres) {
      await q.query(
        "SELECT setval(pg_get_serial_sequence('curri_decisions', 'id'), " +
          'COALESCE((SELECT MAX(id) FROM curri_decisions), 0) + 1, false)',
      );
    }
    await q.query('CREATE INDEX ix_curri_decisions_decided_line ON curri_decisions (decided_at, line_id)');
  }
}

/**
 * SQLite checks every trigger and view again when a table is renamed, and refuses the rollup triggers' upserts
 * there (as it does on DROP COLUMN); the legacy rename renames the table alone, and no trigger or view names
 * curri_decisions.
 */
async function renameTable(q: QueryRunner, postgres: boolean, from: string, to: string): Promise<void> {
  if (!postgres) await q.query('PRAGMA legacy_alter_table = ON');
  await q.query(`ALTER TABLE ${from} RENAME TO ${to}`);
  if (!postgres) await q.query('PRAGMA legacy_alter_table = OFF');
}
