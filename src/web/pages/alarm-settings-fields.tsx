import { addDays, isoWeekday, localAsUtc, startOfWeek, weekdayOf } from '../../../tariffs/index.js';
import { alarmKinds, type AlarmKind } from '../../alarms/index.js';
import {
  hoursKinds,
  settingFields,
  SPARE_SITE_ROWS,
  type FormFields,
  type SettingField,
} from '../alarm-settings-form.js';
import { presetKeys } from '../components/report-texts.js';
import type { PageContext } from '../page-context.js';

/** Catalogue keys, spelled out so that the catalogue test sees each one used. */
const labelKeys: Record<string, string> = {
  incoming: 'alarms.settings.incoming',
  numbers: 'alarms.settings.numbers',
  groupBy: 'alarms.settings.groupBy',
  amountMinor: 'alarms.settings.amountMinor',
  period: 'alarms.settings.period',
  extensions: 'alarms.settings.extensions',
  above: 'alarms.settings.above',
  quietMinutes: 'alarms.settings.quietMinutes',
  minCount: 'alarms.settings.minCount',
  destinationTypes: 'alarms.settings.destinationTypes',
  perMinuteMinor: 'alarms.settings.perMinuteMinor',
  factor: 'alarms.settings.factor',
  minIncreaseMinor: 'alarms.settings.minIncreaseMinor',
};
const hintKeys: Record<string, string> = {
  numbers: 'alarms.settings.numbersHint',
  extensions: 'alarms.settings.extensionsHint',
  destinationTypes: 'alarms.settings.destinationTypesHint',
};
const choiceKeys: Record<string, string> = {
  user: 'alarms.settings.groupByUser',
  department: 'alarms.settings.groupByDepartment',
  costCentre: 'alarms.settings.groupByCostCentre',
  ...presetKeys,
};

export interface SettingsFieldsProps {
  values: FormFields;
  errors: Record<string, string>;
  currency: string;
  periods: readonly string[];
  kindLabel(kind: AlarmKind): string;
}

const idOf = (name: string) => `alarm-${name.replace(/\./g, '-')}`;
const text = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? ''));

