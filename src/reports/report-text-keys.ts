// Keys of the report engine's texts (the 'reports' catalogue) that code picks by value: written out
// literally, so that the catalogue test sees each one used.
import type { CallFieldName } from './call-fields.js';
import type { GroupKeyName } from './group-keys.js';

/** Column headings of call fields. */
export const fieldTextKeys: Record<CallFieldName, string> = {
  id: 'field.id',
  startedAt: 'field.startedAt',
  endedAt: 'field.endedAt',
  duration: 'field.duration',
  direction: 'field.direction',
  answered: 'field.answered',
  extension: 'field.extension',
  partition: 'field.partition',
  user: 'field.user',
  userName: 'field.userName',
  department: 'field.department',
  costCentre: 'field.costCentre',
  site: 'field.site',
  number: 'field.number',
  callingNumber: 'field.callingNumber',
  calledNumber: 'field.calledNumber',
  originalCalledNumber: 'field.originalCalledNumber',
  dialledNumber: 'field.dialledNumber',
  destinationE164: 'field.destinationE164',
  destination: 'field.destination',
  nation: 'field.nation',
  destinationType: 'field.destinationType',
  gateway: 'field.gateway',
  carrier: 'field.carrier',
  cost: 'field.cost',
  currency: 'field.currency',
  tariffPlan: 'field.tariffPlan',
  unratedReason: 'field.unratedReason',
  clientMatterCode: 'field.clientMatterCode',
  authCode: 'field.authCode',
  huntPilot: 'field.huntPilot',
  origDevice: 'field.origDevice',
  destDevice: 'field.destDevice',
  origCause: 'field.origCause',
  destCause: 'field.destCause',
  mos: 'field.mos',
  unknownExtension: 'field.unknownExtension',
};

/** Group headings; in a sentence through `inSentence`. */
export const groupTextKeys: Record<GroupKeyName, string> = {
  area: 'group.area',
  department: 'group.department',
  extension: 'group.extension',
  user: 'group.user',
  carrier: 'group.carrier',
  costCentre: 'group.costCentre',
  gateway: 'group.gateway',
  nation: 'group.nation',
  number: 'group.number',
  destinationType: 'group.destinationType',
  direction: 'group.direction',
  site: 'group.site',
};

/** Headings of the figures of a summary or trend. */
export const figureTextKeys: Record<string, string> = {
  calls: 'figure.calls',
  answered: 'figure.answered',
  unanswered: 'figure.unanswered',
  duration: 'figure.duration',
  cost: 'figure.cost',
  averageCost: 'figure.averageCost',
  currency: 'figure.currency',
};

/** Comparisons in words (the PDF's built-in font has no ≥ or ≠). */
export const opTextKeys: Record<string, string> = {
  eq: 'op.eq',
  ne: 'op.ne',
  lt: 'op.lt',
  le: 'op.le',
  gt: 'op.gt',
  ge: 'op.ge',
  startsWith: 'op.startsWith',
  contains: 'op.contains',
};

/** Period presets as a sentence names them. */
export const presetTextKeys: Record<string, string> = {
  today: 'preset.today',
  yesterday: 'preset.yesterday',
  'this-week': 'preset.this-week',
  'last-week': 'preset.last-week',
  'this-month': 'preset.this-month',
  'last-month': 'preset.last-month',
  'this-year': 'preset.this-year',
  'last-year': 'preset.last-year',
  'last-7-days': 'preset.last-7-days',
  'last-30-days': 'preset.last-30-days',
};

/** Traffic types as a sentence names them. */
export const trafficTextKeys: Record<string, string> = {
  external: 'traffic.external',
  internal: 'traffic.internal',
};

/** Directions as a sentence names them. */
export const directionTextKeys: Record<string, string> = {
  outgoing: 'direction.outgoing',
  incoming: 'direction.incoming',
  transit: 'direction.transit',
  internal: 'direction.internal',
  unknown: 'direction.unknown',
};

/** Destination types as a table names them. */
export const destinationTypeTextKeys: Record<string, string> = {
  'fixed-local': 'destinationType.fixed-local',
  'fixed-national': 'destinationType.fixed-national',
  mobile: 'destinationType.mobile',
  'toll-free': 'destinationType.toll-free',
  premium: 'destinationType.premium',
  'shared-cost': 'destinationType.shared-cost',
  emergency: 'destinationType.emergency',
  internal: 'destinationType.internal',
  special: 'destinationType.special',
  unknown: 'destinationType.unknown',
};

/** What a top N is ranked by, as a sentence names it. */
export const rankTextKeys: Record<string, string> = {
  cost: 'rank.cost',
  calls: 'rank.calls',
  duration: 'rank.duration',
};

/** Trend intervals (headings; in a sentence through `inSentence`). */
export const intervalTextKeys: Record<string, string> = {
  hour: 'interval.hour',
  day: 'interval.day',
  week: 'interval.week',
  month: 'interval.month',
};

/** The built-in reports' titles, by report name. */
export const builtinTitleKeys: Record<string, string> = {
  'call-monitor': 'builtin.call-monitor',
  'incoming-call-analysis': 'builtin.incoming-call-analysis',
  'unanswered-by-extension': 'builtin.unanswered-by-extension',
  'phone-bill': 'builtin.phone-bill',
  'top-10-numbers': 'builtin.top-10-numbers',
  'top-10-extensions': 'builtin.top-10-extensions',
  'calls-by-hour': 'builtin.calls-by-hour',
  'cost-by-day': 'builtin.cost-by-day',
  'cost-by-month': 'builtin.cost-by-month',
  'cost-by-area': 'builtin.cost-by-area',
  'cost-by-department': 'builtin.cost-by-department',
  'cost-by-extension': 'builtin.cost-by-extension',
  'cost-by-operator': 'builtin.cost-by-operator',
  'cost-by-cost-centre': 'builtin.cost-by-cost-centre',
  'cost-by-gateway': 'builtin.cost-by-gateway',
  'cost-by-nation': 'builtin.cost-by-nation',
  'cost-by-number': 'builtin.cost-by-number',
  'cost-by-destination-type': 'builtin.cost-by-destination-type',
};
