import { buildCallFilter, type ReportScope, type SiteCountries } from './build-call-filter.js';
import { callFields, JOIN_SQL, type CallFieldName, type FieldJoin } from './call-fields.js';
import type { CallCursor, ReportOptions } from './report-options-schema.js';

export type { CallCursor } from './report-options-schema.js';
import type { ResolvedPeriod } from './resolve-period.js';
import { alias, createSqlParams, type SqlDialect } from './sql-dialect.js';

/** A page by offset, the rows after a cursor (streamed exports, next pages) or before one (previous pages). */
export interface CallListWindow {
  limit: number;
  offset?: number;
  after?: CallCursor;
  /** The rows just before the cursor, read backwards (nearest first): the caller reverses them. */
  before?: CallCursor;
}

export interface CallListSql {
  sql: string;
  values: unknown[];
  /** How many hidden sort-key columns (`__s0`…) each row carries for the next cursor. */
  sortKeyCount: number;
}

/** Hidden columns every call-list row carries besides the selected fields. */
export const HIDDEN = {
  id: '__id',
  direction: '__direction',
  currency: '__currency',
  sortKey: (i: number) => `__s${i}`,
} as const;

export const defaultSort = [{ field: 'startedAt' as CallFieldName, descending: false }];

/** Sort keys never NULL, so both engines order them alike and a cursor can compare them. */
function sortExpr(name: CallFieldName): string {
  const field = callFields[name];
  if (!('nullable' in field && field.nullable)) return field.sql;
  return field.type === 'text' ? `COALESCE(${field.sql}, '')` : `COALESCE(${field.sql}, -1)`;
}

export function buildCallListSql(
  options: ReportOptions,
  fields: CallFieldName[],
  period: ResolvedPeriod,
  scope: ReportScope,
  dialect: SqlDialect,
  window: CallListWindow,
  sites: SiteCountries = {},
): CallListSql {
  const params = createSqlParams(dialect);
  const ordered = options.sort?.length ? options.sort : defaultSort;
  // Backwards from a cursor: every key (and the id) in the opposite direction, so the index is read from there.
  const backwards = window.before !== undefined;
  const sort = backwards ? ordered.map((s) => ({ ...s, descending: !s.descending })) : ordered;
  const filter = buildCallFilter(options, period, scope, params, sites);
  const joins = new Set<FieldJoin>(filter.joins);
  for (const name of [...fields, ...sort.map((s) => s.field)]) {
    const field = callFields[name];
    if ('join' in field && field.join) joins.add(field.join);
  }

  const select = [
    ...fields.map((name) => `${callFields[name].sql} AS ${alias(name)}`),
    `c.id AS ${alias(HIDDEN.id)}`,
    `c.direction AS ${alias(HIDDEN.direction)}`,
    `c.currency AS ${alias(HIDDEN.currency)}`,
    ...sort.map((s, i) => `${sortExpr(s.field)} AS ${alias(HIDDEN.sortKey(i))}`),
  ];

  let where = filter.where;
  const cursor = window.before ?? window.after;
  if (cursor) where += ` AND ${keysetSql(sort, cursor, params.add, backwards)}`;

  const idOrder = backwards ? 'c.id DESC' : 'c.id ASC';
  const keys = sort.map((s) => `${sortExpr(s.field)} ${s.descending ? 'DESC' : 'ASC'}`);
  // The same order, which an hour-keyed index delivers hour by hour without sorting the period (build-call-filter).
  if (filter.hourOrder && sort[0]!.field === 'startedAt')
    keys.unshift(`${filter.hourOrder} ${sort[0]!.descending ? 'DESC' : 'ASC'}`);
  const order = [...keys, idOrder].join(', ');
  const joinSql = (['user', 'department', 'costCentre'] as const)
    .filter((j) => joins.has(j))
    .map((j) => ` ${JOIN_SQL[j]}`)
    .join('');
  let sql =
    `SELECT ${select.join(', ')} FROM ${filter.from}${joinSql} WHERE ${where} ORDER BY ` +
    `${order} LIMIT ${params.add(window.limit)}`;
  if (window.offset) sql += ` OFFSET ${params.add(window.offset)}`;
  return { sql, values: params.values, sortKeyCount: sort.length };
}

/**
 * Rows strictly after the cursor in (sort keys…, id) order, for any mix of
 * ascending and descending keys (the id descending when `idDescending`). The
 * leading bound repeats the first key alone so the planner can start an index range there.
 */
function keysetSql(
  sort: Array<{ field: CallFieldName; descending: boolean }>,
  after: CallCursor,
  add: (v: unknown) => string,
  idDescending = false,
): string {
  const exprs = sort.map((s) => sortExpr(s.field));
  // Placeholders are positional in SQLite: values are added in the order the SQL reads them.
  const lead = `${exprs[0]} ${sort[0]!.descending ? '<=' : '>='} ${add(after.keys[0])}`;
  const alternatives: string[] = [];
  for (let i = 0; i <= exprs.length; i++) {
    const equal = exprs.slice(0, i).map((e, j) => `${e} = ${add(after.keys[j])}`);
    const beyond =
      i < exprs.length
        ? `${exprs[i]} ${sort[i]!.descending ? '<' : '>'} ${add(after.keys[i])}`
        : `c.id ${idDescending ? '<' : '>'} ${add(after.id)}`;
    alternatives.push(`(${[...equal, beyond].join(' AND ')})`);
  }
  return `(${lead} AND (${alternatives.join(' OR ')}))`;
}
