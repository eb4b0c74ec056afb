import type { ScheduledReport } from '../../scheduled-reports/index.js';
import { CsrfField, Layout, Notice } from '../components/layout.js';
import { scheduledReportTexts } from '../components/scheduled-report-texts.js';
import type { PageContext } from '../page-context.js';

export interface ScheduledReportFormProps {
  /** The schedule being edited, or null for a new one. */
  current: ScheduledReport | null;
  /** Reports the viewer may schedule: built-in, public and their own. */
  reports: Array<{ name: string; description: string }>;
  periods: readonly string[];
  units: readonly string[];
  formats: readonly string[];
  defaultTimeZone: string;
  error?: string;
  /** Messages by field name, in the page's language. */
  errors?: Record<string, string>;
}

/** Adding or changing a scheduled report: the report and its period, the e-mail, the recurrence. */
export function ScheduledReportFormPage({ ctx, props }: { ctx: PageContext; props: ScheduledReportFormProps }) {
  const { t } = ctx;
  const c = props.current;
  const period = (c?.filters.period as { preset?: string } | undefined)?.preset ?? '';
  const recipientsError = props.errors?.recipients;
  const title = c ? t('scheduledReports.editTitle', { name: c.description }) : t('scheduledReports.add');
  return (
    <Layout ctx={ctx} title={title}>
      {props.error ? <Notice kind="error">{props.error}</Notice> : null}
      <form
        method="post"
        action={c ? `/reports/scheduled/${c.id}` : '/reports/scheduled'}
        class="form"
        // A refused form comes back as 400, which boosted (htmx) requests would not show: submit it plainly.
        hx-boost="false"
      >
        <CsrfField ctx={ctx} />
        <label for="sr-description">{t('scheduledReports.description')}</label>
        <input id="sr-description" name="description" required maxLength={200} value={c?.description ?? ''} />
        <label for="sr-report">{t('scheduledReports.report')}</label>
        <select id="sr-report" name="report" required>
          {props.reports.map((r) => (
            <option value={r.name} selected={c?.report === r.name}>
              {r.name}
            </option>
          ))}
        </select>
        <label for="sr-period">{t('scheduledReports.period')}</label>
        <select id="sr-period" name="period">
          <option value="">{t('scheduledReports.reportPeriod')}</option>
          {props.periods.map((p) => (
            <option value={p} selected={period === p}>
              {t(scheduledReportTexts.periods[p] ?? p)}
            </option>
          ))}
        </select>
        <label for="sr-recipients">{t('scheduledReports.recipients')}</label>
        <input
          id="sr-recipients"
          name="recipients"
          required
          value={c?.recipients.join(', ') ?? ''}
          aria-describedby={recipientsError ? 'sr-recipients-hint sr-recipients-error' : 'sr-recipients-hint'}
          {...(recipientsError ? { 'aria-invalid': 'true' as const } : {})}
        />
        <small id="sr-recipients-hint">{t('scheduledReports.recipientsHint')}</small>
        {recipientsError ? (
          <small class="field-error" id="sr-recipients-error">
            {recipientsError}
          </small>
        ) : null}
        <label for="sr-subject">{t('scheduledReports.subject')}</label>
        <input
          id="sr-subject"
          name="subject"
          maxLength={300}
          value={c?.subject ?? ''}
          aria-describedby="sr-placeholders"
        />
        <label for="sr-body">{t('scheduledReports.body')}</label>
        <textarea id="sr-body" name="body" rows={6} aria-describedby="sr-placeholders">
          {c?.body ?? ''}
        </textarea>
        <small id="sr-placeholders">{t('scheduledReports.placeholdersHint')}</small>
        <label for="sr-format">{t('scheduledReports.format')}</label>
        <select id="sr-format" name="format">
          {props.formats.map((f) => (
            <option value={f} selected={(c?.format ?? 'xlsx') === f}>
              {f.toUpperCase()}
            </option>
          ))}
        </select>
        <label class="checkbox">
          <input type="checkbox" name="skipEmpty" value="1" checked={c?.skipEmpty ?? true} />
          {t('scheduledReports.skipEmpty')}
        </label>
        <fieldset>
          <legend>{t('scheduledReports.recurrence')}</legend>
          <label for="sr-start">{t('scheduledReports.start')}</label>
          <input id="sr-start" name="start" type="datetime-local" required value={c?.recurrence.startLocal ?? ''} />
          <label for="sr-every">{t('scheduledReports.everyLabel')}</label>
          <input
            id="sr-every"
            name="every"
            type="number"
            min={1}
            max={1000}
            required
            value={String(c?.recurrence.every ?? 1)}
          />
          <label for="sr-unit">{t('scheduledReports.unit')}</label>
          <select id="sr-unit" name="unit">
            {props.units.map((u) => (
              <option value={u} selected={(c?.recurrence.unit ?? 'days') === u}>
                {t(scheduledReportTexts.units[u] ?? u)}
              </option>
            ))}
          </select>
          <label for="sr-tz">{t('scheduledReports.timeZone')}</label>
          <input id="sr-tz" name="timeZone" required value={c?.recurrence.timeZone ?? props.defaultTimeZone} />
        </fieldset>
        <label class="checkbox">
          <input type="checkbox" name="paused" value="1" checked={c?.paused ?? false} />
          {t('scheduledReports.paused')}
        </label>
        <button type="submit">{t('scheduledReports.save')}</button>
      </form>
    </Layout>
  );
}
