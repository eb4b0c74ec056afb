import { callSummaryRollups, ROLLUP_GRAIN_SECONDS, type CallSummaryKeyColumn } from '../store/index.js';
import type { ReportScope } from './build-call-filter.js';
import type { GroupKeyName } from './group-keys.js';
import type { ReportOptions } from './report-options-schema.js';
import type { ResolvedPeriod } from './resolve-period.js';

const DAY = ROLLUP_GRAIN_SECONDS;
const FIGURES = 'calls, duration_seconds, cost_minor, rated_calls, ring_seconds';
/** The call_summaries column each summary group key reads. */
const KEY_COLUMN: Partial<Record<GroupKeyName, CallSummaryKeyColumn>> = {
  department: 'department_id',
  costCentre: 'cost_centre_id',
  destinationType: 'destination_type',
  gateway: 'gateway',
  direction: 'direction',
};

/** A stretch [from, to) of whole UTC days, epoch seconds. */
export interface DayRange {
  from: number;
  to: number;
}

/** The call_summaries columns a report's group and filter read (answered and currency always: the figures do). */
export function summaryColumnsRead(
  options: ReportOptions,
  scope: ReportScope,
  groupBy?: GroupKeyName,
): Set<CallSummaryKeyColumn> {
  const read = new Set<CallSummaryKeyColumn>(['answered', 'currency']);
  const column = groupBy && KEY_COLUMN[groupBy];
  if (column) read.add(column);
  if (options.traffic || options.directions?.length) read.add('direction');
  if (options.departments?.length || scope.departments) read.add('department_id');
  if (options.costCentres?.length) read.add('cost_centre_id');
  if (options.gateways?.length) read.add('gateway');
  if (options.destinationTypes?.length) read.add('destination_type');
  return read;
}

/** Whether the summaries can group by this key at all. */
export function isSummaryKey(groupBy: GroupKeyName): boolean {
  return KEY_COLUMN[groupBy] !== undefined;
}

/**
 * The whole UTC days of the period a daily rollup may answer: each lies in one
 * of the buckets that start at `starts` (a trend's; none for a summary, which
 * is one bucket), so a day's row is counted where its calls would be.
 */
export function wholeDays(period: ResolvedPeriod, starts: readonly number[] = []): DayRange[] {
  const bounds = [period.from, ...starts.filter((s) => s > period.from && s < period.to), period.to];
  const ranges: DayRange[] = [];
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

/**
 * The rows to add up, as `c` with the calls' column names: the smallest daily
 * rollup whose key holds every column read, for the whole days it may answer,
 * and the hourly call_summaries for the rest of the period; the hourly table
 * alone when no rollup fits or no whole day does.
 */
export function summarySource(read: Set<CallSummaryKeyColumn>, period: ResolvedPeriod, days: DayRange[]): string {
  const rollup = callSummaryRollups.find((r) => [...read].every((c) => r.key.includes(c)));
  if (!rollup || days.length === 0) return 'call_summaries c';
  const inDays = days.map((d) => `(started_at >= ${d.from} AND started_at < ${d.to})`).join(' OR ');
  const columns = `started_at, ${rollup.key.join(', ')}, ${FIGURES}`;
  return (
    `(SELECT ${columns} FROM ${rollup.table} WHERE ${inDays} UNION ALL SELECT ${columns} FROM call_summaries ` +
    `WHERE started_at >= ${period.from} AND started_at < ${period.to} AND NOT (${inDays})) c`
  );
}
