import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Logger } from 'pino';
import type { Clock } from '../src/clock.js';
import type { CdrFileKind } from '../src/store/index.js';
import { printable } from '../src/logging/index.js';
import { createBatchBuilder } from './batch-builder.js';
import { createBatchPipeline } from './batch-pipeline.js';
import type { CallRater } from './call-rater.js';
import type { ClassifyContext } from './classify-call.js';
import { parseCucmFileName } from './cucm-conversions.js';
import { createDetailTextCodes, type DetailTextCodes } from './detail-text-codes.js';
import { fileIngestResult, ledgerEntryOf, type DeliveredFile, type FileIngestResult } from './ingest-file-result.js';
import { createOutgoingLegMemory, type OutgoingLegMemory } from './outgoing-legs.js';
import type { PackedStoredCalls } from './packed-stored-calls.js';
import { fileChecksum, readCucmFile } from './read-cucm-file.js';
import type { IngestStoreClient } from './threaded-ingest-store.js';
import { createRecordRouter, DEFAULT_REJECT_LIMITS, type RejectLimits } from './record-router.js';

export type { FileIngestResult, RecordCounts } from './ingest-file-result.js';
export type { RejectLimits } from './record-router.js';

export interface IngestFileRequest {
  path: string;
  /** The name the file was delivered under (defaults to the path's base name). */
  name?: string;
  /** 'drop-folder', 'sftp:<name>', 'cli'. */
  source: string;
  /** Cluster id for records that carry none; else the file name's, else ''. */
  clusterId?: string;
  /**
   * The file's SHA-256 (fileChecksum), when the sender already has it: `tollgate ingest` hashes each file on its
   * otherwise idle thread while the worker starts or stores the file before. Else the worker reads the file for it.
   */
  checksum?: string;
}

export interface IngestFileDeps {
  store: IngestStoreClient;
  /** The current directory and numbering view (it may be refreshed between batches). */
  classifyContext(): ClassifyContext;
  rater(): CallRater;
  batchSize: number;
  /** When a file's rejects quarantine it, and how many of its rejected lines are kept (cdr.* config). */
  rejectLimits?: RejectLimits;
  clock: Clock;
  log: Logger;
  /** A batch's stored calls, packed (the ingest worker posts them to the daemon as they are). */
  onCallsStored(fileName: string, calls: PackedStoredCalls): void;
  onProgress?(progress: { bytesRead: number; sizeBytes: number; records: number }): void;
  /** Awaited after each commit so the worker can take messages between batches. */
  breathe?(): Promise<void>;
  /** PSTN legs dialled out recently; kept across files by the worker (a fresh one per file otherwise). */
  legs?: OutgoingLegMemory;
  /** Codes of detail texts learnt from the store; kept across files by the worker (a fresh one per file otherwise). */
  detailCodes?: DetailTextCodes;
  /** Aborting stops at the next batch boundary: what is committed stays, the rest resumes on the next delivery. */
  signal?: AbortSignal;
}

export class IngestInterruptedError extends Error {
  constructor(readonly fileName: string) {
    super(`ingest of ${fileName} interrupted; it resumes on its next delivery`);
    this.name = 'IngestInterruptedError';
  }
}

/**
 * Stores one CUCM CDR or CMR file exactly once: by checksum a delivery already
 * stored is a duplicate; a crashed attempt resumes after its last committed
 * line; each batch of rows commits with its ledger progress; bad lines go to
 * the rejects table; a file that is not a CUCM file is quarantined whole.
 */
