import type { Clock } from '../clock.js';
import type { Config } from '../config/index.js';
import type { Logger } from '../logging/index.js';
import { BadInputError } from '../errors/index.js';
import { buildAggregateSql, type AggregateRow } from './build-aggregate-sql.js';
import type { ReportScope, SiteCountries } from './build-call-filter.js';
import { buildSummaryAggregateSql, canAggregateFromSummaries } from './build-summary-aggregate-sql.js';
import { buildTopGroupsSql, type TopGroupsRow } from './build-top-groups-sql.js';
import { buildCallListSql, HIDDEN, type CallCursor } from './build-call-list-sql.js';
import { callFields, defaultCallFields, type CallFieldName } from './call-fields.js';
import { countDecisionsByReason, type DecisionCount } from './curri-decision-counts.js';
import { describeReport } from './describe-report.js';
import type { Language } from '../i18n/index.js';
import {
  emptyFigures,
  foldAggregates,
  mergeCurrencies,
  rankGroups,
  totalsOf,
  type AggregateFigures,
  type GroupFigures,
} from './fold-aggregates.js';
import { groupKeys, type GroupKeyName } from './group-keys.js';
import { maskNumber } from './mask-number.js';
import { assertFilterFitsMasking } from './masked-number-filter.js';
import type { ReportDatabase } from './report-database.js';
import type { PageRequest, ReportOptions, TrendInterval } from './report-options-schema.js';
import type { ReportColumn, ReportRow } from './report-table.js';
import { revealsNumbers, scopeOf, toCallRow, type ReportViewer } from './report-viewer.js';
import { reportLanguage, reportTexts } from './report-language.js';
import { fieldTextKeys } from './report-text-keys.js';
import { resolvePeriod, type ResolvedPeriod } from './resolve-period.js';
import { trendBuckets, type TrendBucketing } from './trend-buckets.js';
import { isTimeZone } from '../../tariffs/index.js';

export interface ReportServiceDeps {
  db: ReportDatabase;
  clock: Clock;
  /** The reports config section, and general.timeZone as the fallback zone. */
  config: { reports: Config['reports']; defaultTimeZone: string; siteCountries?: SiteCountries };
  logger: Logger;
}

/** What every answer carries: the period and zone it covers, and the filter in words in the viewer's language. */
export interface ReportFrame {
  timeZone: string;
  period: ResolvedPeriod;
  filter: string[];
  /** The language of the filter's words and the columns' headings (`viewer.language`, else English). */
  language: Language;
}

export interface CallPage extends ReportFrame {
  columns: ReportColumn[];
  rows: ReportRow[];
  page: number;
  pageSize: number;
  /** More calls follow this page (within the maximum number of calls). */
  hasMore: boolean;
  /** The cursors of this page's first and last rows: the previous and next pages start from them. */
  first: CallCursor | null;
  last: CallCursor | null;
}

export interface SummaryReport extends ReportFrame {
  groupBy: GroupKeyName;
  groups: GroupFigures[];
  /** Over all groups, also those beyond `top`; one per currency. */
  totals: AggregateFigures[];
  groupCount: number;
}

export interface TrendPoint extends AggregateFigures {
  label: string;
  start: number;
}

export interface DecisionReport extends ReportFrame {
  decisions: DecisionCount[];
}

export interface TrendReport extends ReportFrame {
  interval: TrendInterval;
  points: TrendPoint[];
  totals: AggregateFigures[];
}

/** A streamed call list; `truncated()` is meaningful once the rows are consumed. */
export interface CallStream extends ReportFrame {
  columns: ReportColumn[];
  rows: AsyncIterable<ReportRow>;
  truncated(): boolean;
}

/** The columns of a call list of these fields, headed in `lang`, as `listCalls` answers them. */
export function callListColumns(fields: CallFieldName[] = defaultCallFields, lang: Language = 'en'): ReportColumn[] {
  const t = reportTexts(lang);
  return fields.map((key) => ({ key, label: t(fieldTextKeys[key]), type: callFields[key].type }));
}

const columnsOf = callListColumns;

function cursorOf(raw: Record<string, unknown> | undefined, sortKeyCount: number): CallCursor | null {
  if (!raw) return null;
  return { keys: Array.from({ length: sortKeyCount }, (_, i) => raw[HIDDEN.sortKey(i)]), id: Number(raw[HIDDEN.id]) };
}

