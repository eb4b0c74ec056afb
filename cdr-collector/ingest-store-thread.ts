import { parentPort, workerData } from 'node:worker_threads';
import { callInsertColumns } from './call-row.js';
import type { LedgerBatch } from './ingest-store.js';
import { openIngestStore, type IngestDatabase } from './open-ingest-store.js';
import { unpackCallRows } from './packed-call-rows.js';
import { threadCpuMs } from './thread-cpu-ms.js';
import type { PackedLedgerBatch } from './threaded-ingest-store.js';

/*
 * The store thread: the ingest worker parses, classifies and rates batches
 * while this thread commits the ones before (issue 18). It owns a connection
 * of its own and runs the ingest store's calls one at a time, in the order
 * they arrive, so a batch commits before the next one's lookups run; batches
 * that queued up meanwhile commit together (commitGroup).
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
interface Message {
  id: number;
  method: Method | 'close' | 'threadCpuMs';
  arg?: unknown;
}
/**
 * Batches committed together at most: bounds a transaction's rows (and how long it holds the write lock).
 * Each line's day is added to its rollup row once per group, and a hot index page written once: groups of
 * 8 (16,000 calls at the default batch size) took the store thread about 7 % less CPU than groups of 4, for
 * about 5 MB more peak RSS (1M records, six interleaved pairs of runs, issue 18).
 * CURRI never waits for this lock: its decisions queue for their writer (curri/decision-recorder.ts).
 */
const GROUP_MAX = 8;

const answerError = (id: number, err: unknown): void => {
  const e = err as NodeJS.ErrnoException;
  port.postMessage({ id, error: { message: e.message, name: e.name, code: e.code } });
};

/**
 * The file whose batch failed to commit: its later batches, sent before the failure was known, are refused,
 * since one committed after the failed one would move the ledger past lines that were never stored. A new
 * attempt at a file starts with a ledger look-up, which lifts the refusal.
 */
let failedFile: number | null = null;
const refusal = (fileId: number): Error | null =>
  fileId === failedFile ? new Error(`an earlier batch of ledger entry ${fileId} failed: not committed`) : null;

async function handle(message: Message): Promise<void> {
  if (message.method === 'findFileByChecksum' || message.method === 'createFile') failedFile = null;
  if (message.method === 'threadCpuMs') return port.postMessage({ id: message.id, value: threadCpuMs() });
  if (message.method === 'close') {
    await (await opened.catch(() => null))?.close();
    port.postMessage({ id: message.id, value: null });
    port.close();
    return;
  }
  try {
    const { store } = await opened;
    const call = store[message.method] as ((arg: unknown) => Promise<unknown>) | undefined;
    const value = call ? await call.call(store, message.arg) : null;
    port.postMessage({ id: message.id, value: value ?? null });
  } catch (err) {
    answerError(message.id, err);
  }
}

/**
 * Batches that queued up while the last commit ran: committed in one transaction where the store can
 * (SQLite), else one by one. Each is answered with its own outcome; a failed transaction fails all of them.
 */
async function commitGroup(messages: Message[]): Promise<void> {
  const group: Array<{ id: number; batch: PackedLedgerBatch }> = [];
  for (const m of messages) {
    const batch = m.arg as PackedLedgerBatch;
    const refused = refusal(batch.fileId);
    if (refused) answerError(m.id, refused);
    else group.push({ id: m.id, batch });
  }
  const failed = (err: unknown, of: typeof group): void => {
    failedFile = (of[0] as (typeof group)[number]).batch.fileId;
    for (const m of of) answerError(m.id, err);
  };
  try {
    const { store } = await opened;
    if (store.commitBatches && group.length > 1) {
      const outcomes = await store.commitBatches(group.map((m) => unpackLedgerBatch(m.batch)));
      group.forEach((m, i) => port.postMessage({ id: m.id, value: outcomes[i] }));
      return;
    }
    for (let i = 0; i < group.length; i++) {
      const m = group[i] as (typeof group)[number];
      const refused = refusal(m.batch.fileId);
      if (refused) {
        answerError(m.id, refused);
        continue;
      }
      try {
        port.postMessage({ id: m.id, value: await store.commitBatch(unpackLedgerBatch(m.batch)) });
      } catch (err) {
        failed(err, [m]);
      }
    }
  } catch (err) {
    if (group.length > 0) failed(err, group);
  }
}

/** Commits started and not answered yet, when the store lets commits overlap (IngestStore.overlappingCommits). */
const overlapping = new Set<Promise<void>>();

/** How many commits the store lets run at once (1 when it cannot open: each call is then answered its failure). */
const overlapLimit = (): Promise<number> => opened.then(({ store }) => store.overlappingCommits ?? 1).catch(() => 1);

/** Starts the batch's commit once fewer than `limit` run; answered when it ends (the store keeps their order). */
async function startCommit(message: Message, limit: number): Promise<void> {
  while (overlapping.size >= limit) await Promise.race(overlapping);
  const batch = message.arg as PackedLedgerBatch;
  const refused = refusal(batch.fileId);
  if (refused) return answerError(message.id, refused);
  const { store } = await opened;
  const commit: Promise<void> = store
    .commitBatch(unpackLedgerBatch(batch))
    .then(
      (value) => port.postMessage({ id: message.id, value }),
      (err: unknown) => {
        failedFile = batch.fileId;
        answerError(message.id, err);
      },
    )
    .finally(() => overlapping.delete(commit));
  overlapping.add(commit);
}

// Messages run one at a time, in the order they arrive. The inbox drains on setImmediate, after the event
// loop has delivered every message that arrived meanwhile: batches sent while a commit ran are then all there.
const inbox: Message[] = [];
let draining = false;
async function drain(): Promise<void> {
  for (let message = inbox.shift(); message; message = inbox.shift()) {
    const limit = await overlapLimit();
    if (message.method === 'commitBatch' && limit > 1) {
      await startCommit(message, limit);
      continue;
    }
    // Anything else runs after every commit started before it.
    while (overlapping.size > 0) await Promise.all(overlapping);
    if (message.method !== 'commitBatch') {
      await handle(message);
      continue;
    }
    const group = [message];
    while (group.length < GROUP_MAX && inbox[0]?.method === 'commitBatch') group.push(inbox.shift() as Message);
    await commitGroup(group);
  }
  draining = false;
}

port.on('message', (message: Message) => {
  inbox.push(message);
  if (draining) return;
  draining = true;
  setImmediate(() => void drain());
});
