import { parseReportOptions, type ReportOptions, type ReportOptionsInput } from '../reports/index.js';

/**
 * The interactive report's options as a query string and back: the options form submits with GET,
 * so a result, its pages and its exports are links that carry the whole report (bookmarkable,
 * and the same words the Save and Send forms post). `run=1` marks a complete set of options.
 */
export type QueryInput = Record<string, unknown>;

const all = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]).map((x) => String(x));
const one = (v: unknown): string => all(v)[0]?.trim() ?? '';
const names = (v: unknown): string[] | undefined => {
  const list = one(v)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return list.length > 0 ? list : undefined;
};
const yesNo = (v: unknown): boolean | undefined => (one(v) === 'yes' ? true : one(v) === 'no' ? false : undefined);
const int = (v: unknown): number | undefined => (/^\d+$/.test(one(v)) ? Number(one(v)) : undefined);
const given = <T>(value: T | undefined | '', build: (v: T) => unknown = (v) => v) =>
  value === undefined || value === '' ? undefined : build(value);

/** Comparisons (duration, cost) travel as `op:value`, e.g. `ge:60`. */
function comparisons(v: unknown): ReportOptionsInput['duration'] {
  const list = all(v).flatMap((text) => {
    const m = /^(eq|ne|lt|le|gt|ge):(-?\d+)$/.exec(text.trim());
    return m ? [{ op: m[1] as 'eq', value: Number(m[2]) }] : [];
  });
  return list.length > 0 ? list : undefined;
}

/** The "more restrictions" rows: cj (and/or), cf (field), co (operator), cv (value), aligned by position. */
function conditions(q: QueryInput): ReportOptionsInput['conditions'] {
  const [joins, fields, ops, values] = [all(q.cj), all(q.cf), all(q.co), all(q.cv)];
  const rows = fields.flatMap((field, i) => {
    const value = values[i]?.trim() ?? '';
    if (field === '' || value === '') return [];
    return [{ join: joins[i] === 'or' ? 'or' : 'and', field, op: ops[i] || 'eq', value }];
  });
  return rows.length > 0 ? (rows as ReportOptionsInput['conditions']) : undefined;
}

/** Report options from the form's query; every problem is a BadInputError naming the field. */
export function optionsFromQuery(q: QueryInput): ReportOptions {
  const preset = one(q.preset);
  const [from, to] = [one(q.from), one(q.to)];
  const sort = one(q.sort);
  const input: Record<string, unknown> = {
    kind: one(q.kind) || 'calls',
    title: given(one(q.title)),
    timeZone: given(one(q.tz)),
    period: preset ? { preset } : from || to ? { ...(from ? { from } : {}), ...(to ? { to } : {}) } : undefined,
    traffic: one(q.traffic) || 'all',
    directions: all(q.dir).length > 0 ? all(q.dir) : undefined,
    answered: yesNo(q.answered),
    extensions: names(q.ext),
    users: names(q.user),
    departments: names(q.dept),
    costCentres: names(q.cc),
    gateways: names(q.gw),
    carriers: names(q.carrier),
    destinationTypes: names(q.dtype),
    nations: names(q.nation),
    international: yesNo(q.intl),
    number: given(one(q.num), (value) => ({
      match: one(q.numMatch) === 'startsWith' ? 'startsWith' : 'equals',
      value,
    })),
    duration: comparisons(q.dur),
    cost: comparisons(q.cost),
    conditions: conditions(q),
    fields: all(q.field).length > 0 ? all(q.field) : undefined,
    sort: sort ? [{ field: sort, descending: one(q.sortDir) === 'desc' }] : undefined,
    maxRows: int(q.maxRows),
    totals: one(q.totals) === '1' ? true : undefined,
    groupBy: given(one(q.groupBy)),
    interval: given(one(q.interval)),
    top: int(q.top),
    rankBy: given(one(q.rankBy)),
  };
  const kind = input.kind;
  if (kind !== 'summary') for (const k of ['groupBy', 'top', 'rankBy']) delete input[k];
  if (kind !== 'trend') delete input.interval;
  for (const k of Object.keys(input)) if (input[k] === undefined) delete input[k];
  return parseReportOptions(input);
}

/** The query that gives these options back (with `run=1`); the form writes the same names. */
export function queryOf(o: ReportOptions): URLSearchParams {
  const q = new URLSearchParams({ run: '1', kind: o.kind });
  const set = (name: string, value: string | number | undefined) =>
    value !== undefined && value !== '' && q.append(name, String(value));
  const yn = (v: boolean | undefined) => (v === undefined ? undefined : v ? 'yes' : 'no');
  set('title', o.title);
  set('tz', o.timeZone);
  set('preset', o.period?.preset);
  set('from', o.period?.from);
  set('to', o.period?.to);
  set('traffic', o.traffic);
  for (const d of o.directions ?? []) set('dir', d);
  set('answered', yn(o.answered));
  const lists: Array<[string, string[] | undefined]> = [
    ['ext', o.extensions],
    ['user', o.users],
    ['dept', o.departments],
    ['cc', o.costCentres],
    ['gw', o.gateways],
    ['carrier', o.carriers],
    ['dtype', o.destinationTypes],
    ['nation', o.nations],
  ];
  for (const [name, values] of lists) set(name, values?.join(', '));
  set('intl', yn(o.international));
  if (o.number) {
    set('num', o.number.value);
    set('numMatch', o.number.match);
  }
  for (const c of o.duration ?? []) set('dur', `${c.op}:${c.value}`);
  for (const c of o.cost ?? []) set('cost', `${c.op}:${c.value}`);
  for (const c of o.conditions ?? []) {
    q.append('cj', c.join);
    q.append('cf', c.field);
    q.append('co', c.op);
    q.append('cv', String(c.value));
  }
  for (const f of o.fields ?? []) set('field', f);
  const [sort] = o.sort ?? [];
  if (sort) {
    set('sort', sort.field);
    set('sortDir', sort.descending ? 'desc' : 'asc');
  }
  set('maxRows', o.maxRows);
  if (o.totals) set('totals', '1');
  set('groupBy', o.groupBy);
  set('interval', o.interval);
  set('top', o.top);
  set('rankBy', o.rankBy);
  return q;
}
