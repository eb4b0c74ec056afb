/**
 * `call_summaries` (migration 1795680000000-calls-narrow-row): the calls added
 * up per hour (`started_at` = the hour's first second, UTC) and key, in
 * columns named as the calls' so report filters read both alike. Rows are
 * deltas (the ingest appends one per key and batch, triggers the changes of
 * re-rating and deletion): a figure is the SUM over the rows of its key.
 */
export const callSummaryKey = [
  'department_id',
  'cost_centre_id',
  'direction',
  'answered',
  'destination_type',
  'gateway',
  'currency',
] as const;
export type CallSummaryKeyColumn = (typeof callSummaryKey)[number];

/** The figures every summary row adds up, in both call_summaries and its rollups. */
export const callSummaryFigures = ['calls', 'duration_seconds', 'cost_minor', 'rated_calls', 'ring_seconds'] as const;

/**
 * A rollup of call_summaries (migration 1795940000000-call-summary-rollups):
 * `started_at` = the first second of its UTC day or hour (`grainSeconds`), a
 * narrower key, the same figures. A trigger on every call_summaries insert
 * adds the row into its rollup row (one row per day or hour and key, a second
 * only if two writers race), so a rollup always sums to what call_summaries
 * sum to over its whole days or hours.
 */
export interface CallSummaryRollup {
  table: string;
  key: readonly CallSummaryKeyColumn[];
  grainSeconds: 3600 | 86_400;
}

const ROUTE = ['direction', 'answered', 'destination_type', 'gateway', 'currency'] as const;
const DEPARTMENT = [
  'department_id',
  'cost_centre_id',
  'direction',
  'answered',
  'destination_type',
  'currency',
] as const;
/** The rollups, smallest key first: a report reads the first key that holds its group and filter columns. */
export const callSummaryRollups: readonly CallSummaryRollup[] = [
  { table: 'call_summaries_daily_route', key: ROUTE, grainSeconds: 86_400 },
  { table: 'call_summaries_hourly_route', key: ROUTE, grainSeconds: 3600 },
  { table: 'call_summaries_daily_department', key: DEPARTMENT, grainSeconds: 86_400 },
];

/** The ring seconds of the calls summed (start to connection, answered calls only), as call_summaries keep them. */
export const RING_SUM = 'SUM(CASE WHEN connected_at IS NOT NULL THEN connected_at - started_at ELSE 0 END)';

/**
 * Replaces the summaries of calls started in [from, to) (epoch seconds, whole
 * UTC days) by the calls' own figures: the rollups' days are emptied first,
 * the insert's trigger adds the new hours into them again.
 */
export function rebuildCallSummariesSql(from: number, to: number): string[] {
  const key = callSummaryKey.join(', ');
  return [
    ...callSummaryRollups.map((r) => `DELETE FROM ${r.table} WHERE started_at >= ${from} AND started_at < ${to}`),
    `DELETE FROM call_summaries WHERE started_at >= ${from} AND started_at < ${to}`,
    `INSERT INTO call_summaries (started_at, ${key}, calls, duration_seconds, cost_minor, rated_calls, ring_seconds) ` +
      `SELECT (started_at / 3600) * 3600, ${key}, COUNT(*), SUM(duration_seconds), SUM(cost_minor), ` +
      `COUNT(cost_minor), ${RING_SUM} FROM calls ` +
      `WHERE started_at >= ${from} AND started_at < ${to} GROUP BY (started_at / 3600) * 3600, ${key}`,
  ];
}
