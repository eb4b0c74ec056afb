import type { Worker } from 'node:worker_threads';
import type { IngestStore } from './ingest-store.js';
import type { IngestDatabase } from './open-ingest-store.js';
import { startWorkerThread } from '../src/worker-thread.js';

/**
 * The ingest store run by a thread of its own (ingest-store-thread.ts): each
 * call is a message, answered in order. A batch's rows travel as arrays of
 * plain values (structured clone), so commitBatch costs the caller the copy,
 * not the SQL. `close` closes the thread's connection and ends it.
 */
export function createThreadedIngestStore(
  database: IngestDatabase,
  origin: string | undefined,
  resourceLimits: { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number },
): IngestStore & { close(): Promise<void> } {
  const worker: Worker = startWorkerThread(new URL('./ingest-store-thread.ts', import.meta.url), {
    workerData: { database, ...(origin ? { origin } : {}) },
    resourceLimits,
  });
  let nextId = 1;
  const pending = new Map<number, { resolve(value: unknown): void; reject(err: Error): void }>();
  const failAll = (err: Error) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };
  worker.on(
    'message',
    (m: { id: number; value?: unknown; error?: { message: string; name: string; code?: string } }) => {
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (!p) return;
      if (!m.error) return p.resolve(m.value);
      const err = Object.assign(new Error(m.error.message), m.error.code ? { code: m.error.code } : {});
      err.name = m.error.name;
      p.reject(err);
    },
  );
  worker.on('error', (err) => failAll(err));
  worker.on('exit', (code) => failAll(new Error(`the ingest store thread ended (exit code ${code})`)));

  const call = <T>(method: string, arg?: unknown): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ id, method, arg });
    });

  return {
    findFileByChecksum: (checksum) => call('findFileByChecksum', checksum),
    createFile: (entry) => call('createFile', entry),
    commitBatch: (batch) => call('commitBatch', batch),
    findOutgoingLegs: (keys) => call('findOutgoingLegs', keys),
    fileFinished: () => call('fileFinished'),
    async close() {
      const ended = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      await call('close');
      await ended;
    },
  };
}
