import type { Worker } from 'node:worker_threads';
import type { DataSource } from 'typeorm';
import { startWorkerThread } from '../src/worker-thread.js';
import { createCurriDecisionStore, decisionValues } from './curri-decision-store.js';
import type { DecisionRecord } from './decision-recorder.js';
import type { DecisionWriterReply, DecisionWriterRequest } from './decision-writer-worker.js';

export interface DecisionWriter {
  write(records: DecisionRecord[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * Where recorded decisions are written. SQLite runs on the calling thread and
 * waits (busy_timeout) while another connection, such as the CDR ingest
 * worker, holds the write lock: on a SQLite file the writes therefore go
 * through a worker thread with its own connection. PostgreSQL (asynchronous)
 * and in-memory SQLite (not shareable) are written from here.
 */
export function createDecisionWriter(dataSource: DataSource): DecisionWriter {
  const options = dataSource.options as { type: string; database?: string };
  if (options.type !== 'better-sqlite3' || !options.database || options.database === ':memory:') {
    const store = createCurriDecisionStore(dataSource);
    return { write: (records) => store.insertMany(records), close: async () => undefined };
  }
  const url = `sqlite:${options.database}`;
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<number, { resolve(): void; reject(err: Error): void }>();

  function ensureWorker(): Worker {
    if (worker) return worker;
    const w = startWorkerThread(new URL('./decision-writer-worker.ts', import.meta.url), { workerData: { url } });
    worker = w;
    w.unref();
    w.on('message', (reply: DecisionWriterReply) => {
      const job = pending.get(reply.id);
      pending.delete(reply.id);
      if (reply.ok) job?.resolve();
      else job?.reject(new Error(reply.message));
    });
    w.on('exit', (code) => {
      if (worker === w) worker = null;
      for (const job of pending.values()) job.reject(new Error(`decision writer ended (exit code ${code})`));
      pending.clear();
    });
    return w;
  }

  return {
    write(records) {
      const w = ensureWorker();
      const id = nextId++;
      return new Promise<void>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        w.postMessage({ id, rows: JSON.stringify(records.map(decisionValues)) } satisfies DecisionWriterRequest);
      });
    },
    async close() {
      const w = worker;
      worker = null;
      if (w) await w.terminate();
    },
  };
}
