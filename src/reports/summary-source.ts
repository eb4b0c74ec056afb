import {
  callFiguresSql,
  callSummaryKey,
  callSummaryRollups,
  type CallRollupKeyColumn,
  type CallSummaryRollup,
} from '../store/index.js';
import type { ReportScope } from './build-call-filter.js';
import type { GroupKeyName } from './group-keys.js';
import type { ReportOptions } from './report-options-schema.js';
import type { ResolvedPeriod } from './resolve-period.js';

const DAY = 86_400;
/** The column each summary group key reads, in call_summaries or a rollup (both have the calls' names). */
const KEY_COLUMN: Partial<Record<GroupKeyName, CallRollupKeyColumn>> = {
  department: 'department_id',
  costCentre: 'cost_centre_id',
  destinationType: 'destination_type',
  gateway: 'gateway',
  direction: 'direction',
  area: 'destination_name',
  nation: 'nation',
  site: 'site',
  extension: 'owner_extension',
  user: 'owner_user_id',
};

/** A stretch [from, to) of time, epoch seconds. */
export interface TimeRange {
  from: number;
  to: number;
}

/**
 * The columns a report's group, filter and scope read (currency always: the
 * figures are per currency). International calls compare the nation with the
 * site's country; a user's own calls are their user id's.
 */
export function summaryColumnsRead(
  options: ReportOptions,
  scope: ReportScope,
  groupBy?: GroupKeyName,
): Set<CallRollupKeyColumn> {
  const read = new Set<CallRollupKeyColumn>(['currency']);
  const column = groupBy && KEY_COLUMN[groupBy];
  if (column) read.add(column);
  const when = (test: unknown, ...columns: CallRollupKeyColumn[]) => {
    if (test) for (const c of columns) read.add(c);
  };
  when(options.answered !== undefined, 'answered');
  when(options.traffic || options.directions?.length, 'direction');
  when(options.departments?.length || scope.departments, 'department_id');
  when(options.costCentres?.length, 'cost_centre_id');
  when(options.gateways?.length, 'gateway');
  when(options.destinationTypes?.length, 'destination_type');
  when(options.extensions?.length, 'owner_extension');
  when(options.users?.length || scope.username !== undefined, 'owner_user_id');
  when(options.nations?.length, 'nation');
  when(options.international !== undefined, 'nation', 'site');
  return read;
}

/** Whether the summaries can group by this key at all. */
export function isSummaryKey(groupBy: GroupKeyName): boolean {
  return KEY_COLUMN[groupBy] !== undefined;
}

/** What answers a report: a daily rollup for its whole UTC days (null: none), and what answers the rest. */
export interface SummaryTables {
  daily: CallSummaryRollup | null;
  rest: CallSummaryRollup | 'call_summaries' | 'calls';
}

/**
 * The tables for a report reading these columns: the first daily rollup whose
 * key holds them all, and for the rest of the period the first such hourly
 * rollup, else call_summaries, else (after a rollup kept from the calls) the
 * calls themselves; null when nothing but the calls would answer.
 */
export function summaryTablesFor(read: Set<CallRollupKeyColumn>): SummaryTables | null {
  const holds = (key: readonly string[]) => [...read].every((c) => key.includes(c));
  const daily = callSummaryRollups.find((r) => r.grainSeconds === DAY && holds(r.key)) ?? null;
  const hourly = callSummaryRollups.find((r) => r.grainSeconds !== DAY && holds(r.key));
  if (hourly) return { daily, rest: hourly };
  if (holds(callSummaryKey)) return { daily, rest: 'call_summaries' };
  return daily?.from === 'calls' ? { daily, rest: 'calls' } : null;
}

/**
 * The whole UTC days of the period a daily rollup may answer: each lies in one
 * of the buckets that start at `starts` (a trend's; none for a summary, which
 * is one bucket), so a day's row is counted where its calls would be.
 */
