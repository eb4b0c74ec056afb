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

/** Columns of the calls the rollups by line and by destination (migration 1795970000000) also key by. */
export type CallRollupKeyColumn =
  CallSummaryKeyColumn | 'owner_extension' | 'owner_user_id' | 'destination_name' | 'nation' | 'site';

/**
 * A rollup of the calls: `started_at` = the first second of its UTC day or
 * hour (`grainSeconds`), a key, the figures.
 * - `from: 'call_summaries'` (migration 1795940000000-call-summary-rollups): a
 *   trigger on every call_summaries insert adds the row into its rollup row
 *   (one row per day or hour and key: a unique key since 1795990000000), so a
 *   rollup always sums to what call_summaries sum to over its whole days or
 *   hours. `answered` is a key column.
 * - `from: 'calls'` (migration 1795970000000-call-rollups-by-line-and-destination):
 *   keyed by columns call_summaries lack; the ingest adds each batch's
 *   deltas per day or hour by one upsert on the table's unique key
 *   (callRollupUpsertSql, migration 1796000000000), the calls' triggers those of
 *   re-rating, deletes and directory changes through the table's `_deltas` view
 *   (its INSTEAD OF trigger upserts the row). Answered calls are the figure
 *   `answered_calls`; the parts of a period that are not whole days are read
 *   from the calls.
 */
export interface CallSummaryRollup {
  table: string;
  key: readonly CallRollupKeyColumn[];
  grainSeconds: 3600 | 86_400;
  from: 'call_summaries' | 'calls';
  indexes: SummaryIndexes;
}

/**
 * A summary table's indexes a report is read through: by time (every table), and by department
 * (1796040000000, 1796040000001) or user where the table has one. On SQLite the report names the one that
 * fits its filter: once ANALYZE has run, the planner skip-scans the department or user index over the whole
 * table for an administrator's report that filters neither (a week by extension at 10M calls: 33–59 ms against
 * 12 ms through the time index).
 */
export interface SummaryIndexes {
  time: string;
  department?: string;
  user?: string;
}

/** call_summaries' own (migrations 1795680000000, 1796040000001). */
export const callSummariesIndexes: SummaryIndexes = {
  time: 'ix_call_summaries_started',
  department: 'ix_call_summaries_department',
};

const ROUTE = ['direction', 'answered', 'destination_type', 'gateway', 'currency'] as const;
const DEPARTMENT = [
  'department_id',
  'cost_centre_id',
  'direction',
  'answered',
  'destination_type',
  'currency',
] as const;
const DESTINATION = [
  'destination_name',
  'nation',
  'destination_type',
  'site',
  'department_id',
  'cost_centre_id',
  'direction',
  'currency',
] as const;
/** By destination without department and cost centre: an hour holds about as many rows as a day with them. */
const DESTINATION_HOURLY = ['destination_name', 'nation', 'destination_type', 'site', 'direction', 'currency'] as const;
/** The daily rollup by line: which extensions a user made calls on, each day (callsOnExtensionsOfUsersSql). */
const LINE_ROLLUP = 'call_summaries_daily_line';
const LINE = ['owner_extension', 'owner_user_id', 'department_id', 'cost_centre_id', 'direction', 'currency'] as const;
/**
 * The rollups, smallest key first: a report reads the first daily one that
 * holds its group and filter columns for its whole UTC days, and the first
 * hourly one (else call_summaries, else the calls) for the rest.
 */
export const callSummaryRollups: readonly CallSummaryRollup[] = [
  {
    table: 'call_summaries_daily_route',
    key: ROUTE,
    grainSeconds: 86_400,
    from: 'call_summaries',
    indexes: { time: 'ix_call_summaries_daily_route_day_key' },
  },
  {
    table: 'call_summaries_hourly_route',
    key: ROUTE,
    grainSeconds: 3600,
    from: 'call_summaries',
    indexes: { time: 'ix_call_summaries_hourly_route_day_key' },
  },
  {
    table: 'call_summaries_daily_department',
    key: DEPARTMENT,
    grainSeconds: 86_400,
    from: 'call_summaries',
    indexes: { time: 'ix_call_summaries_daily_department_day_key' },
  },
  {
    table: 'call_summaries_daily_destination',
    key: DESTINATION,
    grainSeconds: 86_400,
    from: 'calls',
    indexes: {
      time: 'ix_call_summaries_daily_destination_day',
      department: 'ix_call_summaries_daily_destination_department',
    },
  },
  {
    table: 'call_summaries_hourly_destination',
    key: DESTINATION_HOURLY,
    grainSeconds: 3600,
    from: 'calls',
    indexes: { time: 'ix_call_summaries_hourly_destination_day' },
  },
  {
    table: LINE_ROLLUP,
    key: LINE,
    grainSeconds: 86_400,
    from: 'calls',
    indexes: {
      time: 'ix_call_summaries_daily_line_day',
      department: 'ix_call_summaries_daily_line_department',
      user: 'ix_call_summaries_daily_line_user',
    },
  },
];
/**
 * SQL true when the call aliased `alias` was made on an extension that one of the users `userIdsSql` names (a
 * SELECT of user ids, or a list of them) made calls on in [from, to) (epoch seconds): the daily rollup by line,
 * keyed by extension and user, names those extensions. With the period's hours (callHoursSql) it lets the calls'
 * (hour, extension) index find a user's calls hour by hour, extension by extension (migration 1797400000000); the
 * caller keeps its condition on owner_user_id, which leaves out the calls other users made on those extensions.
 */
