import {
  parseReportOptions,
  type CallFieldName,
  type ReportOptionsInput,
  type ReportService,
  type ReportViewer,
} from '../reports/index.js';
import type { ReportRow } from '../reports/index.js';
import type { AlarmKind, AlarmSettings } from './alarm-kinds.js';
import { closedIntervals, isOpenAt, mergeIntervals, openMillis, weekOf, type Interval } from './opening-hours.js';

/** What an alarm run needs besides the report engine: the ingest and the sites' time zones. */
export interface AlarmSources {
  reports: Pick<ReportService, 'listCalls' | 'streamCalls' | 'summarize'>;
  /** When call records were last acquired (epoch ms), null if never. */
  lastAcquiredAt(): Promise<number | null>;
  timeZoneOf(site: string | null): string;
  /** The configured sites (their zones through `timeZoneOf`). */
  sites: readonly string[];
  /** At most this many calls are listed in a message. */
  maxListed: number;
}

/** A group over a threshold: a spender, an extension with missed calls, a spiking night. */
export interface AlarmGroup {
  label: string;
  figure: number;
  unit: 'money' | 'calls';
  currency: string | null;
  /** The figure it was measured against (threshold, or the previous weeks' average). */
  against: number;
}

/** What a run found. Nothing to report when `count` is 0. */
export interface AlarmFinding {
  count: number;
  fields: CallFieldName[];
  calls: ReportRow[];
  /** More calls matched than are listed. */
  truncated: boolean;
  groups: AlarmGroup[];
  /** The last acquisition, for the no-records alarm (epoch ms). */
  quietSince?: number | null;
}

export const alarmCallFields: CallFieldName[] = [
  'startedAt',
  'extension',
  'user',
  'direction',
  'number',
  'destination',
  'destinationType',
  'duration',
  'cost',
];

const none = (): AlarmFinding => ({ count: 0, fields: alarmCallFields, calls: [], truncated: false, groups: [] });
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Evaluates a scheduled alarm over `period` (epoch ms) through the report
 * engine, in the owner's scope. Event alarms (bursts, emergency calls) are
 * answered when their event arrives and find nothing here.
 */
export async function evaluateAlarm(
  kind: AlarmKind,
  settings: AlarmSettings,
  period: Interval,
  viewer: ReportViewer,
  src: AlarmSources,
): Promise<AlarmFinding> {
  const base = { kind: 'calls' as const, period: { from: iso(period.from), to: iso(period.to) }, timeZone: 'UTC' };
  const list = async (extra: Partial<ReportOptionsInput>, minCount = 1): Promise<AlarmFinding> => {
    const options = parseReportOptions({ ...base, fields: alarmCallFields, sort: [{ field: 'startedAt' }], ...extra });
    const page = await src.reports.listCalls(options, viewer, { page: 1, pageSize: src.maxListed });
    const count = page.rows.length;
    if (count < minCount) return none();
    return { count, fields: alarmCallFields, calls: page.rows, truncated: page.hasMore, groups: [] };
  };
  switch (kind) {
    case 'called-numbers': {
      const { numbers } = settings as AlarmSettings<'called-numbers'>;
      const conditions = numbers.map((n) =>
        n.endsWith('*')
          ? { join: 'or' as const, field: 'dialledNumber' as const, op: 'startsWith' as const, value: n.slice(0, -1) }
          : { join: 'or' as const, field: 'dialledNumber' as const, op: 'eq' as const, value: n },
      );
      return list({ directions: ['outgoing'], conditions });
    }
    case 'international':
      return list({ directions: ['outgoing'], international: true });
    case 'unrecognised-destinations': {
      const { minCount } = settings as AlarmSettings<'unrecognised-destinations'>;
      return list(
        {
          directions: ['outgoing'],
          conditions: [{ field: 'unratedReason', op: 'eq', value: 'unrecognized-destination' }],
        },
        minCount,
      );
    }
    case 'unknown-extensions':
      return list({ conditions: [{ field: 'unknownExtension', op: 'ne', value: '' }] });
    case 'outside-hours':
      return outsideHours(settings as AlarmSettings<'outside-hours'>, period, viewer, src);
    case 'premium-rate':
      return premiumRate(settings as AlarmSettings<'premium-rate'>, base, viewer, src);
    case 'spending': {
      const s = settings as AlarmSettings<'spending'>;
      const options = parseReportOptions({
        kind: 'summary',
        timeZone: base.timeZone,
        period: { preset: s.period },
        groupBy: s.groupBy,
        directions: ['outgoing'],
        rankBy: 'cost',
      });
      const report = await src.reports.summarize(options, viewer);
      const groups = report.groups
        .filter((g) => g.key !== null && g.costMinor > s.amountMinor)
        .map((g) => ({
          label: g.label,
          figure: g.costMinor,
          unit: 'money' as const,
          currency: g.currency,
          against: s.amountMinor,
        }));
      return { ...none(), count: groups.length, groups };
    }
    case 'missed-calls': {
      const s = settings as AlarmSettings<'missed-calls'>;
      const filter = s.extensions.length ? { extensions: s.extensions } : {};
      const options = parseReportOptions({
        ...base,
        kind: 'summary',
        groupBy: 'extension',
        directions: ['incoming'],
        answered: false,
        rankBy: 'calls',
        ...filter,
      });
      const report = await src.reports.summarize(options, viewer);
      const groups = report.groups
        .filter((g) => g.calls > s.above)
        .map((g) => ({ label: g.label, figure: g.calls, unit: 'calls' as const, currency: null, against: s.above }));
      return { ...none(), count: groups.length, groups };
    }
    case 'no-records': {
      const s = settings as AlarmSettings<'no-records'>;
      const last = await src.lastAcquiredAt();
      const quietFrom = Math.max(last ?? 0, period.to - 7 * 86_400_000);
      const zone = src.timeZoneOf(null);
      const quietOpen = openMillis({ from: quietFrom, to: period.to }, weekOf(s.openingHours, null), zone);
      const fires = quietOpen >= s.quietMinutes * 60_000 && isOpenAt(period.to - 1, weekOf(s.openingHours, null), zone);
      return fires ? { ...none(), count: 1, quietSince: last } : none();
    }
    case 'spend-spike':
      return spendSpike(settings as AlarmSettings<'spend-spike'>, period, viewer, src);
    case 'attempt-burst':
    case 'emergency-call':
      return none();
  }
}

