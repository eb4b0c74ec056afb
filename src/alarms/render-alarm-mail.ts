import {
  formatDateTime,
  formatDuration,
  formatMoney,
  resolveLanguage,
  textDirection,
  translator,
  type Language,
} from '../i18n/index.js';
import type { ReportRow } from '../reports/index.js';
import type { AlarmKind } from './alarm-kinds.js';
import type { AlarmFinding, AlarmGroup } from './evaluate-alarm.js';

/** What a message says besides the finding: which alarm, over which period, for whom. */
export interface AlarmMailFrame {
  kind: AlarmKind;
  description: string;
  /** Epoch ms. */
  from: number;
  to: number;
  timeZone: string;
  language: string;
  /** A sentence that replaces the intro (an emergency call, a burst), already filled in. */
  headline?: { key: 'emergency' | 'burst'; values: Record<string, string | number> };
}

export interface AlarmMail {
  subject: string;
  text: string;
  html: string;
}

/** Catalogue keys, spelled out so that the catalogue test sees each one used. */
const kindKeys: Record<AlarmKind, string> = {
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
const columnKeys: Record<string, string> = {
  startedAt: 'alarms.columns.startedAt',
  extension: 'alarms.columns.extension',
  user: 'alarms.columns.user',
  direction: 'alarms.columns.direction',
  number: 'alarms.columns.number',
  destination: 'alarms.columns.destination',
  destinationType: 'alarms.columns.destinationType',
  duration: 'alarms.columns.duration',
  cost: 'alarms.columns.cost',
  site: 'alarms.columns.site',
};
const headlineKeys = { emergency: 'alarms.emergency', burst: 'alarms.burst' } as const;

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function cell(lang: Language, timeZone: string, field: string, row: ReportRow): string {
  const value = row[field];
  if (value === null || value === undefined) return '';
  if (field === 'startedAt') return formatDateTime(lang, timeZone, Number(value) * 1000);
  if (field === 'duration') return formatDuration(lang, Number(value));
  if (field === 'cost') {
    const currency = row.__currency;
    return typeof currency === 'string' ? formatMoney(lang, Number(value), currency) : String(value);
  }
  return String(value);
}

function figure(lang: Language, g: AlarmGroup, value: number): string {
  return g.unit === 'money' && g.currency ? formatMoney(lang, value, g.currency) : String(value);
}

/**
 * The e-mail of an alarm run in the recipient's language: plain text and an
 * HTML alternative, each listing the offending calls (numbers already masked
 * for this recipient) or groups.
 */
export function renderAlarmMail(frame: AlarmMailFrame, finding: AlarmFinding): AlarmMail {
  const lang = resolveLanguage(frame.language, 'en');
  const t = translator(lang, 'mail');
  const kind = t(kindKeys[frame.kind]);
  const description = frame.description || kind;
  const when = (ms: number) => formatDateTime(lang, frame.timeZone, ms);
  const period = { from: when(frame.from), to: when(frame.to) };
  const paragraphs: string[] = [];
  if (frame.headline) paragraphs.push(t(headlineKeys[frame.headline.key], frame.headline.values));
  else if (finding.count === 0) paragraphs.push(t('alarms.none', period));
  else paragraphs.push(t('alarms.intro', { description, kind, count: finding.count, ...period }));
  if (finding.quietSince !== undefined)
    paragraphs.push(
      finding.quietSince === null ? t('alarms.never') : t('alarms.quiet', { since: when(finding.quietSince) }),
    );
  if (finding.truncated) paragraphs.push(t('alarms.more', { shown: finding.calls.length }));

  const head = finding.fields.map((f) => t(columnKeys[f] ?? f));
  const rows = finding.calls.map((r) => finding.fields.map((f) => cell(lang, frame.timeZone, f, r)));
  const groupHead = [t('alarms.group'), t('alarms.figure'), t('alarms.against')];
  const groups = finding.groups.map((g) => [g.label, figure(lang, g, g.figure), figure(lang, g, g.against)]);

  const tableText = (h: string[], body: string[][]) =>
    body.length ? [h.join(' | '), ...body.map((r) => r.join(' | '))].join('\n') : '';
  const text =
    [...paragraphs, tableText(groupHead, groups), tableText(head, rows), `-- \n${t('alarms.footer')}`]
      .filter((p) => p !== '')
      .join('\n\n') + '\n';

  const row = (cells: string[], tag: 'th' | 'td') =>
    `<tr>${cells.map((c) => `<${tag}>${esc(c)}</${tag}>`).join('')}</tr>`;
  const tableHtml = (h: string[], body: string[][]) =>
    body.length
      ? `<table border="1" cellpadding="4" cellspacing="0"><thead>${row(h, 'th')}</thead>` +
        `<tbody>${body.map((r) => row(r, 'td')).join('')}</tbody></table>`
      : '';
  const dir = textDirection(lang);
  const html = [
    `<!doctype html><html lang="${lang}" dir="${dir}"><head><meta charset="utf-8"><title>` +
      `${esc(description)}</title></head><body>`,
    `<h1>${esc(description)}</h1>`,
    ...paragraphs.map((p) => `<p>${esc(p)}</p>`),
    tableHtml(groupHead, groups),
    tableHtml(head, rows),
    `<p>${esc(t('alarms.footer'))}</p></body></html>`,
  ].join('\n');
  return { subject: t('alarms.subject', { description }).replace(/[\r\n]+/g, ' '), text, html };
}
