import type { Config } from '../src/config/index.js';
import type { DirectorySnapshot } from '../src/directory/index.js';
import type { FileIngestResult, IngestFileRequest } from './ingest-file.js';
import type { PackedStoredCalls } from './packed-stored-calls.js';

/** What the ingest worker is started with (structured-cloned). */
export interface IngestWorkerData {
  config: Config;
  /** The database the worker opens its own connection to; `schema` for PostgreSQL tests. */
  database: { url: string; schema?: string };
  /** Shared with the daemon's busy monitor: the worker pauses between batches while it reads 1 (ingest-pacing.ts). */
  busyFlag?: SharedArrayBuffer;
  /**
   * The change-feed origin of the process the worker stores for: on PostgreSQL each batch announces its calls under
   * it.
   */
  origin?: string;
  /** Heap bounds of the store thread the worker starts (ingest-store-thread.ts). */
  storeLimits: { maxOldGenerationSizeMb: number; maxYoungGenerationSizeMb: number };
}

export type ToWorker =
  | { type: 'ingest'; id: number; request: IngestFileRequest }
  /** The directory to classify by: the first before any file, a newer one taken before the next batch. */
  | { type: 'directory'; snapshot: DirectorySnapshot }
  /** The directory could not be read when the worker started: it refuses its files with this reason. */
  | { type: 'directory-failed'; message: string }
  /** Tariff plans were reloaded: rebuild the rater before the next batch. */
  | { type: 'tariffs-reloaded' }
  /** Finish the current batch, close the database, exit. */
  | { type: 'close' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'init-failed'; message: string }
  /** A batch's stored calls: its buffers are transferred (packed-stored-calls.ts). */
  | { type: 'stored'; fileName: string; calls: PackedStoredCalls }
  | { type: 'progress'; id: number; bytesRead: number; sizeBytes: number; records: number }
  | { type: 'done'; id: number; result: FileIngestResult }
  | { type: 'failed'; id: number; message: string; code?: string }
  | { type: 'log'; line: string }
  | { type: 'closed' };
