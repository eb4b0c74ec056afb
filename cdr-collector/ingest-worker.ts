import { setPriority } from 'node:os';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { pino } from 'pino';
import { systemClock } from '../src/clock.js';
import type { DirectorySnapshot } from '../src/directory/index.js';
import type { CallRater } from './call-rater.js';
import type { ClassifyContext } from './classify-call.js';
import { createDetailTextCodes } from './detail-text-codes.js';
import { createDirectoryIndex } from './directory-index.js';
import { ingestFile, IngestInterruptedError, type IngestFileRequest } from './ingest-file.js';
import { createIngestPacer } from './ingest-pacing.js';
import type { FromWorker, IngestWorkerData, ToWorker } from './ingest-worker-protocol.js';
import { packedStoredCallsTransfer } from './packed-stored-calls.js';
import { loadTariffRater } from './tariff-rater.js';
import { threadCpuMs } from './thread-cpu-ms.js';
import { createThreadedIngestStore, type IngestStoreClient } from './threaded-ingest-store.js';

/*
 * The ingest worker thread: the directory snapshot the daemon sends it, its own
 * rater, and a store thread with its own database connection (SQLite in WAL
 * mode, or PostgreSQL); one file at a time. The daemon's event loop never
 * parses, rates or writes a CDR. This thread opens no database itself, so it
 * loads no ORM: it starts sooner and holds less memory (issue 18).
 */
