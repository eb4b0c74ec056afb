import {
  buildReportTable,
  type CallCursor,
  CURRENCY_KEY,
  type ReportColumn,
  type ReportOptions,
  type ReportRow,
  type ReportService,
  type ReportViewer,
} from '../reports/index.js';

/** One page of a report as the portal shows it: columns, rows, totals over everything that matched. */
export interface ReportView {
  filter: string[];
  timeZone: string;
  columns: ReportColumn[];
  rows: ReportRow[];
  /** One row per currency; a call list's carry `calls`, the number of calls they add up. */
  totals: ReportRow[];
  page: number;
  pageSize: number;
  hasMore: boolean;
  notes: string[];
  /** A call list's totals are not in this view: the page loads them after itself (`callListTotals`). */
  totalsPending: boolean;
  /** Where a call list's previous and next pages start: the cursors of this page's first and last rows. */
  first: CallCursor | null;
  last: CallCursor | null;
}

/** Which page to show: its number and, for a call list, the cursor it starts after or ends before. */
export interface ViewPage {
  page: number;
  pageSize: number;
  after?: CallCursor;
  before?: CallCursor;
}

/** A view without rows or totals: the frame a page fills (the totals page adds its totals). */
export function emptyView(timeZone: string, columns: ReportColumn[], pageSize: number): ReportView {
  return {
    filter: [],
    timeZone,
    columns,
    rows: [],
    totals: [],
    page: 1,
    pageSize,
    hasMore: false,
    notes: [],
    totalsPending: false,
    first: null,
    last: null,
  };
}

/**
 * A call list's totals over every call that matches (not only a page), summed by the engine with the
 * same filter and scope: asked after the page (over a month of an exchange's calls it reads them all).
 */
export async function callListTotals(
  engine: ReportService,
  options: ReportOptions,
  viewer: ReportViewer,
): Promise<{ totals: ReportRow[]; timeZone: string }> {
  const summary = await engine.summarize(
    {
      ...options,
      kind: 'summary',
      groupBy: 'direction',
      top: undefined,
      rankBy: undefined,
      fields: undefined,
      sort: undefined,
    },
    viewer,
  );
  const totals = summary.totals.map((t) => ({
    calls: t.calls,
    duration: t.durationSeconds,
    cost: t.costMinor,
    currency: t.currency,
    [CURRENCY_KEY]: t.currency,
  }));
  return { totals, timeZone: summary.timeZone };
}

/**
 * Runs one page of a report through the engine (which applies the viewer's scope and masking):
 * a call list pages in SQL by its sort keys (a cursor, not an offset) and leaves its totals to
 * `callListTotals`; a summary or a trend is small, comes whole with totals, and is paged here.
 */
export async function reportView(
  engine: ReportService,
  options: ReportOptions,
  viewer: ReportViewer,
  at: ViewPage,
): Promise<ReportView> {
  const { pageSize } = at;
  if (options.kind === 'calls') {
    let list = await engine.listCalls(options, viewer, at);
    // Fewer rows than a page before the cursor: that is the start of the list, shown as page 1.
    if (at.before && list.rows.length < pageSize) list = await engine.listCalls(options, viewer, { page: 1, pageSize });
    return {
      filter: list.filter,
      timeZone: list.timeZone,
      columns: list.columns,
      rows: list.rows,
      totals: [],
      page: list.page,
      pageSize,
      hasMore: list.hasMore,
      notes: [],
      totalsPending: true,
      first: list.first,
      last: list.last,
    };
  }
  const page = at.page;
  const table = await buildReportTable(engine, options, viewer);
  const rows: ReportRow[] = [];
  for await (const row of table.rows) rows.push(row);
  const trailer = table.trailer();
  const start = (page - 1) * pageSize;
  return {
    filter: table.filter,
    timeZone: table.timeZone,
    columns: table.columns,
    rows: rows.slice(start, start + pageSize),
    totals: trailer.totals,
    page,
    pageSize,
    hasMore: rows.length > start + pageSize,
    notes: trailer.notes,
    totalsPending: false,
    first: null,
    last: null,
  };
}
