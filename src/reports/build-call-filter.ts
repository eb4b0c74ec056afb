import {
  callExtensionHourIndex,
  callHourSql,
  callHoursSql,
  callNumberHourIndex,
  callsOnExtensionsOfUsersSql,
  callTextInSql,
} from '../store/index.js';
import { callFields, type FieldJoin } from './call-fields.js';
import type { NumericComparison, ReportCondition, ReportOptions } from './report-options-schema.js';
import type { ResolvedPeriod } from './resolve-period.js';
import { assertFilterFitsMasking, numberStartsWithSql } from './masked-number-filter.js';
import { boolSql, containsSql, startsWithSql, type SqlDialect, type SqlParams } from './sql-dialect.js';

/** Whose calls a viewer may see: all, some departments' (a supervisor), or one user's own. */
export interface ReportScope {
  departments?: string[];
  username?: string;
  /** Trailing digits of external numbers hidden from the viewer: number filters may not depend on them. */
  maskedDigits?: number;
}

export interface CallFilterSql {
  /** Conditions over `c` (calls), joined with AND; never empty (the period is always bound). */
  where: string;
  /** Directory tables the conditions read through joined aliases. */
  joins: Set<FieldJoin>;
  /** `FROM calls c` with, on SQLite, the index the filter is best served by. */
  from: string;
  /**
   * On SQLite, when an hour-keyed index drives: its hour, to order by before started_at. The order is the same
   * (the hour grows with started_at), but SQLite then reads the listed hours in order and stops at the page's
   * limit instead of reading every hour of the period and sorting.
   */
  hourOrder?: string;
}

const OPERATORS = { eq: '=', ne: '<>', lt: '<', le: '<=', gt: '>', ge: '>=' } as const;
const EXTERNAL_DIRECTIONS = `('outgoing', 'incoming', 'transit')`;

/**
 * The WHERE clause for a report's filter. Time leads (every calls index starts
 * or ends with started_at); names of users, departments and cost centres are
 * matched through sub-selects so the calls' id indexes serve them.
 */
/** Each site's country (config `sites`), which decides what "international" means for its calls. */
export type SiteCountries = Record<string, string>;

export function buildCallFilter(
  options: ReportOptions,
  period: ResolvedPeriod,
  scope: ReportScope,
  params: SqlParams,
  sites: SiteCountries = {},
): CallFilterSql {
  if (scope.maskedDigits) assertFilterFitsMasking(options, scope.maskedDigits);
  const parts: string[] = [`c.started_at >= ${params.add(period.from)}`, `c.started_at < ${params.add(period.to)}`];
  const joins = new Set<FieldJoin>();
  const list = (values: string[]) => values.map((v) => params.add(v)).join(', ');
  const anyOf = (expr: string, values: string[] | undefined) => {
    if (values?.length) parts.push(`${expr} IN (${list(values)})`);
  };
  // Names are unique: one name is an equality, which lets the (column, started_at) index deliver calls in time order.
  const idsOf = (column: string, table: string, nameColumn: string, values: string[]) =>
    values.length === 1
      ? `${column} = (SELECT id FROM ${table} WHERE ${nameColumn} = ${params.add(values[0])})`
      : `${column} IN (SELECT id FROM ${table} WHERE ${nameColumn} IN (${list(values)}))`;
  const byName = (column: string, table: string, nameColumn: string, values: string[] | undefined) => {
    if (values?.length) parts.push(idsOf(column, table, nameColumn, values));
  };

  if (options.traffic === 'external') parts.push(`c.direction IN ${EXTERNAL_DIRECTIONS}`);
  if (options.traffic === 'internal') parts.push(`c.direction = 'internal'`);
  anyOf('c.direction', options.directions);
  if (options.answered !== undefined) parts.push(`c.answered = ${boolSql(params.dialect, options.answered)}`);
  anyOf('c.owner_extension', options.extensions);
  byName('c.owner_user_id', 'users', 'username', options.users);
  byName('c.department_id', 'departments', 'name', options.departments);
  byName('c.cost_centre_id', 'cost_centres', 'code', options.costCentres);
  anyOf('c.gateway', options.gateways);
  if (options.carriers?.length) parts.push(callTextInSql('carrier', list(options.carriers)));
  anyOf('c.destination_type', options.destinationTypes);
  anyOf('c.nation', options.nations);
  if (options.international !== undefined) parts.push(internationalSql(options.international, sites, params));
  if (options.number) parts.push(numberSql(params, options.number.match, options.number.value, scope.maskedDigits));
  for (const cmp of options.duration ?? []) parts.push(compareSql('c.duration_seconds', cmp, params));
  for (const cmp of options.cost ?? []) parts.push(compareSql('c.cost_minor', cmp, params));
  if (options.conditions?.length) parts.push(conditionsSql(options.conditions, params, joins, scope.maskedDigits));

  if (scope.departments) {
    parts.push(scope.departments.length ? idsOf('c.department_id', 'departments', 'name', scope.departments) : '1 = 0');
  }
  if (scope.username !== undefined)
    parts.push(`c.owner_user_id IN (SELECT id FROM users WHERE username = ${params.add(scope.username)})`);
  // An owner's or a number's calls are found hour by hour: those indexes are keyed by the hour first.
  const sqlite = params.dialect === 'sqlite';
  const index = drivingIndex(options, scope, params.dialect);
  const byHour = index !== 'ix_calls_started_at';
  if (byHour) parts.push(callHoursSql(period.from, period.to));
  // A user's calls (no extension named): those of the extensions the user made calls on in the period.
  const users = options.users?.length ? options.users : scope.username !== undefined ? [scope.username] : [];
  if (index === callExtensionHourIndex && !options.extensions?.length && users.length) {
    const ids = `SELECT id FROM users WHERE username IN (${list(users)})`;
    parts.push(callsOnExtensionsOfUsersSql(ids, period.from, period.to));
  }
  return {
    where: parts.join(' AND '),
    joins,
    from: sqlite ? `calls c INDEXED BY ${index}` : 'calls c',
    ...(sqlite && byHour ? { hourOrder: callHourSql() } : {}),
  };
}

