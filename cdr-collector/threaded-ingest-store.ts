import type { Worker } from 'node:worker_threads';
import type { BatchOutcome, IngestStore, LedgerBatch } from './ingest-store.js';
import type { IngestDatabase } from './open-ingest-store.js';
import { packedCallRowsTransfer, type PackedCallRows } from './packed-call-rows.js';
import { startWorkerThread } from '../src/worker-thread.js';

/** A batch as the parse thread hands it over: its calls packed (the store thread unpacks them into rows). */
export type PackedLedgerBatch = Omit<LedgerBatch, 'calls'> & { calls: PackedCallRows };

/** The ingest store as the parse thread reaches it: the same calls, batches packed. */
export interface IngestStoreClient extends Omit<IngestStore, 'commitBatch'> {
  commitBatch(batch: PackedLedgerBatch): Promise<BatchOutcome>;
  /**
   * Whether the store takes a call's detail as SQLite's JSONB bytes (writeCallRow's `detailAsJsonb`): it then binds
   * them as they are, without converting and parsing a JSON text. PostgreSQL's COPY takes the JSON text.
   */
  readonly detailAsJsonb?: boolean;
}

/**
 * The ingest store run by a thread of its own (ingest-store-thread.ts): each
 * call is a message, answered in order. A batch's calls travel packed in
 * transferred buffers (packed-call-rows.ts): handing them over costs the
 * caller neither the SQL nor a structured clone of every value. `close`
 * closes the thread's connection and ends it.
 */
export function createThreadedIngestStore(
  database: IngestDatabase,
  origin: string | undefined,
  resourceLimits: { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number },
): IngestStoreClient & { close(): Promise<void>; threadCpuMs(): Promise<number | null> } {
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

  const call = <T>(method: string, arg?: unknown, transfer: ArrayBuffer[] = []): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ id, method, arg }, transfer);
    });

  return {
    detailAsJsonb: database.url.startsWith('sqlite:'),
    findFileByChecksum: (checksum) => call('findFileByChecksum', checksum),
    createFile: (entry) => call('createFile', entry),
    commitBatch: (batch) => call('commitBatch', batch, packedCallRowsTransfer(batch.calls)),
    findOutgoingLegs: (keys) => call('findOutgoingLegs', keys),
    fileFinished: () => call('fileFinished'),
    threadCpuMs: () => call('threadCpuMs'),
    async close() {
      const ended = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      await call('close');
      await ended;
    },
  };
}
