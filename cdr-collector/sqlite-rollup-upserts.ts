import { callRollupFigures, callRollupUpsertSql, type CallSummaryRollup } from '../src/call-layout/index.js';
import type { CallRowValues } from './call-row.js';
import { rollupDeltas } from './call-summary-deltas.js';

/** The slice of better-sqlite3's API the upserts use. */
interface Statement {
  run(...params: unknown[]): unknown;
}
export interface Handle {
  prepare(sql: string): Statement;
}

/** Rows per statement, largest first: a batch's rows are cut into runs of these. */
const RUNS = [64, 8, 1] as const;

/**
 * Runs `rows` (each `width` values) through statements prepared once, of a few fixed row counts (`sqlOf(rows)`). A
 * statement whose SQL varies with the batch (one VALUES row per key) is parsed anew every batch: that cost as
 * much as running it.
 */
export function createSqliteRowRuns(
  db: Handle,
  sqlOf: (rows: number) => string,
  width: number,
): (rows: readonly unknown[][]) => void {
  const statements = RUNS.map((run) => db.prepare(sqlOf(run)));
  const params = RUNS.map((run) => new Array<unknown>(run * width));
  return (rows) => {
    let at = 0;
    for (let r = 0; r < RUNS.length; r++) {
      const run = RUNS[r] as number;
      const bound = params[r] as unknown[];
      const statement = statements[r] as Statement;
      for (; rows.length - at >= run; at += run) {
        for (let d = 0; d < run; d++) {
          const row = rows[at + d] as unknown[];
          for (let c = 0; c < width; c++) bound[d * width + c] = row[c];
        }
        statement.run(bound);
      }
    }
  };
}

/** `INSERT INTO <rollup> AS r (…) VALUES <rows> ` + `tail`: the rollup's time, key and figures, one row per key. */
export function rollupInsertSql(rollup: CallSummaryRollup, rows: number, tail: string): string {
  const columns = ['started_at', ...rollup.key, ...callRollupFigures];
  const one = `(${columns.map(() => '?').join(',')})`;
  const values = new Array(rows).fill(one).join(',');
  return `INSERT INTO ${rollup.table} AS r (${columns.join(',')}) VALUES ${values} ${tail}`;
}

/**
 * Adds a batch's deltas into `rollups` (kept from the calls: by destination; the daily one by line waits in
 * sqlite-line-rollup.ts) on SQLite, rollupDeltas: one row per key, by INSERT … ON CONFLICT DO UPDATE.
 */
export function createSqliteRollupUpserts(
  db: Handle,
  rollups: readonly CallSummaryRollup[],
): (calls: CallRowValues[], ids: number[]) => void {
  const upserts = rollups.map((rollup) => ({
    rollup,
    run: createSqliteRowRuns(
      db,
      (rows) => rollupInsertSql(rollup, rows, callRollupUpsertSql(rollup)),
      1 + rollup.key.length + callRollupFigures.length,
    ),
  }));
  return (calls, ids) => {
    for (const { rollup, run } of upserts) run(rollupDeltas(calls, ids, rollup));
  };
}
