import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Logger } from 'pino';
import type { Clock } from '../src/clock.js';
import type { StoredCallSummary } from '../src/events/index.js';
import type { CdrFileKind, CdrFileRow, CdrFileStatus } from '../src/store/index.js';
import type { CallRater } from './call-rater.js';
import { createBatchBuilder, type PendingBatch } from './batch-builder.js';
import { callInsertColumns, summariseCallRow, type CallRowValues } from './call-row.js';
import type { ClassifyContext } from './classify-call.js';
import type { CsvRecordView } from './csv-tokenizer.js';
import { checkTypesLine, readCucmHeader } from './cucm-columns.js';
import { parseCucmFileName } from './cucm-conversions.js';
import type { BatchOutcome, IngestStore, NewLedgerEntry } from './ingest-store.js';
import { createOutgoingLegMemory, type OutgoingLegMemory } from './outgoing-legs.js';
import { createCdrRecordReader, type CallRecord, type ParsedCdr } from './parse-cdr-record.js';
import { createCmrRecordReader, type LegQualityRecord, type ParsedCmr } from './parse-cmr-record.js';
import { fileChecksum, readCucmFile } from './read-cucm-file.js';
import { printable } from '../src/logging/index.js';

export interface IngestFileRequest {
  path: string;
  /** The name the file was delivered under (defaults to the path's base name). */
  name?: string;
  /** 'drop-folder', 'sftp:<name>', 'cli'. */
  source: string;
  /** Cluster id for records that carry none; else the file name's, else ''. */
  clusterId?: string;
}

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
}

export interface IngestFileDeps {
  store: IngestStore;
  /** The current directory and numbering view (it may be refreshed between batches). */
  classifyContext(): ClassifyContext;
  rater(): CallRater;
  batchSize: number;
  /** When a file's rejects quarantine it, and how many of its rejected lines are kept (cdr.* config). */
  rejectLimits?: RejectLimits;
  clock: Clock;
  log: Logger;
  onCallsStored(fileName: string, calls: StoredCallSummary[]): void;
  onProgress?(progress: { bytesRead: number; sizeBytes: number; records: number }): void;
  /** Awaited after each commit so the worker can take messages between batches. */
  breathe?(): Promise<void>;
  /** PSTN legs dialled out recently; kept across files by the worker (a fresh one per file otherwise). */
  legs?: OutgoingLegMemory;
  /** Aborting stops at the next batch boundary: what is committed stays, the rest resumes on the next delivery. */
  signal?: AbortSignal;
}

export interface RejectLimits {
  /** Share of a file's records rejected beyond which the file is quarantined. */
  quarantineShare: number;
  /** Records read before the share is judged (a few bad lines of a small file are only rejects). */
  quarantineMinRecords: number;
  /** Rejected lines kept verbatim per file; further ones are only counted. */
  maxStoredPerFile: number;
}

const DEFAULT_REJECT_LIMITS: RejectLimits = {
  quarantineShare: 0.5,
  quarantineMinRecords: 1000,
  maxStoredPerFile: 1000,
};

export class IngestInterruptedError extends Error {
  constructor(readonly fileName: string) {
    super(`ingest of ${fileName} interrupted; it resumes on its next delivery`);
    this.name = 'IngestInterruptedError';
  }
}

const FILE_ID = callInsertColumns.indexOf('file_id');
const NUL = /\u0000/g;

/**
 * Stores one CUCM CDR or CMR file exactly once: by checksum a delivery already
 * stored is a duplicate; a crashed attempt resumes after its last committed
 * line; each batch of rows commits with its ledger progress; bad lines go to
 * the rejects table; a file that is not a CUCM file is quarantined whole.
 */