/** A labelled control with its hint and its error, wired for screen readers. */
function Control(props: {
  name: string;
  label: string;
  hint?: string;
  error?: string;
  children: (described: Record<string, string>) => preact.JSX.Element;
}) {
  const id = idOf(props.name);
  const ids = [props.hint ? `${id}-hint` : '', props.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  const described: Record<string, string> = {
    ...(ids ? { 'aria-describedby': ids } : {}),
    ...(props.error ? { 'aria-invalid': 'true' } : {}),
  };
  return (
    <div class={props.error ? 'field field-invalid' : 'field'}>
      <label for={id}>{props.label}</label>
      {props.children(described)}
      {props.hint ? <small id={`${id}-hint`}>{props.hint}</small> : null}
      {props.error ? (
        <small class="field-error" id={`${id}-error`}>
          {props.error}
        </small>
      ) : null}
    </div>
  );
}

function SettingControl({ ctx, field, props }: { ctx: PageContext; field: SettingField; props: SettingsFieldsProps }) {
  const { t } = ctx;
  const value = text(props.values[field.name]);
  const label = t(labelKeys[field.key]!, { currency: props.currency });
  const common = { name: field.name, label, error: props.errors[field.name] };
  if (field.input === 'check')
    return (
      <div class="field checkbox">
        <input id={idOf(field.name)} name={field.name} type="checkbox" value="1" checked={value === '1'} />
        <label for={idOf(field.name)}>{label}</label>
      </div>
    );
  const hint = hintKeys[field.key] ? t(hintKeys[field.key]!) : undefined;
  return (
    <Control {...common} {...(hint ? { hint } : {})}>
      {(described) =>
        field.input === 'select' ? (
          <select id={idOf(field.name)} name={field.name} {...described}>
            {(field.choices ?? []).map((c) => (
              <option value={c} selected={value === c}>
                {t(choiceKeys[c] ?? c)}
              </option>
            ))}
          </select>
        ) : field.input === 'list' ? (
          <textarea id={idOf(field.name)} name={field.name} rows={3} dir="ltr" {...described}>
            {value}
          </textarea>
        ) : (
          <input
            id={idOf(field.name)}
            name={field.name}
            dir="ltr"
            inputmode={field.input === 'number' ? 'numeric' : 'decimal'}
            value={value}
            {...described}
          />
        )
      }
    </Control>
  );
}

/** Weekday names in the page's language with their ISO numbers, Monday (1) to Sunday (7). */
function weekdays(lang: string): Array<{ iso: number; name: string }> {
  const name = new Intl.DateTimeFormat(lang, { weekday: 'short', timeZone: 'UTC' });
  const monday = startOfWeek({ year: 2024, month: 1, day: 1 }, 0);
  return [0, 1, 2, 3, 4, 5, 6].map((i) => {
    const day = addDays(monday, i);
    return { iso: isoWeekday(weekdayOf(day)), name: name.format(localAsUtc(day)) };
  });
}

function HoursRow({ ctx, prefix, props }: { ctx: PageContext; prefix: string; props: SettingsFieldsProps }) {
  const { t } = ctx;
  const days = new Set([props.values[`${prefix}.days`] ?? []].flat());
  const error = props.errors[`${prefix}.from`] ?? props.errors[`${prefix}.to`] ?? props.errors[`${prefix}.days`];
  const id = idOf(prefix);
  return (
    <div class="hours-row">
      <fieldset class="checks" aria-describedby={error ? `${id}-error` : undefined}>
        <legend>{t('alarms.hours.days')}</legend>
        {weekdays(ctx.lang).map(({ iso, name }) => {
          const day = String(iso);
          return (
            <label>
              <input type="checkbox" name={`${prefix}.days`} value={day} checked={days.has(day)} /> {name}
            </label>
          );
        })}
      </fieldset>
      {(['from', 'to'] as const).map((end) => (
        <div class="field">
          <label for={idOf(`${prefix}.${end}`)}>{t(end === 'from' ? 'alarms.hours.from' : 'alarms.hours.to')}</label>
          <input
            id={idOf(`${prefix}.${end}`)}
            name={`${prefix}.${end}`}
            type="time"
            value={text(props.values[`${prefix}.${end}`])}
            {...(error ? { 'aria-invalid': 'true', 'aria-describedby': `${id}-error` } : {})}
          />
        </div>
      ))}
      {error ? (
        <small class="field-error" id={`${id}-error`}>
          {error}
        </small>
      ) : null}
    </div>
  );
}

/** Working hours: every site's week, then sites with their own (each read on its site's clock). */
function HoursFields({ ctx, props }: { ctx: PageContext; props: SettingsFieldsProps }) {
  const { t } = ctx;
  let sites = 0;
  while (props.values[`hours.site.${sites}.name`] !== undefined) sites++;
  const rows = Array.from({ length: sites + SPARE_SITE_ROWS }, (_, i) => i);
  return (
    <fieldset class="alarm-settings" data-kinds={[...hoursKinds].join(' ')}>
      <legend>{t('alarms.hours.title')}</legend>
      <p class="hint">{t('alarms.hours.allSites')}</p>
      <HoursRow ctx={ctx} prefix="hours" props={props} />
      {rows.map((i) => (
        <div class="hours-site">
          <Control
            name={`hours.site.${i}.name`}
            label={t('alarms.hours.site')}
            hint={t('alarms.hours.siteHint')}
            {...(props.errors[`hours.site.${i}.name`] ? { error: props.errors[`hours.site.${i}.name`] } : {})}
          >
            {(described) => (
              <input
                id={idOf(`hours.site.${i}.name`)}
                name={`hours.site.${i}.name`}
                dir="ltr"
                value={text(props.values[`hours.site.${i}.name`])}
                {...described}
              />
            )}
          </Control>
          <HoursRow ctx={ctx} prefix={`hours.site.${i}`} props={props} />
        </div>
      ))}
    </fieldset>
  );
}

/** Each kind's settings in its own fieldset; the stylesheet shows the chosen kind's (all show without :has()). */
export function AlarmSettingsFields({ ctx, props }: { ctx: PageContext; props: SettingsFieldsProps }) {
  const { t } = ctx;
  return (
    <>
      {alarmKinds.map((kind) => {
        const fields = settingFields(kind, props.periods);
        return (
          <fieldset class="alarm-settings" data-kinds={kind}>
            <legend>{t('alarms.form.settingsOf', { kind: props.kindLabel(kind) })}</legend>
            {fields.length === 0 && !hoursKinds.has(kind) ? <p>{t('alarms.form.noSettings')}</p> : null}
            {fields.map((field) => (
              <SettingControl ctx={ctx} field={field} props={props} />
            ))}
          </fieldset>
        );
      })}
      <HoursFields ctx={ctx} props={props} />
    </>
  );
}
