import { encodeCallCursor, type ReportOptions } from '../../reports/index.js';
import { CsrfField, Layout, Notice } from '../components/layout.js';
import { ReportOptionsForm } from '../components/report-options-form.js';
import { ReportResultTable } from '../components/report-result-table.js';
import type { PageContext } from '../page-context.js';
import type { ReportView } from '../report-view.js';

export interface ReportRunProps {
  heading: string;
  options: ReportOptions;
  /** The result; null when the options were refused. */
  view: ReportView | null;
  /** The query that runs this report (`run=1&…`): pages, exports and the Save and Send forms carry it. */
  query: string;
  /** Where Send by e-mail goes unless changed: the viewer's address from the directory. */
  mailTo: string;
  optionsOpen: boolean;
  notice?: string;
  error?: string;
}

/** Previous and next pages; a call list's links carry the cursor their page starts after or ends before. */
function Pager({ ctx, view, query, base }: { ctx: PageContext; view: ReportView; query: string; base: string }) {
  const { t } = ctx;
  if (view.page === 1 && !view.hasMore) return null;
  const href = (page: number) => {
    const cursor =
      page === 1
        ? ''
        : page > view.page && view.last
          ? `&after=${encodeCallCursor(view.last)}`
          : page < view.page && view.first
            ? `&before=${encodeCallCursor(view.first)}`
            : '';
    return `${base}?${query}${page === 1 ? '' : `&page=${page}`}${cursor}`;
  };
  return (
    <nav class="pager" aria-label={t('interactiveReports.result.page', { page: view.page })}>
      {view.page > 1 ? <a href={href(view.page - 1)}>{t('interactiveReports.result.previous')}</a> : null}
      <span>{t('interactiveReports.result.page', { page: view.page })}</span>
      {view.hasMore ? <a href={href(view.page + 1)}>{t('interactiveReports.result.next')}</a> : null}
    </nav>
  );
}

function Actions({ ctx, props }: { ctx: PageContext; props: ReportRunProps }) {
  const { t } = ctx;
  const exportHref = (format: string) => `/reports/interactive/export.${format}?${props.query}`;
  return (
    <div class="actions report-actions">
      <p class="exports" hx-boost="false">
        <span>{`${t('interactiveReports.export.label')}: `}</span>
        <a href={exportHref('csv')} download>
          {t('interactiveReports.export.csv')}
        </a>
        <a href={exportHref('xlsx')} download>
          {t('interactiveReports.export.xlsx')}
        </a>
        <a href={exportHref('pdf')} download>
          {t('interactiveReports.export.pdf')}
        </a>
      </p>
      <details>
        <summary>{t('interactiveReports.save.title')}</summary>
        <form method="post" action="/reports/interactive/save" class="form">
          <CsrfField ctx={ctx} />
          <input type="hidden" name="q" value={props.query} />
          <label for="save-name">{t('interactiveReports.name')}</label>
          <input id="save-name" name="name" required maxlength={120} value={props.options.title ?? ''} />
          <label for="save-description">{t('interactiveReports.description')}</label>
          <input id="save-description" name="description" maxlength={500} />
          <label for="save-category">{t('interactiveReports.category')}</label>
          <input id="save-category" name="category" maxlength={120} />
          <button type="submit">{t('interactiveReports.save.submit')}</button>
        </form>
      </details>
      <details>
        <summary>{t('interactiveReports.mail.title')}</summary>
        <form method="post" action="/reports/interactive/mail" class="form">
          <CsrfField ctx={ctx} />
          <input type="hidden" name="q" value={props.query} />
          <label for="mail-to">{t('interactiveReports.mail.to')}</label>
          <input id="mail-to" name="to" required dir="ltr" value={props.mailTo} aria-describedby="mail-to-hint" />
          <small id="mail-to-hint" class="hint">
            {t('interactiveReports.mail.toHint')}
          </small>
          <fieldset class="checks">
            <legend>{t('interactiveReports.mail.format')}</legend>
            <label class="check">
              <input type="radio" name="format" value="xlsx" checked />
              {` ${t('interactiveReports.export.xlsx')}`}
            </label>
            <label class="check">
              <input type="radio" name="format" value="pdf" />
              {` ${t('interactiveReports.export.pdf')}`}
            </label>
          </fieldset>
          <button type="submit">{t('interactiveReports.mail.submit')}</button>
        </form>
      </details>
    </div>
  );
}

/**
 * A report run: its options (every filter of the engine), the filters in words, one page with totals, exports, Save
 * and Send.
 */
export function ReportRunPage({ ctx, props }: { ctx: PageContext; props: ReportRunProps }) {
  const { t } = ctx;
  const { view } = props;
  return (
    <Layout ctx={ctx} title={props.heading}>
      <p>
        <a href="/reports/interactive">{t('nav.interactiveReports')}</a>
      </p>
      {props.notice ? <Notice kind="ok">{props.notice}</Notice> : null}
      {props.error ? <Notice kind="error">{props.error}</Notice> : null}
      <details class="card" open={props.optionsOpen}>
        <summary>{t('interactiveReports.options.title')}</summary>
        <ReportOptionsForm ctx={ctx} options={props.options} />
      </details>
      {view ? (
        <>
          <section class="card report-filter" aria-labelledby="report-filter">
            <h2 id="report-filter">{t('interactiveReports.result.filter')}</h2>
            <ul dir="ltr">
              {view.filter.map((line) => (
                <li>{line}</li>
              ))}
            </ul>
          </section>
          <Actions ctx={ctx} props={props} />
          {view.rows.length === 0 ? (
            <p class="muted">{t('interactiveReports.result.none')}</p>
          ) : (
            <ReportResultTable
              ctx={ctx}
              view={view}
              options={props.options}
              caption={t('interactiveReports.result.caption', { title: props.heading, page: view.page })}
              totalsHref={`/reports/interactive/totals?${props.query}`}
            />
          )}
          {props.options.kind === 'calls' && (view.totals.length > 0 || view.totalsPending) && view.rows.length > 0 ? (
            <p class="hint">{t('interactiveReports.result.totalsNote')}</p>
          ) : null}
          {view.notes.map((note) => (
            <p class="hint">{note}</p>
          ))}
          <Pager ctx={ctx} view={view} query={props.query} base="/reports/interactive/run" />
        </>
      ) : null}
    </Layout>
  );
}
