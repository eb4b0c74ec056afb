import {
  callRollupFigures,
  callRollupsFromCalls,
  callRollupUpsertSql,
  callSummaryFigures,
  callSummaryKey,
  type CallSummaryRollup,
} from '../src/call-layout/index.js';
import { callInsertColumns, callRowColumnAt, type CallRowValues } from './call-row.js';
import type { Placeholder } from './ingest-sql.js';
import { bigintArrayLiteral, textArrayLiteral } from './postgres-array-literal.js';

/** call_summaries columns (migration 1795680000000-calls-narrow-row): the hour, the key, the figures. */
export const summaryColumns = [
  'started_at',
  ...callSummaryKey,
  'calls',
  'duration_seconds',
  'cost_minor',
  'rated_calls',
  'ring_seconds',
] as const;

type RowColumn = ReturnType<typeof callRowColumnAt>;
/** The value of key column `c` in `row` (a generated column's, such as the direction, read from its stored one). */
const keyValue = (c: RowColumn, row: CallRowValues): unknown =>
  c.read ? c.read(row[c.at] as CallRowValues[number], row) : row[c.at];
/** The summary key's columns in a row. */
const KEY = summaryColumns.slice(1, 8).map((c) => callRowColumnAt(c));
const STARTED = callInsertColumns.indexOf('started_at');
const DURATION = callInsertColumns.indexOf('duration_seconds');
const COST = callInsertColumns.indexOf('cost_minor');
const CONNECTED = callInsertColumns.indexOf('connected_at');

/**
 * The call_summaries rows of a batch: the calls it stored (`ids[i]` not 0),
 * added up per hour and key. One row per key and batch, so the summary costs
 * the ingest a few dozen inserts per batch rather than an index entry per call.
 */
export function summaryDeltas(calls: CallRowValues[], ids: number[]): unknown[][] {
  return keyedDeltas(calls, ids, KEY, 3600, callSummaryFigures.length);
}

export function insertSummariesSql(rows: number, p: Placeholder): string {
  const n = summaryColumns.length;
  const values = Array.from(
    { length: rows },
    (_, r) => `(${summaryColumns.map((_, c) => p(r * n + c + 1)).join(',')})`,
  );
  return `INSERT INTO call_summaries (${summaryColumns.join(',')}) VALUES ${values.join(',')}`;
}

const ANSWERED = callInsertColumns.indexOf('answered');
/** The rollups' text columns (the rest are integers). */
const ROLLUP_TEXT = new Set([
  'owner_extension',
  'gateway',
  'direction',
  'currency',
  'destination_name',
  'nation',
  'destination_type',
  'site',
]);

/**
 * A batch's deltas to one rollup kept from the calls (by line or by
 * destination, src/store/call-summaries.ts): the calls it stored (`ids[i]`
 * not 0) added up per UTC day or hour and key, one row per distinct key
 * (PostgreSQL refuses a row updated twice by one statement), in key order
 * (two writers lock the rows they share in the same order; SQLite also writes
 * the key's index pages in order). A row is the time, the key, then
 * callRollupFigures.
 */
export function rollupDeltas(calls: CallRowValues[], ids: number[], rollup: CallSummaryRollup): unknown[][] {
  const key = rollup.key.map((k) => callRowColumnAt(k));
  const f = key.length + 1;
  const deltas = keyedDeltas(calls, ids, key, rollup.grainSeconds, callRollupFigures.length);
  return deltas.sort((a, b) => {
    for (let c = 0; c < f; c++) {
      const order = compareKeyValues(a[c], b[c]);
      if (order !== 0) return order;
    }
    return 0;
  });
}

/**
 * The calls stored (`ids[i]` not 0) added up per `grainSeconds` period of their start and per `key`: rows of
 * the period, the key's values, then the figures calls, duration_seconds, cost_minor, rated_calls,
 * ring_seconds and (with 6 `figures`) answered_calls, in the order each key first appears.
 */