if (!parentPort) throw new Error('ingest-worker must run as a worker thread');
const port = parentPort;
const data = workerData as IngestWorkerData;
try {
  // On Linux this lowers this thread (and the store thread it starts) only: on a busy machine, answering
  // CUCM (CURRI) and phones on the main thread comes before catching up on CDRs; on an idle one it costs
  // nothing. With cdr.yieldWhenBusy off it keeps its priority. `tollgate ingest` keeps the setting's default (on):
  // on a host it shares with a daemon, that daemon's CURRI comes first.
  if (data.busyFlag) setPriority(10);
} catch {
  // Not permitted here: the ingest runs at normal priority.
}
const post = (message: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
const log = pino(
  { level: data.config.logging.level, base: { module: 'cdr-ingest' } },
  { write: (line: string) => post({ type: 'log', line }) },
);

let store: ReturnType<typeof createThreadedIngestStore> | undefined;
/** Codes of detail texts the store answered: they hold for this worker's database, so they outlive a file. */
const detailCodes = createDetailTextCodes();
let context: ClassifyContext;
let rater: CallRater | undefined;
let tariffsStale = false;
/** A directory the daemon sent since the last batch: taken before the next. */
let newerDirectory: DirectorySnapshot | null = null;
let firstDirectory!: { resolve(snapshot: DirectorySnapshot): void; reject(err: Error): void };
let directoryArrived = false;
/** The directory the daemon sends first, before any file (init waits for it). */
const firstDirectoryRead = new Promise<DirectorySnapshot>((resolve, reject) => {
  firstDirectory = { resolve, reject };
});
firstDirectoryRead.catch(() => undefined);
const queue: Array<{ id: number; request: IngestFileRequest }> = [];
let busy = false;
let closing = false;
const stopping = new AbortController();

function useDirectory(snapshot: DirectorySnapshot): void {
  const directory = createDirectoryIndex(snapshot, { pstnDevicePatterns: data.config.cdr.pstnDevicePatterns });
  context = { directory, isInternalNumber: (number, site) => (rater as CallRater).isInternalNumber(number, site) };
  log.debug({ lines: snapshot.lines.length, gateways: snapshot.gateways.length }, 'directory snapshot loaded');
}

async function loadRater(): Promise<void> {
  tariffsStale = false;
  const loaded = await loadTariffRater(data.config);
  if (loaded.problem === null) {
    rater = loaded.rater;
    return;
  }
  if (rater) {
    log.warn({ problem: loaded.problem }, 'tariff plans did not reload; calls keep being rated by the plans in use');
    return;
  }
  log.error(
    { problem: loaded.problem },
    'tariff plans did not load: external calls are stored unrated (no-plan) until they do',
  );
  rater = loaded.rater;
}

const pacer = createIngestPacer(data.busyFlag);
let batchStartedAt = performance.now();
/** Time the file in hand has paused for a busy daemon so far (reset per file). */
let pausedMs = 0;

/** Between batches: take pending messages, give way to a busy daemon, then apply refreshes the messages asked for. */
async function breathe(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  const pause = pacer.pauseAfter(performance.now() - batchStartedAt);
  if (pause > 0) {
    await sleep(pause);
    pausedMs += pause;
  }
  if (tariffsStale) await loadRater();
  if (newerDirectory) {
    useDirectory(newerDirectory);
    newerDirectory = null;
  }
  batchStartedAt = performance.now();
}

async function drain(): Promise<void> {
  if (busy) return;
  busy = true;
  try {
    await initialized;
  } catch (err) {
    for (const job of queue.splice(0))
      post({ type: 'failed', id: job.id, message: `ingest worker could not start: ${(err as Error).message}` });
    busy = false;
    return;
  }
  try {
    while (queue.length > 0 && !closing) {
      const job = queue.shift() as { id: number; request: IngestFileRequest };
      let lastProgress = 0;
      try {
        // The file's first batch has not worked yet: the time since the last batch (the worker's start, an idle
        // spell) earns no pause. Before, a file arriving while the daemon was busy waited up to 2 s for nothing.
        batchStartedAt = performance.now();
        pausedMs = 0;
        await breathe();
        const cpuBefore = await cpuOfThreads();
        const result = await ingestFile(job.request, {
          store: store as IngestStoreClient,
          classifyContext: () => context,
          rater: () => rater as CallRater,
          detailCodes,
          batchSize: data.config.cdr.batchSize,
          rejectLimits: {
            quarantineShare: data.config.cdr.quarantineRejectShare,
            quarantineMinRecords: data.config.cdr.quarantineMinLines,
            maxStoredPerFile: data.config.cdr.maxStoredRejectsPerFile,
          },
          clock: systemClock,
          log,
          onCallsStored: (fileName, calls) =>
            post({ type: 'stored', fileName, calls }, packedStoredCallsTransfer(calls)),
          onProgress: (p) => {
            const now = Date.now();
            if (now - lastProgress < 200) return;
            lastProgress = now;
            post({ type: 'progress', id: job.id, ...p });
          },
          breathe,
          signal: stopping.signal,
        });
        const cpu = cpuSince(cpuBefore, await cpuOfThreads());
        post({ type: 'done', id: job.id, result: { ...result, ...(pausedMs > 0 ? { pausedMs } : {}), ...cpu } });
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        const file = job.request.name ?? job.request.path;
        // Stopping mid-file is expected at shutdown; a missing or unreadable file is the sender's to fix.
        if (err instanceof IngestInterruptedError) log.info({ file }, e.message);
        else if (e.code === 'ENOENT' || e.code === 'EACCES' || e.code === 'EISDIR')
          log.warn({ err: e, file }, 'file could not be read');
        else log.error({ err: e, file }, 'file could not be ingested');
        post({ type: 'failed', id: job.id, message: e.message, ...(e.code ? { code: e.code } : {}) });
      }
    }
  } finally {
    busy = false;
  }
  if (closing) await shutdown();
}

/** This (parse) thread's and the store thread's CPU so far, ms, where Linux tells. */
async function cpuOfThreads(): Promise<{ parse: number | null; store: number | null }> {
  return { parse: threadCpuMs(), store: (await store?.threadCpuMs()) ?? null };
}

function cpuSince(
  before: { parse: number | null; store: number | null },
  after: { parse: number | null; store: number | null },
): { threadCpuMs?: { parse: number; store: number } } {
  if (before.parse === null || after.parse === null || before.store === null || after.store === null) return {};
  return { threadCpuMs: { parse: after.parse - before.parse, store: after.store - before.store } };
}

async function shutdown(): Promise<void> {
  await store?.close().catch((err: Error) => log.warn({ err }, 'ingest store thread did not close cleanly'));
  post({ type: 'closed' });
  port.close();
}

async function init(): Promise<void> {
  // Batches commit on a thread of their own while this one reads, classifies and rates the next.
  store = createThreadedIngestStore(data.database, data.origin, data.storeLimits);
  await loadRater();
  useDirectory(await firstDirectoryRead);
}

port.on('message', (message: ToWorker) => {
  if (closing && message.type === 'ingest') {
    post({ type: 'failed', id: message.id, message: 'the ingest worker is closing' });
    return;
  }
  switch (message.type) {
    case 'ingest':
      queue.push({ id: message.id, request: message.request });
      void drain();
      break;
    case 'directory':
      if (directoryArrived) newerDirectory = message.snapshot;
      else firstDirectory.resolve(message.snapshot);
      directoryArrived = true;
      break;
    case 'directory-failed':
      firstDirectory.reject(new Error(`the directory could not be read: ${message.message}`));
      break;
    case 'tariffs-reloaded':
      tariffsStale = true;
      break;
    case 'close':
      closing = true;
      stopping.abort();
      if (!busy) void shutdown();
      break;
  }
});

const initialized = init();
initialized.then(
  () => post({ type: 'ready' }),
  (err: Error) => post({ type: 'init-failed', message: err.message }),
);