export function callsOnExtensionsOfUsersSql(userIdsSql: string, from: number, to: number, alias = 'c'): string {
  const firstDay = Math.floor(from / 86_400) * 86_400;
  const end = Math.ceil(to);
  if (!Number.isSafeInteger(firstDay) || !Number.isSafeInteger(end)) throw new Error(`bad period ${from}…${to}`);
  return (
    `${alias}.owner_extension IN (SELECT l.owner_extension FROM ${LINE_ROLLUP} l WHERE l.owner_user_id IN ` +
    `(${userIdsSql}) AND l.started_at >= ${firstDay} AND l.started_at < ${end})`
  );
}

/** The rollups kept from the calls (by line and by destination). */
export const callRollupsFromCalls = callSummaryRollups.filter((r) => r.from === 'calls');
/** The figures of the rollups kept from the calls: the summaries' and the answered calls. */
export const callRollupFigures = [...callSummaryFigures, 'answered_calls'] as const;

/** The rollups' key columns that may be NULL, and the value standing in for NULL in their unique keys. */
const NULL_STAND_IN: Partial<Record<CallRollupKeyColumn, string>> = {
  owner_user_id: '0',
  department_id: '0',
  cost_centre_id: '0',
  site: "''",
  destination_name: "''",
  nation: "''",
  destination_type: "''",
  currency: "''",
};

/**
 * The tail of an INSERT INTO a rollup kept from the calls (aliased `r`) that
 * adds each row's figures to the row of its time and key when there is one:
 * the conflict target repeats the unique key of migration 1796000000000
 * (NULL equal to NULL, never the stand-in).
 */
export function callRollupUpsertSql(rollup: CallSummaryRollup): string {
  const key = [
    'started_at',
    ...rollup.key.flatMap((c) => {
      const standIn = NULL_STAND_IN[c];
      return standIn ? [`COALESCE(${c}, ${standIn})`, `(${c} IS NULL)`] : [c];
    }),
  ];
  const add = callRollupFigures.map((f) =>
    f === 'cost_minor'
      ? 'cost_minor = CASE WHEN EXCLUDED.cost_minor IS NULL THEN r.cost_minor ELSE COALESCE(r.cost_minor, 0) + ' +
        'EXCLUDED.cost_minor END'
      : `${f} = r.${f} + EXCLUDED.${f}`,
  );
  return `ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${add.join(', ')}`;
}

/** The ring seconds of the calls summed (start to connection, answered calls only), as call_summaries keep them. */
export const RING_SUM = 'SUM(CASE WHEN connected_at IS NOT NULL THEN connected_at - started_at ELSE 0 END)';

/** One call's figures (`c` = the calls' alias) as the rollups kept from the calls name them, in their order. */
export const callFiguresSql = (c: string): string =>
  `1 AS calls, ${c}.duration_seconds AS duration_seconds, ${c}.cost_minor AS cost_minor, ` +
  `CASE WHEN ${c}.cost_minor IS NULL THEN 0 ELSE 1 END AS rated_calls, ` +
  `CASE WHEN ${c}.connected_at IS NOT NULL THEN ${c}.connected_at - ${c}.started_at ELSE 0 END AS ring_seconds, ` +
  `CASE WHEN ${c}.answered THEN 1 ELSE 0 END AS answered_calls`;

/**
 * Replaces the summaries of calls started in [from, to) (epoch seconds, whole
 * UTC days) by the calls' own figures: the rollups' days are emptied first,
 * the insert's trigger adds the new hours into those kept from call_summaries,
 * those kept from the calls are added up from them again.
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
    ...callRollupsFromCalls.map((r) => {
      const k = r.key.join(', ');
      const start = `(started_at / ${r.grainSeconds}) * ${r.grainSeconds}`;
      return (
        `INSERT INTO ${r.table} (started_at, ${k}, ${callRollupFigures.join(', ')}) ` +
        `SELECT ${start}, ${k}, COUNT(*), SUM(duration_seconds), SUM(cost_minor), ` +
        `COUNT(cost_minor), ${RING_SUM}, SUM(CASE WHEN answered THEN 1 ELSE 0 END) FROM calls ` +
        `WHERE started_at >= ${from} AND started_at < ${to} GROUP BY ${start}, ${k}`
      );
    }),
  ];
}
