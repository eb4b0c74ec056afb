import { callRollupFigures, callRollupsFromCalls, callRollupUpsertSql } from '../src/call-layout/index.js';
import type { CallRowValues } from './call-row.js';
import { rollupDeltas } from './call-summary-deltas.js';

/** The slice of better-sqlite3's API the upserts use. */
interface Statement {
  run(...params: unknown[]): unknown;
}
interface Handle {
  prepare(sql: string): Statement;
}

/** Rows per upsert statement, largest first: a batch's deltas are cut into runs of these. */
const RUNS = [64, 8, 1] as const;

/**
 * Adds a batch's deltas into the rollups kept from the calls on SQLite (by
 * line and by destination, rollupDeltas): one row per key, by INSERT … ON
 * CONFLICT DO UPDATE statements prepared once, of a few fixed row counts. A
 * statement whose SQL varies with the batch (one VALUES row per key) is
 * parsed anew every batch: that cost as much as running it.
 */
export function createSqliteRollupUpserts(db: Handle): (calls: CallRowValues[], ids: number[]) => void {
  const rollups = callRollupsFromCalls.map((rollup) => {
    const columns = ['started_at', ...rollup.key, ...callRollupFigures];
    const one = `(${columns.map(() => '?').join(',')})`;
    const statements = RUNS.map((run) =>
      db.prepare(
        `INSERT INTO ${rollup.table} AS r (${columns.join(',')}) VALUES ${new Array(run).fill(one).join(',')} ` +
          callRollupUpsertSql(rollup),
      ),
    );
    const params = RUNS.map((run) => new Array<unknown>(run * columns.length));
    return { rollup, width: columns.length, statements, params };
  });

  return (calls, ids) => {
    for (const { rollup, width, statements, params } of rollups) {
      const deltas = rollupDeltas(calls, ids, rollup);
      let at = 0;
      for (let r = 0; r < RUNS.length; r++) {
        const run = RUNS[r] as number;
        const bound = params[r] as unknown[];
        const statement = statements[r] as Statement;
        for (; deltas.length - at >= run; at += run) {
          for (let d = 0; d < run; d++) {
            const delta = deltas[at + d] as unknown[];
            for (let c = 0; c < width; c++) bound[d * width + c] = delta[c];
          }
          // Spread, as the calls insert binds (sqlite-call-insert.ts): an array argument costs a V8 look-up a value.
          statement.run(...bound);
        }
      }
    }
  };
}
