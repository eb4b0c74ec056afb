import type { Clock } from '../src/clock.js';
import type { StoredCallSummary } from '../src/events/index.js';
import type { BatchBuilder, PendingBatch } from './batch-builder.js';
import type { RecordCounts } from './ingest-file-result.js';
import type { BatchOutcome } from './ingest-store.js';
import type { IngestStoreClient } from './threaded-ingest-store.js';

export interface BatchPipelineOptions {
  store: IngestStoreClient;
  rows: BatchBuilder;
  clock: Clock;
  /** The file's ledger id, or 0: the entry is then created (by `createEntry`) before the first batch commits. */
  fileId: number;
  createEntry(): Promise<number>;
  /** The last physical line the batch being handed over holds: where a restart resumes. */
  lastLine(): number;
  onCallsStored(calls: StoredCallSummary[]): void;
  breathe?(): Promise<void>;
  signal?: AbortSignal;
}

export interface BatchPipeline {
  /** Hands the batch built so far to the store (the file's last one with `final`) once the previous has committed. */
  flush(final: boolean, quarantineReason?: string): Promise<void>;
  /** Waits for the batch in flight; throws its failure. */
  settle(): Promise<void>;
  readonly fileId: number;
  /** This run's counts of what was committed. */
  readonly counts: RecordCounts;
  readonly longestBatchMs: number;
}

/**
 * One batch commits while the next is read, classified and rated (the store
 * may run on a thread of its own): a batch is handed over once the previous
 * one has committed, and the file's last batch is awaited. The ledger moves
 * in each batch's own transaction, so a crash still loses nothing.
 */
export function createBatchPipeline(options: BatchPipelineOptions): BatchPipeline {
  const { store, rows, clock } = options;
  const counts: RecordCounts = { total: 0, stored: 0, duplicate: 0, rejected: 0, skipped: 0 };
  let fileId = options.fileId;
  let longestBatchMs = 0;
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
    if (outcome.storedCalls === 0) return;
    options.onCallsStored(batch.summaries.stored(outcome.callIds));
  };

  const flush = async (final: boolean, quarantineReason?: string): Promise<void> => {
    const batch = await rows.take();
    const held =
      batch.calls.rows + batch.qualities.length + batch.rejects.length + batch.rejectsNotKept + batch.skipped;
    if (!final && held === 0) return;
    await settle();
    const now = clock.now().getTime();
    if (fileId === 0) fileId = await options.createEntry();
    counts.rejected += batch.rejects.length + batch.rejectsNotKept;
    counts.skipped += batch.skipped;
    counts.total += held;
    const linesCommitted = options.lastLine();
    const { calls, qualities, rejects, rejectsNotKept, skipped } = batch;
    const finishedAt = final ? now : null;
    committing = store
      .commitBatch({
        fileId,
        calls,
        qualities,
        rejects,
        rejectsNotKept,
        skipped,
        linesCommitted,
        finishedAt,
        now,
        quarantineReason,
      })
      .then(
        (outcome) => committed(batch, outcome),
        (err: unknown) => {
          commitFailure = err;
        },
      );
    if (final || options.signal?.aborted) await settle();
    if (options.breathe) await options.breathe();
    // Pick up a directory or tariff refresh that arrived meanwhile.
    rows.refresh(Math.floor(clock.now().getTime() / 1000));
  };

  return {
    flush,
    settle,
    get fileId() {
      return fileId;
    },
    counts,
    get longestBatchMs() {
      return longestBatchMs;
    },
  };
}
