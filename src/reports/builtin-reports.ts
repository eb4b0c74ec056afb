import type { GroupKeyName } from './group-keys.js';
import type { ReportOptionsInput } from './report-options-schema.js';

export interface BuiltinReport {
  name: string;
  description: string;
  category: string;
  options: ReportOptionsInput;
}

const outgoing: Pick<ReportOptionsInput, 'traffic' | 'directions'> = {
  traffic: 'external',
  directions: ['outgoing', 'transit'],
};

const costBy = (name: string, groupBy: GroupKeyName, what: string): BuiltinReport => ({
  name: `cost-by-${name}`,
  description: `What is the cost distribution by ${what}?`,
  category: 'Cost analysis',
  options: { kind: 'summary', groupBy, ...outgoing, period: { preset: 'this-month' }, title: `Cost by ${what}` },
});

/**
 * The public reports every installation has (user guide §2.3, "Public
 * Reports"): run as they are, or as the base of a saved report with other
 * options. Their names are reserved.
 */
export const builtinReports: BuiltinReport[] = [
  {
    name: 'call-monitor',
    description: 'Every call of today, newest first.',
    category: 'Call monitor',
    options: {
      kind: 'calls',
      period: { preset: 'today' },
      sort: [{ field: 'startedAt', descending: true }],
      title: 'Call monitor',
    },
  },
  {
    name: 'incoming-call-analysis',
    description: 'Incoming calls per extension this month: answered and missed.',
    category: 'Incoming call analysis',
    options: {
      kind: 'summary',
      groupBy: 'extension',
      directions: ['incoming'],
      rankBy: 'calls',
      period: { preset: 'this-month' },
      title: 'Incoming calls by extension',
    },
  },
  {
    name: 'unanswered-by-extension',
    description: 'Unanswered incoming calls per extension this month.',
    category: 'Incoming call analysis',
    options: {
      kind: 'summary',
      groupBy: 'extension',
      directions: ['incoming'],
      answered: false,
      rankBy: 'calls',
      period: { preset: 'this-month' },
      title: 'Unanswered calls by extension',
    },
  },
  {
    name: 'phone-bill',
    description: 'What is the cost of the calls? Every chargeable call of last month.',
    category: 'Cost analysis',
    options: {
      kind: 'calls',
      ...outgoing,
      period: { preset: 'last-month' },
      fields: [
        'startedAt',
        'extension',
        'userName',
        'department',
        'number',
        'destination',
        'duration',
        'cost',
        'currency',
      ],
      totals: true,
      title: 'Phone bill',
    },
  },
  costBy('area', 'area', 'area'),
  costBy('department', 'department', 'department'),
  costBy('extension', 'extension', 'extension'),
  costBy('operator', 'carrier', 'operator'),
  costBy('cost-centre', 'costCentre', 'cost centre'),
  costBy('gateway', 'gateway', 'gateway'),
  costBy('nation', 'nation', 'nation'),
  costBy('number', 'number', 'number'),
  costBy('destination-type', 'destinationType', 'destination type'),
  {
    name: 'top-10-numbers',
    description: 'The ten numbers that cost most this month.',
    category: 'Group analysis',
    options: {
      kind: 'summary',
      groupBy: 'number',
      top: 10,
      ...outgoing,
      period: { preset: 'this-month' },
      title: 'Top 10 numbers by cost',
    },
  },
  {
    name: 'top-10-extensions',
    description: 'The ten extensions that spent most this month.',
    category: 'Group analysis',
    options: {
      kind: 'summary',
      groupBy: 'extension',
      top: 10,
      ...outgoing,
      period: { preset: 'this-month' },
      title: 'Top 10 extensions by cost',
    },
  },
  {
    name: 'calls-by-hour',
    description: 'Traffic of today hour by hour.',
    category: 'Trends',
    options: { kind: 'trend', interval: 'hour', period: { preset: 'today' }, title: 'Calls by hour' },
  },
  {
    name: 'cost-by-day',
    description: 'Cost of this month day by day.',
    category: 'Trends',
    options: { kind: 'trend', interval: 'day', ...outgoing, period: { preset: 'this-month' }, title: 'Cost by day' },
  },
  {
    name: 'cost-by-month',
    description: 'Cost of this year month by month.',
    category: 'Trends',
    options: { kind: 'trend', interval: 'month', ...outgoing, period: { preset: 'this-year' }, title: 'Cost by month' },
  },
];
