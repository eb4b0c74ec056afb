import {
  buildReportTable,
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
}

/**
 * Runs one page of a report through the engine (which applies the viewer's scope and masking):
 * a call list pages in SQL and gets its totals from the engine's summary of the same filter;
 * a summary or a trend is small, comes whole, and is paged here.
 */
export async function reportView(
  engine: ReportService,
  options: ReportOptions,
  viewer: ReportViewer,
  page: number,
  pageSize: number,
): Promise<ReportView> {
  if (options.kind === 'calls') {
    const list = await engine.listCalls(options, viewer, { page, pageSize });
    // The same filter summed by the engine: every matching call, not only this page's.
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
    return {
      filter: list.filter,
      timeZone: list.timeZone,
      columns: list.columns,
      rows: list.rows,
      totals,
      page,
      pageSize,
      hasMore: list.hasMore,
      notes: [],
    };
  }
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
  };
}
