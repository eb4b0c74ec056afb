import {
  parseReportOptions,
  type CallPage,
  type ReportOptionsInput,
  type ReportService,
  type TrendReport,
} from '../../reports/index.js';
import type { Clock } from '../../clock.js';
import type { Viewer } from '../../viewer/index.js';
import { callTypeFilter, type CallType } from './call-type.js';

/** How many last calls the Home list shows (user guide §2.1: "Top 10 20 50 100 200"). */
export const lastCallCounts = [10, 20, 50, 100, 200] as const;
export type LastCallCount = (typeof lastCallCounts)[number];

export function lastCallCountOf(value: unknown, fallback: LastCallCount = 20): LastCallCount {
  const n = Number(value);
  return (lastCallCounts as readonly number[]).includes(n) ? (n as LastCallCount) : fallback;
}

/** The columns of the Home list, in the guide's order. */
export const lastCallFields = [
  'direction',
  'answered',
  'extension',
  'userName',
  'number',
  'startedAt',
  'duration',
  'cost',
  'gateway',
] as const;

/** Figures of the Home summary ("My dashboard"), money per currency. */
export interface MySummary {
  costs: Array<{ currency: string; costMinor: number }>;
  calls: number;
  averageDurationSeconds: number | null;
  averageRingSeconds: number | null;
  missedToday: number;
}

export type OutgoingRange = 'today' | 'yesterday' | 'last-7-days';
export const outgoingRanges: OutgoingRange[] = ['today', 'yesterday', 'last-7-days'];

/**
 * The viewer's own calls as Home, the dashboard's Last Calls and the gadgets
 * show them, asked of the report engine (scope and masking applied there) and
 * limited to the viewer's own lines: the signed-in person's calls, whatever
 * their role lets them see elsewhere.
 */
export interface MyCalls {
  lastCalls(viewer: Viewer, count: number, type?: CallType | null): Promise<CallPage>;
  summary(viewer: Viewer): Promise<MySummary>;
  outgoingTrend(viewer: Viewer, range: OutgoingRange): Promise<TrendReport>;
  /** The viewer's rated outgoing calls of a period, newest first: what a budget counts. */
  countedCalls(viewer: Viewer, period: { start: Date; end: Date }, count: number): Promise<CallPage>;
}

/**
 * A user with no directory user (an administrator account) has no own calls: this name matches no one
 * (directory usernames never start or end with a space). Not a NUL: PostgreSQL refuses it in text.
 */
const NOBODY = ' (no directory user) ';

export function mine(viewer: Viewer): Pick<ReportOptionsInput, 'users' | 'timeZone'> {
  return { users: [viewer.userId === null ? NOBODY : viewer.username], timeZone: viewer.timeZone };
}

/** Home's last calls are looked for back to 2000 at most (epoch seconds), in windows of these many days. */
const HORIZON = Date.UTC(2000, 0, 1) / 1000;
const WALK_DAYS = [7, 24, 61, 274, 731, ...Array<number>(9).fill(1461)];
const instant = (seconds: number) => new Date(seconds * 1000).toISOString();

/** Consecutive windows' pages, newest first, as one page over the span they covered. */
function joinPages(pages: CallPage[], count: number): CallPage {
  const newest = pages[0]!;
  const oldest = pages.at(-1)!;
  const rows = pages.flatMap((p) => p.rows).slice(0, count);
  const withRows = pages.filter((p) => p.rows.length > 0);
  return {
    ...newest,
    period: { from: oldest.period.from, to: newest.period.to },
    rows,
    pageSize: count,
    hasMore: oldest.hasMore || (rows.length >= count && oldest.period.from > HORIZON),
    first: withRows[0]?.first ?? null,
    last: withRows.at(-1)?.last ?? null,
  };
}

