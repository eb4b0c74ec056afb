import {
  parseReportOptions,
  type AggregateFigures,
  type CallPage,
  type GroupFigures,
  type ReportOptionsInput,
  type ReportService,
  type TrendPoint,
  wordOf,
} from '../../reports/index.js';
import { viewerScope, type Viewer } from '../../viewer/index.js';
import type { ChartKind } from './render-chart-svg.js';
import { mine, type MyCalls } from './my-calls.js';

/** The widgets of the user guide's Control Gallery (§2.2), by id. */
export const widgetIds = [
  'week-cost-by-area',
  'today-cost-share-by-destination',
  'week-cost-by-extension',
  'week-cost-by-date',
  'today-cost-by-hour',
  'today-cost-share-by-department',
  'today-cost-share-by-area',
  'top-international-by-duration',
  'personal-traffic-30-days',
  'today-status-by-department',
  'today-status-by-area',
  'status-last-7-days',
  'last-calls',
] as const;
export type WidgetId = (typeof widgetIds)[number];

/** What a chart measures; names the series and how the table view formats values. */
export type Measure = 'cost' | 'status' | 'duration' | 'calls';

/** One labelled point: a group of a summary or a bucket of a trend. */
export interface WidgetPoint extends Pick<
  AggregateFigures,
  'currency' | 'calls' | 'answered' | 'unanswered' | 'durationSeconds' | 'costMinor'
> {
  label: string;
  /** Set for trend buckets (the label is then formatted from it); null for groups. */
  start: number | null;
}

export type WidgetData =
  | {
      kind: 'chart';
      chart: ChartKind;
      measure: Measure;
      interval: 'hour' | 'day' | null;
      points: WidgetPoint[];
      rest: WidgetPoint | null;
    }
  | { kind: 'calls'; page: CallPage };

interface ChartWidget {
  chart: ChartKind;
  measure: Measure;
  options: ReportOptionsInput;
  /** Only the viewer's own calls (personal widgets), not everything their role may see. */
  personal?: boolean;
}

const outgoing: Pick<ReportOptionsInput, 'traffic' | 'directions'> = {
  traffic: 'external',
  directions: ['outgoing', 'transit'],
};
const today = { preset: 'today' } as const;
const thisWeek = { preset: 'this-week' } as const;
const costShare = (groupBy: 'destinationType' | 'department' | 'area'): ChartWidget => ({
  chart: 'pie',
  measure: 'cost',
  options: { kind: 'summary', groupBy, period: today, top: 6, ...outgoing },
});
const status = (groupBy: 'department' | 'area'): ChartWidget => ({
  chart: 'stacked-bar',
  measure: 'status',
  options: { kind: 'summary', groupBy, period: today, top: 8, rankBy: 'calls' },
});

const charts: Record<Exclude<WidgetId, 'last-calls'>, ChartWidget> = {
  'week-cost-by-area': {
    chart: 'bar',
    measure: 'cost',
    options: { kind: 'summary', groupBy: 'area', period: thisWeek, top: 8, ...outgoing },
  },
  'today-cost-share-by-destination': costShare('destinationType'),
  'week-cost-by-extension': {
    chart: 'bar',
    measure: 'cost',
    options: { kind: 'summary', groupBy: 'extension', period: thisWeek, top: 8, ...outgoing },
  },
  'week-cost-by-date': {
    chart: 'bar',
    measure: 'cost',
    options: { kind: 'trend', interval: 'day', period: thisWeek, ...outgoing },
  },
  'today-cost-by-hour': {
    chart: 'line',
    measure: 'cost',
    options: { kind: 'trend', interval: 'hour', period: today, ...outgoing },
  },
  'today-cost-share-by-department': costShare('department'),
  'today-cost-share-by-area': costShare('area'),
  'top-international-by-duration': {
    chart: 'bar',
    measure: 'duration',
    options: {
      kind: 'summary',
      groupBy: 'nation',
      international: true,
      rankBy: 'duration',
      top: 5,
      period: { preset: 'this-month' },
      ...outgoing,
    },
  },
  'personal-traffic-30-days': {
    chart: 'line',
    measure: 'status',
    options: { kind: 'trend', interval: 'day', period: { preset: 'last-30-days' } },
    personal: true,
  },
  'today-status-by-department': status('department'),
  'today-status-by-area': status('area'),
  'status-last-7-days': {
    chart: 'stacked-bar',
    measure: 'status',
    options: { kind: 'trend', interval: 'day', period: { preset: 'last-7-days' } },
  },
};

