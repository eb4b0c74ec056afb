import type { Logger } from 'pino';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { DataSource } from 'typeorm';
import type { TariffBook } from '../../tariffs/index.js';
import type { SiteConfig } from '../config/index.js';
import type { EventBus } from '../events/index.js';
import { bulkWriteGate, callTextCodes, sqliteFileOf } from '../store/index.js';
import {
  pageCallOf,
  pageTexts,
  pageUpdateSql,
  pageUpdateValues,
  reratePages,
  ratingValueSql,
  valuesOf,
  type RatingColumn,
  type RerateStore,
  type RerateTotals,
} from './rerate-page.js';
import { pageReadSql, ratingColumns } from './rerate-sql.js';
import { rerateInThread, type RerateThread } from './rerate-thread.js';

export interface CallRerateDeps {
  dataSource: DataSource;
  events: EventBus;
  log: Logger;
  sites: Record<string, SiteConfig>;
  /** Gateways' numbering sites now (the collector rates with the gateway's site first). */
  gatewaySites: () => Promise<Map<string, string | null>>;
}

export interface RerateSummary extends RerateTotals {
  from: string;
  to: string;
}

/**
 * Re-rates stored outgoing and transit calls started in [from, to) with a
 * book, the way the collector rated them (dialled number, numbering site,
 * the carrier stored with the call, answer time, connected seconds), and
 * updates the rows that change, page by page (one short transaction each,
 * the bulk write gate before each: bulkWriteGate). On a SQLite file the pages
 * run in a worker thread on a connection of its own, so the daemon's event
 * loop and its connection stay free; on PostgreSQL (asynchronous I/O) they run
 * here. Publishes calls.rerated once all is committed, so budgets recompute
 * their spend from the calls.
 */
export interface CallRerater {
  rerate(book: TariffBook, range: { from: Date; to: Date }): Promise<RerateSummary>;
  /** Ends a re-rating under way (its promise rejects; the pages written stay): the daemon stops. */
  stop(): Promise<void>;
}

export function createCallRerater(deps: CallRerateDeps): CallRerater {
  let running: Promise<RerateSummary> | null = null;
  let thread: RerateThread | null = null;
  let stopped = false;
  return {
    async rerate(book, range) {
      // One re-rating at a time: two would race on the same rows and announce twice.
      while (running !== null) await running.catch(() => undefined);
      if (stopped) throw new Error('re-rating stopped: the daemon is stopping');
      running = rerateCalls(deps, book, range, (t) => (thread = t));
      try {
        return await running;
      } finally {
        running = null;
        thread = null;
      }
    },
    async stop() {
      stopped = true;
      await thread?.stop();
    },
  };
}

async function rerateCalls(
  deps: CallRerateDeps,
  book: TariffBook,
  range: { from: Date; to: Date },
  started: (thread: RerateThread) => void,
): Promise<RerateSummary> {
  const gatewaySites = await deps.gatewaySites();
  const from = Math.floor(range.from.getTime() / 1000);
  const to = Math.ceil(range.to.getTime() / 1000);
  const path = sqliteFileOf(deps.dataSource);
  let totals: RerateTotals;
  if (path !== undefined) {
    const thread = rerateInThread(deps.dataSource, { path, book, sites: deps.sites, gatewaySites, from, to });
    started(thread);
    totals = await thread.totals;
  } else {
    const rating = { book, sites: deps.sites, gatewaySites };
    totals = await reratePages(inProcessStore(deps.dataSource), rating, { from, to });
  }
  const summary: RerateSummary = { from: range.from.toISOString(), to: range.to.toISOString(), ...totals };
  deps.log.info({ ...summary }, 'calls re-rated');
  deps.events.emit('calls.rerated', { from: range.from, to: range.to, count: summary.changed });
  return summary;
}

/** The file of a SQLite data source, which a thread can open too; undefined on PostgreSQL and in memory. */
/**
 * The pages through the daemon's data source: PostgreSQL, whose I/O is asynchronous (the event loop runs while
 * a statement does), and an in-memory SQLite database, which no other connection can open. The event loop is
 * served between the steps of each page.
 */
function inProcessStore(dataSource: DataSource): RerateStore {
  const sqlite = dataSource.options.type !== 'postgres';
  const placeholder = sqlite ? () => '?' : (i: number) => `$${i}`;
  const readSql = pageReadSql(placeholder);
  const columns = ratingColumns();
  const updateSql = ratingUpdateSql(columns, placeholder);
  return {
    async readPage(after, to) {
      await yieldToLoop();
      const rows = (await dataSource.query(readSql, [after.startedAt, to, after.startedAt, after.id])) as Array<
        Record<string, unknown>
      >;
      return rows.map(pageCallOf);
    },
    async writePage(updates) {
      await yieldToLoop();
      // The WAL grown by the pages so far is checkpointed while this waits, not while a lock change does.
      await bulkWriteGate(dataSource);
      // One short transaction per page: a lock change waits for one page at most, never for the whole range.
      await dataSource.transaction(async (manager) => {
        // New texts of coded columns first, in the page's transaction (rolled back with it).
        for (const [kind, text] of pageTexts(columns, updates)) await callTextCodes(manager, kind, [text]);
        // On SQLite the transaction holds the one connection: one statement for the page keeps it short.
        if (sqlite) {
          await manager.query(pageUpdateSql(columns, updates.length), pageUpdateValues(updates));
          return;
        }
        for (const u of updates) await manager.query(updateSql, [...valuesOf(u.values), u.id]);
      });
    },
  };
}

/** One prepared UPDATE of the rating columns by id (the same text every time, so the driver caches the statement). */
function ratingUpdateSql(columns: readonly RatingColumn[], placeholder: (index: number) => string): string {
  const sets = columns.map((c, i) => `${c.name} = ${ratingValueSql(c, placeholder(i + 1))}`);
  return `UPDATE calls SET ${sets.join(', ')} WHERE id = ${placeholder(columns.length + 1)}`;
}
