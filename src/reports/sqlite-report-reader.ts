import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logging/index.js';
import type { ReportDatabase } from './report-database.js';

/**
 * The reader thread, plain JavaScript so it runs the same under tsx, vitest
 * and the built daemon. Its own better-sqlite3 connection, read-only by
 * pragma; WAL lets it read while the ingest worker writes.
 */
const READER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
db.pragma('query_only = ON');
// Reports read large, time-ordered ranges: mapped pages save a system call per page.
db.pragma('mmap_size = 17179869184');
parentPort.on('message', ({ id, sql, values }) => {
  try {
    const statement = db.prepare(sql);
    if (!statement.reader) throw new Error('report queries only read');
    parentPort.postMessage({ id, rows: statement.all(...values) });
  } catch (err) {
    parentPort.postMessage({ id, error: String(err && err.message || err) });
  }
});`;

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
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const pending = new Map<number, Pending>();
  let worker: Worker | null = null;
  let nextId = 1;

  function failAll(err: Error): void {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  }

  function start(): Worker {
    const w = new Worker(READER_SOURCE, { eval: true, workerData: { path: deps.path, driver } });
    w.on('message', (m: { id: number; rows?: Array<Record<string, unknown>>; error?: string }) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (pending.size === 0) w.unref();
      if (m.error !== undefined) p?.reject(new Error(m.error));
      else p?.resolve(m.rows ?? []);
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
        w.postMessage({ id, sql, values });
      });
    },
    async close() {
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}
