import type { ScheduledReport } from '../../scheduled-reports/index.js';
import { everyInterval } from '../components/every-interval.js';
import { CsrfField, Layout, Notice } from '../components/layout.js';
import { scheduledReportTexts } from '../components/scheduled-report-texts.js';
import type { PageContext } from '../page-context.js';

export interface ScheduledReportsPageProps {
  schedules: ScheduledReport[];
  /** What the last action did ('created', 'ran', …) or an error message. */
  done?: string;
  error?: string;
}

const resultKeys: Record<string, string> = {
  sent: 'scheduledReports.results.sent',
  empty: 'scheduledReports.results.empty',
  failed: 'scheduledReports.results.failed',
};

/** Call Analytics' Scheduled Reports (user guide §2.3): active, description, owner, last run, last result, next run. */
export function ScheduledReportsPage({ ctx, props }: { ctx: PageContext; props: ScheduledReportsPageProps }) {
  const { t, format } = ctx;
  const when = (at: Date | null) => (at ? format.dateTime(at) : t('scheduledReports.never'));
  return (
    <Layout ctx={ctx} title={t('nav.scheduledReports')}>
      {props.done && scheduledReportTexts.done[props.done] ? (
        <Notice kind="ok">{t(scheduledReportTexts.done[props.done]!)}</Notice>
      ) : null}
      {props.error ? <Notice kind="error">{props.error}</Notice> : null}
      <p>
        <a class="button" href="/reports/scheduled/new">
          {t('scheduledReports.add')}
        </a>
      </p>
      {props.schedules.length === 0 ? (
        <p>{t('scheduledReports.none')}</p>
      ) : (
        <table class="scheduled-reports">
          <thead>
            <tr>
              <th scope="col">{t('scheduledReports.active')}</th>
              <th scope="col">{t('scheduledReports.description')}</th>
              <th scope="col">{t('scheduledReports.owner')}</th>
              <th scope="col">{t('scheduledReports.lastRun')}</th>
              <th scope="col">{t('scheduledReports.lastResult')}</th>
              <th scope="col">{t('scheduledReports.nextRun')}</th>
              <th scope="col">{t('scheduledReports.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {props.schedules.map((s) => (
              <tr>
                <td data-label={t('scheduledReports.active')}>
                  {s.paused ? t('scheduledReports.paused') : t('scheduledReports.yes')}
                </td>
                <th scope="row" data-label={t('scheduledReports.description')}>
                  <a href={`/reports/scheduled/${s.id}`}>{s.description}</a>
                  <br />
                  <small>
                    {s.report} · {s.format.toUpperCase()} · {everyInterval(t, s.recurrence)}
                  </small>
                </th>
                <td data-label={t('scheduledReports.owner')}>{s.owner}</td>
                <td data-label={t('scheduledReports.lastRun')}>{when(s.lastRunAt)}</td>
                <td data-label={t('scheduledReports.lastResult')} title={s.lastMessage}>
                  {s.lastResult ? t(resultKeys[s.lastResult] ?? 'scheduledReports.results.failed') : ''}
                </td>
                <td data-label={t('scheduledReports.nextRun')}>{s.paused ? '' : when(s.nextRunAt)}</td>
                <td data-label={t('scheduledReports.actions')} class="actions">
                  <a href={`/reports/scheduled/${s.id}`}>{t('scheduledReports.edit')}</a>
                  <ActionButton ctx={ctx} id={s.id} action="run" label={t('scheduledReports.runNow')} />
                  <ActionButton
                    ctx={ctx}
                    id={s.id}
                    action={s.paused ? 'resume' : 'pause'}
                    label={t(s.paused ? 'scheduledReports.resume' : 'scheduledReports.pause')}
                  />
                  <ActionButton ctx={ctx} id={s.id} action="delete" label={t('scheduledReports.delete')} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

function ActionButton({ ctx, id, action, label }: { ctx: PageContext; id: number; action: string; label: string }) {
  return (
    <form method="post" action={`/reports/scheduled/${id}/${action}`} class="inline">
      <CsrfField ctx={ctx} />
      <button type="submit" class={action === 'delete' ? 'danger' : 'secondary'}>
        {label}
      </button>
    </form>
  );
}
