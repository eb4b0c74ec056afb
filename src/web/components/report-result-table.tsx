import { minorToDecimal } from '../../../tariffs/index.js';
import {
  clockDuration,
  CURRENCY_KEY,
  type ReportColumn,
  type ReportOptions,
  type ReportRow,
  wordOf,
} from '../../reports/index.js';
import type { PageContext } from '../page-context.js';
import type { ReportView } from '../report-view.js';
import { webFormats } from '../web-translator.js';
import { directionKeys, fieldKeys, figureKeys, groupKeyTexts, intervalKeys } from './report-texts.js';

/** A column's heading in the viewer's language: call fields, grouping keys and figures have texts of their own. */
export function columnLabel(ctx: PageContext, column: ReportColumn, options: ReportOptions): string {
  const { t } = ctx;
  if (column.key === 'group' && options.groupBy) return t(groupKeyTexts[options.groupBy]);
  if (column.key === 'period' && options.interval) return t(intervalKeys[options.interval] ?? figureKeys.period!);
  const key = fieldKeys[column.key as keyof typeof fieldKeys] ?? figureKeys[column.key];
  return key ? t(key) : column.label;
}

/**
 * A cell as text: instants in the report's time zone, money in its row's currency, directions and yes/no
 * translated.
 */
export function cellText(ctx: PageContext, column: ReportColumn, row: ReportRow, timeZone: string): string {
  const value = row[column.key];
  if (value === null || value === undefined) return '';
  const format = webFormats(ctx.lang, timeZone);
  switch (column.type) {
    case 'instant':
      return format.dateTime(new Date(Number(value) * 1000));
    case 'duration':
      return clockDuration(Number(value));
    case 'money': {
      const currency = row[CURRENCY_KEY];
      return typeof currency === 'string' ? format.money(Number(value), currency) : minorToDecimal(Number(value), null);
    }
    case 'boolean':
      return ctx.t(value ? 'interactiveReports.yes' : 'interactiveReports.no');
    case 'integer':
    case 'decimal':
      return column.key === 'id' ? String(value) : format.number(Number(value));
    default:
      return wordText(ctx, column, String(value));
  }
}

/**
 * A direction or a destination type (a call list's column, or a summary's groups of them), and a summary's group of
 * calls without a value, in the page's language (destination types in the words the reports' documents use).
 */
function wordText(ctx: PageContext, column: ReportColumn, value: string): string {
  // The engine's label of the calls without a value of the group (as the charts show it).
  if (column.key === 'group' && value === '(none)') return ctx.t('analytics.chart.none');
  const set = column.words ?? column.key;
  if (set === 'destinationType') return wordOf(set, value, ctx.lang);
  const key = set === 'direction' ? directionKeys[value] : undefined;
  return key ? ctx.t(key) : value;
}

const numeric = new Set(['integer', 'decimal', 'money', 'duration']);
/** Phone numbers read left to right in every language (a leading + stays in front in Arabic). */
const phoneNumbers = new Set([
  'extension',
  'number',
  'callingNumber',
  'calledNumber',
  'originalCalledNumber',
  'dialledNumber',
  'destinationE164',
  'huntPilot',
]);

/** The totals row's first cell: "Total, 12 calls" under a call list, "Total" under a summary or trend. */
function totalLabel(ctx: PageContext, row: ReportRow): string {
  return typeof row.calls === 'number' && !('answered' in row)
    ? ctx.t('interactiveReports.result.totalCalls', { count: row.calls })
    : ctx.t('interactiveReports.result.total');
}

function Cell({
  ctx,
  column,
  row,
  timeZone,
  options,
}: {
  ctx: PageContext;
  column: ReportColumn;
  row: ReportRow;
  timeZone: string;
  options: ReportOptions;
}) {
  const value = cellText(ctx, column, row, timeZone);
  const ltr =
    phoneNumbers.has(column.key) ||
    (column.key === 'group' && (options.groupBy === 'number' || options.groupBy === 'extension'));
  return (
    <td class={numeric.has(column.type) ? 'num' : undefined}>{ltr && value ? <bdi dir="ltr">{value}</bdi> : value}</td>
  );
}

/** A report's totals as its table's footer: also the fragment a call list's page loads after itself. */
export function ReportTotals({
  ctx,
  columns,
  totals,
  timeZone,
  options,
}: {
  ctx: PageContext;
  columns: ReportColumn[];
  totals: ReportRow[];
  timeZone: string;
  options: ReportOptions;
}) {
  const rest = columns.slice(1);
  return (
    <tfoot id="report-totals">
      {totals.map((row) => (
        <tr>
          <th scope="row">{totalLabel(ctx, row)}</th>
          {rest.map((c) => (
            <Cell ctx={ctx} column={c} row={row} timeZone={timeZone} options={options} />
          ))}
        </tr>
      ))}
    </tfoot>
  );
}

/**
 * One page of a report as an accessible table, the totals in its footer. A call list's totals come
 * after the page (`totalsHref`, fetched by htmx as soon as the page is in): a busy footer until then.
 */
export function ReportResultTable({
  ctx,
  view,
  options,
  caption,
  totalsHref,
}: {
  ctx: PageContext;
  view: ReportView;
  options: ReportOptions;
  caption: string;
  totalsHref?: string;
}) {
  const [first] = view.columns;
  if (!first) return null;
  const { timeZone } = view;
  return (
    <div class="table-scroll" tabindex={0} role="region" aria-label={caption}>
      <table class="report-table">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {view.columns.map((c) => (
              <th scope="col" class={numeric.has(c.type) ? 'num' : undefined}>
                {columnLabel(ctx, c, options)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {view.rows.map((row) => (
            <tr>
              {view.columns.map((c) => (
                <Cell ctx={ctx} column={c} row={row} timeZone={timeZone} options={options} />
              ))}
            </tr>
          ))}
        </tbody>
        {view.totalsPending && totalsHref ? (
          // htmx swaps the totals in as soon as the page is shown; without JavaScript the link opens them as a page.
          <tfoot id="report-totals" aria-busy="true" hx-get={totalsHref} hx-trigger="load" hx-swap="outerHTML">
            <tr>
              <th scope="row" colSpan={view.columns.length}>
                <a href={totalsHref} class="totals-link">
                  {ctx.t('reportTotals.show')}
                </a>
              </th>
            </tr>
          </tfoot>
        ) : view.totals.length > 0 ? (
          <ReportTotals ctx={ctx} columns={view.columns} totals={view.totals} timeZone={timeZone} options={options} />
        ) : null}
      </table>
    </div>
  );
}
