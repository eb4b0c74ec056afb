import type { CdrFileRow } from '../src/store/index.js';
import { callColumnDefaults, callInsertColumns, type CallRowValues } from './call-row.js';
import { insertSummariesSql, rollupDeltaStatements, summaryDeltas } from './call-summary-deltas.js';
import type { BatchOutcome, IngestStore, LedgerBatch, NewLedgerEntry } from './ingest-store.js';
import type { OutgoingLeg } from './outgoing-legs.js';
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
}
export interface SqliteHandle {
  prepare(sql: string): Statement;
  transaction<F extends (...args: never[]) => unknown>(fn: F): F;
  pragma(source: string): unknown;
}

const STARTED_AT = callInsertColumns.indexOf('started_at');
const COLUMNS = callInsertColumns.length;
// The sparse insert keys its statements by two 30-bit masks of the columns it names.
if (COLUMNS > 60)
  throw new Error(`the sparse calls insert handles at most 60 columns, calls has ${COLUMNS}: widen its masks`);
const sqliteValue = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : v);

/**
 * Inserts of call rows that name only the columns whose value differs from the
 * table default, one prepared statement per set of named columns (a handful in
 * practice): fewer bound parameters, less of SQLite's cost per row.
 */
function createSparseCallInsert(
  db: SqliteHandle,
): (row: CallRowValues) => { changes: number; lastInsertRowid: number | bigint } {
  const statements = new Map<number, Map<number, Statement>>();
  const values: unknown[] = [];
  return (row) => {
    let lo = 0;
    let hi = 0;
    values.length = 0;
    for (let j = 0; j < COLUMNS; j++) {
      const v = row[j] as CallRowValues[number];
      if (v === callColumnDefaults[j]) continue;
      if (j < 30) lo |= 1 << j;
      else hi |= 1 << (j - 30);
      values.push(sqliteValue(v));
    }
    let byHi = statements.get(lo);
    if (!byHi) statements.set(lo, (byHi = new Map()));
    let statement = byHi.get(hi);
    if (!statement) {
      const named = callInsertColumns.filter((_, j) => (j < 30 ? lo & (1 << j) : hi & (1 << (j - 30))) !== 0);
      // The packed detail is stored as SQLite's binary JSON (JSONB): `detail ->> N` reads it as it reads JSON text,
      // and it takes about 25 bytes a call less (no quotes, commas, brackets).
      const values = named.map((c) => (c === 'detail' ? 'jsonb(?)' : '?'));
      statement = db.prepare(
        `INSERT INTO calls (${named.join(',')}) VALUES (${values.join(',')}) ON CONFLICT DO NOTHING`,
      );
      byHi.set(hi, statement);
    }
    return statement.run(values);
  };
}

/**
 * The ingest store on SQLite: synchronous better-sqlite3 statements on the
 * worker's own connection (WAL, so the daemon's readers never wait), one
 * prepared single-row insert per call, everything of a batch in one transaction.
 */
export function createSqliteIngestStore(db: SqliteHandle): IngestStore {
  // 8 MB of page cache: measured, a larger one (32, 128 MB) ingests no faster here and only adds resident memory.
  db.pragma('cache_size = -8192');
  db.pragma('temp_store = MEMORY');
  // Checkpoint less often than the default 1000 pages: hot index pages are then copied once, not per batch.
  db.pragma('wal_autocheckpoint = 10000');
  const insertCall = createSparseCallInsert(db);
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

  const commit = db.transaction((batch: LedgerBatch): Omit<BatchOutcome, 'transactionMs'> => {
    const callIds: number[] = new Array<number>(batch.calls.length);
    let storedCalls = 0;
    let firstId = 0;
    let lastId = 0;
    let earliest = Number.MAX_SAFE_INTEGER;
    for (let i = 0; i < batch.calls.length; i++) {
      const row = batch.calls[i] as CallRowValues;
      const result = insertCall(row);
      if (result.changes === 1) {
        const id = Number(result.lastInsertRowid);
        callIds[i] = id;
        storedCalls++;
        if (firstId === 0) firstId = id;
        lastId = id;
        const started = row[STARTED_AT] as number;
        if (started < earliest) earliest = started;
      } else {
        callIds[i] = 0;
      }
    }
    if (storedCalls > 0)
      for (const delta of summaryDeltas(batch.calls, callIds)) insertSummary.run(delta.map(sqliteValue));
    if (storedCalls > 0)
      for (const d of rollupDeltaStatements(batch.calls, callIds, p)) db.prepare(d.sql).run(d.values);
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
    return { callIds, storedCalls, duplicateCalls, storedQualities, duplicateQualities };
  });

  return {
    async findFileByChecksum(checksum) {
      return (byChecksum.get(checksum) as CdrFileRow | undefined) ?? null;
    },
    async createFile(entry: NewLedgerEntry) {
      const result = insertFile.run(fileValues(entry));
      return byId.get(Number(result.lastInsertRowid)) as CdrFileRow;
    },
    async commitBatch(batch) {
      const started = process.hrtime.bigint();
      const outcome = commit(batch);
      return { ...outcome, transactionMs: Number(process.hrtime.bigint() - started) / 1e6 };
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
