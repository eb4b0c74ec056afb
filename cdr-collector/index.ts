/**
 * CDR collector: CUCM CDR/CMR flat files from SFTP sources or a drop folder,
 * parsed, classified, rated and stored exactly once by an ingest worker thread.
 */

/**
 * createCdrCollector({ config, dataSource, events, log, clock }) → start/stop,
 * `status({ recentFiles })` (ledger + live sources: SOAP's GetCdrIngestStatus
 * and /healthz), `live()` and `ingest(request)`. Publishes calls.stored after
 * every committed batch; listens to directory.changed and tariffs.reloaded.
 */
export {
  createCdrCollector,
  databaseOf,
  type CdrCollector,
  type CdrCollectorDeps,
  type LiveIngestStatus,
} from './create-cdr-collector.js';

/**
 * ingestFiles(paths, { config, database, log, events?, onProgress? }) stores files
 * at hand through its own ingest worker thread, one after the other, under the
 * same exactly-once rules (the CLI's `tollgate ingest`, benchmarks).
 */
export { ingestFiles, type IngestFilesOptions, type IngestFilesSummary } from './ingest-files.js';
export type { FileIngestResult, RecordCounts, IngestFileRequest } from './ingest-file.js';
export type { IngestProgress } from './ingest-worker-client.js';

/** The ledger's view of ingest: last call stored, files by status, rejected records, recent files. */
export {
  createIngestStatusReadModel,
  type CdrIngestStatus,
  type IngestStatusReadModel,
} from './ingest-status-read-model.js';
export type { SourceStatus } from './source-status.js';

/**
 * Several daemons on one folder: the claim a source takes on a file before it is stored, and the claim's lease
 * name.
 */
export { claimAlways, fileLeaseName, type ClaimFile } from './claim-file.js';

/** The summaries calls.stored carries, read back for calls another process stored (change-feed topic `calls`). */
export { readStoredCallSummaries } from './stored-call-summaries.js';

/** "SHA256:…" of an SSH host key blob, as OpenSSH prints it (to pin an SFTP source). */
export { hostKeyFingerprint } from './sftp-source.js';
