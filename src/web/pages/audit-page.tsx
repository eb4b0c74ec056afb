import type { AuditRecord } from '../../audit/index.js';
import { Layout } from '../components/layout.js';
import type { PageContext } from '../page-context.js';

/** The filter as typed: dates as YYYY-MM-DD in the viewer's time zone, an actor, an action or family ('lock.'). */
export interface AuditPageFilter {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
}

export interface AuditPageProps {
  entries: AuditRecord[];
  filter: AuditPageFilter;
  page: number;
  hasNext: boolean;
}

const filterNames = ['from', 'to', 'actor', 'action'] as const;

/** The filter (and page) as a query string, for the pager and the export link. */
export function auditQuery(filter: AuditPageFilter, page = 1): string {
  const params = new URLSearchParams();
  for (const name of filterNames) if (filter[name]) params.set(name, filter[name] as string);
  if (page > 1) params.set('page', String(page));
  const text = params.toString();
  return text ? `?${text}` : '';
}

const roleKeys: Record<string, string> = {
  admin: 'audit.roles.admin',
  supervisor: 'audit.roles.supervisor',
  user: 'audit.roles.user',
};

/** The detail as `key: value` pairs on one line. */
export function compactDetail(detail: Record<string, unknown>): string {
  return Object.entries(detail)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}

/** Administration's Audit: who did what, when, through which door and from where, newest first. */
export function AuditPage({ ctx, props }: { ctx: PageContext; props: AuditPageProps }) {
  const { t } = ctx;
  const { filter } = props;
  const pageLabel = t('audit.page', { page: props.page });
  return (
    <Layout ctx={ctx} title={t('nav.audit')}>
      <form method="get" action="/audit" class="filters">
        <div class="field">
          <label for="audit-from">{t('audit.from')}</label>
          <input id="audit-from" name="from" type="date" value={filter.from ?? ''} />
        </div>
        <div class="field">
          <label for="audit-to">{t('audit.to')}</label>
          <input id="audit-to" name="to" type="date" value={filter.to ?? ''} />
        </div>
        <div class="field">
          <label for="audit-actor">{t('audit.actor')}</label>
          <input id="audit-actor" name="actor" type="search" value={filter.actor ?? ''} />
        </div>
        <div class="field">
          <label for="audit-action">{t('audit.action')}</label>
          <input
            id="audit-action"
            name="action"
            type="search"
            value={filter.action ?? ''}
            aria-describedby="audit-action-hint"
          />
          <small id="audit-action-hint">{t('audit.actionHint')}</small>
        </div>
        <button type="submit">{t('audit.filter')}</button>
      </form>
      <p>
        <a href={`/audit.csv${auditQuery(filter)}`} download>
          {t('audit.exportCsv')}
        </a>
      </p>
      {props.entries.length === 0 ? (
        <p>{t('audit.none')}</p>
      ) : (
        <table class="audit-table">
          <thead>
            <tr>
              <th scope="col">{t('audit.when')}</th>
              <th scope="col">{t('audit.who')}</th>
              <th scope="col">{t('audit.via')}</th>
              <th scope="col">{t('audit.address')}</th>
              <th scope="col">{t('audit.action')}</th>
              <th scope="col">{t('audit.target')}</th>
              <th scope="col">{t('audit.detail')}</th>
            </tr>
          </thead>
          <tbody>
            {props.entries.map((e) => (
              <tr>
                <th scope="row" data-label={t('audit.when')}>
                  <time dateTime={e.at.toISOString()}>{ctx.format.dateTime(e.at)}</time>
                </th>
                <td data-label={t('audit.who')}>
                  <bdi>{e.actor}</bdi>
                  {roleKeys[e.role] ? ` (${t(roleKeys[e.role] as string)})` : ` (${e.role})`}
                </td>
                <td data-label={t('audit.via')}>{e.via}</td>
                <td data-label={t('audit.address')}>
                  <bdi>{e.from}</bdi>
                </td>
                <td data-label={t('audit.action')}>
                  <code>{e.action}</code>
                </td>
                <td data-label={t('audit.target')}>
                  <bdi>{e.target}</bdi>
                </td>
                <td data-label={t('audit.detail')}>
                  <bdi>{compactDetail(e.detail)}</bdi>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav class="pager" aria-label={pageLabel}>
        {props.page > 1 ? <a href={`/audit${auditQuery(filter, props.page - 1)}`}>{t('audit.previous')}</a> : null}
        <span>{pageLabel}</span>
        {props.hasNext ? <a href={`/audit${auditQuery(filter, props.page + 1)}`}>{t('audit.next')}</a> : null}
      </nav>
    </Layout>
  );
}