export async function ingestFile(request: IngestFileRequest, deps: IngestFileDeps): Promise<FileIngestResult> {
  const file = await deliveredFile(request, deps.clock);
  const log = deps.log.child({ file: printable(file.name), source: request.source });
  const now = () => deps.clock.now().getTime();
  const existing = await deps.store.findFileByChecksum(file.checksum);
  if (existing && existing.status !== 'processing') {
    log.info(
      { fileId: existing.id, storedAs: existing.name, status: existing.status },
      'file already in the ledger: not stored again',
    );
    const reason = `same content as ${existing.name} (${existing.status})`;
    return fileIngestResult(file, 'duplicate', existing, { ...emptyRun(now()), reason });
  }
  const resumeAfter = existing?.linesCommitted ?? 0;
  if (existing) log.warn({ fileId: existing.id, resumeAfter }, 'resuming a file an earlier run did not finish');

  const quarantine = async (reason: string, kind: CdrFileKind): Promise<FileIngestResult> => {
    const entry = await deps.store.createFile(ledgerEntryOf(file, kind, 'quarantined', reason, now()));
    log.warn({ fileId: entry.id, reason }, 'file quarantined: not a CUCM CDR/CMR file, nothing stored');
    return fileIngestResult(file, 'quarantined', entry, { ...emptyRun(now()), reason });
  };
  if (file.sizeBytes === 0) return quarantine('empty file', 'unknown');

  const legs = deps.legs ?? createOutgoingLegMemory();
  const rows = createBatchBuilder({
    store: deps.store,
    classifyContext: deps.classifyContext,
    rater: deps.rater,
    legs,
    detailCodes: deps.detailCodes ?? createDetailTextCodes(),
    detailAsJsonb: deps.store.detailAsJsonb === true,
  });
  const { onRecord, state } = createRecordRouter({
    rows,
    batchSize: deps.batchSize,
    clusterId: file.clusterId,
    resumeAfter,
    // Counted over the whole file: a resumed file starts from what its earlier run committed.
    earlier: { records: existing?.recordsTotal ?? 0, rejects: existing?.recordsRejected ?? 0 },
    limits: deps.rejectLimits ?? DEFAULT_REJECT_LIMITS,
  });
  const pipeline = createBatchPipeline({
    store: deps.store,
    rows,
    clock: deps.clock,
    fileId: existing?.id ?? 0,
    createEntry: async () =>
      (await deps.store.createFile(ledgerEntryOf(file, state.kind, 'processing', state.notes, null))).id,
    lastLine: () => state.lastLine,
    onCallsStored: (calls) => deps.onCallsStored(file.name, calls),
    ...(deps.breathe ? { breathe: deps.breathe } : {}),
    ...(deps.signal ? { signal: deps.signal } : {}),
  });
  const run = (reason: string) => ({
    counts: pipeline.counts,
    reason,
    resumedAfterLine: resumeAfter,
    longestBatchMs: pipeline.longestBatchMs,
    now: now(),
  });

  await readCucmFile(request.path, onRecord, async ({ bytesRead }) => {
    if (state.refused || state.tooManyRejects) return false;
    if (deps.signal?.aborted) {
      await pipeline.flush(false);
      return false;
    }
    await rows.resolveDeferred();
    if (rows.size >= deps.batchSize) await pipeline.flush(false);
    deps.onProgress?.({ bytesRead, sizeBytes: file.sizeBytes, records: state.records });
    return true;
  });
  await pipeline.settle();
  if (state.refused) return quarantine(state.refused, state.kind);
  if (deps.signal?.aborted) throw new IngestInterruptedError(file.name);
  if (state.seen === 0) return quarantine('no records: the file holds only blank lines', 'unknown');
  const tooManyRejects = state.tooManyRejects ?? state.judgeRejects();
  if (tooManyRejects) {
    // What was read commits with the verdict in one transaction; calls stored before stay (they are valid).
    await pipeline.flush(true, tooManyRejects);
    const entry = await deps.store.findFileByChecksum(file.checksum);
    log.warn(
      {
        fileId: pipeline.fileId,
        records: entry?.recordsTotal,
        rejected: entry?.recordsRejected,
        stored: pipeline.counts.stored,
      },
      'file quarantined: too many rejected records',
    );
    return fileIngestResult(file, 'quarantined', entry, run(tooManyRejects));
  }
  await pipeline.flush(true);
  await deps.store.fileFinished?.();
  const finished = await deps.store.findFileByChecksum(file.checksum);
  log.info(
    {
      fileId: pipeline.fileId,
      kind: state.kind,
      records: finished ? finished.recordsTotal : pipeline.counts.total,
      stored: pipeline.counts.stored,
      duplicates: pipeline.counts.duplicate,
      rejected: pipeline.counts.rejected,
      resumeAfter,
      longestBatchMs: Math.round(pipeline.longestBatchMs),
    },
    'file stored',
  );
  return fileIngestResult(file, 'stored', finished, run(state.notes));
}

async function deliveredFile(request: IngestFileRequest, clock: Clock): Promise<DeliveredFile> {
  const startedAt = clock.now().getTime();
  const name = request.name ?? basename(request.path);
  const { size: sizeBytes } = await stat(request.path);
  const checksum = request.checksum ?? (await fileChecksum(request.path));
  const clusterId = request.clusterId || parseCucmFileName(name)?.clusterId || '';
  return { name, source: request.source, sizeBytes, checksum, clusterId, startedAt };
}

const emptyRun = (now: number) => ({
  counts: { total: 0, stored: 0, duplicate: 0, rejected: 0, skipped: 0 },
  resumedAfterLine: 0,
  longestBatchMs: 0,
  now,
});
