import { once } from 'node:events';
import { Worker } from 'node:worker_threads';

/**
 * Another connection to a SQLite file takes its write lock (BEGIN IMMEDIATE) and keeps it for `ms`, from a
 * thread of its own, as the ingest or a re-rating page would. Resolves once the lock is held, with a promise
 * of its release.
 */
export async function holdSqliteWriteLock(file: string, ms: number): Promise<{ released: Promise<unknown> }> {
  const holder = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const db = new (require('better-sqlite3'))(workerData.file);
     db.exec('BEGIN IMMEDIATE');
     parentPort.postMessage('holding');
     setTimeout(() => { db.exec('ROLLBACK'); db.close(); }, workerData.ms);`,
    { eval: true, workerData: { file, ms } },
  );
  await once(holder, 'message');
  return { released: once(holder, 'exit') };
}
