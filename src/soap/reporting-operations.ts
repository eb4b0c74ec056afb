import { frameElements, lineStateElements } from './reporting-types.js';
import { el, many, opt, type SoapOperation, type XsdElement } from './xsd-model.js';

const line: XsdElement[] = [
  el('Extension', 'string'),
  opt('Partition', 'string', 'Needed only when the extension exists in several partitions.'),
];

/** The reporting API: names, arguments and answers as the WSDL documents them. */
export const reportingOperations: SoapOperation[] = [
  {
    name: 'GetCalls',
    doc: 'A page of the calls matching a filter, with the chosen fields, sorted (by start by default).',
    input: [
      opt('Filter', 'tns:CallFilter'),
      many(
        'Field',
        'tns:CallField',
        'Fields to return (default: Start, Extension, UserName, Department, Direction, Answered, ' +
          'Number, Destination, Duration, Cost).',
      ),
      many('Sort', 'tns:SortKey'),
      opt('Page', 'int', 'From 1 (default 1). A later page by number reads and skips every call before it: use After.'),
      opt('PageSize', 'int', 'Calls per page (server default and maximum apply).'),
      opt(
        'After',
        'string',
        'The Next of the previous answer (same Filter, Field and Sort): the page after it, found in the index ' +
          'however deep. Not with Page.',
      ),
    ],
    output: [
      ...frameElements,
      el('Page', 'int'),
      el('PageSize', 'int'),
      el('HasMore', 'boolean'),
      many('Call', 'tns:Call'),
      opt('Next', 'string', 'When HasMore: give it as After to read the next page.'),
    ],
  },
  {
    name: 'GetCostSummary',
    doc:
      'Count, duration and cost of the calls matching a filter, grouped; largest first, ' +
      'optionally only the top N. Totals cover every group.',
    input: [
      opt('Filter', 'tns:CallFilter'),
      el('GroupBy', 'tns:GroupBy'),
      opt('Top', 'int'),
      opt('RankBy', 'tns:RankBy', 'cost (default), calls or duration.'),
    ],
    output: [
      ...frameElements,
      el('GroupBy', 'tns:GroupBy'),
      el('GroupCount', 'int'),
      many('Group', 'tns:Group'),
      many('Total', 'tns:Figures', 'One per currency.'),
    ],
  },
  {
    name: 'GetCallTrend',
    doc:
      'Count, duration and cost of the calls matching a filter per hour, day, week or month of ' +
      'the report time zone, empty buckets included.',
    input: [opt('Filter', 'tns:CallFilter'), el('Interval', 'tns:Interval')],
    output: [
      ...frameElements,
      el('Interval', 'tns:Interval'),
      many('Point', 'tns:TrendPoint'),
      many('Total', 'tns:Figures'),
    ],
  },
  {
    name: 'GetBudgetStatus',
    doc: 'Where budgets stand in their current period: one budget by name, or every budget the account may see.',
    input: [opt('Budget', 'string', 'Budget name; absent = all.')],
    output: [many('Budget', 'tns:BudgetStatus')],
  },
  {
    name: 'GetBudgetHistory',
    doc: "A budget's events, newest first: thresholds, e-mails, locks, renewals, rollovers, adjustments.",
    input: [
      el('Budget', 'string'),
      opt('From', 'dateTime'),
      opt('To', 'dateTime'),
      opt('Limit', 'int', 'Default 100.'),
    ],
    output: [el('Budget', 'string'), many('Event', 'tns:BudgetEvent')],
  },
  {
    name: 'GetLockStatus',
    doc: 'The locks of one line; without Extension, every locked line the account may see.',
    input: [opt('Extension', 'string'), opt('Partition', 'string')],
    output: [many('Line', 'tns:LineState')],
  },
  {
    name: 'GetLockHistory',
    doc: 'Lock and PIN changes of a line, newest first.',
    input: [...line, opt('Limit', 'int', 'Default 50.')],
    output: [el('Extension', 'string'), el('Partition', 'string'), many('Entry', 'tns:LockHistoryEntry')],
  },
  {
    name: 'SetAdminLock',
    doc: 'Locks a line so that its user cannot unlock it. Changed is false when it was already admin-locked.',
    input: [...line, opt('Reason', 'string')],
    output: [el('Changed', 'boolean'), ...lineStateElements],
  },
  {
    name: 'ClearAdminLock',
    doc: "Lifts an administrator's lock (other locks stay).",
    input: [...line, opt('Reason', 'string')],
    output: [el('Changed', 'boolean'), ...lineStateElements],
  },
  {
    name: 'ResetPin',
    doc:
      "Resets a line's phone PIN: to Pin when given, else to the configured default or, with " +
      'none or Random, to a random PIN returned once. Lifts a brute-force lockout.',
    input: [...line, opt('Pin', 'string'), opt('Random', 'boolean')],
    output: [
      el('Extension', 'string'),
      el('Partition', 'string'),
      opt('GeneratedPin', 'string', 'Present only for a random PIN.'),
    ],
  },
  {
    name: 'GetCdrIngestStatus',
    doc: 'How CDR ingest is doing: the latest call stored and the latest files in the ledger.',
    input: [opt('Files', 'int', 'How many recent files to list (default 20).')],
    output: [
      opt('LastCallIngestedAt', 'dateTime', 'When the last CDR file that stored calls finished.'),
      el('FilesProcessing', 'long'),
      el('FilesStored', 'long'),
      el('FilesQuarantined', 'long'),
      el('RecordsRejected', 'long'),
      many('File', 'tns:IngestFile'),
    ],
  },
  {
    name: 'GetCurriDecisions',
    doc: 'CURRI call-control decisions in a period, counted by outcome and reason.',
    input: [opt('Period', 'tns:PeriodPreset'), opt('From', 'string'), opt('To', 'string'), opt('TimeZone', 'string')],
    output: [...frameElements, many('Decision', 'tns:DecisionCount')],
  },
];
