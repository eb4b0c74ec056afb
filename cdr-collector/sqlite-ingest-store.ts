import type { CdrFileRow } from '../src/store/index.js';
import { insertSummariesSql, summaryDeltas } from './call-summary-deltas.js';
import type { BatchOutcome, IngestStore, LedgerBatch, NewLedgerEntry } from './ingest-store.js';
import type { OutgoingLeg } from './outgoing-legs.js';
import { createSqliteCallInsert } from './sqlite-call-insert.js';
import { createSqliteCallTexts } from './sqlite-call-texts.js';
import { createSqliteRollupUpserts } from './sqlite-rollup-upserts.js';
import {
  fileValues,
  insertFileSql,
  insertQualitiesSql,
  insertRejectSql,
  joinQualityToLegSql,
  joinQualityToNewCallsSql,
  ledgerSelect,
  ledgerValues,
  outgoingLegSql,
  qualityValues,
  recentQualitySql,
  sqlitePlaceholder as p,
  updateLedgerSql,
} from './ingest-sql.js';

/** The slice of better-sqlite3's API the store uses. */
interface Statement {
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}
export interface SqliteHandle {
  prepare(sql: string): Statement;
  /** better-sqlite3's: `.immediate` runs it in BEGIN IMMEDIATE. */
  transaction<F extends (...args: never[]) => unknown>(fn: F): F & { immediate: F };
  pragma(source: string): unknown;
}

const sqliteValue = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : v);

/**
 * The ingest store on SQLite: synchronous better-sqlite3 statements on the
 * worker's own connection (WAL, so the daemon's readers never wait), calls
 * inserted many rows per statement (sqlite-call-insert.ts), everything of a batch in one transaction.
 */
export function createSqliteIngestStore(db: SqliteHandle): IngestStore {
  // 8 MB of page cache: measured, a larger one (32, 128 MB) ingests no faster here and only adds resident memory.
  db.pragma('cache_size = -8192');
  db.pragma('temp_store = MEMORY');
  // Checkpoint less often than the default 1000 pages: hot index pages are then copied once, not per batch.
  db.pragma('wal_autocheckpoint = 10000');
  const insertCalls = createSqliteCallInsert(db);
  const texts = createSqliteCallTexts(db);
  const upsertRollups = createSqliteRollupUpserts(db);
  const insertQuality = db.prepare(insertQualitiesSql(1, p));
  const insertSummary = db.prepare(insertSummariesSql(1, p));
  const insertReject = db.prepare(insertRejectSql(p));
  const updateLedger = db.prepare(updateLedgerSql(p));
  const joinNewCalls = db.prepare(joinQualityToNewCallsSql(p));
  const joinLeg = db.prepare(joinQualityToLegSql(p));
  const recentQuality = db.prepare(recentQualitySql(p));
  const outgoingLeg = db.prepare(outgoingLegSql(p));
  const byChecksum = db.prepare(`${ledgerSelect} WHERE checksum = ?`);
  const byId = db.prepare(`${ledgerSelect} WHERE id = ?`);
  const insertFile = db.prepare(insertFileSql(p));

  /** A batch's rows and ledger progress; the summaries and rollups are added for the whole group after. */
  const storeBatch = (batch: LedgerBatch): Omit<BatchOutcome, 'transactionMs'> => {
    const callIds: number[] = new Array<number>(batch.calls.length);
    texts.encode(batch.calls);
    const detailTextCodes = texts.codesOf(batch.detailTexts);
    const { stored: storedCalls, firstId, lastId, earliest } = insertCalls(batch.calls, callIds);
    if (storedCalls > 0 && recentQuality.get(earliest) !== undefined) joinNewCalls.run(firstId, lastId);

    let storedQualities = 0;
    for (const q of batch.qualities) {
      const result = insertQuality.run(qualityValues(q, batch.fileId));
      if (result.changes === 1) {
        storedQualities++;
        joinLeg.run(q.clusterId, q.globalCallManagerId, q.globalCallId, q.legId, q.legId);
      }
    }
    for (const r of batch.rejects) insertReject.run(batch.fileId, r.lineNo, r.reason.slice(0, 255), r.raw, batch.now);

    const duplicateCalls = batch.calls.length - storedCalls;
    const duplicateQualities = batch.qualities.length - storedQualities;
    updateLedger.run(ledgerValues(batch, storedCalls + storedQualities, duplicateCalls + duplicateQualities));
    return { callIds, storedCalls, duplicateCalls, storedQualities, duplicateQualities, detailTextCodes };
  };

  /**
   * Batches that queued up commit in ONE transaction, each with its own ledger progress: all or none of
   * them survive a crash, so nothing is counted twice. The commit's cost (writing the dirty pages of the
   * calls' indexes and the rollups to the WAL) is shared, and the summaries and rollups get one delta per
   * key for the whole group.
   */
  const commit = db.transaction((batches: LedgerBatch[]): Array<Omit<BatchOutcome, 'transactionMs'>> => {
    const outcomes = batches.map(storeBatch);
    const calls = batches.length === 1 ? (batches[0] as LedgerBatch).calls : batches.flatMap((b) => b.calls);
    const ids = outcomes.length === 1 ? (outcomes[0] as BatchOutcome).callIds : outcomes.flatMap((o) => o.callIds);
    if (outcomes.some((o) => o.storedCalls > 0)) {
      for (const delta of summaryDeltas(calls, ids)) insertSummary.run(delta.map(sqliteValue));
      upsertRollups(calls, ids);
    }
    return outcomes;
  });

  const commitTimed = (batches: LedgerBatch[]): BatchOutcome[] => {
    const started = process.hrtime.bigint();
    let outcomes: Omit<BatchOutcome, 'transactionMs'>[];
    try {
      // BEGIN IMMEDIATE: the write lock is taken (waiting out the busy timeout) before anything is read. A deferred
      // transaction beside busy writers (CURRI's recorder at ~10k decisions/s) failed with "database is locked".
      outcomes = commit.immediate(batches);
      texts.committed();
    } catch (err) {
      texts.forgetUncommitted();
      throw err;
    }
    const transactionMs = Number(process.hrtime.bigint() - started) / 1e6;
    return outcomes.map((outcome) => ({ ...outcome, transactionMs }));
  };

  return {
    async findFileByChecksum(checksum) {
      return (byChecksum.get(checksum) as CdrFileRow | undefined) ?? null;
    },
    async createFile(entry: NewLedgerEntry) {
      const result = insertFile.run(fileValues(entry));
      return byId.get(Number(result.lastInsertRowid)) as CdrFileRow;
    },
    async commitBatch(batch) {
      return commitTimed([batch])[0] as BatchOutcome;
    },
    async commitBatches(batches) {
      return commitTimed(batches);
    },
    async findOutgoingLegs(keys) {
      const found = [];
      for (const key of keys) {
        const leg = outgoingLeg.get(key.clusterId, key.globalCallManagerId, key.globalCallId, key.legId) as
          OutgoingLeg | undefined;
        if (leg) found.push({ key, leg });
      }
      return found;
    },
    async fileFinished() {
      db.pragma('wal_checkpoint(PASSIVE)');
    },
  };
}
