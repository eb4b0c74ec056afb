import { soapCallFields, soapGroupKeys } from './soap-call-fields.js';
import { el, many, opt, type XsdComplexType, type XsdElement, type XsdEnumeration } from './xsd-model.js';

export const enumerations: XsdEnumeration[] = [
  {
    name: 'Direction',
    doc: 'How a call crossed the PBX.',
    values: ['outgoing', 'incoming', 'transit', 'internal', 'unknown'],
  },
  {
    name: 'Traffic',
    doc: 'all calls, external (PSTN) calls or internal ones.',
    values: ['all', 'external', 'internal'],
  },
  {
    name: 'PeriodPreset',
    doc: 'A period relative to now in the report time zone; weeks start on Monday.',
    values: [
      'today',
      'yesterday',
      'this-week',
      'last-week',
      'this-month',
      'last-month',
      'this-year',
      'last-year',
      'last-7-days',
      'last-30-days',
    ],
  },
  { name: 'NumberMatch', doc: 'How Number is compared.', values: ['equals', 'startsWith'] },
  {
    name: 'Operator',
    doc: 'Comparison of a field with a value; startsWith and contains are for text fields.',
    values: ['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'startsWith', 'contains'],
  },
  {
    name: 'Join',
    doc: 'How a condition combines with the one before it; AND binds tighter than OR.',
    values: ['and', 'or'],
  },
  { name: 'CallField', doc: 'A field of tns:Call, by its element name.', values: soapCallFields.map((f) => f.element) },
  {
    name: 'GroupBy',
    doc: 'What a cost summary groups calls by (Carrier is the operator, Area the tariff destination).',
    values: soapGroupKeys.map(([k]) => k),
  },
  { name: 'RankBy', doc: 'What orders groups, largest first.', values: ['cost', 'calls', 'duration'] },
  {
    name: 'Interval',
    doc: 'Trend bucket: hour, day, week (from Monday) or month of the report time zone.',
    values: ['hour', 'day', 'week', 'month'],
  },
  {
    name: 'LockKind',
    doc: 'user: set by the user; admin: only administrators clear it; budget: set when a budget is spent.',
    values: ['user', 'admin', 'budget'],
  },
];

const comparison: XsdComplexType = {
  name: 'Comparison',
  doc: 'A numeric comparison, e.g. Operator ge, Value 20.',
  elements: [el('Operator', 'tns:Operator', 'eq, ne, lt, le, gt or ge.'), el('Value', 'long')],
};

const condition: XsdComplexType = {
  name: 'Condition',
  doc: 'An extra restriction ("Number equal 006599775544 OR Duration at least 20").',
  elements: [
    opt('Join', 'tns:Join', 'and (default) or or.'),
    el('Field', 'tns:CallField'),
    el('Operator', 'tns:Operator'),
    el('Value', 'string', 'Text, or a whole number for numeric fields (Cost in minor units).'),
  ],
};

export const callFilterElements: XsdElement[] = [
  opt('Period', 'tns:PeriodPreset', 'A preset period; or give From and To. Neither: this month.'),
  opt(
    'From',
    'string',
    'Start, inclusive: YYYY-MM-DD, YYYY-MM-DD HH:mm in TimeZone, or an ISO 8601 instant with offset.',
  ),
  opt('To', 'string', 'End, exclusive; a date alone includes that day.'),
  opt('TimeZone', 'string', "IANA time zone of From, To and the answer (default: the server's)."),
  opt('Traffic', 'tns:Traffic'),
  many('Direction', 'tns:Direction'),
  opt('Answered', 'boolean'),
  many('Extension', 'string'),
  many('User', 'string', 'Username.'),
  many('Department', 'string', 'Department name.'),
  many('CostCentre', 'string', 'Cost centre code.'),
  many('Gateway', 'string', 'Gateway or trunk device name.'),
  many('Carrier', 'string'),
  many('DestinationType', 'string'),
  many('Nation', 'string', 'ISO 3166 two-letter code.'),
  opt(
    'International',
    'boolean',
    "true: only calls to another country than the line's site's; false: only national ones.",
  ),
  opt('Number', 'string', "The remote party's number."),
  opt('NumberMatch', 'tns:NumberMatch'),
  many('Duration', 'tns:Comparison', 'Connected seconds.'),
  many('CostMinor', 'tns:Comparison', 'Cost in minor units (cents).'),
  many('Condition', 'tns:Condition'),
  opt('MaxRows', 'int', 'Most calls to consider.'),
];

const figures: XsdElement[] = [
  el('Calls', 'long'),
  el('Answered', 'long'),
  el('Unanswered', 'long'),
  el('DurationSeconds', 'long'),
  el('Cost', 'decimal', 'Total cost, exact decimal in Currency.'),
  el('CostMinor', 'long', 'Total cost in minor units.'),
  opt('AverageCost', 'decimal', 'Per rated call; absent when none was rated.'),
  opt('Currency', 'string', 'Absent when no call was rated.'),
];

export const frameElements: XsdElement[] = [
  el('TimeZone', 'string'),
  el('PeriodFrom', 'dateTime'),
  el('PeriodTo', 'dateTime', 'Exclusive.'),
  many('FilterText', 'string', 'The filter in words, one restriction per element.'),
];

const heldLock: XsdComplexType = {
  name: 'HeldLock',
  doc: 'A lock holding on a line.',
  elements: [
    el('Kind', 'tns:LockKind'),
    el('Actor', 'string'),
    el('Via', 'string', 'phone, web, soap, budget, cli or system.'),
    opt('Reason', 'string'),
    el('Since', 'dateTime'),
  ],
};

export const lineStateElements: XsdElement[] = [
  el('Extension', 'string'),
  el('Partition', 'string'),
  el('Locked', 'boolean'),
  many('Lock', 'tns:HeldLock'),
];

export const complexTypes: XsdComplexType[] = [
  comparison,
  condition,
  {
    name: 'CallFilter',
    doc: 'Which calls: every element is optional and restricts further.',
    elements: callFilterElements,
  },
  { name: 'SortKey', doc: 'One sort key.', elements: [el('Field', 'tns:CallField'), opt('Descending', 'boolean')] },
  {
    name: 'Call',
    doc: 'One call; only the selected fields are present.',
    elements: soapCallFields
      .map((f) => opt(f.element, f.type, f.doc))
      .flatMap((e) => (e.name === 'Cost' ? [e, opt('CostMinor', 'long', 'Cost in minor units of Currency.')] : [e])),
  },
  {
    name: 'Group',
    doc: 'Traffic and cost of one group.',
    elements: [
      opt('Key', 'string', 'The grouped value (an id for departments, cost centres and users).'),
      el('Label', 'string'),
      ...figures,
    ],
  },
  { name: 'Figures', doc: 'Traffic and cost totals.', elements: figures },
  {
    name: 'TrendPoint',
    doc: 'Traffic and cost of one hour, day, week or month.',
    elements: [el('Label', 'string'), el('Start', 'dateTime'), ...figures],
  },
  heldLock,
  { name: 'LineState', doc: 'A line and the locks holding on it.', elements: lineStateElements },
  {
    name: 'LockHistoryEntry',
    doc: "One change of a line's locks or PIN.",
    elements: [
      el('At', 'dateTime'),
      el('Action', 'string', 'set, clear, pin-changed, pin-reset, pin-provisioned or pin-locked-out.'),
      opt('Kind', 'tns:LockKind'),
      el('Actor', 'string'),
      el('Via', 'string'),
      many('KindsBefore', 'tns:LockKind'),
      many('KindsAfter', 'tns:LockKind'),
      opt('Reason', 'string'),
    ],
  },
  {
    name: 'BudgetSubject',
    doc: 'Where one budget (or one member of a per-member budget) stands in the current period.',
    elements: [
      el('Name', 'string'),
      el('Allowance', 'decimal', 'Amount plus carried residual plus credits.'),
      el('Spent', 'decimal'),
      el('Remaining', 'decimal'),
      el('PercentUsed', 'decimal'),
      el('Exhausted', 'boolean'),
      many('ReachedPercent', 'int'),
      many('LockedExtension', 'string'),
    ],
  },
  {
    name: 'BudgetStatus',
    doc: 'A budget and its current period.',
    elements: [
      el('Name', 'string'),
      el('Scope', 'string', 'user, department or costCentre.'),
      el('Target', 'string'),
      el('Sharing', 'string', 'single, pool or per-member.'),
      el('Period', 'string', 'day, week or month.'),
      el('PeriodStart', 'dateTime'),
      el('PeriodEnd', 'dateTime'),
      el('Amount', 'decimal'),
      el('Currency', 'string'),
      many('Subject', 'tns:BudgetSubject'),
    ],
  },
  {
    name: 'BudgetEvent',
    doc: "One event of a budget's history.",
    elements: [
      el('At', 'dateTime'),
      el('Kind', 'string', 'threshold, lock, unlock, renewal, rollover, adjustment, email-sent…'),
      el('Actor', 'string'),
      opt('Period', 'string'),
      opt('Amount', 'decimal'),
      opt('Detail', 'string'),
    ],
  },
  {
    name: 'DecisionCount',
    doc: 'CURRI decisions of one outcome and reason.',
    elements: [
      el('Outcome', 'string', 'permit, deny, divert, indeterminate or notapplicable.'),
      el('Reason', 'string'),
      el('Count', 'long'),
      el('AverageLatencyMs', 'decimal'),
    ],
  },
  {
    name: 'IngestFile',
    doc: 'One CDR or CMR file in the ingest ledger.',
    elements: [
      el('Source', 'string'),
      el('Name', 'string'),
      el('Status', 'string', 'processing, stored or quarantined.'),
      el('ReceivedAt', 'dateTime'),
      opt('FinishedAt', 'dateTime'),
      el('Records', 'long'),
      el('Stored', 'long'),
      el('Duplicates', 'long'),
      el('Rejected', 'long'),
      opt('Reason', 'string'),
    ],
  },
];
