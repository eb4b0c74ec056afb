import { parentPort, workerData } from 'node:worker_threads';
import { callInsertColumns } from './call-row.js';
import type { LedgerBatch } from './ingest-store.js';
import { openIngestStore, type IngestDatabase } from './open-ingest-store.js';
import { unpackCallRows } from './packed-call-rows.js';
import { threadCpuMs } from './thread-cpu-ms.js';
import type { PackedLedgerBatch } from './threaded-ingest-store.js';

/*
 * The store thread: the ingest worker parses, classifies and rates a batch
 * while this thread commits the one before (issue 18). It owns a connection
 * of its own and runs the ingest store's calls one at a time, in the order
 * they arrive, so a batch commits before the next one's lookups run.
 */
if (!parentPort) throw new Error('ingest-store-thread must run as a worker thread');
const port = parentPort;
const data = workerData as { database: IngestDatabase; origin?: string };
const opened = openIngestStore(data.database, data.origin);
// A failure to open is answered to each call (below); it must not also end the thread unhandled.
opened.catch(() => undefined);

const FILE_ID = callInsertColumns.indexOf('file_id');

/** The batch as the store takes it: its calls unpacked into rows, each with the file's ledger id. */
function unpackLedgerBatch(batch: PackedLedgerBatch): LedgerBatch {
  const calls = unpackCallRows(batch.calls);
  for (const row of calls) row[FILE_ID] = batch.fileId;
  return { ...batch, calls };
}

type Method = 'findFileByChecksum' | 'createFile' | 'commitBatch' | 'findOutgoingLegs' | 'fileFinished';
let queue: Promise<unknown> = Promise.resolve();

port.on('message', (message: { id: number; method: Method | 'close' | 'threadCpuMs'; arg?: unknown }) => {
  queue = queue.then(async () => {
    if (message.method === 'threadCpuMs') return port.postMessage({ id: message.id, value: threadCpuMs() });
    if (message.method === 'close') {
      const { dataSource } = await opened.catch(() => ({ dataSource: null }));
      if (dataSource?.isInitialized) await dataSource.destroy();
      port.postMessage({ id: message.id, value: null });
      port.close();
      return;
    }
    try {
      const { store } = await opened;
      const call = store[message.method] as ((arg: unknown) => Promise<unknown>) | undefined;
      const arg = message.method === 'commitBatch' ? unpackLedgerBatch(message.arg as PackedLedgerBatch) : message.arg;
      const value = call ? await call.call(store, arg) : null;
      port.postMessage({ id: message.id, value: value ?? null });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      port.postMessage({ id: message.id, error: { message: e.message, name: e.name, code: e.code } });
    }
  });
});
