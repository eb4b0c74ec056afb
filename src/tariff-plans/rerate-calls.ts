import type { Logger } from 'pino';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import { rateCall, ratingFacts, type CallToRate, type RatingFacts, type TariffBook } from '../../tariffs/index.js';
import type { SiteConfig } from '../config/index.js';
import type { EventBus } from '../events/index.js';
import { callEntity, type CallRow } from '../store/index.js';

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

const PAGE = 500;

type StoredRating = Pick<
  CallRow,
  'costMinor' | 'currency' | 'tariffPlan' | 'tariffRow' | 'unratedReason' | 'destinationE164' | 'nation' | 'destinationType' | 'destinationName'
>;

/**
 * Re-rates stored outgoing and transit calls started in [from, to) with a
 * book, the way the collector rated them (dialled number, numbering site,
 * the carrier stored with the call, answer time, connected seconds), and
 * updates the rows that change, page by page (short transactions, the event
 * loop served between pages). Publishes calls.rerated once all is committed,
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

async function rerateCalls(deps: CallRerateDeps, book: TariffBook, range: { from: Date; to: Date }): Promise<RerateSummary> {
  const repo = deps.dataSource.getRepository<CallRow>(callEntity.options.name);
  const gatewaySites = await deps.gatewaySites();
  const fallbackSite = deps.sites.default ?? Object.values(deps.sites)[0];
  const summary: RerateSummary = { from: range.from.toISOString(), to: range.to.toISOString(), examined: 0, changed: 0, before: {}, after: {}, unratedBefore: 0, unratedAfter: 0 };
  const from = Math.floor(range.from.getTime() / 1000);
  const to = Math.ceil(range.to.getTime() / 1000);
  let lastId = 0;
  for (;;) {
    const page = await repo
      .createQueryBuilder('c')
      .where('c.started_at >= :from AND c.started_at < :to AND c.id > :lastId', { from, to, lastId })
      .andWhere('c.direction IN (:...directions)', { directions: ['outgoing', 'transit'] })
      .orderBy('c.id', 'ASC')
      .take(PAGE)
      .getMany();
    if (page.length === 0) break;
    lastId = page[page.length - 1]?.id ?? lastId;
    const updates: Array<{ id: number; values: StoredRating }> = [];
    for (const call of page) {
      summary.examined++;
      add(summary.before, call.currency, call.costMinor);
      if (call.costMinor === null) summary.unratedBefore++;
      const siteName = (call.gateway !== null ? gatewaySites.get(call.gateway) : null) ?? call.site;
      const site = (siteName !== null ? deps.sites[siteName] : undefined) ?? fallbackSite;
      const values = site === undefined ? unratedNoSite() : columnsOf(ratingFacts(rateCall(inputOf(call, site), book)));
      add(summary.after, values.currency, values.costMinor);
      if (values.costMinor === null) summary.unratedAfter++;
      if (differs(call, values)) updates.push({ id: call.id, values });
    }
    if (updates.length > 0) {
      await deps.dataSource.transaction(async (manager) => {
        for (const u of updates) await manager.update(callEntity.options.name, { id: u.id }, u.values);
      });
      summary.changed += updates.length;
    }
    await yieldToLoop();
  }
  deps.log.info({ ...summary }, 'calls re-rated');
  deps.events.emit('calls.rerated', { from: range.from, to: range.to, count: summary.changed });
  return summary;
}

function inputOf(call: CallRow, site: SiteConfig): CallToRate {
  return {
    dialledNumber: call.dialledNumber,
    // The form is not stored: the collector kept the outpulsed number when the CDR had one, else a dialled one.
    numberForm: call.dialledNumber !== '' && call.dialledNumber === call.outpulsedCalledNumber
      ? 'outpulsed'
      : 'dialled',
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
  return { costMinor: null, currency: null, tariffPlan: null, tariffRow: null, unratedReason: 'no-site', destinationE164: null, nation: null, destinationType: null, destinationName: null };
}

function differs(call: CallRow, values: StoredRating): boolean {
  return (Object.keys(values) as Array<keyof StoredRating>).some((k) => (call[k] ?? null) !== (values[k] ?? null));
}

function add(totals: Record<string, number>, currency: string | null, minor: number | null): void {
  if (currency !== null && minor !== null) totals[currency] = (totals[currency] ?? 0) + minor;
}
