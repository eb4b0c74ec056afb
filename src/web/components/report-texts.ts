/** Keys of the Interactive Reports texts the engine names by value (literal, so the catalogue test sees them used). */
import type { CallFieldName, GroupKeyName } from '../../reports/index.js';

export const fieldKeys: Record<CallFieldName, string> = {
  id: 'interactiveReports.field.id',
  startedAt: 'interactiveReports.field.startedAt',
  endedAt: 'interactiveReports.field.endedAt',
  duration: 'interactiveReports.field.duration',
  direction: 'interactiveReports.field.direction',
  answered: 'interactiveReports.field.answered',
  extension: 'interactiveReports.field.extension',
  partition: 'interactiveReports.field.partition',
  user: 'interactiveReports.field.user',
  userName: 'interactiveReports.field.userName',
  department: 'interactiveReports.field.department',
  costCentre: 'interactiveReports.field.costCentre',
  site: 'interactiveReports.field.site',
  number: 'interactiveReports.field.number',
  callingNumber: 'interactiveReports.field.callingNumber',
  calledNumber: 'interactiveReports.field.calledNumber',
  originalCalledNumber: 'interactiveReports.field.originalCalledNumber',
  dialledNumber: 'interactiveReports.field.dialledNumber',
  destinationE164: 'interactiveReports.field.destinationE164',
  destination: 'interactiveReports.field.destination',
  nation: 'interactiveReports.field.nation',
  destinationType: 'interactiveReports.field.destinationType',
  gateway: 'interactiveReports.field.gateway',
  carrier: 'interactiveReports.field.carrier',
  cost: 'interactiveReports.field.cost',
  currency: 'interactiveReports.field.currency',
  tariffPlan: 'interactiveReports.field.tariffPlan',
  unratedReason: 'interactiveReports.field.unratedReason',
  clientMatterCode: 'interactiveReports.field.clientMatterCode',
  authCode: 'interactiveReports.field.authCode',
  huntPilot: 'interactiveReports.field.huntPilot',
  origDevice: 'interactiveReports.field.origDevice',
  destDevice: 'interactiveReports.field.destDevice',
  origCause: 'interactiveReports.field.origCause',
  destCause: 'interactiveReports.field.destCause',
  mos: 'interactiveReports.field.mos',
  unknownExtension: 'interactiveReports.field.unknownExtension',
};

export const groupKeyTexts: Record<GroupKeyName, string> = {
  area: 'interactiveReports.group.area',
  department: 'interactiveReports.group.department',
  extension: 'interactiveReports.group.extension',
  user: 'interactiveReports.group.user',
  carrier: 'interactiveReports.group.carrier',
  costCentre: 'interactiveReports.group.costCentre',
  gateway: 'interactiveReports.group.gateway',
  nation: 'interactiveReports.group.nation',
  number: 'interactiveReports.group.number',
  destinationType: 'interactiveReports.group.destinationType',
  direction: 'interactiveReports.group.direction',
  site: 'interactiveReports.group.site',
};

export const figureKeys: Record<string, string> = {
  calls: 'interactiveReports.figure.calls',
  answered: 'interactiveReports.figure.answered',
  unanswered: 'interactiveReports.figure.unanswered',
  duration: 'interactiveReports.figure.duration',
  cost: 'interactiveReports.figure.cost',
  averageCost: 'interactiveReports.figure.averageCost',
  currency: 'interactiveReports.figure.currency',
  period: 'interactiveReports.figure.period',
};

export const directionKeys: Record<string, string> = {
  outgoing: 'interactiveReports.direction.outgoing',
  incoming: 'interactiveReports.direction.incoming',
  transit: 'interactiveReports.direction.transit',
  internal: 'interactiveReports.direction.internal',
  unknown: 'interactiveReports.direction.unknown',
};

export const presetKeys: Record<string, string> = {
  today: 'interactiveReports.preset.today',
  yesterday: 'interactiveReports.preset.yesterday',
  'this-week': 'interactiveReports.preset.this-week',
  'last-week': 'interactiveReports.preset.last-week',
  'this-month': 'interactiveReports.preset.this-month',
  'last-month': 'interactiveReports.preset.last-month',
  'this-year': 'interactiveReports.preset.this-year',
  'last-year': 'interactiveReports.preset.last-year',
  'last-7-days': 'interactiveReports.preset.last-7-days',
  'last-30-days': 'interactiveReports.preset.last-30-days',
};

export const opKeys: Record<string, string> = {
  eq: 'interactiveReports.op.eq',
  ne: 'interactiveReports.op.ne',
  lt: 'interactiveReports.op.lt',
  le: 'interactiveReports.op.le',
  gt: 'interactiveReports.op.gt',
  ge: 'interactiveReports.op.ge',
  startsWith: 'interactiveReports.op.startsWith',
  contains: 'interactiveReports.op.contains',
};