function keyedDeltas(
  calls: CallRowValues[],
  ids: number[],
  key: RowColumn[],
  grainSeconds: number,
  figures: 5 | 6,
): unknown[][] {
  const f = key.length + 1;
  // Keyed by the period, then the first key column's value (NULL a value of its own), in Maps; the few keys that
  // share both are told apart by a scan of the rest. No key text is built per call, and no Map per key column
  // (with a Map a level, nearly every call of the line rollup made Maps: most of its keys are new in a batch).
  const root = new Map<number, Map<unknown, unknown[][]>>();
  const deltas: unknown[][] = [];
  const values = new Array<unknown>(key.length);
  for (let i = 0; i < calls.length; i++) {
    if (ids[i] === 0) continue;
    const row = calls[i] as CallRowValues;
    const started = row[STARTED] as number;
    const period = Math.floor(started / grainSeconds) * grainSeconds;
    for (let k = 0; k < key.length; k++) values[k] = keyValue(key[k] as RowColumn, row);
    let byFirst = root.get(period);
    if (byFirst === undefined) root.set(period, (byFirst = new Map()));
    let sharing = byFirst.get(values[0]);
    if (sharing === undefined) byFirst.set(values[0], (sharing = []));
    let delta: unknown[] | undefined;
    for (let d = 0; d < sharing.length && delta === undefined; d++) {
      const candidate = sharing[d] as unknown[];
      let k = 1;
      while (k < key.length && candidate[k + 1] === values[k]) k++;
      if (k === key.length) delta = candidate;
    }
    if (delta === undefined) {
      delta = new Array<unknown>(f + figures);
      delta[0] = period;
      for (let k = 0; k < key.length; k++) delta[k + 1] = values[k];
      delta[f] = delta[f + 1] = delta[f + 3] = delta[f + 4] = 0;
      delta[f + 2] = null;
      if (figures === 6) delta[f + 5] = 0;
      sharing.push(delta);
      deltas.push(delta);
    }
    delta[f] = (delta[f] as number) + 1;
    delta[f + 1] = (delta[f + 1] as number) + (row[DURATION] as number);
    const cost = row[COST] as number | null;
    if (cost !== null) {
      delta[f + 2] = ((delta[f + 2] as number | null) ?? 0) + cost;
      delta[f + 3] = (delta[f + 3] as number) + 1;
    }
    const connected = row[CONNECTED] as number | null;
    if (connected !== null) delta[f + 4] = (delta[f + 4] as number) + connected - started;
    if (figures === 6 && row[ANSWERED]) delta[f + 5] = (delta[f + 5] as number) + 1;
  }
  return deltas;
}

/** A total order of key values: NULL first, then numbers, then texts (by code unit), booleans as numbers. */
function compareKeyValues(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  const x = typeof a === 'boolean' ? Number(a) : a;
  const y = typeof b === 'boolean' ? Number(b) : b;
  if (typeof x === 'number' && typeof y !== 'number') return -1;
  if (typeof x !== 'number' && typeof y === 'number') return 1;
  return (x as number | string) < (y as number | string) ? -1 : (x as number | string) > (y as number | string) ? 1 : 0;
}

/**
 * The upserts of a batch's deltas into the rollups kept from the calls on
 * PostgreSQL (SQLite: sqlite-rollup-upserts.ts): per rollup one INSERT …
 * SELECT FROM unnest(…) ON CONFLICT DO UPDATE. Run them in the batch's transaction.
 */
export function rollupDeltaStatements(
  calls: CallRowValues[],
  ids: number[],
  p: Placeholder,
  // Only PostgreSQL's remains: SQLite reuses prepared statements of fixed shapes (sqlite-rollup-upserts.ts).
  _dialect: 'postgres',
): Array<{ sql: string; values: unknown[] }> {
  const statements: Array<{ sql: string; values: unknown[] }> = [];
  for (const rollup of callRollupsFromCalls) {
    const deltas = rollupDeltas(calls, ids, rollup);
    if (deltas.length === 0) continue;
    const columns = ['started_at', ...rollup.key, ...callRollupFigures];
    // One array per column: a statement of 2,000 rows binds 13 parameters instead of 26,000, which
    // PostgreSQL parses and plans about three times faster per row (measured 33 against 80-100 µs a row).
    const arrays = columns.map((c, j) => ({
      type: ROLLUP_TEXT.has(c) ? 'text' : 'bigint',
      values: deltas.map((d) => d[j]),
    }));
    statements.push({
      sql:
        `INSERT INTO ${rollup.table} AS r (${columns.join(',')}) ` +
        `SELECT * FROM unnest(${arrays.map((a, j) => `${p(j + 1)}::${a.type}[]`).join(',')}) ` +
        callRollupUpsertSql(rollup),
      values: arrays.map((a) => (a.type === 'text' ? textArrayLiteral(a.values) : bigintArrayLiteral(a.values))),
    });
  }
  return statements;
}
