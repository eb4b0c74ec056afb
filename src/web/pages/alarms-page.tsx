import { alarmKinds, eventKinds, type AlarmKind, type AlarmListing } from '../../alarms/index.js';
import type { FormFields } from '../alarm-settings-form.js';
import { everyInterval } from '../components/every-interval.js';
import { CsrfField, Layout, Notice } from '../components/layout.js';
import type { PageContext } from '../page-context.js';
import { AlarmSettingsFields } from './alarm-settings-fields.js';

/** Catalogue keys, spelled out so that the catalogue test sees each one used. */
const kindKeys: Record<string, string> = {
  'outside-hours': 'alarms.kinds.outside-hours',
  'called-numbers': 'alarms.kinds.called-numbers',
  spending: 'alarms.kinds.spending',
  'missed-calls': 'alarms.kinds.missed-calls',
  international: 'alarms.kinds.international',
  'no-records': 'alarms.kinds.no-records',
  'unrecognised-destinations': 'alarms.kinds.unrecognised-destinations',
  'unknown-extensions': 'alarms.kinds.unknown-extensions',
  'attempt-burst': 'alarms.kinds.attempt-burst',
  'emergency-call': 'alarms.kinds.emergency-call',
  'premium-rate': 'alarms.kinds.premium-rate',
  'spend-spike': 'alarms.kinds.spend-spike',
};
const unitKeys: Record<string, string> = {
  minutes: 'alarms.units.minutes',
  hours: 'alarms.units.hours',
  days: 'alarms.units.days',
  weeks: 'alarms.units.weeks',
  months: 'alarms.units.months',
};
const columnKeys = [
  'alarms.columns.active',
  'alarms.columns.actions',
  'alarms.columns.owner',
  'alarms.columns.description',
  'alarms.columns.lastRun',
  'alarms.columns.lastMessage',
  'alarms.columns.nextRun',
];

export interface AlarmsPageProps {
  alarms: AlarmListing[];
  notice?: string;
  error?: string;
}

