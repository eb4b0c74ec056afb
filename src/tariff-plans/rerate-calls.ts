import type { Logger } from 'pino';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import { rateCall, ratingFacts, type CallToRate, type RatingFacts, type TariffBook } from '../../tariffs/index.js';
import type { SiteConfig } from '../config/index.js';
import type { EventBus } from '../events/index.js';
import { bulkWriteGate, callEntity, type CallRow } from '../store/index.js';

export interface CallRerateDeps {
  dataSource: DataSource;
  events: EventBus;
  log: Logger;
  sites: Record<string, SiteConfig>;
  /** Gateways' numbering sites now (the collector rates with the gateway's site first). */
  gatewaySites: () => Promise<Map<string, string | null>>;
}

export interface RerateSummary {
  from: string;
  to: string;
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

/**
 * Calls per page: one page's read, rating and write are short, so other modules' transactions get their turn
 * between pages.
 */
const PAGE = 200;

const RATING_COLUMNS = [
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
type StoredRating = Pick<CallRow, (typeof RATING_COLUMNS)[number]>;

/** What rating a stored call reads, and its stored rating (only these: hydrating whole rows cost more than rating). */
const PAGE_COLUMNS = [
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
type PageCall = Pick<CallRow, (typeof PAGE_COLUMNS)[number]>;

/**
 * Re-rates stored outgoing and transit calls started in [from, to) with a
 * book, the way the collector rated them (dialled number, numbering site,
 * the carrier stored with the call, answer time, connected seconds), and
 * updates the rows that change, page by page (short transactions, the event
 * loop served between pages, the WAL checkpoint waited for between pages when
 * it is due: bulkWriteGate). Publishes calls.rerated once all is committed,
 * so budgets recompute their spend from the calls.
 */
export interface CallRerater {
  rerate(book: TariffBook, range: { from: Date; to: Date }): Promise<RerateSummary>;
}

export function createCallRerater(deps: CallRerateDeps): CallRerater {
  let running: Promise<RerateSummary> | null = null;
  return {
    async rerate(book, range) {
      // One re-rating at a time: two would race on the same rows and announce twice.
      while (running !== null) await running.catch(() => undefined);
      running = rerateCalls(deps, book, range);
      try {
        return await running;
      } finally {
        running = null;
      }
    },
  };
}

async function rerateCalls(
  deps: CallRerateDeps,
  book: TariffBook,
  range: { from: Date; to: Date },
): Promise<RerateSummary> {
  const repo = deps.dataSource.getRepository<CallRow>(callEntity.options.name);
  const gatewaySites = await deps.gatewaySites();
  const fallbackSite = deps.sites.default ?? Object.values(deps.sites)[0];
  const summary: RerateSummary = {
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    examined: 0,
    changed: 0,
    before: {},
    after: {},
    unratedBefore: 0,
    unratedAfter: 0,
  };
  const from = Math.floor(range.from.getTime() / 1000);
  const to = Math.ceil(range.to.getTime() / 1000);
  const sqlite = deps.dataSource.options.type !== 'postgres';
  const updateSql = ratingUpdateSql(sqlite ? () => '?' : (i) => `$${i}`);
  // Keyset on (started_at, id): the started_at index walks the range in that order, so a page never sorts the range.
  let after = { startedAt: from, id: 0 };
  for (;;) {
    const page = (await repo
      .createQueryBuilder('c')
      .select(PAGE_COLUMNS.map((column) => `c.${column}`))
      .where('c.started_at >= :at AND c.started_at < :to', { at: after.startedAt, to })
      .andWhere('(c.started_at > :at OR c.id > :id)', { id: after.id })
      .andWhere('c.direction IN (:...directions)', { directions: ['outgoing', 'transit'] })
      .orderBy('c.started_at', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .take(PAGE)
      .getMany()) as PageCall[];
    const last = page[page.length - 1];
    if (last === undefined) break;
    after = { startedAt: last.startedAt, id: last.id };
    const updates: Array<{ id: number; values: StoredRating }> = [];
    const siteOfPage = pageSites();
    for (const call of page) {
      summary.examined++;
      add(summary.before, call.currency, call.costMinor);
      if (call.costMinor === null) summary.unratedBefore++;
      const siteName = (call.gateway !== null ? gatewaySites.get(call.gateway) : null) ?? call.site;
      const site = siteOfPage((siteName !== null ? deps.sites[siteName] : undefined) ?? fallbackSite);
      const values = site === undefined ? unratedNoSite() : columnsOf(ratingFacts(rateCall(inputOf(call, site), book)));
      add(summary.after, values.currency, values.costMinor);
      if (values.costMinor === null) summary.unratedAfter++;
      if (differs(call, values)) updates.push({ id: call.id, values });
    }
    await yieldToLoop();
    if (updates.length > 0) {
      // The WAL grown by the pages so far is checkpointed while this waits, not while a lock change does.
      await bulkWriteGate(deps.dataSource);
      // One short transaction per page: a lock change waits for one page at most, never for the whole range.
      await deps.dataSource.transaction(async (manager) => {
        // On SQLite the transaction holds the one connection: one statement for the page keeps it short.
        if (sqlite) {
          await manager.query(
            pageUpdateSql(updates.length),
            updates.flatMap((u) => [u.id, ...valuesOf(u.values)]),
          );
          return;
        }
        for (const u of updates) await manager.query(updateSql, [...valuesOf(u.values), u.id]);
      });
      summary.changed += updates.length;
    }
    await yieldToLoop();
  }
  deps.log.info({ ...summary }, 'calls re-rated');
  deps.events.emit('calls.rerated', { from: range.from, to: range.to, count: summary.changed });
  return summary;
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
function columnsOf(f: RatingFacts): StoredRating {
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

/** One prepared UPDATE of the rating columns by id (the same text every time, so the driver caches the statement). */
function ratingUpdateSql(placeholder: (index: number) => string): string {
  const meta = callEntity.options.columns;
  const sets = RATING_COLUMNS.map((k, i) => `${String(meta[k]?.name)} = ${placeholder(i + 1)}`);
  return `UPDATE calls SET ${sets.join(', ')} WHERE id = ${placeholder(RATING_COLUMNS.length + 1)}`;
}

function valuesOf(values: StoredRating): unknown[] {
  return RATING_COLUMNS.map((k) => values[k] ?? null);
}

/**
 * SQLite: the whole page in one UPDATE … FROM (VALUES (id, columns…), …) (200 × 10 parameters, well under the
 * limit).
 */
function pageUpdateSql(rows: number): string {
  const meta = callEntity.options.columns;
  const sets = RATING_COLUMNS.map((k, i) => `${String(meta[k]?.name)} = v.column${i + 2}`);
  const row = `(${Array.from({ length: RATING_COLUMNS.length + 1 }, () => '?').join(', ')})`;
  const values = Array.from({ length: rows }, () => row).join(', ');
  return `UPDATE calls SET ${sets.join(', ')} FROM (VALUES ${values}) AS v WHERE calls.id = v.column1`;
}

function add(totals: Record<string, number>, currency: string | null, minor: number | null): void {
  if (currency !== null && minor !== null) totals[currency] = (totals[currency] ?? 0) + minor;
}
