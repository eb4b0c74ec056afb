import { createRatingSlot, rateCallInputOf, rateCallInputInto, type CallRater } from './call-rater.js';
import {
  callInsertColumns,
  createCallRowScratch,
  createCallSummaryColumns,
  writeCallRow,
  type CallSummaryColumns,
} from './call-row.js';
import {
  classifyCallInto,
  createCallClassification,
  mayContinueOutgoingCall,
  origLegKey,
  type ClassifyContext,
} from './classify-call.js';
import type { DetailText, DetailTextCodes } from './detail-text-codes.js';
import type { BatchOutcome, IngestStore, RejectedLine } from './ingest-store.js';
import { createJsonbArrayWriter } from './jsonb-array-writer.js';
import { legKey, type LegKey, type OutgoingLegMemory } from './outgoing-legs.js';
import { emptyCallRecord, type CallRecord } from './parse-cdr-record.js';
import type { LegQualityRecord } from './parse-cmr-record.js';
import { createPackedCallRowsWriter, type PackedCallRows } from './packed-call-rows.js';

export interface PendingBatch {
  /** The calls' rows, packed for the store thread (file_id 0: the store side sets the file's id). */
  calls: PackedCallRows;
  /** What each call's calls.stored summary needs, once the store says which calls it stored. */
  summaries: CallSummaryColumns;
  qualities: LegQualityRecord[];
  rejects: RejectedLine[];
  /** Rejected records whose lines are not kept (beyond the per-file limit). */
  rejectsNotKept: number;
  skipped: number;
  /** Detail texts the rows carry as texts for want of a code: the store adds them and answers their codes. */
  detailTexts: DetailText[];
}

export interface BatchBuilderDeps {
  store: Pick<IngestStore, 'findOutgoingLegs'>;
  classifyContext(): ClassifyContext;
  rater(): CallRater;
  legs: OutgoingLegMemory;
  /** The detail texts' codes learnt so far (kept across files by the worker). */
  detailCodes?: DetailTextCodes;
  /** Each call's detail as SQLite's JSONB bytes rather than JSON text (IngestStoreClient.detailAsJsonb). */
  detailAsJsonb?: boolean;
}

/** Turns parsed records into the rows of the next batch: classified, rated, ready for the store. */
export interface BatchBuilder {
  addCall(call: CallRecord): void;
  addQuality(quality: LegQualityRecord): void;
  reject(line: RejectedLine): void;
  /** A rejected record counted without keeping its line. */
  rejectUnkept(): void;
  skip(): void;
  /** Records held, deferred ones included. */
  readonly size: number;
  /** Classifies the CDRs that waited for an outgoing-leg lookup (one store query per distinct leg). */
  resolveDeferred(): Promise<void>;
  /** Resolves what waits, hands the batch over and starts the next one. */
  take(): Promise<PendingBatch>;
  /** Takes the current directory and tariffs for the rows that follow. */
  refresh(): void;
  /** Codes of detail texts a store answered for a committed batch (BatchOutcome.detailTextCodes). */
  learn(codes: BatchOutcome['detailTextCodes']): void;
}

export function createBatchBuilder(deps: BatchBuilderDeps): BatchBuilder {
  const legs = deps.legs;
  const withLegs = (c: ClassifyContext): ClassifyContext => ({ ...c, outgoingLeg: (key) => legs.recall(key) });
  let context = withLegs(deps.classifyContext());
  let rater = deps.rater();
  const rows = createPackedCallRowsWriter(callInsertColumns.length);
  const scratch = createCallRowScratch();
  const detailCodes = deps.detailCodes;
  const jsonb = deps.detailAsJsonb ? createJsonbArrayWriter() : undefined;
  const emptyBatch = (): Omit<PendingBatch, 'calls' | 'detailTexts'> => ({
    summaries: createCallSummaryColumns(),
    qualities: [],
    rejects: [],
    rejectsNotKept: 0,
    skipped: 0,
  });
  let batch = emptyBatch();
  let deferred: CallRecord[] = [];

  // One classification, rating input and outcome refilled for every call: nothing keeps them past place().
  const c = createCallClassification();
  const input = rateCallInputOf(emptyCallRecord(), c);
  const outcome = createRatingSlot();
  const place = (call: CallRecord): void => {
    classifyCallInto(call, context, c);
    const external = c.direction === 'outgoing' || c.direction === 'transit';
    const rating = external ? rater.rateInto(rateCallInputInto(call, c, input), outcome) : null;
    if (external && c.gateway) {
      const key = {
        clusterId: call.clusterId,
        globalCallManagerId: call.globalCallManagerId,
        globalCallId: call.globalCallId,
        legId: call.destLegId,
      };
      const { extension: ownerExtension, partition: ownerPartition } = c.owner;
      legs.remember(key, { dialledNumber: c.dialledNumber, numberForm: c.numberForm, ownerExtension, ownerPartition });
    }
    // file_id 0: the store thread sets the file's id, known once its ledger entry exists.
    writeCallRow(rows, scratch, call, c, rating, 0, detailCodes, jsonb);
    batch.summaries.add(scratch);
  };

  const resolveDeferred = async (): Promise<void> => {
    if (deferred.length === 0) return;
    const unknown = new Map<string, LegKey>();
    for (const call of deferred) {
      const key = origLegKey(call);
      if (!legs.knows(key)) unknown.set(legKey(key), key);
    }
    if (unknown.size > 0) {
      for (const { key, leg } of await deps.store.findOutgoingLegs([...unknown.values()])) {
        legs.remember(key, leg);
        unknown.delete(legKey(key));
      }
      for (const key of unknown.values()) legs.forget(key);
    }
    const waiting = deferred;
    deferred = [];
    for (const call of waiting) place(call);
  };

  return {
    addCall(call) {
      // The reader reuses its record for the next line: one that waits is copied.
      if (mayContinueOutgoingCall(call, context.directory) && !legs.knows(origLegKey(call))) deferred.push({ ...call });
      else place(call);
    },
    addQuality: (quality) => void batch.qualities.push(quality),
    reject: (line) => void batch.rejects.push(line),
    rejectUnkept: () => void batch.rejectsNotKept++,
    skip: () => void batch.skipped++,
    get size() {
      return (
        rows.rows +
        batch.qualities.length +
        batch.rejects.length +
        batch.rejectsNotKept +
        batch.skipped +
        deferred.length
      );
    },
    resolveDeferred,
    async take() {
      await resolveDeferred();
      const taken = { calls: rows.finish(), ...batch, detailTexts: detailCodes?.take() ?? [] };
      batch = emptyBatch();
      return taken;
    },
    refresh() {
      context = withLegs(deps.classifyContext());
      rater = deps.rater();
    },
    learn: (codes) => detailCodes?.learn(codes),
  };
}
