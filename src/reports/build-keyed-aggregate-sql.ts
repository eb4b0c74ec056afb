import type { AggregateRow } from './build-aggregate-sql.js';
import { buildCallFilter, type ReportScope } from './build-call-filter.js';
import type { GroupKeyName } from './group-keys.js';
import type { ReportOptions } from './report-options-schema.js';
import type { ResolvedPeriod } from './resolve-period.js';
import { createSqlParams } from './sql-dialect.js';

/** Group keys with a covering index led by the key (migration 1795470939815-report-cover-indexes). */
const KEYED: Partial<Record<GroupKeyName, { column: string; index: string; names: string }>> = {
  department: { column: 'department_id', index: 'ix_calls_department_report', names: 'departments d ON d.id = k.id' },
  costCentre: {
    column: 'cost_centre_id',
    index: 'ix_calls_cost_centre_report',
    names: 'cost_centres d ON d.id = k.id',
  },
};

/**
 * Whether a summary can be read key by key from its covering index: SQLite,
 * a key that has one, and no filter on a column the index lacks (a table read
 * per call would cost more than the sort it saves).
 */
export function canAggregateByKey(options: ReportOptions, scope: ReportScope, dialect: string): boolean {
  const key = options.groupBy ? KEYED[options.groupBy] : undefined;
  if (dialect !== 'sqlite' || !key) return false;
  const elsewhere = [
    options.extensions,
    options.users,
    options.gateways,
    options.carriers,
    options.destinationTypes,
    options.nations,
    options.conditions,
  ];
  if (
    elsewhere.some((list) => list?.length) ||
    options.number ||
    options.international !== undefined ||
    scope.username !== undefined
  )
    return false;
  // The other organisational key is not in this index.
  const otherKey =
    options.groupBy === 'department' ? options.costCentres?.length : options.departments?.length || scope.departments;
  return !otherKey;
}

const FIGURES =
  'json_array(COUNT(*), SUM(c.answered), SUM(c.duration_seconds), SUM(c.cost_minor), ' +
  'COUNT(c.cost_minor), MIN(c.currency), MAX(c.currency), SUM(CASE WHEN c.connected_at IS NOT NULL ' +
  'THEN c.connected_at - c.started_at ELSE 0 END))';

/**
 * The summary as SQLite walks it without sorting: the distinct keys found by
 * seeking the index from one key to the next (a loose index scan, 50 seeks for
 * 50 departments), then each key's figures from its slice of the index, and
 * the calls without a key last. Use when canAggregateByKey says so.
 */
export function buildKeyedAggregateSql(
  options: ReportOptions,
  period: ResolvedPeriod,
  scope: ReportScope,
): { sql: string; values: unknown[] } {
  const key = KEYED[options.groupBy!]!;
  const params = createSqlParams('sqlite');
  const from = `calls c INDEXED BY ${key.index}`;
  const slice = (match: string) =>
    `(SELECT ${FIGURES} FROM ${from} WHERE ${match} AND ${buildCallFilter(options, period, scope, params).where})`;
  const keys =
    `WITH RECURSIVE k(id) AS (SELECT (SELECT MIN(${key.column}) FROM calls INDEXED BY ${key.index}) ` +
    `UNION ALL SELECT (SELECT MIN(${key.column}) FROM calls INDEXED BY ${key.index} WHERE ` +
    `${key.column} > k.id) FROM k WHERE k.id IS NOT NULL) `;
  const keyed =
    `SELECT k.id AS "groupKey", d.${options.groupBy === 'department' ? 'name' : 'code'} ` +
    `AS "lookupLabel", ${slice(`c.${key.column} = k.id`)} AS "figures" FROM k LEFT JOIN ` +
    `${key.names} WHERE k.id IS NOT NULL`;
  const none = `SELECT NULL, NULL, ${slice(`c.${key.column} IS NULL`)}`;
  return { sql: `${keys}${keyed} UNION ALL ${none}`, values: params.values };
}

/** The keyed rows as aggregate rows, keys without calls in the period left out. */
export function keyedRowsToAggregates(rows: Array<Record<string, unknown>>): AggregateRow[] {
  return rows.flatMap((row) => {
    const figures = JSON.parse(String(row.figures)) as [
      number,
      number,
      number,
      number | null,
      number,
      string | null,
      string | null,
      number,
    ];
    const [calls, answered, duration, cost, rated, currency, currencyMax, ring] = figures;
    if (!calls) return [];
    const groupKey = row.groupKey === null ? null : Number(row.groupKey);
    return [
      {
        groupKey,
        lookupLabel: (row.lookupLabel as string | null) ?? null,
        currency,
        currencyMax,
        calls,
        answered,
        durationSeconds: duration,
        costMinor: cost,
        ratedCalls: rated,
        ringSeconds: ring,
        external: 0,
      },
    ];
  });
}
