import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import type { DataSource } from 'typeorm';
import { runAlone } from '../store/index.js';
import { startWorkerThread } from '../worker-thread.js';
import type { PurgeWorkerAnswer, PurgeWorkerData, PurgeWorkerRequest } from './purge-worker.js';

/** A purge's statements run on a SQLite file by a thread of their own (purge-worker.ts). */
export interface PurgeThread {
  /** Runs one statement (a batch's DELETE) and answers how many rows it changed. */
  run(sql: string, values: unknown[]): Promise<number>;
  /** Ends the thread once its statements are answered. */
  close(): Promise<void>;
}

/**
 * Starts the thread. Each statement runs in a turn of the daemon's connection (runAlone): no unit of work of the
 * daemon is open meanwhile, and the next one waits for the statement here, asynchronously, not in SQLite's busy
 * handler on the event loop.
 */
export function startPurgeThread(dataSource: DataSource, path: string): PurgeThread {
  const workerData: PurgeWorkerData = { path };
  const worker: Worker = startWorkerThread(new URL('./purge-worker.ts', import.meta.url), { workerData });
  const pending = new Map<number, { resolve(changes: number): void; reject(err: Error): void }>();
  let nextId = 1;
  let ended: Error | null = null;
  const failAll = (err: Error) => {
    ended ??= err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  worker.on('message', (answer: PurgeWorkerAnswer) => {
    const p = pending.get(answer.id);
    pending.delete(answer.id);
    if ('error' in answer) p?.reject(new Error(answer.error));
    else p?.resolve(answer.changes);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`the retention purge thread ended (exit code ${code})`)));
  const exited = once(worker, 'exit').then(() => undefined);
  return {
    run: (sql, values) =>
      runAlone(
        dataSource,
        () =>
          new Promise<number>((resolve, reject) => {
            if (ended) return reject(ended);
            const id = nextId++;
            pending.set(id, { resolve, reject });
            worker.postMessage({ id, sql, values } satisfies PurgeWorkerRequest);
          }),
      ),
    async close() {
      if (!ended) worker.postMessage({ end: true } satisfies PurgeWorkerRequest);
      await exited;
    },
  };
}
