import type { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import type { Config } from '../src/config/index.js';
import type { DirectorySnapshot } from '../src/directory/index.js';
import type { CallsStoredEvent } from '../src/events/index.js';
import { startWorkerThread } from '../src/worker-thread.js';
import type { FileIngestResult, IngestFileRequest } from './ingest-file.js';
import { createBusyFlag, startBusyMonitor } from './ingest-pacing.js';
import type { FromWorker, IngestWorkerData, ToWorker } from './ingest-worker-protocol.js';
import { unpackStoredCalls } from './packed-stored-calls.js';

export interface IngestProgress {
  bytesRead: number;
  sizeBytes: number;
  records: number;
}

export interface IngestWorkerOptions {
  config: Config;
  database: { url: string; schema?: string };
  log: Logger;
  /** Called on the caller's thread after each committed batch (the worker never re-reads them). */
  onCallsStored(event: CallsStoredEvent): void;
  /**
   * The directory the worker classifies calls by, read on the caller's thread when the worker starts and after each
   * directoryChanged(). The worker then opens no ORM of its own: its start-up and memory are smaller (issue 18).
   */
  directory(): Promise<DirectorySnapshot>;
  /**
   * On PostgreSQL, each batch also appends its call ids to the change feed under this origin (other daemons count
   * the spend).
   */
  origin?: string;
}

/** The daemon's handle on the ingest worker thread. Files queue and are stored one at a time. */
export interface IngestWorker {
  ingest(request: IngestFileRequest, onProgress?: (progress: IngestProgress) => void): Promise<FileIngestResult>;
  /** Starts the worker thread now (its store thread, plans and directory) rather than on the first file. */
  start(): void;
  directoryChanged(): void;
  tariffsReloaded(): void;
  /** Lets the current file's batch finish, then closes the worker's connection and ends it. */
  close(): Promise<void>;
}

export class IngestWorkerError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'IngestWorkerError';
  }
}

const levelNames: Record<number, 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal'> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

/**
 * A bounded heap: ingest allocates fast and keeps little (one batch, caches),
 * and V8 would otherwise let garbage pile up to hundreds of MB before a full
 * collection. Bounding it keeps the daemon's resident memory flat; the bound
 * grows with the batch, which is held whole until it commits (about 2 KB a row).
 */
function workerLimits(batchSize: number) {
  return {
    maxOldGenerationSizeMb: Math.max(128, 64 + Math.ceil((batchSize * 4) / 1024)),
    maxYoungGenerationSizeMb: 16,
  };
}

function spawnWorker(data: IngestWorkerData): Worker {
  const options = { workerData: data, resourceLimits: workerLimits(data.config.cdr.batchSize) };
  return startWorkerThread(new URL('./ingest-worker.ts', import.meta.url), options);
}

/**
 * Starts the worker on first use and restarts it if it dies; jobs in flight when it dies fail (the ledger lets them
 * resume).
 */
export function createIngestWorker(options: IngestWorkerOptions): IngestWorker {
  const log = options.log;
  let worker: Worker | null = null;
  let nextId = 1;
  const pending = new Map<
    number,
    { resolve(r: FileIngestResult): void; reject(e: Error): void; onProgress?: (p: IngestProgress) => void }
  >();
  let closing: Promise<void> | null = null;
  const busyFlag = options.config.cdr.yieldWhenBusy ? createBusyFlag() : undefined;
  let busyMonitor: { stop(): void } | null = null;

  const forwardLog = (line: string) => {
    try {
      const {
        level,
        msg,
        time: _time,
        pid: _pid,
        hostname: _host,
        ...fields
      } = JSON.parse(line) as Record<string, unknown>;
      const name = levelNames[level as number] ?? 'info';
      log[name](fields, typeof msg === 'string' ? msg : '');
    } catch {
      log.info(line.trim());
    }
  };

  function ensureWorker(): Worker {
    if (worker) return worker;
    const w = spawnWorker({
      config: options.config,
      database: options.database,
      storeLimits: workerLimits(options.config.cdr.batchSize),
      ...(busyFlag ? { busyFlag } : {}),
      ...(options.origin ? { origin: options.origin } : {}),
    });
    worker = w;
    if (busyFlag) busyMonitor ??= startBusyMonitor(busyFlag);
    w.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'stored':
          options.onCallsStored({ fileName: message.fileName, calls: unpackStoredCalls(message.calls) });
          break;
        case 'progress':
          pending.get(message.id)?.onProgress?.(message);
          break;
        case 'done':
          pending.get(message.id)?.resolve(message.result);
          pending.delete(message.id);
          break;
        case 'failed':
          pending.get(message.id)?.reject(new IngestWorkerError(message.message, message.code));
          pending.delete(message.id);
          break;
        case 'init-failed':
          log.error({ reason: message.message }, 'ingest worker could not start');
          break;
        case 'log':
          forwardLog(message.line);
          break;
        default:
          break;
      }
    });
    sendDirectory(w, true);
    w.on('error', (err) => log.error({ err }, 'ingest worker crashed'));
    w.on('exit', (code) => {
      if (worker === w) worker = null;
      busyMonitor?.stop();
      busyMonitor = null;
      if (pending.size > 0) {
        if (!closing)
          log.error(
            { code, files: pending.size },
            'ingest worker ended with files in flight; they resume on their next delivery',
          );
        for (const job of pending.values())
          job.reject(new IngestWorkerError(`ingest worker ended (exit code ${code})`));
        pending.clear();
      }
    });
    return w;
  }

  const send = (message: ToWorker) => worker?.postMessage(message);

  /** The reads in turn: a newer directory is never overtaken by an older read that took longer. */
  let directoryReads = Promise.resolve();
  /**
   * Reads the directory and sends it to the worker `w`. The first read failing fails the worker's start (its files
   * are refused with the reason); a later one leaves the worker on the directory it has.
   */
  const sendDirectory = (w: Worker, first: boolean): void => {
    directoryReads = directoryReads.then(() =>
      options.directory().then(
        (snapshot) => w.postMessage({ type: 'directory', snapshot } satisfies ToWorker),
        (err: unknown) => {
          const message = (err as Error).message;
          if (first) w.postMessage({ type: 'directory-failed', message } satisfies ToWorker);
          else log.warn({ err }, 'the directory could not be read: the ingest keeps classifying by the one it has');
        },
      ),
    );
  };

  return {
    ingest(request, onProgress) {
      if (closing) return Promise.reject(new IngestWorkerError('the ingest worker is closing'));
      const w = ensureWorker();
      const id = nextId++;
      return new Promise<FileIngestResult>((resolve, reject) => {
        pending.set(id, { resolve, reject, ...(onProgress ? { onProgress } : {}) });
        // After the directory reads asked for before it: a change announced before a file applies to that file.
        void directoryReads.then(() => w.postMessage({ type: 'ingest', id, request } satisfies ToWorker));
      });
    },
    start() {
      if (!closing) ensureWorker();
    },
    directoryChanged() {
      if (worker) sendDirectory(worker, false);
    },
    tariffsReloaded: () => send({ type: 'tariffs-reloaded' }),
    close() {
      closing ??= (async () => {
        const w = worker;
        if (!w) return;
        const ended = new Promise<void>((resolve) => w.once('exit', () => resolve()));
        w.postMessage({ type: 'close' } satisfies ToWorker);
        await ended;
      })();
      return closing;
    },
  };
}
