import type { CdrFileRow } from '../src/store/index.js';
import type { CallRowValues } from './call-row.js';
import type { DetailText, DetailTextCode } from './detail-text-codes.js';
import type { LegKey, OutgoingLeg } from './outgoing-legs.js';
import type { LegQualityRecord } from './parse-cmr-record.js';

export type NewLedgerEntry = Pick<
  CdrFileRow,
  | 'source'
  | 'name'
  | 'sizeBytes'
  | 'checksum'
  | 'kind'
  | 'clusterId'
  | 'status'
  | 'reason'
  | 'receivedAt'
  | 'finishedAt'
>;

export interface RejectedLine {
  lineNo: number;
  reason: string;
  raw: string;
}

/** One transaction's worth of a file: its rows, its rejects and the ledger's progress. */
export interface LedgerBatch {
  fileId: number;
  calls: CallRowValues[];
  qualities: LegQualityRecord[];
  rejects: RejectedLine[];
  /** Rejected records beyond cdr.maxStoredRejectsPerFile: counted, their lines not kept. */
  rejectsNotKept: number;
  skipped: number;
  /** Set on a file's last batch when it is quarantined for its rejects: the ledger says so instead of 'stored'. */
  quarantineReason?: string;
  /** The last physical line whose record this batch holds: where a restart resumes. */
  linesCommitted: number;
  /** Epoch ms, set on the file's last batch: the ledger entry becomes 'stored' in the same transaction. */
  finishedAt: number | null;
  /** Epoch ms stamped on reject rows. */
  now: number;
  /**
   * Texts of coded detail fields that rows carry as texts (call-columns.ts, packedCode): the store adds them to
   * call_texts in the batch's transaction and answers their codes (BatchOutcome.detailTextCodes).
   */
  detailTexts?: readonly DetailText[];
}

export interface BatchOutcome {
  /** Per `calls` entry: the new row's id, or 0 when its natural key was already stored. */
  callIds: number[];
  storedCalls: number;
  duplicateCalls: number;
  storedQualities: number;
  duplicateQualities: number;
  /** How long the transaction held the database's write lock, ms (what a daemon write may wait behind). */
  transactionMs: number;
  /** The codes of the batch's detailTexts, valid once the transaction committed. */
  detailTextCodes?: DetailTextCode[];
}

/**
 * The ingest worker's writes. Every batch commits its rows, rejects and ledger
 * progress in ONE transaction: kill the process between two batches and the
 * ledger says exactly which lines are stored.
 */
export interface IngestStore {
  findFileByChecksum(checksum: string): Promise<CdrFileRow | null>;
  createFile(entry: NewLedgerEntry): Promise<CdrFileRow>;
  commitBatch(batch: LedgerBatch): Promise<BatchOutcome>;
  /**
   * Batches (of one file or several, in order) committed in ONE transaction, each with its own ledger
   * progress and outcome: the store thread hands over the batches that queued up while it committed.
   */
  commitBatches?(batches: LedgerBatch[]): Promise<BatchOutcome[]>;
  /**
   * How many commitBatch calls may run at once (PostgreSQL: two, on two connections). Each orders its
   * commit after the call before, and fails if that one failed for the same file: the caller may start the
   * next batch before the last one's answer, but must await them all before any other call.
   */
  readonly overlappingCommits?: number;
  /** Stored outgoing calls whose PSTN (destination) leg is one of these; the rest are unknown legs. */
  findOutgoingLegs(keys: LegKey[]): Promise<Array<{ key: LegKey; leg: OutgoingLeg }>>;
  /** Housekeeping after a file (SQLite: a passive WAL checkpoint, off the daemon's connection). */
  fileFinished?(): Promise<void>;
}
