import type { Language } from '../i18n/index.js';
import type { ReportScope } from './build-call-filter.js';
import type { NumericComparison, ReportCondition, ReportOptions } from './report-options-schema.js';
import { andList, inSentence, orList, reportTexts } from './report-language.js';
import {
  directionTextKeys,
  fieldTextKeys,
  groupTextKeys,
  intervalTextKeys,
  opTextKeys,
  presetTextKeys,
  rankTextKeys,
  trafficTextKeys,
} from './report-text-keys.js';
import type { ResolvedPeriod } from './resolve-period.js';
import { formatLocal, toLocal } from '../../tariffs/index.js';

/**
 * The report's filter in words, one line per restriction, in `lang`, as the top of an export, a mail body
 * ([[FILTER]], user guide §2.3) and the web page above a result show it: the one describer of every door.
 * Instants stay YYYY-MM-DD HH:mm in every language (unambiguous, and the PDF's built-in font has them all).
 */
export function describeReport(
  options: ReportOptions,
  period: ResolvedPeriod,
  timeZone: string,
  scope: ReportScope,
  lang: Language,
): string[] {
  const t = reportTexts(lang);
  const lines: string[] = [];
  const at = (seconds: number) => formatLocal(toLocal(seconds * 1000, timeZone));
  const span = { from: at(period.from), to: at(period.to), timeZone };
  const preset = options.period?.preset;
  lines.push(
    preset ? t('filter.periodPreset', { ...span, preset: t(presetTextKeys[preset]!) }) : t('filter.period', span),
  );
  if (options.traffic !== 'all') lines.push(t('filter.traffic', { traffic: t(trafficTextKeys[options.traffic]!) }));
  const type = [
    options.directions?.length
      ? orList(
          options.directions.map((d) => t(directionTextKeys[d]!)),
          lang,
        )
      : '',
    options.answered === undefined ? '' : t(options.answered ? 'filter.answered' : 'filter.unanswered'),
  ]
    .filter(Boolean)
    .join(', ');
  if (type) lines.push(t('filter.callType', { type }));
  const listed: Array<[string, string[] | undefined]> = [
    ['filter.extensions', options.extensions],
    ['filter.users', options.users],
    ['filter.departments', options.departments],
    ['filter.costCentres', options.costCentres],
    ['filter.gateways', options.gateways],
    ['filter.carriers', options.carriers],
    ['filter.destinationTypes', options.destinationTypes],
    ['filter.nations', options.nations],
  ];
  for (const [key, values] of listed) if (values?.length) lines.push(t(key, { values: values.join(', ') }));
  if (options.international !== undefined)
    lines.push(t(options.international ? 'filter.internationalOnly' : 'filter.nationalOnly'));
  if (options.number)
    lines.push(
      t(options.number.match === 'equals' ? 'filter.numberEquals' : 'filter.numberStarts', {
        number: options.number.value,
      }),
    );
  const compared = (list: NumericComparison[], unitKey: string) =>
    andList(
      list.map((c) => `${t(opTextKeys[c.op]!)} ${t(unitKey, { value: c.value })}`),
      lang,
    );
  if (options.duration?.length)
    lines.push(t('filter.duration', { comparisons: compared(options.duration, 'filter.seconds') }));
  if (options.cost?.length) lines.push(t('filter.cost', { comparisons: compared(options.cost, 'filter.minorUnits') }));
  if (options.conditions?.length)
    lines.push(t('filter.conditions', { conditions: conditions(options.conditions, lang) }));
  if (options.kind === 'summary' && options.groupBy) {
    const group = inSentence(t(groupTextKeys[options.groupBy]), lang);
    lines.push(
      options.top
        ? t('filter.groupedByTop', { group, top: options.top, rank: t(rankTextKeys[options.rankBy ?? 'cost']!) })
        : t('filter.groupedBy', { group }),
    );
  }
  if (options.kind === 'trend' && options.interval)
    lines.push(t('filter.trendBy', { interval: inSentence(t(intervalTextKeys[options.interval]!), lang) }));
  if (options.maxRows) lines.push(t('filter.maxRows', { max: options.maxRows }));
  if (scope.departments)
    lines.push(
      t('filter.limitedToDepartments', { departments: scope.departments.join(', ') || t('filter.noDepartment') }),
    );
  if (scope.username !== undefined) lines.push(t('filter.limitedToUser', { user: scope.username }));
  return lines;
}

function conditions(list: ReportCondition[], lang: Language): string {
  const t = reportTexts(lang);
  return list
    .map((c, i) => {
      const value = typeof c.value === 'string' ? c.value : String(c.value);
      const text = `${inSentence(t(fieldTextKeys[c.field]), lang)} ${t(opTextKeys[c.op]!)} ${value}`;
      return i === 0 ? text : `${t(c.join === 'and' ? 'filter.and' : 'filter.or')} ${text}`;
    })
    .join(' ');
}
