import type { SavedReport } from '../../reports/index.js';
import { CsrfField, Layout, Notice } from '../components/layout.js';
import { builtinKeys, categoryKeys } from '../components/report-texts.js';
import type { PageContext } from '../page-context.js';

export interface ReportsCatalogueProps {
  reports: SavedReport[];
  notice?: string;
}

/** Where a report runs: a built-in by name, a stored one by id. */
export function reportHref(r: SavedReport): string {
  return r.id === null
    ? `/reports/interactive/run?report=${encodeURIComponent(r.name)}`
    : `/reports/interactive/saved/${r.id}`;
}

/**
 * A report's title and description in the viewer's language (built-ins have texts; stored ones say what their owner
 * wrote).
 */
export function reportTexts(ctx: PageContext, r: SavedReport): { title: string; description: string } {
  const keys = r.visibility === 'builtin' ? builtinKeys[r.name] : undefined;
  return keys
    ? { title: ctx.t(keys.title), description: ctx.t(keys.description) }
    : { title: r.name, description: r.description };
}

function ReportCard({ ctx, report }: { ctx: PageContext; report: SavedReport }) {
  const { t } = ctx;
  const { title, description } = reportTexts(ctx, report);
  const preview = report.id === null ? `report=${encodeURIComponent(report.name)}` : `saved=${report.id}`;
  return (
    <li class="card report-card">
      <h4>
        <a href={reportHref(report)}>{title}</a>
        {report.visibility === 'public' ? (
          <span class="badge badge-public">{` ${t('interactiveReports.publicBadge')}`}</span>
        ) : null}
      </h4>
      {description ? <p>{description}</p> : null}
      <details
        class="preview"
        hx-get={`/reports/interactive/preview?${preview}`}
        hx-trigger="toggle once"
        hx-target="find .preview-body"
      >
        <summary>{t('interactiveReports.preview')}</summary>
        <div class="preview-body">
          <a href={reportHref(report)}>{t('interactiveReports.run')}</a>
        </div>
      </details>
      {report.visibility === 'personal' && report.id !== null ? (
        <form method="post" action={`/reports/interactive/saved/${report.id}/remove`} class="inline">
          <CsrfField ctx={ctx} />
          <button type="submit" class="small secondary" aria-label={`${t('interactiveReports.remove')}: ${title}`}>
            {t('interactiveReports.remove')}
          </button>
        </form>
      ) : null}
    </li>
  );
}

/** Interactive Reports (user guide §2.3): the public reports by category with a preview, and the viewer's own. */
export function ReportsCataloguePage({ ctx, props }: { ctx: PageContext; props: ReportsCatalogueProps }) {
  const { t } = ctx;
  const categoryOf = (r: SavedReport) =>
    categoryKeys[r.category] ? t(categoryKeys[r.category]!) : r.category || t('interactiveReports.uncategorised');
  const publicReports = props.reports.filter((r) => r.visibility !== 'personal');
  const categories = [...new Set(publicReports.map(categoryOf))];
  const mine = props.reports.filter((r) => r.visibility === 'personal');
  return (
    <Layout ctx={ctx} title={t('nav.interactiveReports')}>
      {props.notice ? <Notice kind="ok">{props.notice}</Notice> : null}
      <p class="lead">{t('interactiveReports.intro')}</p>
      <p>
        <a class="shortcut" href="/reports/interactive/run?edit=1">
          {t('interactiveReports.newReport')}
        </a>
      </p>
      <section aria-labelledby="my-reports">
        <h2 id="my-reports">{t('interactiveReports.myReports')}</h2>
        {mine.length === 0 ? <p class="muted">{t('interactiveReports.noneMine')}</p> : null}
        <ul class="cards report-cards">
          {mine.map((r) => (
            <ReportCard ctx={ctx} report={r} />
          ))}
        </ul>
      </section>
      <section aria-labelledby="public-reports">
        <h2 id="public-reports">{t('interactiveReports.publicReports')}</h2>
        {categories.map((category) => (
          <section class="report-category">
            <h3>{category}</h3>
            <ul class="cards report-cards">
              {publicReports
                .filter((r) => categoryOf(r) === category)
                .map((r) => (
                  <ReportCard ctx={ctx} report={r} />
                ))}
            </ul>
          </section>
        ))}
      </section>
    </Layout>
  );
}
