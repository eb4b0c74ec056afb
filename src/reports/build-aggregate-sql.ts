import { buildCallFilter, type ReportScope, type SiteCountries } from './build-call-filter.js';
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
  /** The highest currency of the group's rated calls: not `currency` means the group mixes currencies. */
  currencyMax: string | null;
  calls: number | string;
  answered: number | string;
  durationSeconds: number | string | null;
  costMinor: number | string | null;
  ratedCalls: number | string;
  /** Seconds from the start to the connection, summed over the answered calls (the ring time). */
  ringSeconds?: number | string | null;
  external: number | string;
}

/**
 * Count, answered count, duration and cost of the filtered calls per group.
 * Grouping happens on the calls alone; names are looked up on the few
 * grouped rows afterwards, not joined to every call. By default a group is
 * one row whose currency is the lowest and highest of its rated calls (SQLite
 * sorts to group: one key sorts much faster than two); when they differ, the
 * caller asks again `byCurrency`, so costs in different currencies are never
 * added together. `external` (some call of the group left the PBX) is
 * computed only when the caller needs it, for masking numbers.
 */
export function buildAggregateSql(
  key: Pick<GroupKey, 'sql' | 'lookup'>,
  options: ReportOptions,
  period: ResolvedPeriod,
  scope: ReportScope,
  dialect: SqlDialect,
  variant: { byCurrency?: boolean; external?: boolean } = {},
  sites: SiteCountries = {},
): { sql: string; values: unknown[] } {
  const params = createSqlParams(dialect);
  const filter = buildCallFilter(options, period, scope, params, sites);
  const joins = (['user', 'department', 'costCentre'] as const)
    .filter((j) => filter.joins.has(j))
    .map((j) => ` ${JOIN_SQL[j]}`)
    .join('');
  // SQLite stores booleans as 0/1 and sums them as they are; PostgreSQL needs the CASE.
  const answered = dialect === 'sqlite' ? 'SUM(c.answered)' : 'SUM(CASE WHEN c.answered THEN 1 ELSE 0 END)';
  const currency = variant.byCurrency
    ? 'c.currency AS currency, c.currency AS currency_max'
    : 'MIN(c.currency) AS currency, MAX(c.currency) AS currency_max';
  const external = variant.external ? `MAX(CASE WHEN c.direction <> 'internal' THEN 1 ELSE 0 END)` : '0';
  const inner =
    `SELECT ${key.sql} AS group_key, ${currency}, COUNT(*) AS calls, ${answered} AS answered, ` +
    `SUM(c.duration_seconds) AS duration_seconds, SUM(c.cost_minor) AS cost_minor, ` +
    `COUNT(c.cost_minor) AS rated_calls, ` +
    `SUM(CASE WHEN c.connected_at IS NOT NULL THEN c.connected_at - c.started_at ELSE 0 END) AS ring_seconds, ` +
    `${external} AS external FROM ${filter.from}${joins} WHERE ${filter.where} GROUP BY ` +
    `${variant.byCurrency ? '1, 2' : '1'}`;
  return { sql: aggregateRowsSql(inner, key), values: params.values };
}

/** The grouped figures of `inner` (group_key, currency, currency_max, calls, …) as AggregateRows, names looked up. */
export function aggregateRowsSql(inner: string, key: Pick<GroupKey, 'lookup'>): string {
  const label = key.lookup ? key.lookup.label : 'NULL';
  const groupKey = key.lookup?.labelIsKey ? label : 'g.group_key';
  return (
    `SELECT ${groupKey} AS "groupKey", ${label} AS "lookupLabel", g.currency AS "currency", ` +
    `g.currency_max AS "currencyMax", ` +
    `g.calls AS "calls", g.answered AS "answered", g.duration_seconds AS "durationSeconds", ` +
    `g.cost_minor AS "costMinor", ` +
    `g.rated_calls AS "ratedCalls", g.ring_seconds AS "ringSeconds", g.external AS "external" FROM (` +
    `${inner}) g${key.lookup ? ` ${key.lookup.join}` : ''}`
  );
}