/** The guide's Scheduled Alarms (§2.4): active, actions, owner, description, last run, last message, next run. */
export function AlarmsPage({ ctx, props }: { ctx: PageContext; props: AlarmsPageProps }) {
  const { t, format } = ctx;
  const planning = (a: AlarmListing) => {
    const to = a.recipients.map((r) => r.email).join(', ') || '—';
    return eventKinds.has(a.kind)
      ? t('alarms.planningEvent', { to })
      : t('alarms.planning', { every: everyInterval(t, a.recurrence), to });
  };
  return (
    <Layout ctx={ctx} title={t('nav.scheduledAlarms')}>
      {props.notice ? <Notice kind="ok">{props.notice}</Notice> : null}
      {props.error ? <Notice kind="error">{props.error}</Notice> : null}
      <p class="actions">
        <a class="button" href="/alarms/new">
          {t('nav.createAlarm')}
        </a>{' '}
        <a href="/alarms/history.csv">{t('alarms.exportHistory')}</a>
      </p>
      {props.alarms.length === 0 ? (
        <p>{t('alarms.empty')}</p>
      ) : (
        <table class="data">
          <thead>
            <tr>
              {columnKeys.map((k) => (
                <th scope="col">{t(k)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.alarms.map((a) => (
              <tr>
                <td>
                  <form method="post" action={`/alarms/${a.id}/active`}>
                    <CsrfField ctx={ctx} />
                    <input type="hidden" name="active" value={a.active ? '0' : '1'} />
                    <button
                      type="submit"
                      aria-pressed={a.active ? 'true' : 'false'}
                      title={t(a.active ? 'alarms.pause' : 'alarms.resume')}
                    >
                      {t(a.active ? 'alarms.on' : 'alarms.off')}
                    </button>
                  </form>
                </td>
                <td class="row-actions">
                  <a href={`/alarms/${a.id}/edit`}>{t('alarms.edit')}</a>
                  <form method="post" action={`/alarms/${a.id}/delete`}>
                    <CsrfField ctx={ctx} />
                    <button type="submit">{t('alarms.delete')}</button>
                  </form>
                  <form method="post" action={`/alarms/${a.id}/run`}>
                    <CsrfField ctx={ctx} />
                    <button type="submit">{t('alarms.runNow')}</button>
                  </form>
                </td>
                <td>{a.owner}</td>
                <td>
                  <strong>{a.description || t(kindKeys[a.kind]!)}</strong>
                  <br />
                  {t(kindKeys[a.kind]!)} — {planning(a)}
                </td>
                <td>{a.lastRunAt ? format.dateTime(a.lastRunAt) : t('alarms.never')}</td>
                <td>{a.lastMessage}</td>
                <td>{a.nextRunAt ? format.dateTime(a.nextRunAt) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}

/** What the form holds, as typed (strings), for a new alarm or one being edited. */
export interface AlarmFormValues {
  kind: string;
  description: string;
  /** The kinds' setting fields as typed (`<kind>.<name>`, `hours.…`). */
  settings: FormFields;
  every: string;
  unit: string;
  start: string;
  timeZone: string;
  recipients: string;
  webhookUrl: string;
  webhookSecret: string;
  active: boolean;
  sendWhenEmpty: boolean;
}

const units = ['minutes', 'hours', 'days', 'weeks', 'months'] as const;

/**
 * The guide's Create Alarm (§2.4), also used to edit one: kind, its settings, recurrence, recipients, optional
 * webhook.
 */
export function AlarmFormPage({
  ctx,
  values,
  id,
  error,
  errors = {},
  currency,
  periods,
}: {
  ctx: PageContext;
  values: AlarmFormValues;
  id?: number;
  error?: string;
  /** Messages by field name, in the page's language. */
  errors?: Record<string, string>;
  /** The currency amounts are typed in. */
  currency: string;
  periods: readonly string[];
}) {
  const { t } = ctx;
  const field = (name: string, label: string, input: preact.JSX.Element, hint?: string) => (
    <div class={errors[name] ? 'field field-invalid' : 'field'}>
      <label for={`alarm-${name}`}>{label}</label>
      {input}
      {hint ? <small id={`alarm-${name}-hint`}>{hint}</small> : null}
      {errors[name] ? (
        <small class="field-error" id={`alarm-${name}-error`}>
          {errors[name]}
        </small>
      ) : null}
    </div>
  );
  const invalid = (name: string) =>
    errors[name] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `alarm-${name}-error` } : {};
  return (
    <Layout ctx={ctx} title={id ? t('alarms.editTitle', { id }) : t('nav.createAlarm')}>
      {error ? <Notice kind="error">{error}</Notice> : null}
      <form
        method="post"
        action={id ? `/alarms/${id}` : '/alarms'}
        class="card form alarm-form"
        novalidate
        // A refused form comes back as 400, which boosted (htmx) requests would not show: submit it plainly.
        hx-boost="false"
      >
        <CsrfField ctx={ctx} />
        {field(
          'kind',
          t('alarms.form.kind'),
          <select id="alarm-kind" name="kind">
            {alarmKinds.map((k) => (
              <option value={k} selected={values.kind === k}>
                {t(kindKeys[k]!)}
              </option>
            ))}
          </select>,
        )}
        {field(
          'description',
          t('alarms.form.description'),
          <input
            id="alarm-description"
            name="description"
            maxLength={200}
            value={values.description}
            {...invalid('description')}
          />,
        )}
        <AlarmSettingsFields
          ctx={ctx}
          props={{
            values: values.settings,
            errors,
            currency,
            periods,
            kindLabel: (kind: AlarmKind) => t(kindKeys[kind]!),
          }}
        />
        <fieldset>
          <legend>{t('alarms.form.recurrence')}</legend>
          {field(
            'every',
            t('alarms.form.every'),
            <input
              id="alarm-every"
              name="every"
              type="number"
              min={1}
              max={1000}
              value={values.every}
              {...invalid('every')}
            />,
          )}
          {field(
            'unit',
            t('alarms.form.unit'),
            <select id="alarm-unit" name="unit">
              {units.map((u) => (
                <option value={u} selected={values.unit === u}>
                  {t(unitKeys[u]!)}
                </option>
              ))}
            </select>,
          )}
          {field(
            'start',
            t('alarms.form.start'),
            <input id="alarm-start" name="start" type="datetime-local" value={values.start} {...invalid('start')} />,
          )}
          {field(
            'timeZone',
            t('alarms.form.timeZone'),
            <input id="alarm-timeZone" name="timeZone" value={values.timeZone} dir="ltr" {...invalid('timeZone')} />,
          )}
        </fieldset>
        {field(
          'recipients',
          t('alarms.form.recipients'),
          <textarea
            id="alarm-recipients"
            name="recipients"
            rows={3}
            dir="ltr"
            aria-describedby={
              errors.recipients ? 'alarm-recipients-hint alarm-recipients-error' : 'alarm-recipients-hint'
            }
            {...(errors.recipients ? { 'aria-invalid': 'true' } : {})}
          >
            {values.recipients}
          </textarea>,
          t('alarms.form.recipientsHint'),
        )}
        {field(
          'webhookUrl',
          t('alarms.form.webhookUrl'),
          <input
            id="alarm-webhookUrl"
            name="webhookUrl"
            type="url"
            dir="ltr"
            value={values.webhookUrl}
            {...invalid('webhookUrl')}
          />,
        )}
        {field(
          'webhookSecret',
          t('alarms.form.webhookSecret'),
          <input
            id="alarm-webhookSecret"
            name="webhookSecret"
            type="password"
            autocomplete="off"
            value={values.webhookSecret}
            {...invalid('webhookSecret')}
          />,
        )}
        <div class="field checkbox">
          <input id="alarm-active" name="active" type="checkbox" value="1" checked={values.active} />
          <label for="alarm-active">{t('alarms.form.active')}</label>
        </div>
        <div class="field checkbox">
          <input
            id="alarm-sendWhenEmpty"
            name="sendWhenEmpty"
            type="checkbox"
            value="1"
            checked={values.sendWhenEmpty}
          />
          <label for="alarm-sendWhenEmpty">{t('alarms.form.sendWhenEmpty')}</label>
        </div>
        <button type="submit">{t(id ? 'alarms.form.save' : 'alarms.form.create')}</button>
      </form>
    </Layout>
  );
}
