/**
 * CDR collector: CUCM CDR/CMR flat files from SFTP sources or a drop folder,
 * parsed, classified, rated and stored exactly once by an ingest worker thread.
 */
export { ingestFiles, type IngestFilesOptions, type IngestFilesSummary } from './ingest-files.js';
export type { FileIngestResult, RecordCounts, IngestFileRequest } from './ingest-file.js';
