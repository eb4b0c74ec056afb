import type { ReportOptions } from '../../reports/index.js';
import { Layout } from '../components/layout.js';
import { ReportResultTable } from '../components/report-result-table.js';
import type { PageContext } from '../page-context.js';
import type { ReportView } from '../report-view.js';

export interface ReportTotalsProps {
  heading: string;
  options: ReportOptions;
  /** The query that runs the report (`run=1&…`): the way back to its first page. */
  query: string;
  /** The totals as a view without rows: the call list's columns, one totals row per currency. */
  view: ReportView;
}

/**
 * A call list's totals as a page of their own: what a browser without JavaScript opens from the list's footer,
 * where htmx would have swapped them in.
 */
export function ReportTotalsPage({ ctx, props }: { ctx: PageContext; props: ReportTotalsProps }) {
  const { t } = ctx;
  const title = t('reportTotals.title', { title: props.heading });
  return (
    <Layout ctx={ctx} title={title}>
      <p>
        <a href={`/reports/interactive/run?${props.query}`}>{t('reportTotals.back')}</a>
      </p>
      <ReportResultTable ctx={ctx} view={props.view} options={props.options} caption={title} />
      <p class="hint">{t('interactiveReports.result.totalsNote')}</p>
    </Layout>
  );
}