export const kindKeys: Record<string, string> = {
  calls: 'interactiveReports.kind.calls',
  summary: 'interactiveReports.kind.summary',
  trend: 'interactiveReports.kind.trend',
};

export const trafficKeys: Record<string, string> = {
  all: 'interactiveReports.traffic.all',
  external: 'interactiveReports.traffic.external',
  internal: 'interactiveReports.traffic.internal',
};

export const rankKeys: Record<string, string> = {
  cost: 'interactiveReports.rank.cost',
  calls: 'interactiveReports.rank.calls',
  duration: 'interactiveReports.rank.duration',
};

export const intervalKeys: Record<string, string> = {
  hour: 'interactiveReports.interval.hour',
  day: 'interactiveReports.interval.day',
  week: 'interactiveReports.interval.week',
  month: 'interactiveReports.interval.month',
};

/** The built-in reports' categories, by the engine's (English) name. */
export const categoryKeys: Record<string, string> = {
  'Call monitor': 'interactiveReports.categories.callMonitor',
  'Incoming call analysis': 'interactiveReports.categories.incomingCallAnalysis',
  'Cost analysis': 'interactiveReports.categories.costAnalysis',
  'Group analysis': 'interactiveReports.categories.groupAnalysis',
  Trends: 'interactiveReports.categories.trends',
};

/** The built-in reports' titles and descriptions, by name. */
export const builtinKeys: Record<string, { title: string; description: string }> = {
  'call-monitor': {
    title: 'interactiveReports.builtin.call-monitor.title',
    description: 'interactiveReports.builtin.call-monitor.description',
  },
  'incoming-call-analysis': {
    title: 'interactiveReports.builtin.incoming-call-analysis.title',
    description: 'interactiveReports.builtin.incoming-call-analysis.description',
  },
  'unanswered-by-extension': {
    title: 'interactiveReports.builtin.unanswered-by-extension.title',
    description: 'interactiveReports.builtin.unanswered-by-extension.description',
  },
  'phone-bill': {
    title: 'interactiveReports.builtin.phone-bill.title',
    description: 'interactiveReports.builtin.phone-bill.description',
  },
  'top-10-numbers': {
    title: 'interactiveReports.builtin.top-10-numbers.title',
    description: 'interactiveReports.builtin.top-10-numbers.description',
  },
  'top-10-extensions': {
    title: 'interactiveReports.builtin.top-10-extensions.title',
    description: 'interactiveReports.builtin.top-10-extensions.description',
  },
  'calls-by-hour': {
    title: 'interactiveReports.builtin.calls-by-hour.title',
    description: 'interactiveReports.builtin.calls-by-hour.description',
  },
  'cost-by-day': {
    title: 'interactiveReports.builtin.cost-by-day.title',
    description: 'interactiveReports.builtin.cost-by-day.description',
  },
  'cost-by-month': {
    title: 'interactiveReports.builtin.cost-by-month.title',
    description: 'interactiveReports.builtin.cost-by-month.description',
  },
  'cost-by-area': {
    title: 'interactiveReports.builtin.cost-by-area.title',
    description: 'interactiveReports.builtin.cost-by-area.description',
  },
  'cost-by-department': {
    title: 'interactiveReports.builtin.cost-by-department.title',
    description: 'interactiveReports.builtin.cost-by-department.description',
  },
  'cost-by-extension': {
    title: 'interactiveReports.builtin.cost-by-extension.title',
    description: 'interactiveReports.builtin.cost-by-extension.description',
  },
  'cost-by-operator': {
    title: 'interactiveReports.builtin.cost-by-operator.title',
    description: 'interactiveReports.builtin.cost-by-operator.description',
  },
  'cost-by-cost-centre': {
    title: 'interactiveReports.builtin.cost-by-cost-centre.title',
    description: 'interactiveReports.builtin.cost-by-cost-centre.description',
  },
  'cost-by-gateway': {
    title: 'interactiveReports.builtin.cost-by-gateway.title',
    description: 'interactiveReports.builtin.cost-by-gateway.description',
  },
  'cost-by-nation': {
    title: 'interactiveReports.builtin.cost-by-nation.title',
    description: 'interactiveReports.builtin.cost-by-nation.description',
  },
  'cost-by-number': {
    title: 'interactiveReports.builtin.cost-by-number.title',
    description: 'interactiveReports.builtin.cost-by-number.description',
  },
  'cost-by-destination-type': {
    title: 'interactiveReports.builtin.cost-by-destination-type.title',
    description: 'interactiveReports.builtin.cost-by-destination-type.description',
  },
};
