import { callSummaryRollups, type CallSummaryKeyColumn } from '../store/index.js';
import type { ReportScope } from './build-call-filter.js';
import type { GroupKeyName } from './group-keys.js';
import type { ReportOptions } from './report-options-schema.js';
import type { ResolvedPeriod } from './resolve-period.js';

const DAY = 86_400;
const FIGURES = 'calls, duration_seconds, cost_minor, rated_calls, ring_seconds';
/** The call_summaries column each summary group key reads. */
const KEY_COLUMN: Partial<Record<GroupKeyName, CallSummaryKeyColumn>> = {
  department: 'department_id',
  costCentre: 'cost_centre_id',
  destinationType: 'destination_type',
  gateway: 'gateway',
  direction: 'direction',
};

/** A stretch [from, to) of time, epoch seconds. */
export interface TimeRange {
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
  ranges.map((r) => `(started_at >= ${r.from} AND started_at < ${r.to})`).join(' OR ');

/**
 * The rows to add up, as `c` with the calls' column names: of the first
 * rollup key that holds every column read, the daily rollup for the whole
 * days it may answer and the hourly one (else call_summaries) for the rest of
 * the period; call_summaries alone when no rollup key fits.
 */
export function summarySource(read: Set<CallSummaryKeyColumn>, period: ResolvedPeriod, days: TimeRange[]): string {
  const fits = callSummaryRollups.find((r) => [...read].every((c) => r.key.includes(c)));
  if (!fits) return 'call_summaries c';
  const family = callSummaryRollups.filter((r) => r.key.join() === fits.key.join());
  const daily = family.find((r) => r.grainSeconds === DAY);
  const hourly = family.find((r) => r.grainSeconds !== DAY)?.table ?? 'call_summaries';
  const columns = `started_at, ${fits.key.join(', ')}, ${FIGURES}`;
  const wholeDays = daily ? days : [];
  const arms = [
    ...(wholeDays.length ? [`SELECT ${columns} FROM ${daily!.table} WHERE ${within(wholeDays)}`] : []),
    ...[outside(period, wholeDays)]
      .filter((rest) => rest.length)
      .map((rest) => `SELECT ${columns} FROM ${hourly} WHERE ${within(rest)}`),
  ];
  return `(${arms.join(' UNION ALL ')}) c`;
}
