import type { AlarmKind, OpeningHours } from '../alarms/index.js';
import { parseMoney } from '../budgets/index.js';
import { minorToDecimal } from '../../tariffs/index.js';

/** A form as posted: one value, or several for repeated names (day checkboxes). */
export type FormFields = Record<string, string | string[]>;

/** How a setting is typed in the form. */
export type SettingInput = 'number' | 'decimal' | 'amount' | 'list' | 'select' | 'check';

export interface SettingField {
  /** The form field, `<kind>.<name>`. */
  name: string;
  /** The settings key it fills. */
  key: string;
  input: SettingInput;
  /** A select's choices. */
  choices?: readonly string[];
}

const groupings = ['user', 'department', 'costCentre'] as const;

/** Each kind's own fields (opening hours are shared: see `hoursKinds`). */
export function settingFields(kind: AlarmKind, periods: readonly string[]): SettingField[] {
  const f = (key: string, input: SettingInput, choices?: readonly string[]): SettingField => ({
    name: `${kind}.${key}`,
    key,
    input,
    ...(choices ? { choices } : {}),
  });
  switch (kind) {
    case 'outside-hours':
      return [f('incoming', 'check')];
    case 'called-numbers':
      return [f('numbers', 'list')];
    case 'spending':
      return [f('groupBy', 'select', groupings), f('amountMinor', 'amount'), f('period', 'select', periods)];
    case 'missed-calls':
      return [f('extensions', 'list'), f('above', 'number')];
    case 'no-records':
      return [f('quietMinutes', 'number')];
    case 'unrecognised-destinations':
      return [f('minCount', 'number')];
    case 'premium-rate':
      return [f('destinationTypes', 'list'), f('perMinuteMinor', 'amount'), f('minCount', 'number')];
    case 'spend-spike':
      return [f('factor', 'decimal'), f('minIncreaseMinor', 'amount')];
    default:
      return [];
  }
}

/** Kinds that take opening hours. */
export const hoursKinds: ReadonlySet<AlarmKind> = new Set<AlarmKind>(['outside-hours', 'no-records', 'spend-spike']);

/** Rows of per-site hours the form offers beyond those already set. */
export const SPARE_SITE_ROWS = 2;

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? (v[0] ?? '') : (v ?? '')).trim();
const many = (v: string | string[] | undefined) => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

/** A number as typed; what is not one stays a string, so the schema reports it at its field. */
function numberOf(text: string): number | string {
  const n = Number(text.replace(',', '.'));
  return text !== '' && Number.isFinite(n) ? n : text;
}

function span(fields: FormFields, prefix: string) {
  return {
    days: many(fields[`${prefix}.days`]).map(Number),
    from: one(fields[`${prefix}.from`]),
    to: one(fields[`${prefix}.to`]),
  };
}

/** The opening hours the form describes: the default week and each named site's own. */
export function hoursOf(fields: FormFields): OpeningHours {
  const sites: OpeningHours['sites'] = {};
  for (let i = 0; one(fields[`hours.site.${i}.name`]) !== '' || fields[`hours.site.${i}.from`] !== undefined; i++) {
    const name = one(fields[`hours.site.${i}.name`]);
    if (name) sites[name] = [span(fields, `hours.site.${i}`)];
  }
  return { week: [span(fields, 'hours')], sites };
}

/** The settings of `kind` from the form, typed as the schema wants them; amounts in minor units of `currency`. */
export function settingsOf(
  kind: AlarmKind,
  fields: FormFields,
  currency: string,
  periods: readonly string[],
): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const field of settingFields(kind, periods)) {
    const text = one(fields[field.name]);
    if (field.input === 'check') settings[field.key] = text === '1';
    else if (field.input === 'list')
      settings[field.key] = text
        .split(/[\s,;]+/)
        .map((s) => s.trim())
        .filter(Boolean);
    else if (text === '') continue;
    else if (field.input === 'select') settings[field.key] = text;
    else if (field.input === 'amount') settings[field.key] = amountOf(text, currency);
    else settings[field.key] = numberOf(text);
  }
  if (hoursKinds.has(kind)) settings.openingHours = hoursOf(fields);
  return settings;
}

/** Minor units, or the text itself when it is no amount (the schema then refuses it at its field). */
function amountOf(text: string, currency: string): number | string {
  try {
    // "1.234,50" and "1234,50" as typed in much of Europe.
    const normal = /^\d{1,3}(\.\d{3})*(,\d+)?$|^\d+,\d+$/.test(text) ? text.replace(/\./g, '').replace(',', '.') : text;
    return parseMoney(normal, currency);
  } catch {
    return text;
  }
}

/** An alarm's settings as the form shows them (amounts in major units). */
export function fieldsOfSettings(
  kind: AlarmKind,
  settings: Record<string, unknown>,
  currency: string,
  periods: readonly string[],
): FormFields {
  const out: FormFields = {};
  for (const field of settingFields(kind, periods)) {
    const value = settings[field.key];
    if (value === undefined) continue;
    if (field.input === 'check') out[field.name] = value ? '1' : '';
    else if (field.input === 'list') out[field.name] = (value as string[]).join('\n');
    else if (field.input === 'amount') out[field.name] = minorToDecimal(value as number, currency);
    else out[field.name] = String(value as string | number);
  }
  const hours = settings.openingHours as OpeningHours | undefined;
  if (hours) {
    const put = (prefix: string, s: OpeningHours['week'][number] | undefined) => {
      if (!s) return;
      out[`${prefix}.days`] = s.days.map(String);
      out[`${prefix}.from`] = s.from;
      out[`${prefix}.to`] = s.to;
    };
    put('hours', hours.week[0]);
    Object.entries(hours.sites).forEach(([name, spans], i) => {
      out[`hours.site.${i}.name`] = name;
      put(`hours.site.${i}`, spans[0]);
    });
  }
  return out;
}

/** A form field for an issue the schema reported at `path` (settings, recurrence, recipients…). */
export function fieldOfIssue(kind: string, path: readonly PropertyKey[]): string {
  const [head, key, ...rest] = path.map(String);
  if (head === 'settings' && key === 'openingHours') {
    if (rest[0] === 'sites') return `hours.site.${rest[1] ?? ''}.${rest[4] ?? 'from'}`;
    return `hours.${rest[2] ?? 'from'}`;
  }
  if (head === 'settings') return `${kind}.${key ?? ''}`;
  if (head === 'recurrence') return key === 'startLocal' ? 'start' : (key ?? 'every');
  if (head === 'webhook') return key === 'secret' ? 'webhookSecret' : 'webhookUrl';
  return head ?? 'kind';
}
