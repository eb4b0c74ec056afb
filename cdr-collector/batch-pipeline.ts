import type { Clock } from '../src/clock.js';
import type { BatchBuilder, PendingBatch } from './batch-builder.js';
import type { RecordCounts } from './ingest-file-result.js';
import type { BatchOutcome } from './ingest-store.js';
import type { PackedStoredCalls } from './packed-stored-calls.js';
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
  onCallsStored(calls: PackedStoredCalls): void;
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
 * Batches handed over and not yet committed, at most: while the store commits one, the next ones queue up
 * and the store thread commits them together in one transaction (ingest-store-thread.ts). As many as a
 * group may hold, so a store that falls behind commits full groups.
 */
const IN_FLIGHT = 8;

/**
 * Batches commit while the next are read, classified and rated (the store
 * may run on a thread of its own): up to IN_FLIGHT batches are handed over
 * and not yet committed, the file's last batch is awaited. The ledger moves
 * in the transaction of each batch's rows, so a crash still loses nothing.
 */
export function createBatchPipeline(options: BatchPipelineOptions): BatchPipeline {
  const { store, rows, clock } = options;
  const counts: RecordCounts = { total: 0, stored: 0, duplicate: 0, rejected: 0, skipped: 0 };
  let fileId = options.fileId;
  let longestBatchMs = 0;
  /** The commits handed over and not answered yet, oldest first (each leaves when answered). */
  const inFlight: Array<Promise<void>> = [];
  let commitFailure: unknown = null;

  /** Waits until at most `uncommitted` batches are; throws a failed commit's error. */
  const awaitCommits = async (uncommitted: number): Promise<void> => {
    while (inFlight.length > uncommitted) await inFlight[0];
    if (commitFailure !== null) throw commitFailure;
  };
  const settle = (): Promise<void> => awaitCommits(0);

  const committed = (batch: PendingBatch, outcome: BatchOutcome): void => {
    longestBatchMs = Math.max(longestBatchMs, outcome.transactionMs);
    rows.learn(outcome.detailTextCodes);
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
    await awaitCommits(IN_FLIGHT - 1);
    const now = clock.now().getTime();
    if (fileId === 0) fileId = await options.createEntry();
    counts.rejected += batch.rejects.length + batch.rejectsNotKept;
    counts.skipped += batch.skipped;
    counts.total += held;
    const linesCommitted = options.lastLine();
    const { calls, qualities, rejects, rejectsNotKept, skipped, detailTexts } = batch;
    const finishedAt = final ? now : null;
    const committing: Promise<void> = store
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
        detailTexts,
      })
      .then(
        (outcome) => committed(batch, outcome),
        (err: unknown) => {
          commitFailure ??= err;
        },
      )
      .finally(() => inFlight.splice(inFlight.indexOf(committing), 1));
    inFlight.push(committing);
    if (final || options.signal?.aborted) await settle();
    if (options.breathe) await options.breathe();
    // Pick up a directory or tariff refresh that arrived meanwhile.
    rows.refresh();
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