export function wholeDays(period: ResolvedPeriod, starts: readonly number[] = []): TimeRange[] {
  const bounds = [period.from, ...starts.filter((s) => s > period.from && s < period.to), period.to];
  const ranges: TimeRange[] = [];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const from = Math.ceil(bounds[i]! / DAY) * DAY;
    const to = Math.floor(bounds[i + 1]! / DAY) * DAY;
    if (from >= to) continue;
    const last = ranges[ranges.length - 1];
    if (last && last.to === from) last.to = to;
    else ranges.push({ from, to });
  }
  return ranges;
}

/** The parts of the period outside `days` (each a stretch of whole hours when the period's ends are). */
function outside(period: ResolvedPeriod, days: TimeRange[]): TimeRange[] {
  const rest: TimeRange[] = [];
  let from = period.from;
  for (const d of days) {
    if (d.from > from) rest.push({ from, to: d.from });
    from = d.to;
  }
  if (from < period.to) rest.push({ from, to: period.to });
  return rest;
}

const within = (ranges: TimeRange[]) =>
  `(${ranges.map((r) => `(c.started_at >= ${r.from} AND c.started_at < ${r.to})`).join(' OR ')})`;

/** The report's filter over `c` for a period, with the calls' table (and index) it names for `c`. */
export type FilterFor = (period: TimeRange) => { where: string; from: string };

/**
 * The rows to add up, as `c` with the calls' column names (started_at, the
 * columns read, calls, duration_seconds, cost_minor, rated_calls,
 * ring_seconds, answered_calls), each arm already filtered (`filter`, called
 * in the order the arms are written, so positional parameters line up): the
 * daily rollup for the whole days it may answer, the rest of the period from
 * the hourly rollup or call_summaries, or from the calls themselves, one arm
 * per stretch. A table of `namedIndexes` is read through the index named there (SQLite's INDEXED BY).
 */
export function summarySource(
  tables: SummaryTables,
  read: Set<CallRollupKeyColumn>,
  period: ResolvedPeriod,
  days: TimeRange[],
  filter: FilterFor,
  namedIndexes: Partial<Record<string, string>> = {},
): string {
  const columns = [...read].map((k) => `c.${k}`).join(', ');
  const summed = (table: CallSummaryRollup | 'call_summaries', ranges: TimeRange[]) => {
    const fromCalls = table !== 'call_summaries' && table.from === 'calls';
    const name = table === 'call_summaries' ? table : table.table;
    const index = namedIndexes[name];
    const answered = fromCalls ? 'c.answered_calls' : 'CASE WHEN c.answered THEN c.calls ELSE 0 END';
    return (
      `SELECT c.started_at AS started_at, ${columns}, c.calls AS calls, ` +
      `c.duration_seconds AS duration_seconds, c.cost_minor AS cost_minor, c.rated_calls AS rated_calls, ` +
      `c.ring_seconds AS ring_seconds, ${answered} AS answered_calls ` +
      `FROM ${name} c${index ? ` INDEXED BY ${index}` : ''} WHERE ${within(ranges)} AND ${filter(period).where}`
    );
  };
  const { daily, rest } = tables;
  const wholeDays = daily ? days : [];
  const arms = wholeDays.length ? [summed(daily!, wholeDays)] : [];
  const outsideDays = outside(period, wholeDays);
  if (rest === 'calls') {
    for (const range of outsideDays) {
      const f = filter(range);
      arms.push(
        `SELECT c.started_at AS started_at, ${columns}, ${callFiguresSql('c')} FROM ${f.from} WHERE ${f.where}`,
      );
    }
  } else if (outsideDays.length) arms.push(summed(rest, outsideDays));
  // An empty period: no rows, but a well-formed query.
  if (!arms.length) arms.push(summed(rest === 'calls' ? daily! : rest, [period]));
  return `(${arms.join(' UNION ALL ')}) c`;
}
