// Worker thread entry: a re-rating's pages on a SQLite file (read a page of calls, rate it, update what
// changed) on the thread's own better-sqlite3 connection, so none of its synchronous statements holds the
// daemon's event loop or its connection (docs/architecture.md, Store). See rerate-thread.ts for the other side.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type { SiteConfig } from '../config/index.js';
import {
  pageCallOf,
  pageTexts,
  pageUpdateSql,
  pageUpdateValues,
  reratePages,
  type RatingColumn,
  type RatingUpdate,
  type RerateStore,
  type RerateTotals,
} from './rerate-page.js';
import { rebuildTariffBook, type TariffBookSource } from './tariff-book-source.js';

/** The slice of better-sqlite3's API the thread uses. */
interface Connection {
  pragma(statement: string): unknown;
  prepare(sql: string): { all(...values: unknown[]): unknown[]; run(...values: unknown[]): unknown };
  transaction<F extends (...args: never[]) => unknown>(fn: F): F & { immediate: F };
  close(): void;
}

export interface RerateWorkerData {
  path: string;
  book: TariffBookSource;
  sites: Record<string, SiteConfig>;
  gatewaySites: Array<[string, string | null]>;
  /** Epoch seconds, [from, to). */
  from: number;
  to: number;
  /** The page read (rerate-sql.ts: the store's column names, which this thread does not load). */
  readSql: string;
  /** The rating columns, in RATING_COLUMNS order (rerate-sql.ts). */
  ratingColumns: RatingColumn[];
}

/**
 * Thread → daemon: before each page's write, the bulk write gate and a turn of the daemon's connection; after it,
 * that the turn may end; at the end, the totals or why it stopped.
 */
export type RerateWorkerMessage =
  { type: 'gate' } | { type: 'written' } | { type: 'done'; totals: RerateTotals } | { type: 'failed'; error: string };
/** Daemon → thread: the gate let it through, and no unit of work of the daemon is open until 'written'. */
export type RerateWorkerReply = { type: 'go' };

const port = parentPort;
if (port) {
  const data = workerData as RerateWorkerData;
  const Database = createRequire(import.meta.url)('better-sqlite3') as new (
    path: string,
    options: { fileMustExist: boolean },
  ) => Connection;
  let db: Connection | undefined;
  let letThrough: (() => void) | undefined;
  port.on('message', (m: RerateWorkerReply) => {
    if (m.type === 'go') letThrough?.();
  });
  const gate = () =>
    new Promise<void>((resolve) => {
      letThrough = resolve;
      port.postMessage({ type: 'gate' } satisfies RerateWorkerMessage);
    });
  const run = async (): Promise<RerateTotals> => {
    const book = rebuildTariffBook(data.book);
    const connection = (db = new Database(data.path, { fileMustExist: true }));
    // Wait for another writer's lock rather than fail, longer than the daemon's connection does: a daemon's
    // transaction may be long (a directory file is one), and waiting here holds no event loop. The daemon's
    // checkpointer copies the WAL (this thread pays for its share at the gate), so no checkpoint runs inside our
    // commits.
    connection.pragma('busy_timeout = 60000');
    connection.pragma('synchronous = NORMAL');
    connection.pragma('foreign_keys = ON');
    connection.pragma('journal_size_limit = 16777216');
    connection.pragma('wal_autocheckpoint = 0');
    const read = connection.prepare(data.readSql);
    const updates = new Map<number, { run(...values: unknown[]): unknown }>();
    const addText = connection.prepare('INSERT INTO call_texts (kind, text) VALUES (?, ?) ON CONFLICT DO NOTHING');
    // BEGIN IMMEDIATE: the write lock is taken (or waited for) before the page's statement, never midway.
    const write = connection.transaction((page: RatingUpdate[]) => {
      for (const [kind, text] of pageTexts(data.ratingColumns, page)) addText.run(kind, text);
      let update = updates.get(page.length);
      if (update === undefined)
        updates.set(page.length, (update = connection.prepare(pageUpdateSql(data.ratingColumns, page.length))));
      update.run(pageUpdateValues(page));
    });
    const store: RerateStore = {
      readPage: async (after, to) =>
        (read.all(after.startedAt, to, after.startedAt, after.id) as Array<Record<string, unknown>>).map(pageCallOf),
      async writePage(page) {
        await gate();
        try {
          write.immediate(page);
        } finally {
          port.postMessage({ type: 'written' } satisfies RerateWorkerMessage);
        }
      },
    };
    return reratePages(store, { book, sites: data.sites, gatewaySites: new Map(data.gatewaySites) }, data);
  };
  const end = (message: RerateWorkerMessage) => {
    db?.close();
    port.postMessage(message);
    port.unref(); // nothing more to wait for: the thread ends
  };
  run().then(
    (totals) => end({ type: 'done', totals }),
    (err: unknown) => end({ type: 'failed', error: err instanceof Error ? err.message : String(err) }),
  );
}
