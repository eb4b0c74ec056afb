import { rateCall, ratingFacts, type CallToRate, type RatingFacts, type TariffBook } from '../../tariffs/index.js';
import type { SiteConfig } from '../config/index.js';
import { callTextCodeSql, type CallTextKind } from '../call-layout/index.js';
import type { CallRow } from '../store/index.js';

/**
 * Calls per page: one page's read, rating and write are short, so other modules' transactions get their turn
 * between pages.
 */
export const PAGE = 200;

export const RATING_COLUMNS = [
  'costMinor',
  'currency',
  'tariffPlan',
  'tariffRow',
  'unratedReason',
  'destinationE164',
  'nation',
  'destinationType',
  'destinationName',
] as const;
export type StoredRating = Pick<CallRow, (typeof RATING_COLUMNS)[number]>;

/**
 * A rating column of `calls` as an update writes it: its name, and for a text kept as a code, the kind of call_texts
 * that holds it; for a generated one (call-columns.ts, `stored`: the destination type), its stored column's name
 * and the texts of its codes.
 */
export interface RatingColumn {
  name: string;
  kind?: CallTextKind;
  codes?: readonly string[];
}

/** What rating a stored call reads, and its stored rating (only these: hydrating whole rows cost more than rating). */
export const PAGE_COLUMNS = [
  ...([
    'id',
    'startedAt',
    'connectedAt',
    'answered',
    'durationSeconds',
    'dialledNumber',
    'outpulsedCalledNumber',
  ] as const),
  ...(['carrier', 'gateway', 'site'] as const),
  ...RATING_COLUMNS,
] as const;
export type PageCall = Pick<CallRow, (typeof PAGE_COLUMNS)[number]>;

export interface RatingUpdate {
  id: number;
  values: StoredRating;
}

/** The running totals of a re-rating (all it keeps between pages). */
export interface RerateTotals {
  /** Outgoing and transit calls started in [from, to). */
  examined: number;
  /** Calls whose cost, plan, row, destination or unrated reason changed. */
  changed: number;
  /** Total cost per currency before and after, over the examined calls. */
  before: Record<string, number>;
  after: Record<string, number>;
  unratedBefore: number;
  unratedAfter: number;
}

/** Where a re-rating reads its pages and writes their changes: the page loop is the same on every store. */
export interface RerateStore {
  /** Up to PAGE outgoing and transit calls started in [after.startedAt, to) after `after`, by (started_at, id). */
  readPage(after: { startedAt: number; id: number }, to: number): Promise<PageCall[]>;
  /** The page's changed ratings, all or nothing (one transaction). */
  writePage(updates: RatingUpdate[]): Promise<void>;
}

export interface PageRating {
  book: TariffBook;
  sites: Record<string, SiteConfig>;
  /** Gateways' numbering sites (the collector rates with the gateway's site first). */
  gatewaySites: ReadonlyMap<string, string | null>;
}

/**
 * Re-rates the outgoing and transit calls started in [from, to) (epoch seconds) page by page, the way the
 * collector rated them, writing each page's changes before reading the next; returns the totals.
 */
export async function reratePages(
  store: RerateStore,
  rating: PageRating,
  range: { from: number; to: number },
): Promise<RerateTotals> {
  const totals: RerateTotals = {
    examined: 0,
    changed: 0,
    before: {},
    after: {},
    unratedBefore: 0,
    unratedAfter: 0,
  };
  const fallbackSite = rating.sites.default ?? Object.values(rating.sites)[0];
  // Keyset on (started_at, id): the started_at index walks the range in that order, so a page never sorts the range.
  let after = { startedAt: range.from, id: 0 };
  for (;;) {
    const page = await store.readPage(after, range.to);
    const last = page[page.length - 1];
    if (last === undefined) break;
    after = { startedAt: last.startedAt, id: last.id };
    const updates: RatingUpdate[] = [];
    const siteOfPage = pageSites();
    for (const call of page) {
      totals.examined++;
      add(totals.before, call.currency, call.costMinor);
      if (call.costMinor === null) totals.unratedBefore++;
      const siteName = (call.gateway !== null ? rating.gatewaySites.get(call.gateway) : null) ?? call.site;
      const site = siteOfPage((siteName !== null ? rating.sites[siteName] : undefined) ?? fallbackSite);
      const values =
        site === undefined ? unratedNoSite() : storedRatingOf(ratingFacts(rateCall(inputOf(call, site), rating.book)));
      add(totals.after, values.currency, values.costMinor);
      if (values.costMinor === null) totals.unratedAfter++;
      if (differs(call, values)) updates.push({ id: call.id, values });
    }
    if (updates.length > 0) {
      await store.writePage(updates);
      totals.changed += updates.length;
    }
  }
  return totals;
}

/**
 * The sites one page rates with: a copy of each configured site, made once per page. Classification memoises
 * per site object (up to 64k numbers, kept for the CURRI hot path); rating a year of mostly distinct numbers
 * through that shared memo would promote every answer to the old generation only to drop it a few pages
 * later (old-generation garbage), and leave the memo full of re-rated numbers afterwards. With a
 * copy per page the memo lives and dies with its page in the young generation, and nothing outlives the page.
 */
