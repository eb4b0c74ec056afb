import type { MigrationInterface, QueryRunner } from 'typeorm';
import { withoutSqliteTriggers } from './sqlite-triggers.js';

const LINE_DELTAS = 'INSERT INTO call_summaries_daily_line_deltas ';
/** The calls' triggers of migration 1795970000000 that add a changed call's line figures (SQLite's names). */
const TRIGGERS = ['tr_calls_rollup_update', 'tr_calls_rollup_delete'];
/** True when the call `row` (OLD or NEW) is one of its file's calls the ingest has not added to the rollup yet. */
const pending = (row: string) =>
  `EXISTS (SELECT 1 FROM cdr_files f WHERE f.id = ${row}.file_id AND ${row}.id >= f.line_rollup_pending_from)`;
const MARK_STALE =
  'UPDATE cdr_files SET line_rollup_stale = 1 WHERE id = OLD.file_id AND OLD.id >= line_rollup_pending_from;';

/**
 * A trigger's SQL with its line statements guarded: `INSERT INTO …_deltas (…) VALUES (ROW.…);` becomes
 * `… SELECT ROW.… WHERE NOT <pending>;`, and the trigger marks the call's file stale when the call is pending.
 */
function guarded(sql: string): string {
  let guards = 0;
  const statements = sql.split('; ').map((s) => {
    const at = s.indexOf(LINE_DELTAS);
    if (at < 0) return s;
    const values = s.indexOf(') VALUES (', at);
    const row = s.slice(values + 10, values + 13);
    if (values < 0 || !s.endsWith(')') || (row !== 'OLD' && row !== 'NEW')) throw new Error(`unexpected: ${s}`);
    guards++;
    return `${s.slice(0, values + 1)} SELECT ${s.slice(values + 10, -1)} WHERE NOT ${pending(row)}`;
  });
  if (guards === 0) throw new Error(`no line rollup statement in ${sql.slice(0, 80)}…`);
  const body = statements.join('; ');
  if (!body.endsWith('; END')) throw new Error(`unexpected trigger end: ${body.slice(-40)}`);
  return `${body.slice(0, -3)}${MARK_STALE} END`;
}

/** `guarded`'s inverse. */
function unguarded(sql: string): string {
  const body = sql.replace(` ${MARK_STALE}`, '');
  return body.replace(
    new RegExp(
      `\\) SELECT ((?:OLD|NEW)\\.started_at[^;]*) WHERE NOT EXISTS \\(SELECT 1 FROM cdr_files f WHERE [^;]*\\)`,
      'g',
    ),
    ') VALUES ($1)',
  );
}

/**
 * Issue 18: the ingest keeps the daily rollup by line's figures of a file's calls in memory, and adds them once
 * per 65,536 calls and at the file's end (cdr-collector/sqlite-line-rollup.ts), not once per committed group: at
 * 1M records of 2,000 lines a day's row was upserted about six times, about 370,000 upserts for 62,364 rows. The
 * new keys are inserted with the calls (zero figures), so a user's call list and budget find the line at once.
 *
 * `cdr_files.line_rollup_pending_from`: the lowest id of the file's calls whose figures are not in the rollup
 * yet (NULL: none). A crash loses the memory, not the marker: the next ingest store to open adds those calls'
 * figures from the calls. `line_rollup_stale`: a re-rating, directory change or delete touched a pending call
 * since; the ingest then adds the pending calls' figures from the calls as they are, not from its memory. On
 * SQLite the calls' triggers leave pending calls out of the rollup (their figures reach it once, when added)
 * and mark the file stale. PostgreSQL adds each batch's deltas in its transaction: nothing pends there.
 */
export class LineRollupPending1797800000000 implements MigrationInterface {
  name = 'LineRollupPending1797800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE cdr_files ADD COLUMN line_rollup_pending_from bigint');
    await q.query('ALTER TABLE cdr_files ADD COLUMN line_rollup_stale boolean NOT NULL DEFAULT false');
    await q.query(
      'CREATE INDEX ix_cdr_files_line_rollup_pending ON cdr_files (line_rollup_pending_from) ' +
        'WHERE line_rollup_pending_from IS NOT NULL',
    );
    if (q.connection.driver.options.type === 'postgres') return;
    for (const [name, sql] of await triggers(q)) {
      await q.query(`DROP TRIGGER ${name}`);
      await q.query(guarded(sql));
    }
  }

  async down(q: QueryRunner): Promise<void> {
    if (q.connection.driver.options.type !== 'postgres') {
      for (const [name, sql] of await triggers(q)) {
        await q.query(`DROP TRIGGER ${name}`);
        await q.query(unguarded(sql));
      }
    }
    await q.query('DROP INDEX ix_cdr_files_line_rollup_pending');
    await withoutSqliteTriggers(q, async () => {
      await q.query('ALTER TABLE cdr_files DROP COLUMN line_rollup_stale');
      await q.query('ALTER TABLE cdr_files DROP COLUMN line_rollup_pending_from');
    });
  }
}

async function triggers(q: QueryRunner): Promise<Array<[string, string]>> {
  const rows = (await q.query(
    `SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (${TRIGGERS.map((t) => `'${t}'`)})`,
  )) as Array<{ name: string; sql: string }>;
  if (rows.length !== TRIGGERS.length) throw new Error(`expected triggers ${TRIGGERS.join(', ')}`);
  return rows.map((r) => [r.name, r.sql]);
}
