import type { ComponentChildren } from 'preact';
import { callFieldNames, defaultCallFields, groupKeyNames, type ReportOptions } from '../../reports/index.js';
import type { PageContext } from '../page-context.js';
import {
  directionKeys,
  fieldKeys,
  groupKeyTexts,
  intervalKeys,
  kindKeys,
  opKeys,
  presetKeys,
  rankKeys,
  trafficKeys,
} from './report-texts.js';

const timeZones = Intl.supportedValuesOf('timeZone');
/** Empty rows offered under the report's own restrictions. */
const SPARE_RESTRICTIONS = 2;

function Field({
  id,
  label,
  hint,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  children: ComponentChildren;
}) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {children}
      {hint ? (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      ) : null}
    </div>
  );
}

function Select({
  id,
  name,
  value,
  choices,
  label,
}: {
  id?: string;
  name: string;
  value: string;
  choices: Array<[string, string]>;
  label?: string;
}) {
  return (
    <select id={id} name={name} aria-label={label}>
      {choices.map(([v, text]) => (
        <option value={v} selected={v === value}>
          {text}
        </option>
      ))}
    </select>
  );
}

const yn = (v: boolean | undefined) => (v === undefined ? '' : v ? 'yes' : 'no');

/** Every filter the engine has, as a GET form: its query is the report (see report-query.ts). */
export function ReportOptionsForm({ ctx, options }: { ctx: PageContext; options: ReportOptions }) {
  const { t } = ctx;
  const tr = (map: Record<string, string>) => Object.entries(map).map(([v, key]): [string, string] => [v, t(key)]);
  const any: [string, string] = ['', t('interactiveReports.any')];
  const fieldChoices = callFieldNames.map((f): [string, string] => [f, t(fieldKeys[f])]);
  const shown = new Set(options.fields ?? defaultCallFields);
  const restrictions = [...(options.conditions ?? []), ...Array.from({ length: SPARE_RESTRICTIONS }, () => null)];
  const list = (id: string, name: string, label: string, values: string[] | undefined) => (
    <Field id={id} label={label}>
      <input id={id} name={name} value={values?.join(', ') ?? ''} aria-describedby="ro-list-hint" />
    </Field>
  );
  return (
    <form method="get" action="/reports/interactive/run" class="report-options">
      <input type="hidden" name="run" value="1" />
      {(options.duration ?? []).map((c) => (
        <input type="hidden" name="dur" value={`${c.op}:${c.value}`} />
      ))}
      {(options.cost ?? []).map((c) => (
        <input type="hidden" name="cost" value={`${c.op}:${c.value}`} />
      ))}
      <fieldset>
        <legend>{t('interactiveReports.options.kind')}</legend>
        <div class="grid-form">
          <Field id="ro-kind" label={t('interactiveReports.options.kind')}>
            <Select id="ro-kind" name="kind" value={options.kind} choices={tr(kindKeys)} />
          </Field>
          <Field id="ro-title" label={t('interactiveReports.options.reportTitle')}>
            <input id="ro-title" name="title" maxlength={200} value={options.title ?? ''} />
          </Field>
          <Field
            id="ro-group"
            label={`${t('interactiveReports.options.groupBy')} (${t('interactiveReports.kind.summary')})`}
          >
            <Select
              id="ro-group"
              name="groupBy"
              value={options.groupBy ?? 'department'}
              choices={groupKeyNames.map((g) => [g, t(groupKeyTexts[g])])}
            />
          </Field>
          <Field id="ro-top" label={t('interactiveReports.options.top')}>
            <input id="ro-top" name="top" type="number" min={1} max={100000} value={options.top ?? ''} />
          </Field>
          <Field id="ro-rank" label={t('interactiveReports.options.rankBy')}>
            <Select id="ro-rank" name="rankBy" value={options.rankBy ?? 'cost'} choices={tr(rankKeys)} />
          </Field>
          <Field
            id="ro-interval"
            label={`${t('interactiveReports.options.interval')} (${t('interactiveReports.kind.trend')})`}
          >
            <Select id="ro-interval" name="interval" value={options.interval ?? 'day'} choices={tr(intervalKeys)} />
          </Field>
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('interactiveReports.options.period')}</legend>
        <div class="grid-form">
          <Field id="ro-preset" label={t('interactiveReports.options.preset')}>
            <Select
              id="ro-preset"
              name="preset"
              value={options.period?.preset ?? ''}
              choices={[['', t('interactiveReports.options.datesBelow')], ...tr(presetKeys)]}
            />
          </Field>
          <Field id="ro-from" label={t('interactiveReports.options.from')}>
            <input id="ro-from" name="from" type="date" value={options.period?.from?.slice(0, 10) ?? ''} />
          </Field>
          <Field id="ro-to" label={t('interactiveReports.options.to')}>
            <input id="ro-to" name="to" type="date" value={options.period?.to?.slice(0, 10) ?? ''} />
          </Field>
          <Field id="ro-tz" label={t('interactiveReports.options.timeZone')}>
            <Select
              id="ro-tz"
              name="tz"
              value={options.timeZone ?? ctx.viewer?.timeZone ?? 'UTC'}
              choices={timeZones.map((z) => [z, z])}
            />
          </Field>
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('interactiveReports.options.traffic')}</legend>
        <div class="grid-form">
          <Field id="ro-traffic" label={t('interactiveReports.options.traffic')}>
            <Select id="ro-traffic" name="traffic" value={options.traffic} choices={tr(trafficKeys)} />
          </Field>
          <Field id="ro-answered" label={t('interactiveReports.options.answered')}>
            <Select
              id="ro-answered"
              name="answered"
              value={yn(options.answered)}
              choices={[any, ['yes', t('interactiveReports.yes')], ['no', t('interactiveReports.no')]]}
            />
          </Field>
          <Field id="ro-intl" label={t('interactiveReports.options.international')}>
            <Select
              id="ro-intl"
              name="intl"
              value={yn(options.international)}
              choices={[any, ['yes', t('interactiveReports.intl.yes')], ['no', t('interactiveReports.intl.no')]]}
            />
          </Field>
          <Field id="ro-max" label={t('interactiveReports.options.maxRows')}>
            <input id="ro-max" name="maxRows" type="number" min={1} value={options.maxRows ?? ''} />
          </Field>
        </div>
        <fieldset class="checks">
          <legend>{t('interactiveReports.options.callType')}</legend>
          {Object.entries(directionKeys).map(([d, key]) => (
            <label class="check">
              <input
                type="checkbox"
                name="dir"
                value={d}
                checked={options.directions?.includes(d as 'outgoing') ?? false}
              />
              {` ${t(key)}`}
            </label>
          ))}
        </fieldset>
      </fieldset>
      <fieldset>
        <legend>{t('interactiveReports.options.filters')}</legend>
        <p id="ro-list-hint" class="hint">
          {t('interactiveReports.options.listHint')}
        </p>
        <div class="grid-form">
          {list('ro-ext', 'ext', t('interactiveReports.options.extensions'), options.extensions)}
          {list('ro-user', 'user', t('interactiveReports.options.users'), options.users)}
          {list('ro-dept', 'dept', t('interactiveReports.options.departments'), options.departments)}
          {list('ro-cc', 'cc', t('interactiveReports.options.costCentres'), options.costCentres)}
          {list('ro-gw', 'gw', t('interactiveReports.options.gateways'), options.gateways)}
          {list('ro-carrier', 'carrier', t('interactiveReports.options.carriers'), options.carriers)}
          {list('ro-dtype', 'dtype', t('interactiveReports.options.destinationTypes'), options.destinationTypes)}
          {list('ro-nation', 'nation', t('interactiveReports.options.nations'), options.nations)}
          <Field id="ro-num-match" label={t('interactiveReports.options.numberMatch')}>
            <Select
              id="ro-num-match"
              name="numMatch"
              value={options.number?.match ?? 'equals'}
              choices={[
                ['equals', t('interactiveReports.match.equals')],
                ['startsWith', t('interactiveReports.match.startsWith')],
              ]}
            />
          </Field>
          <Field id="ro-num" label={t('interactiveReports.options.number')}>
            <input id="ro-num" name="num" inputmode="tel" dir="ltr" value={options.number?.value ?? ''} />
          </Field>
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('interactiveReports.options.restrictions')}</legend>
        <p class="hint">{t('interactiveReports.options.restrictionsHint')}</p>
        {restrictions.map((c, i) => {
          const n = String(i + 1);
          const label = (what: string) => `${t('interactiveReports.options.restriction', { n })}: ${t(what)}`;
          return (
            <div class="restriction">
              <Select
                name="cj"
                label={label('interactiveReports.options.join')}
                value={c?.join ?? 'and'}
                choices={[
                  ['and', t('interactiveReports.join.and')],
                  ['or', t('interactiveReports.join.or')],
                ]}
              />
              <Select
                name="cf"
                label={label('interactiveReports.options.field')}
                value={c?.field ?? ''}
                choices={[['', '—'], ...fieldChoices]}
              />
              <Select
                name="co"
                label={label('interactiveReports.options.operator')}
                value={c?.op ?? 'eq'}
                choices={tr(opKeys)}
              />
              <input
                name="cv"
                aria-label={label('interactiveReports.options.value')}
                value={c ? String(c.value) : ''}
              />
            </div>
          );
        })}
      </fieldset>
      <fieldset>
        <legend>{t('interactiveReports.options.fields')}</legend>
        <div class="checks field-checks">
          {callFieldNames.map((f) => (
            <label class="check">
              <input type="checkbox" name="field" value={f} checked={shown.has(f)} />
              {` ${t(fieldKeys[f])}`}
            </label>
          ))}
        </div>
        <div class="grid-form">
          <Field id="ro-sort" label={t('interactiveReports.options.sort')}>
            <Select
              id="ro-sort"
              name="sort"
              value={options.sort?.[0]?.field ?? ''}
              choices={[['', t('interactiveReports.options.sortDefault')], ...fieldChoices]}
            />
          </Field>
          <Field id="ro-sort-dir" label={t('interactiveReports.options.sortDir')}>
            <Select
              id="ro-sort-dir"
              name="sortDir"
              value={options.sort?.[0]?.descending ? 'desc' : 'asc'}
              choices={[
                ['asc', t('interactiveReports.sortDir.asc')],
                ['desc', t('interactiveReports.sortDir.desc')],
              ]}
            />
          </Field>
          <label class="check">
            <input type="checkbox" name="totals" value="1" checked={options.totals ?? false} />
            {` ${t('interactiveReports.options.totals')}`}
          </label>
        </div>
      </fieldset>
      <button type="submit">{t('interactiveReports.options.submit')}</button>
    </form>
  );
}
