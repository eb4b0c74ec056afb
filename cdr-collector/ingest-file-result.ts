import type { CdrFileKind, CdrFileRow, CdrFileStatus } from '../src/store/index.js';
import type { NewLedgerEntry } from './ingest-store.js';

export interface RecordCounts {
  total: number;
  stored: number;
  duplicate: number;
  rejected: number;
  skipped: number;
}

export interface FileIngestResult {
  fileId: number | null;
  name: string;
  source: string;
  sizeBytes: number;
  checksum: string;
  kind: CdrFileKind;
  /**
   * stored: read to the end now; duplicate: this content was already stored (or quarantined) before; quarantined:
   * refused whole.
   */
  outcome: 'stored' | 'duplicate' | 'quarantined';
  /**
   * Counts of the whole file as the ledger holds them (a resumed file includes its earlier batches); all 0 for a
   * duplicate.
   */
  records: RecordCounts;
  reason: string;
  /** The line a crashed earlier attempt had committed through; 0 for a fresh file. */
  resumedAfterLine: number;
  durationMs: number;
  /** The longest batch transaction of this run, ms: how long a daemon write could wait behind it. */
  longestBatchMs: number;
  /** Time this run paused between batches for a busy daemon (ingest-pacing.ts), ms. */
  pausedMs?: number;
  /** CPU time this file cost the ingest's parse thread and its store thread, ms (Linux; measured by the worker). */
  threadCpuMs?: { parse: number; store: number };
}

/** What is known of a delivered file before its records are read. */
export interface DeliveredFile {
  name: string;
  source: string;
  sizeBytes: number;
  checksum: string;
  /** The cluster id for records that carry none. */
  clusterId: string;
  /** Epoch ms when this run started. */
  startedAt: number;
}

/** The file's ledger entry as this run creates it. */
export function ledgerEntryOf(
  file: DeliveredFile,
  kind: CdrFileKind,
  status: CdrFileStatus,
  reason: string,
  finishedAt: number | null,
): NewLedgerEntry {
  const { source, name, sizeBytes, checksum, clusterId } = file;
  return { source, name, sizeBytes, checksum, kind, clusterId, status, reason, receivedAt: file.startedAt, finishedAt };
}

/** The result of a run, with the counts the ledger holds (or this run's, for a duplicate or no entry). */
export function fileIngestResult(
  file: DeliveredFile,
  outcome: FileIngestResult['outcome'],
  entry: CdrFileRow | null,
  run: { counts: RecordCounts; reason: string; resumedAfterLine: number; longestBatchMs: number; now: number },
): FileIngestResult {
  return {
    fileId: entry?.id ?? null,
    name: file.name,
    source: file.source,
    sizeBytes: file.sizeBytes,
    checksum: file.checksum,
    kind: entry?.kind ?? 'unknown',
    outcome,
    // A duplicate stored nothing now: its counts are this run's zeros, not the first delivery's.
    records: entry && outcome !== 'duplicate' ? ledgerCounts(entry) : run.counts,
    reason: run.reason,
    resumedAfterLine: run.resumedAfterLine,
    durationMs: run.now - file.startedAt,
    longestBatchMs: Math.round(run.longestBatchMs),
  };
}

function ledgerCounts(entry: CdrFileRow): RecordCounts {
  return {
    total: entry.recordsTotal,
    stored: entry.recordsStored,
    duplicate: entry.recordsDuplicate,
    rejected: entry.recordsRejected,
    skipped: entry.recordsSkipped,
  };
}
