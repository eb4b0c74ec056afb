import type { Worker } from 'node:worker_threads';
import type { DataSource } from 'typeorm';
import type { TariffBook } from '../../tariffs/index.js';
import type { SiteConfig } from '../config/index.js';
import { bulkWriteGate, runAlone } from '../store/index.js';
import { startWorkerThread } from '../worker-thread.js';
import type { RerateTotals } from './rerate-page.js';
import { pageReadSql, ratingColumns } from './rerate-sql.js';
import { tariffBookSource } from './tariff-book-source.js';
import type { RerateWorkerData, RerateWorkerMessage, RerateWorkerReply } from './rerate-worker.js';

export interface RerateThreadJob {
  /** The SQLite file (the thread opens a connection of its own). */
  path: string;
  book: TariffBook;
  sites: Record<string, SiteConfig>;
  gatewaySites: ReadonlyMap<string, string | null>;
  /** Epoch seconds, [from, to). */
  from: number;
  to: number;
}

export interface RerateThread {
  totals: Promise<RerateTotals>;
  /** Ends the thread now: `totals` rejects; the pages written so far stay (each one is whole). */
  stop(): Promise<void>;
}

/**
 * Runs a re-rating's pages on a SQLite file in a worker thread (rerate-worker.ts). The daemon's side only
 * answers the thread's call for the bulk write gate before each page's write, on the daemon's data source:
 * the WAL checkpointer that gate waits for lives here.
 */
export function rerateInThread(dataSource: DataSource, job: RerateThreadJob): RerateThread {
  const workerData: RerateWorkerData = {
    path: job.path,
    book: tariffBookSource(job.book),
    sites: job.sites,
    gatewaySites: [...job.gatewaySites],
    from: job.from,
    to: job.to,
    readSql: pageReadSql(),
    ratingColumns: ratingColumns(),
  };
  const worker: Worker = startWorkerThread(new URL('./rerate-worker.ts', import.meta.url), { workerData });
  let stopped = false;
  let pageWritten: (() => void) | undefined;
  const endTurn = () => {
    pageWritten?.();
    pageWritten = undefined;
  };
  // A page's write runs in a turn of the daemon's connection (runAlone): no unit of work of the daemon is open
  // meanwhile, and the next one waits for it here, asynchronously, rather than in SQLite's busy handler, whose
  // sleeps grow to 100 ms however soon the lock frees.
  const writeInTurn = () =>
    runAlone(
      dataSource,
      () =>
        new Promise<void>((resolve) => {
          pageWritten = resolve;
          worker.postMessage({ type: 'go' } satisfies RerateWorkerReply);
        }),
    );
  const totals = new Promise<RerateTotals>((resolve, reject) => {
    worker.on('message', (m: RerateWorkerMessage) => {
      if (m.type === 'gate') {
        void bulkWriteGate(dataSource).then(writeInTurn);
      } else if (m.type === 'written') {
        endTurn();
      } else if (m.type === 'done') {
        resolve(m.totals);
      } else {
        reject(new Error(`re-rating failed: ${m.error}`));
      }
    });
    worker.on('error', (err) => {
      endTurn();
      reject(err);
    });
    worker.on('exit', (code) => {
      endTurn();
      reject(new Error(stopped ? 're-rating stopped' : `the re-rating thread ended early (exit code ${code})`));
    });
  });
  return {
    totals,
    async stop() {
      stopped = true;
      await worker.terminate();
    },
  };
}