type Base = { kind: 'calls'; period: { from: string; to: string }; timeZone: string };

/**
 * Calls whose start, on their site's clock, falls outside that site's opening hours. Only the hours in which
 * some site is closed are read (not the whole period: over a working day most calls are in opening hours); each
 * call read is then held to its own site's hours.
 */
async function outsideHours(
  s: AlarmSettings<'outside-hours'>,
  period: Interval,
  viewer: ReportViewer,
  src: AlarmSources,
): Promise<AlarmFinding> {
  const fields: CallFieldName[] = [...alarmCallFields, 'site'];
  const directions = s.incoming ? (['outgoing', 'incoming'] as const) : (['outgoing'] as const);
  // Every week and zone a call may be held to: each site's, the default site's, and (for a site the configuration
  // does not name) the default week on the general zone.
  const sites = [null, ...src.sites, ...Object.keys(s.openingHours.sites), UNKNOWN_SITE];
  const closed = mergeIntervals(
    sites.flatMap((site) => closedIntervals(period, weekOf(s.openingHours, site), src.timeZoneOf(site))),
  );
  const calls: ReportRow[] = [];
  let count = 0;
  for (const gap of closed) {
    const options = parseReportOptions({
      kind: 'calls',
      timeZone: 'UTC',
      period: { from: iso(gap.from), to: iso(gap.to) },
      fields,
      sort: [{ field: 'startedAt' }],
      traffic: 'external',
      directions: [...directions],
    });
    for await (const row of src.reports.streamCalls(options, viewer).rows) {
      const site = typeof row.site === 'string' ? row.site : null;
      if (isOpenAt(Number(row.startedAt) * 1000, weekOf(s.openingHours, site), src.timeZoneOf(site))) continue;
      count++;
      if (calls.length < src.maxListed) calls.push(row);
    }
  }
  return { count, fields, calls, truncated: count > calls.length, groups: [] };
}

/** A site name no configuration uses: it stands for calls of sites the configuration does not name. */
const UNKNOWN_SITE = '\u0000unknown';

/** Calls to the listed destination types, or whose price per connected minute reaches the limit. */
async function premiumRate(
  s: AlarmSettings<'premium-rate'>,
  base: Base,
  viewer: ReportViewer,
  src: AlarmSources,
): Promise<AlarmFinding> {
  const options = parseReportOptions({
    ...base,
    fields: alarmCallFields,
    sort: [{ field: 'startedAt' }],
    directions: ['outgoing'],
    cost: [{ op: 'gt', value: 0 }],
  });
  const calls: ReportRow[] = [];
  let count = 0;
  const types = new Set(s.destinationTypes);
  for await (const row of src.reports.streamCalls(options, viewer).rows) {
    const seconds = Number(row.duration ?? 0);
    const perMinute = seconds > 0 ? (Number(row.cost ?? 0) * 60) / seconds : 0;
    if (!types.has(String(row.destinationType ?? '')) && perMinute < s.perMinuteMinor) continue;
    count++;
    if (calls.length < src.maxListed) calls.push(row);
  }
  if (count < s.minCount) return none();
  return { count, fields: alarmCallFields, calls, truncated: count > calls.length, groups: [] };
}

const WEEK = 7 * 86_400_000;

/** Spend in the closed hours of the period against the same hours of each of the four weeks before. */
async function spendSpike(
  s: AlarmSettings<'spend-spike'>,
  period: Interval,
  viewer: ReportViewer,
  src: AlarmSources,
): Promise<AlarmFinding> {
  const zone = src.timeZoneOf(null);
  const closed = closedIntervals(period, weekOf(s.openingHours, null), zone);
  if (closed.length === 0) return none();
  const spend = async (shift: number): Promise<Map<string, number>> => {
    const byCurrency = new Map<string, number>();
    for (const i of closed) {
      const options = parseReportOptions({
        kind: 'summary',
        timeZone: 'UTC',
        groupBy: 'direction',
        directions: ['outgoing'],
        period: { from: iso(i.from - shift), to: iso(i.to - shift) },
      });
      for (const t of (await src.reports.summarize(options, viewer)).totals) {
        if (t.currency) byCurrency.set(t.currency, (byCurrency.get(t.currency) ?? 0) + t.costMinor);
      }
    }
    return byCurrency;
  };
  const now = await spend(0);
  const before = await Promise.all([1, 2, 3, 4].map((w) => spend(w * WEEK)));
  const groups: AlarmGroup[] = [];
  for (const [currency, figure] of now) {
    const baseline = Math.round(before.reduce((sum, m) => sum + (m.get(currency) ?? 0), 0) / 4);
    if (figure > baseline * s.factor && figure - baseline >= s.minIncreaseMinor) {
      groups.push({
        label: `${iso(closed[0]!.from)} – ${iso(closed[closed.length - 1]!.to)}`,
        figure,
        unit: 'money',
        currency,
        against: baseline,
      });
    }
  }
  return { ...none(), count: groups.length, groups };
}
