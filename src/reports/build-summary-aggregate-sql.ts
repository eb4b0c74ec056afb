import { aggregateRowsSql } from './build-aggregate-sql.js';
import { buildCallFilter, type ReportScope, type SiteCountries } from './build-call-filter.js';
import type { CallRollupKeyColumn } from '../store/index.js';
import type { GroupKey } from './group-keys.js';
import type { ReportOptions } from './report-options-schema.js';
import type { ResolvedPeriod } from './resolve-period.js';
import type { TrendBucketing } from './trend-buckets.js';
import { createSqlParams, type SqlDialect } from './sql-dialect.js';
import { isSummaryKey, summaryColumnsRead, summarySource, summaryTablesFor, wholeDays } from './summary-source.js';

const HOUR = 3600;

/**
 * The indexes a summary names on SQLite: the line rollup's by day when no
 * department or user narrows the report (an administrator's week by
 * extension). Once ANALYZE has run, SQLite's planner otherwise skip-scans the
 * rollup's department index (migration 1796040000000) over every department
 * and reads each row from the table: 29,500 line rows of a week at 10M calls
 * took 1.5 to 2 times the CPU of reading them through the day index.
 */
function namedIndexes(read: Set<CallRollupKeyColumn>, dialect: SqlDialect): Partial<Record<string, string>> {
  if (dialect !== 'sqlite' || read.has('department_id') || read.has('owner_user_id')) return {};
  return { call_summaries_daily_line: 'ix_call_summaries_daily_line_day' };
}

/**
 * Whether a summary or a trend can be added up from call_summaries or a rollup
 * instead of the calls: a summary's key is a summary column, a trend's buckets
 * start on whole hours (`trend`: its bucketing), one table holds every column
 * the group, filter and scope read (summary-source.ts), no filter needs a
 * call's own figures (duration, cost, numbers, carrier, conditions), and the
 * period starts and ends on whole hours (the summaries' unit; a time zone with
 * a half-hour offset falls back to the calls).
 */
export function canAggregateFromSummaries(
  options: ReportOptions,
  period: ResolvedPeriod,
  scope: ReportScope,
  trend?: Pick<TrendBucketing, 'hourAligned'>,
): boolean {
  const keyed =
    options.kind === 'summary'
      ? options.groupBy !== undefined && isSummaryKey(options.groupBy)
      : options.kind === 'trend' && trend?.hourAligned === true;
  if (!keyed) return false;
  if (period.from % HOUR !== 0 || period.to % HOUR !== 0) return false;
  const elsewhere = [options.carriers, options.duration, options.cost, options.conditions];
  if (elsewhere.some((list) => list?.length) || options.number) return false;
  return summaryTablesFor(summaryColumnsRead(options, scope, groupByOf(options))) !== null;
}

const groupByOf = (options: ReportOptions) => (options.kind === 'summary' ? options.groupBy : undefined);

/**
 * The summary's figures per group from call_summaries and its rollups, or
 * from the rollups kept from the calls and the calls of the period's partial
 * days (summary-source.ts): the same filter as over the calls (their columns
 * have the calls' names), sums of the summed figures instead of counts of
 * calls. A trend passes its buckets' starts: a rollup's day is read only where
 * it lies in one bucket. Use when canAggregateFromSummaries says so.
 */
export function buildSummaryAggregateSql(
  key: Pick<GroupKey, 'sql' | 'lookup'>,
  options: ReportOptions,
  period: ResolvedPeriod,
  scope: ReportScope,
  dialect: SqlDialect,
  byCurrency = false,
  trend?: Pick<TrendBucketing, 'buckets'>,
  sites: SiteCountries = {},
): { sql: string; values: unknown[] } {
  const params = createSqlParams(dialect);
  const read = summaryColumnsRead(options, scope, groupByOf(options));
  const tables = summaryTablesFor(read);
  if (!tables) throw new Error('buildSummaryAggregateSql: no summary holds the columns this report reads');
  const filter = (range: ResolvedPeriod) => buildCallFilter(options, range, scope, params, sites);
  const days = wholeDays(period, trend?.buckets.map((b) => b.start) ?? []);
  const source = summarySource(tables, read, period, days, filter, namedIndexes(read, dialect));
  const currency = byCurrency
    ? 'c.currency AS currency, c.currency AS currency_max'
    : 'MIN(c.currency) AS currency, MAX(c.currency) AS currency_max';
  const inner =
    `SELECT ${key.sql} AS group_key, ${currency}, SUM(c.calls) AS calls, SUM(c.answered_calls) AS answered, ` +
    `SUM(c.duration_seconds) AS duration_seconds, SUM(c.cost_minor) AS cost_minor, ` +
    `SUM(c.rated_calls) AS rated_calls, SUM(c.ring_seconds) AS ring_seconds, 0 AS external ` +
    // Deltas of re-rated or deleted calls can leave a key at zero calls: it is not a group.
    `FROM ${source} GROUP BY ${byCurrency ? '1, 2' : '1'} HAVING SUM(c.calls) <> 0`;
  return { sql: aggregateRowsSql(inner, key), values: params.values };
}
