import { basename } from 'node:path';
import type { Logger } from 'pino';
import type { Config } from '../src/config/index.js';
import type { EventBus } from '../src/events/index.js';
import type { FileIngestResult, RecordCounts } from './ingest-file.js';
import { createIngestWorker, type IngestProgress } from './ingest-worker-client.js';

export interface IngestFilesOptions {
  config: Config;
  /** The (migrated) database the worker writes to; `schema` for PostgreSQL tests. */
  database: { url: string; schema?: string };
  log: Logger;
  /** Where calls.stored is published after each batch (optional for the CLI). */
  events?: EventBus;
  /** Ledger source name; 'cli' by default. */
  source?: string;
  /**
   * The calling process's change-feed origin: on PostgreSQL, daemons then count the stored calls' spend within a
   * second.
   */
  origin?: string;
  onProgress?(file: { path: string; index: number; count: number }, progress: IngestProgress): void;
  onFileDone?(result: FileIngestResult | { path: string; error: string }): void;
}

export interface IngestFilesSummary {
  files: FileIngestResult[];
  failures: Array<{ path: string; error: string }>;
  /** Records of the files stored in this run (duplicate files are not counted again). */
  records: RecordCounts;
  durationMs: number;
}

/**
 * Stores files at hand through a dedicated ingest worker thread, one after the
 * other, with the same exactly-once rules as the collectors: the CLI's
 * `tollgate ingest` and benchmarks use it. A file that cannot be read is
 * reported and the others proceed.
 */
export async function ingestFiles(paths: string[], options: IngestFilesOptions): Promise<IngestFilesSummary> {
  const started = Date.now();
  const worker = createIngestWorker({
    config: options.config,
    database: options.database,
    log: options.log,
    onCallsStored: (event) => options.events?.emit('calls.stored', event),
    ...(options.origin ? { origin: options.origin } : {}),
  });
  const summary: IngestFilesSummary = {
    files: [],
    failures: [],
    records: { total: 0, stored: 0, duplicate: 0, rejected: 0, skipped: 0 },
    durationMs: 0,
  };
  try {
    for (const [index, path] of paths.entries()) {
      try {
        const result = await worker.ingest({ path, name: basename(path), source: options.source ?? 'cli' }, (p) =>
          options.onProgress?.({ path, index, count: paths.length }, p),
        );
        summary.files.push(result);
        if (result.outcome === 'stored') {
          for (const key of Object.keys(summary.records) as Array<keyof RecordCounts>)
            summary.records[key] += result.records[key];
        }
        options.onFileDone?.(result);
      } catch (err) {
        const failure = { path, error: (err as Error).message };
        summary.failures.push(failure);
        options.onFileDone?.(failure);
      }
    }
  } finally {
    await worker.close();
  }
  summary.durationMs = Date.now() - started;
  return summary;
}
