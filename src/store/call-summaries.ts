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

/** The ring seconds of the calls summed (start to connection, answered calls only), as call_summaries keep them. */
export const RING_SUM = 'SUM(CASE WHEN connected_at IS NOT NULL THEN connected_at - started_at ELSE 0 END)';

/** Replaces the summaries of calls started in [from, to) (epoch seconds, whole hours) by the calls' own figures. */
export function rebuildCallSummariesSql(from: number, to: number): string[] {
  const key = callSummaryKey.join(', ');
  return [
    `DELETE FROM call_summaries WHERE started_at >= ${from} AND started_at < ${to}`,
    `INSERT INTO call_summaries (started_at, ${key}, calls, duration_seconds, cost_minor, rated_calls, ring_seconds) ` +
      `SELECT (started_at / 3600) * 3600, ${key}, COUNT(*), SUM(duration_seconds), SUM(cost_minor), ` +
      `COUNT(cost_minor), ${RING_SUM} FROM calls ` +
      `WHERE started_at >= ${from} AND started_at < ${to} GROUP BY (started_at / 3600) * 3600, ${key}`,
  ];
}