/** The report engine over the rated calls: call lists, grouped summaries and trends. */
export interface ReportService {
  listCalls(options: ReportOptions, viewer: ReportViewer, page?: Partial<PageRequest>): Promise<CallPage>;
  streamCalls(options: ReportOptions, viewer: ReportViewer): CallStream;
  summarize(options: ReportOptions, viewer: ReportViewer): Promise<SummaryReport>;
  trend(options: ReportOptions, viewer: ReportViewer): Promise<TrendReport>;
  /** CURRI decisions in the options' period, by outcome and reason (other call filters do not apply). */
  curriDecisions(options: ReportOptions, viewer: ReportViewer): Promise<DecisionReport>;
  /** When the oldest stored call started (epoch seconds; null: none): how far back a search for calls need go. */
  earliestCallStart(): Promise<number | null>;
  /**
   * The first second of the UTC day of a directory user's newest call started before `before` (epoch seconds;
   * null: none): where a look back for their last calls need start.
   */
  newestCallDay(username: string, before: number): Promise<number | null>;
}

interface Prepared extends Omit<ReportFrame, 'filter'> {
  /** The filter in words: computed only when a report's `filter` is read (a Dashboard widget never reads it). */
  words: () => string[];
  scope: ReportScope;
  reveal: boolean;
  maxRows: number;
}