/**
 * What decides a widget's figures for this viewer, as a cache key: the calls it
 * may see (everything for an administrator, the departments of a supervisor,
 * a user's own; a personal widget and the last calls are always the viewer's
 * own), its time zone and language, and whether numbers are masked for it. Two
 * viewers with the same key see the same figures, so they may share them.
 */
export function widgetAnswerKey(id: WidgetId, viewer: Viewer): string {
  const own = id === 'last-calls' || charts[id].personal === true;
  const scope = viewerScope(viewer);
  const sees = own
    ? ['self', viewer.username, viewer.userId]
    : scope.kind === 'departments'
      ? ['departments', ...[...new Set(scope.departments)].sort()]
      : scope.kind === 'self'
        ? ['self', scope.username, scope.userId]
        : ['all'];
  return JSON.stringify([id, viewer.role, sees, viewer.timeZone, viewer.language, viewer.mask ?? false]);
}

function point(f: GroupFigures | TrendPoint, trend: boolean): WidgetPoint {
  return {
    label: f.label,
    start: trend ? (f as TrendPoint).start : null,
    currency: f.currency,
    calls: f.calls,
    answered: f.answered,
    unanswered: f.unanswered,
    durationSeconds: f.durationSeconds,
    costMinor: f.costMinor,
  };
}

/** The calls beyond a pie's top groups, as one "other" slice (totals cover every group). */
function restOf(
  groups: GroupFigures[],
  totals: Array<{ currency: string | null; costMinor: number; calls: number }>,
  groupCount: number,
): WidgetPoint | null {
  if (groupCount <= groups.length || totals.length !== 1) return null;
  const total = totals[0]!;
  const shown = groups.reduce((n, g) => n + g.costMinor, 0);
  if (total.costMinor - shown <= 0) return null;
  return {
    label: '',
    start: null,
    currency: total.currency,
    calls: 0,
    answered: 0,
    unanswered: 0,
    durationSeconds: 0,
    costMinor: total.costMinor - shown,
  };
}

/** Loads one widget's figures from the report engine in the viewer's scope and time zone. */
export async function loadWidget(
  id: WidgetId,
  viewer: Viewer,
  deps: { reports: ReportService; myCalls: MyCalls },
): Promise<WidgetData> {
  if (id === 'last-calls') return { kind: 'calls', page: await deps.myCalls.lastCalls(viewer, 10) };
  const widget = charts[id];
  const options = parseReportOptions({
    timeZone: viewer.timeZone,
    ...widget.options,
    ...(widget.personal ? mine(viewer) : {}),
  });
  const base = { kind: 'chart', chart: widget.chart, measure: widget.measure } as const;
  if (options.kind === 'trend') {
    const trend = await deps.reports.trend(options, viewer);
    const interval = options.interval === 'hour' ? 'hour' : 'day';
    return { ...base, interval, points: trend.points.map((p) => point(p, true)), rest: null };
  }
  const summary = await deps.reports.summarize(options, viewer);
  const rest = widget.chart === 'pie' ? restOf(summary.groups, summary.totals, summary.groupCount) : null;
  // Destination types and directions are words of the viewer's language (the answer is cached per language).
  const set = options.groupBy === 'destinationType' || options.groupBy === 'direction' ? options.groupBy : undefined;
  const points = summary.groups.map((g) => ({ ...point(g, false), label: wordOf(set, g.label, viewer.language) }));
  return { ...base, interval: null, points, rest };
}
