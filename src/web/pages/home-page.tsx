import type { CallPage, SavedReport } from '../../reports/index.js';
import { lastCallCounts, type LastCallCount, type MySummary } from '../analytics/my-calls.js';
import type { ReportRun } from '../analytics/report-history.js';
import { Layout } from '../components/layout.js';
import { LastCallsTable } from '../components/last-calls-table.js';
import type { PageContext } from '../page-context.js';

export interface HomePageProps {
  name: string;
  top: LastCallCount;
  calls: CallPage;
  summary: MySummary;
  /** The calls version the page shows: the list polls with it and is redrawn only when calls were stored since. */
  version: number;
  reports: SavedReport[];
  history: ReportRun[];
}

/** Runs a saved or public report on the Interactive Reports page (query parameter `report`). */
export function reportRunHref(name: string): string {
  return `/reports/interactive/run?${new URLSearchParams({ report: name }).toString()}`;
}

function Figure({ value, label, kind }: { value: string; label: string; kind: string }) {
  return (
    <li class={`figure figure-${kind}`}>
      <span class="figure-value">{value}</span>
      <span class="figure-label">{label}</span>
    </li>
  );
}

function Summary({ ctx, summary }: { ctx: PageContext; summary: MySummary }) {
  const { t, format } = ctx;
  const cost = summary.costs.length
    ? summary.costs.map((c) => format.money(c.costMinor, c.currency)).join(' · ')
    : format.number(0);
  const avg = (seconds: number | null) => (seconds === null ? '–' : format.duration(seconds));
  return (
    <section class="card home-summary" aria-labelledby="my-summary">
      <h2 id="my-summary">{t('analytics.home.summary')}</h2>
      <ul class="summary-figures">
        <Figure kind="cost" value={cost} label={t('analytics.home.monthCost')} />
        <Figure kind="calls" value={format.number(summary.calls)} label={t('analytics.home.monthCalls')} />
        <Figure
          kind="duration"
          value={avg(summary.averageDurationSeconds)}
          label={t('analytics.home.averageDuration')}
        />
        <Figure kind="ring" value={avg(summary.averageRingSeconds)} label={t('analytics.home.averageRing')} />
        <Figure kind="missed" value={format.number(summary.missedToday)} label={t('analytics.home.missedToday')} />
      </ul>
    </section>
  );
}

/** The part of Home that redraws itself when calls are stored: the last calls and the summary. */
export function HomeLiveRegion({
  ctx,
  props,
}: {
  ctx: PageContext;
  props: Pick<HomePageProps, 'top' | 'calls' | 'summary' | 'version'>;
}) {
  const { t } = ctx;
  const poll =
    `/home/live?` + `${new URLSearchParams({ top: String(props.top), version: String(props.version) }).toString()}`;
  return (
    <div
      id="home-live"
      class="home-live"
      hx-get={poll}
      hx-trigger="every 5s"
      hx-swap="outerHTML"
      data-version={String(props.version)}
    >
      <section class="card last-calls" aria-labelledby="last-calls">
        <h2 id="last-calls">{t('analytics.home.lastCalls')}</h2>
        <nav class="top-choice" aria-label={t('analytics.home.howMany')}>
          <span>{t('analytics.home.top')}</span>
          {lastCallCounts.map((n) => (
            <a href={`/?top=${n}`} aria-current={n === props.top ? 'true' : undefined}>
              {ctx.format.number(n)}
            </a>
          ))}
          <a href={`/?top=${props.top}`} class="refresh">
            {t('analytics.home.refresh')}
          </a>
        </nav>
        <LastCallsTable ctx={ctx} page={props.calls} caption={t('analytics.home.lastCalls')} />
      </section>
      <Summary ctx={ctx} summary={props.summary} />
    </div>
  );
}

function Shortcuts({ ctx, reports, history }: { ctx: PageContext; reports: SavedReport[]; history: ReportRun[] }) {
  const { t } = ctx;
  const publicReports = reports.filter((r) => r.visibility !== 'personal').slice(0, 6);
  const personal = reports.filter((r) => r.visibility === 'personal').slice(0, 6);
  const list = (items: SavedReport[]) => (
    <ul class="link-list">
      {items.map((r) => (
        <li>
          <a href={reportRunHref(r.name)}>{r.options.title ?? r.name}</a>
        </li>
      ))}
    </ul>
  );
  return (
    <div class="home-shortcuts">
      <section class="card" aria-labelledby="public-reports">
        <h2 id="public-reports">{t('analytics.home.publicReports')}</h2>
        {list(publicReports)}
        <a class="more" href="/reports/interactive">
          {t('analytics.home.reportList')}
        </a>
      </section>
      <section class="card" aria-labelledby="personal-reports">
        <h2 id="personal-reports">{t('analytics.home.personalReports')}</h2>
        {personal.length ? list(personal) : <p class="empty">{t('analytics.home.noPersonalReports')}</p>}
        <a class="more" href="/reports/interactive">
          {t('analytics.home.reportList')}
        </a>
      </section>
      <section class="card" aria-labelledby="report-history">
        <h2 id="report-history">{t('analytics.home.history')}</h2>
        {history.length ? (
          <ul class="link-list history">
            {history.map((run) => (
              <li>
                <time datetime={run.ranAt.toISOString()}>{ctx.format.dateTime(run.ranAt)}</time>{' '}
                <a href={run.href}>{run.title}</a>
              </li>
            ))}
          </ul>
        ) : (
          <p class="empty">{t('analytics.home.noHistory')}</p>
        )}
      </section>
    </div>
  );
}

/**
 * Call Analytics' Home (user guide §2.1): my last calls (live), my summary, shortcuts to reports and my report
 * history.
 */
export function HomePage({ ctx, props }: { ctx: PageContext; props: HomePageProps }) {
  const { t, viewer } = ctx;
  return (
    <Layout ctx={ctx} title={t('nav.home')}>
      <p class="lead">{t('home.welcome', { name: props.name })}</p>
      {viewer?.role === 'admin' ? <p>{t('home.roleAdmin')}</p> : null}
      {viewer?.role === 'supervisor' ? (
        <p>{t('home.roleSupervisor', { departments: viewer.departments.join(', ') })}</p>
      ) : null}
      <HomeLiveRegion ctx={ctx} props={props} />
      <Shortcuts ctx={ctx} reports={props.reports} history={props.history} />
    </Layout>
  );
}