export function createReportService(deps: ReportServiceDeps): ReportService {
  const { db, config } = deps;
  const log = deps.logger.child({ module: 'reports' });
  const privacy = config.reports.privacy;
  const sites = config.siteCountries ?? {};

  function prepare(options: ReportOptions, viewer: ReportViewer): Prepared {
    const timeZone = options.timeZone || config.reports.timeZone || config.defaultTimeZone;
    if (!isTimeZone(timeZone))
      throw new BadInputError(
        `unknown time zone "${timeZone}" (use an IANA name such as Europe/Rome or America/New_York)`,
      );
    const period = resolvePeriod(options.period ?? {}, timeZone, deps.clock.now());
    const language = reportLanguage(viewer);
    const reveal = revealsNumbers(viewer, privacy);
    const scope: ReportScope = reveal ? scopeOf(viewer) : { ...scopeOf(viewer), maskedDigits: privacy.maskDigits };
    if (!reveal) assertFilterFitsMasking(options, privacy.maskDigits);
    return {
      timeZone,
      period,
      scope,
      words: () => describeReport(options, period, timeZone, scope, language),
      language,
      reveal,
      maxRows: Math.min(options.maxRows ?? Number.MAX_SAFE_INTEGER, config.reports.maxRows),
    };
  }

  /** A report of `p` with `figures`: its `filter` words are described on first read, then kept. */
  function framed<T extends object>(p: Prepared, figures: T): ReportFrame & T {
    const report = { timeZone: p.timeZone, period: p.period, language: p.language, ...figures };
    let words: string[] | undefined;
    return Object.defineProperty(report as ReportFrame & T, 'filter', {
      enumerable: true,
      configurable: true,
      get: () => (words ??= p.words()),
      set: (value: string[]) => void (words = value),
    });
  }

  async function timed<T>(what: string, sql: string, values: unknown[]): Promise<T[]> {
    const started = performance.now();
    const rows = (await db.all(sql, values)) as T[];
    log.debug({ what, rows: rows.length, ms: Math.round(performance.now() - started) }, 'report query');
    return rows;
  }

  async function aggregate(
    options: ReportOptions,
    p: Prepared,
    key: { sql: string; lookup?: { join: string; label: string } },
    external = false,
    trend?: TrendBucketing,
  ): Promise<AggregateRow[]> {
    const { summaries, query } = aggregateQuery(options, p, key, external, trend);
    const q = query(false);
    const rows = await timed<AggregateRow>(summaries ? 'aggregate summaries' : 'aggregate', q.sql, q.values);
    if (rows.every((r) => r.currency === r.currencyMax)) return rows;
    // Some group mixes currencies (sites rated in different ones): ask again, one row per currency.
    const split = query(true);
    return timed<AggregateRow>('aggregate by currency', split.sql, split.values);
  }

  function aggregateQuery(
    options: ReportOptions,
    p: Prepared,
    key: { sql: string; lookup?: { join: string; label: string } },
    external = false,
    trend?: TrendBucketing,
  ) {
    // Grouped by a summary column or by hour-aligned time buckets, with summary filters: the hourly summaries.
    const summaries = canAggregateFromSummaries(options, p.period, p.scope, trend);
    const query = (byCurrency: boolean) =>
      summaries
        ? buildSummaryAggregateSql(key, options, p.period, p.scope, db.dialect, byCurrency, trend, sites)
        : buildAggregateSql(key, options, p.period, p.scope, db.dialect, { external, byCurrency }, sites);
    return { summaries, query };
  }

  /**
   * A summary's top groups (ties kept) and its totals and group count from the
   * database in one query, the other groups left there; null when some group
   * mixes currencies (the caller then folds every group, as without `top`).
   */
  async function topGroups(
    options: ReportOptions & { top: number },
    p: Prepared,
    key: { sql: string; lookup?: { join: string; label: string } },
  ): Promise<Pick<SummaryReport, 'groups' | 'totals' | 'groupCount'> | null> {
    const q = aggregateQuery(options, p, key).query(false);
    const rankBy = options.rankBy ?? 'cost';
    const sql = buildTopGroupsSql(q.sql, rankBy, options.top);
    const rows = await timed<TopGroupsRow>('top groups', sql, q.values);
    const totals = rows.filter((r) => Number(r.part) === 1);
    if (totals.some((r) => Number(r.mixed) > 0)) return null;
    const groups = rankGroups(foldAggregates(rows.filter((r) => Number(r.part) === 0)), rankBy, options.top);
    const groupCount = totals.reduce((n, r) => n + Number(r.groupCount), 0);
    return { groups, totals: mergeCurrencies(totals), groupCount };
  }

  return {
    async listCalls(options, viewer, request = {}) {
      const p = prepare(options, viewer);
      const fields = options.fields ?? defaultCallFields;
      const pageSize = request.pageSize ?? config.reports.defaultPageSize;
      const page = request.page ?? 1;
      if (!Number.isInteger(page) || page < 1) throw new BadInputError('page counts from 1');
      if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > config.reports.maxPageSize) {
        throw new BadInputError(`pageSize must be 1 to ${config.reports.maxPageSize}`);
      }
      const offset = (page - 1) * pageSize;
      const wanted = Math.min(pageSize, p.maxRows - offset);
      const { after, before } = request;
      let raws: Array<Record<string, unknown>> = [];
      let sortKeyCount = 0;
      if (wanted > 0) {
        // A cursor finds the page in the index; an offset (no cursor) reads and skips every row before it.
        const window = after
          ? { limit: wanted + 1, after }
          : before
            ? { limit: wanted + 1, before }
            : { limit: wanted + 1, offset };
        const q = buildCallListSql(options, fields, p.period, p.scope, db.dialect, window, sites);
        raws = await timed('call page', q.sql, q.values);
        sortKeyCount = q.sortKeyCount;
      }
      // Read backwards: the extra row says more lie before; rows after the cursor exist (it came from there).
      const hasMore = before ? offset + wanted < p.maxRows : raws.length > wanted && offset + wanted < p.maxRows;
      raws = raws.slice(0, Math.max(wanted, 0));
      if (before) raws.reverse();
      const rows = raws.map((raw) => toCallRow(raw, fields, p.reveal, privacy.maskDigits));
      const first = cursorOf(raws[0], sortKeyCount);
      const last = cursorOf(raws[raws.length - 1], sortKeyCount);
      return framed(p, { columns: columnsOf(fields, p.language), rows, page, pageSize, hasMore, first, last });
    },

    streamCalls(options, viewer) {
      const p = prepare(options, viewer);
      const fields = options.fields ?? defaultCallFields;
      const chunk = config.reports.exportChunkSize;
      let truncated = false;
      async function* rows(): AsyncGenerator<ReportRow> {
        let remaining = p.maxRows;
        let after: CallCursor | undefined;
        for (;;) {
          // One extra row at the limit tells a complete list from a truncated one.
          const limit = Math.min(chunk, remaining) + (remaining <= chunk ? 1 : 0);
          const q = buildCallListSql(options, fields, p.period, p.scope, db.dialect, { limit, after }, sites);
          const raws = await timed<Record<string, unknown>>('call chunk', q.sql, q.values);
          const take = Math.min(raws.length, remaining);
          for (let i = 0; i < take; i++) yield toCallRow(raws[i]!, fields, p.reveal, privacy.maskDigits);
          remaining -= take;
          if (remaining === 0) {
            truncated = raws.length > take;
            return;
          }
          if (raws.length < limit) return;
          const last = raws[raws.length - 1]!;
          after = cursorOf(last, q.sortKeyCount)!;
          // SQLite answers synchronously: give other requests a turn between chunks.
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
      }
      return framed(p, { columns: columnsOf(fields, p.language), rows: rows(), truncated: () => truncated });
    },

    async summarize(options, viewer) {
      if (!options.groupBy) throw new BadInputError('a summary needs groupBy');
      const p = prepare(options, viewer);
      const key = groupKeys[options.groupBy];
      const byNumber = 'externalNumber' in key && key.externalNumber;
      // Masked numbers may merge groups after the query: those fold every group.
      const top =
        options.top !== undefined && !byNumber ? await topGroups({ ...options, top: options.top }, p, key) : null;
      if (top) return framed(p, { groupBy: options.groupBy, ...top });
      let rows = await aggregate(options, p, key, byNumber);
      // Numbers that look alike masked are one group: separate groups would tell them apart.
      if (byNumber && !p.reveal)
        rows = rows.map((r) =>
          Number(r.external) === 1 && typeof r.groupKey === 'string'
            ? { ...r, groupKey: maskNumber(r.groupKey, privacy.maskDigits) }
            : r,
        );
      const folded = foldAggregates(rows);
      const groups = rankGroups(folded, options.rankBy ?? 'cost', options.top);
      return framed(p, { groupBy: options.groupBy, groups, totals: totalsOf(folded), groupCount: folded.length });
    },

    async trend(options, viewer) {
      if (!options.interval) throw new BadInputError('a trend needs interval (hour, day, week or month)');
      const p = prepare(options, viewer);
      const bucketing = trendBuckets(options.interval, p.period, p.timeZone);
      const rows = await aggregate(options, p, { sql: bucketing.sql }, false, bucketing);
      const byBucket = new Map<number, AggregateRow[]>();
      for (const row of rows) byBucket.set(Number(row.groupKey), [...(byBucket.get(Number(row.groupKey)) ?? []), row]);
      const folded = [...byBucket.values()].flatMap((r) => mergeCurrencies(r));
      const totals = totalsOf(folded);
      const zero = totals.length === 1 ? totals[0]!.currency : null;
      const points = bucketing.buckets.flatMap((b) => {
        const figures = byBucket.has(b.key) ? mergeCurrencies(byBucket.get(b.key)!) : [emptyFigures(zero)];
        return figures.map((f) => ({ label: b.label, start: b.start, ...f }));
      });
      return framed(p, { interval: options.interval, points, totals });
    },

    async curriDecisions(options, viewer) {
      const p = prepare(options, viewer);
      return framed(p, { decisions: await countDecisionsByReason(db, p.period, p.scope) });
    },

    async earliestCallStart() {
      // One seek at the start of ix_calls_started_at on both engines.
      const [row] = (await db.all('SELECT MIN(started_at) AS first FROM calls', [])) as Array<{ first: unknown }>;
      return row?.first === null || row?.first === undefined ? null : Number(row.first);
    },

    async newestCallDay(username, before) {
      // Backwards along ix_call_summaries_daily_line_user (owner_user_id, started_at), a day's rows summed: deltas
      // of deleted or re-owned calls can leave a day at zero calls.
      const p = (n: number) => (db.dialect === 'sqlite' ? '?' : `$${n}`);
      const rows = (await db.all(
        `SELECT started_at AS day FROM call_summaries_daily_line WHERE owner_user_id = ` +
          `(SELECT id FROM users WHERE username = ${p(1)}) AND started_at < ${p(2)} ` +
          `GROUP BY started_at HAVING SUM(calls) > 0 ORDER BY started_at DESC LIMIT 1`,
        [username, before],
      )) as Array<{ day: unknown }>;
      return rows[0] ? Number(rows[0].day) : null;
    },
  };
}
