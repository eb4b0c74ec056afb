import { mergeCurrencies, type AggregateFigures } from './fold-aggregates.js';
import type { Language } from '../i18n/index.js';
import { inSentence, reportLanguage, reportTexts } from './report-language.js';
import { figureTextKeys, groupTextKeys, intervalTextKeys } from './report-text-keys.js';
import type { ReportOptions } from './report-options-schema.js';
import type { ReportService } from './report-service.js';
import { CURRENCY_KEY, tableOf, type ReportColumn, type ReportRow, type ReportTable } from './report-table.js';
import type { ReportViewer } from './report-viewer.js';

const FIGURE_TYPES: Array<[key: string, type: ReportColumn['type']]> = [
  ['calls', 'integer'],
  ['answered', 'integer'],
  ['unanswered', 'integer'],
  ['duration', 'duration'],
  ['cost', 'money'],
  ['averageCost', 'money'],
  ['currency', 'text'],
];

/** The figure columns of a summary or trend, headed in `lang`. */
function figureColumns(lang: Language): ReportColumn[] {
  const t = reportTexts(lang);
  return FIGURE_TYPES.map(([key, type]) => ({ key, label: t(figureTextKeys[key]!), type }));
}

function figureCells(f: AggregateFigures): ReportRow {
  return {
    calls: f.calls,
    answered: f.answered,
    unanswered: f.unanswered,
    duration: f.durationSeconds,
    cost: f.costMinor,
    averageCost: f.averageCostMinor,
    currency: f.currency,
    [CURRENCY_KEY]: f.currency,
  };
}

/** Passes a call list's rows on while adding up calls, duration and cost per currency. */
function countCalls(rows: AsyncIterable<ReportRow>): { rows: AsyncIterable<ReportRow>; figures(): AggregateFigures[] } {
  const sums = new Map<
    string | null,
    {
      currency: string | null;
      calls: number;
      answered: number;
      durationSeconds: number;
      costMinor: number;
      ratedCalls: number;
    }
  >();
  return {
    rows: (async function* () {
      for await (const row of rows) {
        const currency = (row[CURRENCY_KEY] as string | null) ?? null;
        const sum = sums.get(currency) ?? {
          currency,
          calls: 0,
          answered: 0,
          durationSeconds: 0,
          costMinor: 0,
          ratedCalls: 0,
        };
        sum.calls += 1;
        sum.durationSeconds += Number(row.duration ?? 0);
        sum.costMinor += Number(row.cost ?? 0);
        sums.set(currency, sum);
        yield row;
      }
    })(),
    figures: () => mergeCurrencies([...sums.values()]),
  };
}

/**
 * One totals row per currency under a call list: the count in the first text column, duration and cost under
 * theirs.
 */
function callTotalRows(columns: ReportColumn[], figures: AggregateFigures[], lang: Language): ReportRow[] {
  const labelKey = columns.find((c) => c.type === 'text')?.key;
  return figures.map((f) => {
    const row: ReportRow = {
      [CURRENCY_KEY]: f.currency,
      duration: f.durationSeconds,
      cost: f.costMinor,
      currency: f.currency,
    };
    if (labelKey) row[labelKey] = reportTexts(lang)('totalCalls', { count: f.calls });
    return row;
  });
}

/** The default title of a report that names none, in `lang`. */
export function defaultTitle(options: ReportOptions, lang: Language = 'en'): string {
  const t = reportTexts(lang);
  if (options.kind === 'summary' && options.groupBy)
    return t('title.costBy', { group: inSentence(t(groupTextKeys[options.groupBy]), lang) });
  if (options.kind === 'trend' && options.interval)
    return t('title.callsAndCostBy', { interval: inSentence(t(intervalTextKeys[options.interval]!), lang) });
  return t('title.callList');
}

/**
 * Runs a report of any kind and shapes it as a table for the renderers:
 * a call list streams; a summary or trend is small and comes whole, with a
 * totals row per currency. Its words (headings, totals, notes, the default
 * title) are in the viewer's language, as the filter is.
 */
export async function buildReportTable(
  reports: ReportService,
  options: ReportOptions,
  viewer: ReportViewer,
  title?: string,
): Promise<ReportTable> {
  const lang = reportLanguage(viewer);
  const t = reportTexts(lang);
  const heading = title ?? options.title ?? defaultTitle(options, lang);
  if (options.kind === 'calls') {
    const stream = reports.streamCalls(options, viewer);
    const totals = options.totals ? countCalls(stream.rows) : undefined;
    return {
      title: heading,
      language: lang,
      filter: stream.filter,
      timeZone: stream.timeZone,
      period: stream.period,
      columns: stream.columns,
      rows: totals?.rows ?? stream.rows,
      trailer: () => ({
        totals: totals ? callTotalRows(stream.columns, totals.figures(), lang) : [],
        notes: stream.truncated() ? [t('note.truncated')] : [],
      }),
    };
  }
  if (options.kind === 'summary') {
    const report = await reports.summarize(options, viewer);
    const label = t(groupTextKeys[report.groupBy]);
    const notes =
      options.top && report.groupCount > report.groups.length
        ? [t('note.topGroups', { shown: report.groups.length, total: report.groupCount })]
        : [];
    return tableOf(
      {
        title: heading,
        language: lang,
        filter: report.filter,
        timeZone: report.timeZone,
        period: report.period,
        columns: [{ key: 'group', label, type: 'text', ...groupWords(report.groupBy) }, ...figureColumns(lang)],
      },
      report.groups.map((g) => ({ group: g.label, ...figureCells(g) })),
      { totals: report.totals.map((f) => ({ group: t('total'), ...figureCells(f) })), notes },
    );
  }
  const report = await reports.trend(options, viewer);
  const label = report.interval === 'week' ? t('weekFrom') : t(intervalTextKeys[report.interval]!);
  return tableOf(
    {
      title: heading,
      language: lang,
      filter: report.filter,
      timeZone: report.timeZone,
      period: report.period,
      columns: [{ key: 'period', label, type: 'text' }, ...figureColumns(lang)],
    },
    report.points.map((p) => ({ period: p.label, ...figureCells(p) })),
    { totals: report.totals.map((f) => ({ period: t('total'), ...figureCells(f) })) },
  );
}

/** The word set of a summary's groups, when documents for people translate them (ReportColumn.words). */
function groupWords(groupBy: string): Pick<ReportColumn, 'words'> {
  return groupBy === 'direction' || groupBy === 'destinationType' ? { words: groupBy } : {};
}
