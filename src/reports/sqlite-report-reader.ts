import type { Worker } from 'node:worker_threads';
import type { Logger } from '../logging/index.js';
import { startWorkerThread } from '../worker-thread.js';
import type { ReportDatabase } from './report-database.js';
import type { ReportReaderData, ReportReaderReply, ReportReaderRequest } from './report-reader-worker.js';

interface Pending {
  resolve(rows: Array<Record<string, unknown>>): void;
  reject(err: Error): void;
}

export interface SqliteReportReader extends ReportDatabase {
  close(): Promise<void>;
}

/**
 * Report queries on SQLite in a worker thread (docs/style.md §10): better-sqlite3
 * answers synchronously, and a year's summary over millions of calls must not
 * hold the event loop that CURRI answers on. Queries run one after another on
 * the reader's connection; the thread starts with the first query, holds the
 * process open only while a query is pending, and restarts after a crash.
 */
export function createSqliteReportReader(deps: { path: string; log: Logger }): SqliteReportReader {
  const log = deps.log.child({ module: 'reports', part: 'reader' });
  const pending = new Map<number, Pending>();
  let worker: Worker | null = null;
  let nextId = 1;

  function failAll(err: Error): void {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  }

  function start(): Worker {
    const workerData: ReportReaderData = { path: deps.path };
    const w = startWorkerThread(new URL('./report-reader-worker.ts', import.meta.url), { workerData });
    w.on('message', (m: ReportReaderReply) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (pending.size === 0) w.unref();
      if ('error' in m) p?.reject(new Error(m.error));
      else p?.resolve(m.rows);
    });
    w.on('error', (err) => {
      log.error({ err }, 'report reader thread failed; it restarts with the next query');
      failAll(err);
    });
    w.on('exit', () => {
      if (worker === w) worker = null;
      failAll(new Error('the report reader thread stopped'));
    });
    return w;
  }

  return {
    dialect: 'sqlite',
    all(sql, values) {
      worker ??= start();
      const w = worker;
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.ref();
        w.postMessage({ id, sql, values } satisfies ReportReaderRequest);
      });
    },
    async close() {
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}
