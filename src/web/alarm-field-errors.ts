import type { BadInputError } from '../errors/index.js';
import { fieldOfIssue, type FormFields } from './alarm-settings-form.js';
import type { Translate } from './page-context.js';

/** What the form needs of a zod issue (the service passes them in the error's details). */
interface Issue {
  code: string;
  path: PropertyKey[];
  minimum?: number | bigint;
  maximum?: number | bigint;
  format?: string;
  origin?: string;
  expected?: string;
  params?: { noDestination?: boolean };
}

const amountFields = /\.(amountMinor|perMinuteMinor|minIncreaseMinor)$/;

/** The message for one issue at `field`, in the page's language. */
function messageOf(issue: Issue, field: string, t: Translate, currency: string): string {
  if (amountFields.test(field) && issue.code === 'invalid_type') return t('alarms.errors.amount', { currency });
  if (field.startsWith('hours.')) return t('alarms.errors.hours');
  if (issue.params?.noDestination) return t('alarms.errors.noDestination');
  switch (issue.code) {
    case 'invalid_type':
      return t('alarms.errors.number');
    case 'too_small':
      return issue.origin === 'array'
        ? t('alarms.errors.listEmpty')
        : t('alarms.errors.min', { min: String(issue.minimum ?? 0) });
    case 'too_big':
      return issue.origin === 'array' || issue.origin === 'string'
        ? t('alarms.errors.tooLong', { max: String(issue.maximum ?? 0) })
        : t('alarms.errors.max', { max: String(issue.maximum ?? 0) });
    case 'invalid_format':
      if (issue.format === 'email') return t('alarms.errors.email');
      if (issue.format === 'url') return t('alarms.errors.url');
      return field.endsWith('.numbers') ? t('alarms.errors.numberEntry') : t('alarms.errors.invalid');
    default:
      return field === 'webhookUrl' ? t('alarms.errors.url') : t('alarms.errors.invalid');
  }
}

/**
 * Field-level messages for an alarm the service refused, keyed by form field. Per-site hours are reported
 * by site name: they go to the row that holds that name.
 */
export function alarmFieldErrors(
  err: BadInputError,
  values: { kind: string; settings: FormFields },
  t: Translate,
  currency: string,
): Record<string, string> {
  const issues = (err.details?.issues ?? []) as Issue[];
  const out: Record<string, string> = {};
  for (const issue of issues) {
    let field = fieldOfIssue(values.kind, issue.path);
    const site = /^hours\.site\.(.+)\.(\w+)$/.exec(field);
    if (site) {
      const row = Object.entries(values.settings).find(([k, v]) => /^hours\.site\.\d+\.name$/.test(k) && v === site[1]);
      field = row ? `${row[0].slice(0, -'.name'.length)}.${site[2]}` : 'hours.from';
    }
    out[field] ??= messageOf(issue, field, t, currency);
  }
  return out;
}