export function createMyCalls(deps: { reports: ReportService; clock: Clock }): MyCalls {
  const { reports, clock } = deps;
  return {
    async lastCalls(viewer, count, type = null) {
      const options = (period: ReportOptionsInput['period']) =>
        parseReportOptions({
          ...mine(viewer),
          ...callTypeFilter(type),
          kind: 'calls',
          period,
          fields: [...lastCallFields],
          sort: [{ field: 'startedAt', descending: true }],
        });
      // Walk back from now a window at a time (the owner's calls are indexed hour by hour, so a window costs one
      // index seek an hour): nearly everyone's newest calls are in the first week; each further window reaches back
      // further, as far as HORIZON. The first window ends where the old single query ended, now + 1 s.
      // It stops at the oldest stored call.
      // The walk starts at the end of the day of the user's newest call (the line rollup knows it): a user whose
      // last calls are long ago costs a week's days, not every day back to them.
      // No newest call: one window says so.
      const end = Math.floor(clock.now().getTime() / 1000) + 1;
      const newest = viewer.userId === null ? null : await reports.newestCallDay(viewer.username, end);
      const earliest = newest === null ? null : await reports.earliestCallStart();
      const horizon = Math.max(HORIZON, earliest ?? Number.MAX_SAFE_INTEGER);
      const pages: CallPage[] = [];
      let to = newest === null ? end : Math.min(end, newest + 86_400);
      let found = 0;
      for (const days of WALK_DAYS) {
        if (found >= count || (pages.length > 0 && to <= horizon)) break;
        const from = Math.min(to - 1, Math.max(HORIZON, to - days * 86_400));
        const page = await reports.listCalls(options({ from: instant(from), to: instant(to) }), viewer, {
          page: 1,
          pageSize: count - found,
        });
        pages.push(page);
        found += page.rows.length;
        to = from;
      }
      const joined = joinPages(pages, count);
      return { ...joined, period: { from: joined.period.from, to: end } };
    },
    async summary(viewer) {
      const month = parseReportOptions({
        ...mine(viewer),
        kind: 'summary',
        groupBy: 'direction',
        period: { preset: 'this-month' },
      });
      const missed = parseReportOptions({
        ...mine(viewer),
        kind: 'summary',
        groupBy: 'direction',
        answered: false,
        period: { preset: 'today' },
      });
      const [monthly, today] = await Promise.all([reports.summarize(month, viewer), reports.summarize(missed, viewer)]);
      const calls = monthly.totals.reduce((n, t) => n + t.calls, 0);
      const answered = monthly.totals.reduce((n, t) => n + t.answered, 0);
      const duration = monthly.totals.reduce((n, t) => n + t.durationSeconds, 0);
      const ring = monthly.totals.reduce((n, t) => n + t.ringSeconds, 0);
      return {
        costs: monthly.totals
          .filter((t) => t.currency !== null)
          .map((t) => ({ currency: t.currency!, costMinor: t.costMinor })),
        calls,
        averageDurationSeconds: answered ? Math.round(duration / answered) : null,
        averageRingSeconds: answered ? Math.round(ring / answered) : null,
        missedToday: today.totals.reduce((n, t) => n + t.calls, 0),
      };
    },
    outgoingTrend(viewer, range) {
      const options = parseReportOptions({
        ...mine(viewer),
        kind: 'trend',
        interval: range === 'last-7-days' ? 'day' : 'hour',
        directions: ['outgoing', 'transit'],
        period: { preset: range },
      });
      return reports.trend(options, viewer);
    },
    countedCalls(viewer, period, count) {
      const options = parseReportOptions({
        ...mine(viewer),
        kind: 'calls',
        traffic: 'external',
        directions: ['outgoing', 'transit'],
        cost: [{ op: 'ge', value: 0 }],
        period: { from: period.start.toISOString(), to: period.end.toISOString() },
        fields: [...lastCallFields],
        sort: [{ field: 'startedAt', descending: true }],
      });
      return reports.listCalls(options, viewer, { page: 1, pageSize: count });
    },
  };
}