export async function ingestFile(request: IngestFileRequest, deps: IngestFileDeps): Promise<FileIngestResult> {
  const startedAt = deps.clock.now().getTime();
  const name = request.name ?? basename(request.path);
  const log = deps.log.child({ file: printable(name), source: request.source });
  const { size: sizeBytes } = await stat(request.path);
  const checksum = await fileChecksum(request.path);
  const nameInfo = parseCucmFileName(name);
  const fallbackCluster = request.clusterId || nameInfo?.clusterId || '';
  const counts: RecordCounts = { total: 0, stored: 0, duplicate: 0, rejected: 0, skipped: 0 };
  let longestBatchMs = 0;
  const result = (
    outcome: FileIngestResult['outcome'],
    entry: CdrFileRow | null,
    reason: string,
    resumedAfterLine = 0,
  ): FileIngestResult => ({
    fileId: entry?.id ?? null,
    name,
    source: request.source,
    sizeBytes,
    checksum,
    kind: entry?.kind ?? 'unknown',
    outcome,
    // A duplicate stored nothing now: its counts are this run's zeros, not the first delivery's.
    records:
      entry && outcome !== 'duplicate'
        ? {
            total: entry.recordsTotal,
            stored: entry.recordsStored,
            duplicate: entry.recordsDuplicate,
            rejected: entry.recordsRejected,
            skipped: entry.recordsSkipped,
          }
        : counts,
    reason,
    resumedAfterLine,
    durationMs: deps.clock.now().getTime() - startedAt,
    longestBatchMs: Math.round(longestBatchMs),
  });

  const ledgerEntry = (
    kind: CdrFileKind,
    status: CdrFileStatus,
    reason: string,
    finishedAt: number | null,
  ): NewLedgerEntry => ({
    source: request.source,
    name,
    sizeBytes,
    checksum,
    kind,
    clusterId: fallbackCluster,
    status,
    reason,
    receivedAt: startedAt,
    finishedAt,
  });

  const existing = await deps.store.findFileByChecksum(checksum);
  if (existing && existing.status !== 'processing') {
    log.info(
      { fileId: existing.id, storedAs: existing.name, status: existing.status },
      'file already in the ledger: not stored again',
    );
    return result('duplicate', existing, `same content as ${existing.name} (${existing.status})`);
  }
  const resumeAfter = existing?.linesCommitted ?? 0;
  if (existing) log.warn({ fileId: existing.id, resumeAfter }, 'resuming a file an earlier run did not finish');

  const quarantine = async (reason: string, kind: CdrFileKind): Promise<FileIngestResult> => {
    const now = deps.clock.now().getTime();
    const entry = await deps.store.createFile(ledgerEntry(kind, 'quarantined', reason, now));
    log.warn({ fileId: entry.id, reason }, 'file quarantined: not a CUCM CDR/CMR file, nothing stored');
    return result('quarantined', entry, reason);
  };
  if (sizeBytes === 0) return quarantine('empty file', 'unknown');

  let kind: CdrFileKind = 'unknown';
  let headerFields = 0;
  let readCdr: ((r: CsvRecordView) => ParsedCdr) | null = null;
  let readCmr: ((r: CsvRecordView) => ParsedCmr) | null = null;
  let refused: string | null = null;
  let seen = 0;
  let notes = '';
  let lastLine = resumeAfter;
  let records = 0;
  let fileId = existing?.id ?? 0;
  const rows = createBatchBuilder(
    {
      store: deps.store,
      classifyContext: deps.classifyContext,
      rater: deps.rater,
      legs: deps.legs ?? createOutgoingLegMemory(),
    },
    Math.floor(startedAt / 1000),
  );
  const limits = deps.rejectLimits ?? DEFAULT_REJECT_LIMITS;
  // Counted over the whole file: a resumed file starts from what its earlier run committed.
  let fileRecords = existing?.recordsTotal ?? 0;
  let fileRejects = existing?.recordsRejected ?? 0;
  let tooManyRejects: string | null = null;
  const rejectLine = (r: CsvRecordView, reason: string) => {
    if (fileRejects > limits.maxStoredPerFile) rows.rejectUnkept();
    else rows.reject({ lineNo: r.line, reason, raw: r.raw().replace(NUL, '\uFFFD') });
  };
  /** The file is mostly not CDRs (a header followed by garbage): it stops here, quarantined. */
  const judgeRejects = (): string | null => {
    if (fileRecords < limits.quarantineMinRecords || fileRejects <= limits.quarantineShare * fileRecords) return null;
    return (
      `${fileRejects} of ${fileRecords} records rejected (more than ` +
      `${Math.round(limits.quarantineShare * 100)}%), quarantined at line ${lastLine}`
    );
  };

  /** Returns false once a batch is full: the reader pauses so it is committed before more is read. */
  const onRecord = (r: CsvRecordView): boolean => {
    if (refused || tooManyRejects) return false;
    seen++;
    if (seen === 1) {
      const header = readCucmHeader(r);
      if (header.kind === 'unknown') {
        refused = header.reason;
        return false;
      }
      kind = header.kind;
      headerFields = header.names.length;
      if (header.kind === 'cdr') readCdr = createCdrRecordReader(header.columns, headerFields, fallbackCluster);
      else readCmr = createCmrRecordReader(header.columns, headerFields, fallbackCluster);
      return true;
    }
    if (seen === 2) {
      const verdict = checkTypesLine(r, headerFields);
      if (verdict.kind === 'bad') {
        refused = verdict.reason;
        return false;
      }
      if (verdict.kind === 'types') return true;
      notes = 'no field-types line: line 2 read as data';
    }
    if (r.line <= resumeAfter) return true;
    lastLine = r.line;
    records++;
    fileRecords++;
    const parsed = readCdr ? readCdr(r) : (readCmr as (r: CsvRecordView) => ParsedCmr)(r);
    if (parsed.outcome === 'rejected') {
      fileRejects++;
      rejectLine(r, parsed.reason);
      if ((tooManyRejects = judgeRejects())) return false;
    } else if (parsed.outcome === 'skipped') rows.skip();
    else if (readCdr) rows.addCall(parsed.record as CallRecord);
    else rows.addQuality(parsed.record as LegQualityRecord);
    return rows.size < deps.batchSize;
  };

  /*
   * One batch commits while the next is read, classified and rated (the store
   * may run on a thread of its own): a batch is handed over once the previous
   * one has committed, and the file's last batch is awaited. The ledger moves
   * in each batch's own transaction, so a crash still loses nothing.
   */
  let committing: Promise<void> = Promise.resolve();
  let commitFailure: unknown = null;
  const settle = async (): Promise<void> => {
    await committing;
    if (commitFailure !== null) throw commitFailure;
  };
  const committed = (batch: PendingBatch, outcome: BatchOutcome): void => {
    longestBatchMs = Math.max(longestBatchMs, outcome.transactionMs);
    counts.stored += outcome.storedCalls + outcome.storedQualities;
    counts.duplicate += outcome.duplicateCalls + outcome.duplicateQualities;
    if (outcome.storedCalls > 0) {
      const stored: StoredCallSummary[] = [];
      for (let i = 0; i < batch.calls.length; i++) {
        const id = outcome.callIds[i] as number;
        if (id !== 0) stored.push(summariseCallRow(id, batch.calls[i] as CallRowValues));
      }
      deps.onCallsStored(name, stored);
    }
  };

  const flush = async (final: boolean, quarantineReason?: string): Promise<void> => {
    const batch = await rows.take();
    const held =
      batch.calls.length + batch.qualities.length + batch.rejects.length + batch.rejectsNotKept + batch.skipped;
    if (!final && held === 0) return;
    await settle();
    const now = deps.clock.now().getTime();
    if (fileId === 0) {
      const entry = await deps.store.createFile(ledgerEntry(kind, 'processing', notes, null));
      fileId = entry.id;
    }
    for (const row of batch.calls) row[FILE_ID] = fileId;
    counts.rejected += batch.rejects.length + batch.rejectsNotKept;
    counts.skipped += batch.skipped;
    counts.total += held;
    committing = deps.store
      .commitBatch({
        fileId,
        ...batch,
        linesCommitted: lastLine,
        finishedAt: final ? now : null,
        now,
        quarantineReason,
      })
      .then(
        (outcome) => committed(batch, outcome),
        (err: unknown) => {
          commitFailure = err;
        },
      );
    if (final || deps.signal?.aborted) await settle();
    if (deps.breathe) await deps.breathe();
    // Pick up a directory or tariff refresh that arrived meanwhile.
    rows.refresh(Math.floor(deps.clock.now().getTime() / 1000));
  };

  await readCucmFile(request.path, onRecord, async ({ bytesRead }) => {
    if (refused || tooManyRejects) return false;
    if (deps.signal?.aborted) {
      await flush(false);
      return false;
    }
    await rows.resolveDeferred();
    if (rows.size >= deps.batchSize) await flush(false);
    deps.onProgress?.({ bytesRead, sizeBytes, records });
    return true;
  });
  await settle();
  if (refused) return quarantine(refused, kind);
  if (deps.signal?.aborted) throw new IngestInterruptedError(name);
  if (seen === 0) return quarantine('no records: the file holds only blank lines', 'unknown');
  tooManyRejects ??= judgeRejects();
  if (tooManyRejects) {
    // What was read commits with the verdict in one transaction; calls stored before stay (they are valid).
    await flush(true, tooManyRejects);
    const entry = await deps.store.findFileByChecksum(checksum);
    log.warn(
      { fileId, records: fileRecords, rejected: fileRejects, stored: counts.stored },
      'file quarantined: too many rejected records',
    );
    return result('quarantined', entry, tooManyRejects, resumeAfter);
  }
  await flush(true);
  await deps.store.fileFinished?.();
  const finished = await deps.store.findFileByChecksum(checksum);
  log.info(
    {
      fileId,
      kind,
      records: finished ? finished.recordsTotal : counts.total,
      stored: counts.stored,
      duplicates: counts.duplicate,
      rejected: counts.rejected,
      resumeAfter,
      longestBatchMs: Math.round(longestBatchMs),
    },
    'file stored',
  );
  return result('stored', finished, notes, resumeAfter);
}
