import type { ReportScope } from './build-call-filter.js';
import { callFields } from './call-fields.js';
import { groupKeys } from './group-keys.js';
import type { NumericComparison, ReportCondition, ReportOptions } from './report-options-schema.js';
import type { ResolvedPeriod } from './resolve-period.js';
import { formatLocal, toLocal } from '../../tariffs/index.js';

// Words rather than symbols: the PDF's built-in font has no ≥ or ≠.
const OPS: Record<string, string> = {
  eq: 'equal to',
  ne: 'not equal to',
  lt: 'less than',
  le: 'at most',
  gt: 'greater than',
  ge: 'at least',
  startsWith: 'starting with',
  contains: 'containing',
};

/**
 * The report's filter in words, one line per restriction, as the top of an
 * export or a mail body shows it (user guide §2.3 "[[FILTER]]").
 */
export function describeReport(
  options: ReportOptions,
  period: ResolvedPeriod,
  timeZone: string,
  scope: ReportScope,
): string[] {
  const lines: string[] = [];
  const at = (t: number) => formatLocal(toLocal(t * 1000, timeZone));
  const preset = options.period?.preset ? ` (${options.period.preset.replace(/-/g, ' ')})` : '';
  lines.push(`Calls from ${at(period.from)} to ${at(period.to)}${preset}, time zone ${timeZone}`);
  if (options.traffic !== 'all') lines.push(`Traffic type: ${options.traffic}`);
  const type = [
    options.directions?.join(' or '),
    options.answered === undefined ? '' : options.answered ? 'answered' : 'unanswered',
  ]
    .filter(Boolean)
    .join(', ');
  if (type) lines.push(`Call type: ${type}`);
  const listed: Array<[string, string[] | undefined]> = [
    ['Extensions', options.extensions],
    ['Users', options.users],
    ['Departments', options.departments],
    ['Cost centres', options.costCentres],
    ['Gateways', options.gateways],
    ['Carriers', options.carriers],
    ['Destination types', options.destinationTypes],
    ['Nations', options.nations],
  ];
  for (const [label, values] of listed) if (values?.length) lines.push(`${label}: ${values.join(', ')}`);
  if (options.international !== undefined)
    lines.push(options.international ? 'International numbers only' : 'National numbers only');
  if (options.number)
    lines.push(`Number ${options.number.match === 'equals' ? 'equal to' : 'starting with'} ${options.number.value}`);
  if (options.duration?.length) lines.push(`Duration ${comparisons(options.duration, ' s')}`);
  if (options.cost?.length) lines.push(`Cost ${comparisons(options.cost, ' (minor units)')}`);
  if (options.conditions?.length) lines.push(`More restrictions: ${conditions(options.conditions)}`);
  if (options.kind === 'summary' && options.groupBy) {
    const top = options.top ? `, top ${options.top} by ${options.rankBy ?? 'cost'}` : '';
    lines.push(`Grouped by ${groupKeys[options.groupBy].label.toLowerCase()}${top}`);
  }
  if (options.kind === 'trend' && options.interval) lines.push(`Trend by ${options.interval}`);
  if (options.maxRows) lines.push(`Maximum number of calls: ${options.maxRows}`);
  if (scope.departments) lines.push(`Limited to the departments: ${scope.departments.join(', ') || '(none)'}`);
  if (scope.username !== undefined) lines.push(`Limited to the calls of ${scope.username}`);
  return lines;
}

function comparisons(list: NumericComparison[], unit: string): string {
  return list.map((c) => `${OPS[c.op]} ${c.value}${unit}`).join(' and ');
}

function conditions(list: ReportCondition[]): string {
  return list
    .map((c, i) => {
      const value = typeof c.value === 'string' ? c.value : String(c.value);
      const text = `${callFields[c.field].label.toLowerCase()} ${OPS[c.op]} ${value}`;
      return i === 0 ? text : `${c.join.toUpperCase()} ${text}`;
    })
    .join(' ');
}
