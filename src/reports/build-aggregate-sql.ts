import { buildCallFilter, type ReportScope } from './build-call-filter.js';
import { JOIN_SQL } from './call-fields.js';
import type { GroupKey } from './group-keys.js';
import type { ReportOptions } from './report-options-schema.js';
import type { ResolvedPeriod } from './resolve-period.js';
import { createSqlParams, type SqlDialect } from './sql-dialect.js';

/** One aggregated row as the database returns it (numbers may come back as strings from PostgreSQL). */
export interface AggregateRow {
  groupKey: string | number | null;
  lookupLabel: string | null;
  currency: string | null;
  calls: number | string;
  answered: number | string;
  durationSeconds: number | string | null;
  costMinor: number | string;
  ratedCalls: number | string;
  external: number | string;
}

/**
 * Count, answered count, duration and cost of the filtered calls per group
 * and currency (costs in different currencies are never added together).
 * Grouping happens on the calls alone; names are looked up on the few
 * grouped rows afterwards, not joined to every call.
 */
export function buildAggregateSql(
  key: Pick<GroupKey, 'sql' | 'lookup'>,
  options: ReportOptions,
  period: ResolvedPeriod,
  scope: ReportScope,
  dialect: SqlDialect,
): { sql: string; values: unknown[] } {
  const params = createSqlParams(dialect);
  const filter = buildCallFilter(options, period, scope, params);
  const joins = (['user', 'department', 'costCentre'] as const).filter((j) => filter.joins.has(j)).map((j) => ` ${JOIN_SQL[j]}`).join('');
  const inner =
    `SELECT ${key.sql} AS group_key, c.currency AS currency, COUNT(*) AS calls, ` +
    `SUM(CASE WHEN c.answered THEN 1 ELSE 0 END) AS answered, SUM(c.duration_seconds) AS duration_seconds, ` +
    `COALESCE(SUM(c.cost_minor), 0) AS cost_minor, COUNT(c.cost_minor) AS rated_calls, ` +
    `MAX(CASE WHEN c.direction <> 'internal' THEN 1 ELSE 0 END) AS external ` +
    `FROM ${filter.from}${joins} WHERE ${filter.where} GROUP BY 1, 2`;
  const label = key.lookup ? key.lookup.label : 'NULL';
  const sql =
    `SELECT g.group_key AS "groupKey", ${label} AS "lookupLabel", g.currency AS "currency", g.calls AS "calls", ` +
    `g.answered AS "answered", g.duration_seconds AS "durationSeconds", g.cost_minor AS "costMinor", ` +
    `g.rated_calls AS "ratedCalls", g.external AS "external" FROM (${inner}) g${key.lookup ? ` ${key.lookup.join}` : ''}`;
  return { sql, values: params.values };
}