/**
 * The calls index that should drive a report, found hour by hour over the period: on SQLite the remote number's
 * (migration 1796900000000-calls-number-hour-index) when the number is filtered, else the extension's (migration
 * 1796100000000-calls-owner-hour-indexes) when extensions or users are (a user's by the extensions they made calls
 * on, migration 1797400000000); else the period's calls in time order
 * (ix_calls_started_at). On SQLite the index is named: once ANALYZE has run, its planner prefers skip-scans of an
 * owner index over the time range even for unfiltered monthly reports, several times slower at 10M calls
 * (bench/reports.bench.ts). Grouped reports by department, cost centre, gateway, destination type or direction
 * read call_summaries instead (build-summary-aggregate-sql.ts).
 */
function drivingIndex(options: ReportOptions, scope: ReportScope, dialect: SqlDialect): string {
  if (options.number) return dialect === 'sqlite' ? callNumberHourIndex : 'ix_calls_started_at';
  if (options.extensions?.length || options.users?.length || scope.username !== undefined)
    return callExtensionHourIndex;
  return 'ix_calls_started_at';
}

/**
 * A call is international when its destination's nation is not its site's
 * country (the tariffs module has no "international" type); calls of lines
 * without a site belong to the "default" site.
 */
function internationalSql(international: boolean, sites: SiteCountries, params: SqlParams): string {
  const named = Object.entries(sites).filter(([name]) => name !== 'default');
  const whens = named.map(([name, country]) => `WHEN ${params.add(name)} THEN ${params.add(country)}`).join(' ');
  const fallback = sites.default ? params.add(sites.default) : 'NULL';
  const country = named.length ? `CASE c.site ${whens} ELSE ${fallback} END` : fallback;
  return `(c.nation IS NOT NULL AND c.nation ${international ? '<>' : '='} ${country})`;
}

/**
 * The remote number matched: on SQLite as the report field's expression, which ix_calls_number_hour indexes; on
 * PostgreSQL (no number index) on each side.
 */
function numberSql(params: SqlParams, match: 'equals' | 'startsWith', value: string, maskedDigits?: number): string {
  const test = (column: string) =>
    match === 'equals'
      ? `${column} = ${params.add(value)}`
      : numberStartsWithSql(params, column, 'remote', value, maskedDigits);
  if (params.dialect === 'sqlite') return test(callFields.number.sql);
  return (
    `((c.direction = 'incoming' AND ${test('c.calling_number')}) OR (c.direction <> 'incoming' ` +
    `AND ${test('c.dialled_number')}))`
  );
}

function compareSql(expr: string, cmp: NumericComparison, params: SqlParams): string {
  return `${expr} ${OPERATORS[cmp.op]} ${params.add(cmp.value)}`;
}

/** Conditions in order, AND binding tighter than OR: `a AND b OR c` is `(a AND b) OR c`. */
function conditionsSql(
  conditions: ReportCondition[],
  params: SqlParams,
  joins: Set<FieldJoin>,
  maskedDigits?: number,
): string {
  const groups: string[][] = [];
  conditions.forEach((condition, i) => {
    if (i === 0 || condition.join === 'or') groups.push([]);
    groups[groups.length - 1]!.push(conditionSql(condition, params, joins, maskedDigits));
  });
  return `(${groups.map((g) => `(${g.join(' AND ')})`).join(' OR ')})`;
}

function conditionSql(
  condition: ReportCondition,
  params: SqlParams,
  joins: Set<FieldJoin>,
  maskedDigits?: number,
): string {
  const field = callFields[condition.field];
  if ('join' in field && field.join) joins.add(field.join);
  const expr = field.sql;
  const value = condition.value;
  if (condition.op === 'startsWith' && 'side' in field && field.side)
    return numberStartsWithSql(params, expr, field.side, String(value), maskedDigits);
  if (condition.op === 'startsWith') return startsWithSql(params, expr, String(value));
  if (condition.op === 'contains') return containsSql(params, expr, String(value));
  const bound = field.type === 'boolean' ? boolSql(params.dialect, Boolean(value)) : params.add(value);
  const test = `${expr} ${OPERATORS[condition.op]} ${bound}`;
  // "not equal" should keep calls where the field is empty (no gateway, not rated), as a person reads it.
  return condition.op === 'ne' && 'nullable' in field && field.nullable ? `(${expr} IS NULL OR ${test})` : test;
}
