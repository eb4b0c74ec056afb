import { mergeCurrencies, type AggregateFigures } from './fold-aggregates.js';
import { groupKeys } from './group-keys.js';
import type { ReportOptions } from './report-options-schema.js';
import type { ReportService } from './report-service.js';
import { CURRENCY_KEY, tableOf, type ReportColumn, type ReportRow, type ReportTable } from './report-table.js';
import type { ReportViewer } from './report-viewer.js';

const FIGURE_COLUMNS: ReportColumn[] = [
  { key: 'calls', label: 'Calls', type: 'integer' },
  { key: 'answered', label: 'Answered', type: 'integer' },
  { key: 'unanswered', label: 'Unanswered', type: 'integer' },
  { key: 'duration', label: 'Duration', type: 'duration' },
  { key: 'cost', label: 'Cost', type: 'money' },
  { key: 'averageCost', label: 'Average cost', type: 'money' },
  { key: 'currency', label: 'Currency', type: 'text' },
];

function figureCells(f: AggregateFigures): ReportRow {
  return {
    calls: f.calls,
    answered: f.answered,
    unanswered: f.unanswered,
    duration: f.durationSeconds,
    cost: f.costMinor,
    averageCost: f.averageCostMinor,
    currency: f.currency,
    [CURRENCY_KEY]: f.currency,
  };
}

/** Passes a call list's rows on while adding up calls, duration and cost per currency. */
function countCalls(rows: AsyncIterable<ReportRow>): { rows: AsyncIterable<ReportRow>; figures(): AggregateFigures[] } {
  const sums = new Map<
    string | null,
    {
      currency: string | null;
      calls: number;
      answered: number;
      durationSeconds: number;
      costMinor: number;
      ratedCalls: number;
    }
  >();
  return {
    rows: (async function* () {
      for await (const row of rows) {
        const currency = (row[CURRENCY_KEY] as string | null) ?? null;
        const sum = sums.get(currency) ?? {
          currency,
          calls: 0,
          answered: 0,
          durationSeconds: 0,
          costMinor: 0,
          ratedCalls: 0,
        };
        sum.calls += 1;
        sum.durationSeconds += Number(row.duration ?? 0);
        sum.costMinor += Number(row.cost ?? 0);
        sums.set(currency, sum);
        yield row;
      }
    })(),
    figures: () => mergeCurrencies([...sums.values()]),
  };
}

/**
 * One totals row per currency under a call list: the count in the first text column, duration and cost under
 * theirs.
 */
function callTotalRows(columns: ReportColumn[], figures: AggregateFigures[]): ReportRow[] {
  const labelKey = columns.find((c) => c.type === 'text')?.key;
  return figures.map((f) => {
    const row: ReportRow = {
      [CURRENCY_KEY]: f.currency,
      duration: f.durationSeconds,
      cost: f.costMinor,
      currency: f.currency,
    };
    if (labelKey) row[labelKey] = `Total, ${f.calls} ${f.calls === 1 ? 'call' : 'calls'}`;
    return row;
  });
}

/** The default title of a report that names none. */
export function defaultTitle(options: ReportOptions): string {
  if (options.kind === 'summary' && options.groupBy) return `Cost by ${groupKeys[options.groupBy].label.toLowerCase()}`;
  if (options.kind === 'trend' && options.interval) return `Calls and cost by ${options.interval}`;
  return 'Call list';
}

/**
 * Runs a report of any kind and shapes it as a table for the renderers:
 * a call list streams; a summary or trend is small and comes whole, with a
 * totals row per currency.
 */
export async function buildReportTable(
  reports: ReportService,
  options: ReportOptions,
  viewer: ReportViewer,
  title?: string,
): Promise<ReportTable> {
  const heading = title ?? options.title ?? defaultTitle(options);
  if (options.kind === 'calls') {
    const stream = reports.streamCalls(options, viewer);
    const totals = options.totals ? countCalls(stream.rows) : undefined;
    return {
      title: heading,
      filter: stream.filter,
      timeZone: stream.timeZone,
      period: stream.period,
      columns: stream.columns,
      rows: totals?.rows ?? stream.rows,
      trailer: () => ({
        totals: totals ? callTotalRows(stream.columns, totals.figures()) : [],
        notes: stream.truncated() ? [`Stopped at the maximum number of calls; more calls match this filter.`] : [],
      }),
    };
  }
  if (options.kind === 'summary') {
    const report = await reports.summarize(options, viewer);
    const label = groupKeys[report.groupBy].label;
    const notes =
      options.top && report.groupCount > report.groups.length
        ? [`Top ${report.groups.length} of ${report.groupCount} groups; totals cover all.`]
        : [];
    return tableOf(
      {
        title: heading,
        filter: report.filter,
        timeZone: report.timeZone,
        period: report.period,
        columns: [{ key: 'group', label, type: 'text' }, ...FIGURE_COLUMNS],
      },
      report.groups.map((g) => ({ group: g.label, ...figureCells(g) })),
      { totals: report.totals.map((t) => ({ group: 'Total', ...figureCells(t) })), notes },
    );
  }
  const report = await reports.trend(options, viewer);
  const label = report.interval === 'week' ? 'Week from' : report.interval[0]!.toUpperCase() + report.interval.slice(1);
  return tableOf(
    {
      title: heading,
      filter: report.filter,
      timeZone: report.timeZone,
      period: report.period,
      columns: [{ key: 'period', label, type: 'text' }, ...FIGURE_COLUMNS],
    },
    report.points.map((p) => ({ period: p.label, ...figureCells(p) })),
    { totals: report.totals.map((t) => ({ period: 'Total', ...figureCells(t) })) },
  );
}
