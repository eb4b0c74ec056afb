// Worker thread entry: a retention purge's DELETE statements on a SQLite file, on the thread's own better-sqlite3
// connection. A batch of 500 calls takes 10-25 ms in SQLite (each deleted call's triggers take it out of the summaries
// and rollups); run on the daemon's connection, that held the event loop CURRI answers on, and CURRI's p99 rose to
// 24 ms (median of 57 runs; 66 ms the worst) while 1M calls were purged (`npm run bench -- curri`; 10 and 13 ms from
// this thread). See purge-thread.ts for the daemon's side.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import { prepareSqliteConnection } from '../sqlite-connection/index.js';

/** The slice of better-sqlite3's API the thread uses. */
interface Connection {
  pragma(statement: string): unknown;
  prepare(sql: string): { run(...values: unknown[]): { changes: number } };
  close(): void;
}

export interface PurgeWorkerData {
  /** The SQLite file. */
  path: string;
}

/** Daemon → thread: run one statement now (the daemon holds a turn of its connection meanwhile), or end. */
export type PurgeWorkerRequest = { id: number; sql: string; values: unknown[] } | { end: true };

/** Thread → daemon: the rows the statement changed, or why it failed. */
export type PurgeWorkerAnswer = { id: number; changes: number } | { id: number; error: string };

const port = parentPort;
if (port) {
  const { path } = workerData as PurgeWorkerData;
  const Database = createRequire(import.meta.url)('better-sqlite3') as new (
    path: string,
    options: { fileMustExist: boolean },
  ) => Connection;
  const db = new Database(path, { fileMustExist: true });
  // The daemon's checkpointer copies the WAL (the purge waits at its bulk write gate); waiting for another writer's
  // lock holds no event loop here, so wait longer than the daemon's connection does.
  prepareSqliteConnection(db, 'background');
  db.pragma('busy_timeout = 60000');
  const statements = new Map<string, ReturnType<Connection['prepare']>>();
  port.on('message', (m: PurgeWorkerRequest) => {
    if ('end' in m) {
      db.close();
      port.close(); // nothing more to wait for: the thread ends
      return;
    }
    let answer: PurgeWorkerAnswer;
    try {
      let statement = statements.get(m.sql);
      if (statement === undefined) statements.set(m.sql, (statement = db.prepare(m.sql)));
      answer = { id: m.id, changes: statement.run(...m.values).changes };
    } catch (err) {
      answer = { id: m.id, error: err instanceof Error ? err.message : String(err) };
    }
    port.postMessage(answer);
  });
}