function pageSites(): (site: SiteConfig | undefined) => SiteConfig | undefined {
  const copies = new Map<SiteConfig, SiteConfig>();
  return (site) => {
    if (site === undefined) return undefined;
    let copy = copies.get(site);
    if (copy === undefined) copies.set(site, (copy = { ...site }));
    return copy;
  };
}

function inputOf(call: PageCall, site: SiteConfig): CallToRate {
  return {
    dialledNumber: call.dialledNumber,
    // The form is not stored: the collector kept the outpulsed number when the CDR had one, else a dialled one.
    numberForm:
      call.dialledNumber !== '' && call.dialledNumber === call.outpulsedCalledNumber ? 'outpulsed' : 'dialled',
    // As the collector: the answer time picks plan and band; an unanswered call costs nothing.
    startedAt: new Date((call.connectedAt ?? call.startedAt) * 1000),
    durationSeconds: call.answered ? call.durationSeconds : 0,
    carrier: call.carrier,
    site,
  };
}

/** The columns exactly as the collector writes them (the plan only when the call is rated). */
export function storedRatingOf(f: RatingFacts): StoredRating {
  return {
    costMinor: f.costMinor,
    currency: f.currency,
    tariffPlan: f.costMinor === null ? null : f.planId,
    tariffRow: f.rowId,
    unratedReason: f.unratedReason,
    destinationE164: f.destinationE164,
    nation: f.nation,
    destinationType: f.destinationType,
    destinationName: f.destinationName,
  };
}

function unratedNoSite(): StoredRating {
  return {
    costMinor: null,
    currency: null,
    tariffPlan: null,
    tariffRow: null,
    unratedReason: 'no-site',
    destinationE164: null,
    nation: null,
    destinationType: null,
    destinationName: null,
  };
}

function differs(call: PageCall, values: StoredRating): boolean {
  return (Object.keys(values) as Array<keyof StoredRating>).some((k) => (call[k] ?? null) !== (values[k] ?? null));
}

function add(totals: Record<string, number>, currency: string | null, minor: number | null): void {
  if (currency !== null && minor !== null) totals[currency] = (totals[currency] ?? 0) + minor;
}

/** The rating values of an update, in RATING_COLUMNS order. */
export function valuesOf(values: StoredRating): unknown[] {
  return RATING_COLUMNS.map((k) => values[k] ?? null);
}

/**
 * SQLite: the whole page in one UPDATE … FROM (VALUES (id, columns…), …) (200 × 10 parameters, well under the
 * limit), given the rating columns in RATING_COLUMNS order; a coded column is set to the code of its text, which
 * pageTexts added first, in the same transaction. Its parameters: pageUpdateValues.
 */
export function pageUpdateSql(columns: readonly RatingColumn[], rows: number): string {
  const sets = columns.map((c, i) => `${c.name} = ${ratingValueSql(c, `v.column${i + 2}`)}`);
  const row = `(${Array.from({ length: columns.length + 1 }, () => '?').join(', ')})`;
  const values = Array.from({ length: rows }, () => row).join(', ');
  return `UPDATE calls SET ${sets.join(', ')} FROM (VALUES ${values}) AS v WHERE calls.id = v.column1`;
}

/**
 * The value a rating column is set to from `valueSql`: the value, for a coded column the code of that text, for one
 * of a closed set its position there (NULL for NULL; a rater gives no other text).
 */
export function ratingValueSql(column: RatingColumn, valueSql: string): string {
  if (column.codes) return `CASE ${valueSql} ${column.codes.map((t, i) => `WHEN '${t}' THEN ${i}`).join(' ')} END`;
  return column.kind ? callTextCodeSql(column.kind, valueSql) : valueSql;
}

/** The page update's parameters: per row its id, then its rating values. */
export function pageUpdateValues(updates: readonly RatingUpdate[]): unknown[] {
  return updates.flatMap((u) => [u.id, ...valuesOf(u.values)]);
}

/**
 * The texts of coded rating columns a page writes, once each, as [kind, text]: the writer adds them to call_texts
 * (`INSERT … ON CONFLICT DO NOTHING`) in the page's transaction, before its update ('' is code 0 already).
 */
export function pageTexts(
  columns: readonly RatingColumn[],
  updates: readonly RatingUpdate[],
): Array<[CallTextKind, string]> {
  const seen = new Map<string, [CallTextKind, string]>();
  for (const u of updates)
    RATING_COLUMNS.forEach((property, i) => {
      const kind = columns[i]?.kind;
      const text = u.values[property];
      if (kind && typeof text === 'string' && text !== '') seen.set(`${kind}\u0000${text}`, [kind, text]);
    });
  return [...seen.values()];
}

/** A page row as read by pageReadSql (rerate-sql.ts): booleans and PostgreSQL's bigint texts as JavaScript values. */
export function pageCallOf(row: Record<string, unknown>): PageCall {
  const epoch = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    ...(row as unknown as PageCall),
    id: Number(row.id),
    startedAt: Number(row.startedAt),
    connectedAt: epoch(row.connectedAt),
    answered: row.answered === 1 || row.answered === true,
  };
}
