import type { Language } from '../i18n/index.js';
import type { ColumnType } from './call-fields.js';

export type CellValue = string | number | boolean | null;

/** One output row by column key. Money cells are minor units; `__currency` names their currency. */
export type ReportRow = Record<string, CellValue>;

/** The row key holding the currency of the row's money cells (not itself a column). */
export const CURRENCY_KEY = '__currency';

export interface ReportColumn {
  key: string;
  label: string;
  type: ColumnType;
  /**
   * The column holds words of a closed set that documents for people translate (CSV keeps them): a summary's group
   * column when it groups by direction or destination type. A call list's `direction` and `destinationType`
   * columns are known by their keys.
   */
  words?: WordSet;
}

/** The closed sets of words a report translates for people. */
export type WordSet = 'direction' | 'destinationType';

/** What follows the rows: totals, and notes such as "stopped at the maximum number of calls". */
export interface ReportTrailer {
  totals: ReportRow[];
  notes: string[];
}

/**
 * A report ready to render: a title, the filter in words, the columns, and
 * the rows as a stream (a call list can be millions of rows: it is read from
 * the database chunk by chunk as the renderer consumes it). `trailer()` is
 * valid once the rows have been consumed.
 */
export interface ReportTable {
  title: string;
  /** The language of the title, filter, headings and notes: the writers' own words follow it (absent: English). */
  language?: Language;
  filter: string[];
  timeZone: string;
  /** The period covered, epoch seconds with `to` exclusive (for mail texts: [[PERIOD]]). */
  period?: { from: number; to: number };
  columns: ReportColumn[];
  rows: AsyncIterable<ReportRow>;
  trailer(): ReportTrailer;
}

/** A table whose rows are already in memory (summaries, trends, read models). */
export function tableOf(
  head: Omit<ReportTable, 'rows' | 'trailer'>,
  rows: ReportRow[],
  trailer: Partial<ReportTrailer> = {},
): ReportTable {
  return {
    ...head,
    rows: (async function* () {
      yield* rows;
    })(),
    trailer: () => ({ totals: trailer.totals ?? [], notes: trailer.notes ?? [] }),
  };
}
