import type { DataSource, QueryRunner } from 'typeorm';
import type { ChangeFeedWriter } from '../src/change-feed/index.js';
import type { CdrFileRow } from '../src/store/index.js';
import { callInsertColumns, naturalKeyOf, type CallRowValues } from './call-row.js';
import { insertSummariesSql, rollupDeltaStatements, summaryColumns, summaryDeltas } from './call-summary-deltas.js';
import type { BatchOutcome, IngestStore, LedgerBatch } from './ingest-store.js';
import type { LegKey } from './outgoing-legs.js';
import {
  copyCallsStraight,
  drawCallIds,
  mergeCallsThroughStaging,
  prepareCallStaging,
  stagedNaturalKey,
  StraightCopyConflict,
} from './postgres-call-staging.js';
import { createPostgresCallTexts } from './postgres-call-texts.js';
import { findOutgoingLegsAtOnce, joinQualityToLegs } from './postgres-leg-sql.js';
import {
  fileValues,
  insertFileSql,
  insertQualitiesSql,
  insertRejectSql,
  joinQualityToNewCallsSql,
  ledgerSelect,
  ledgerValues,
  postgresPlaceholder as p,
  qualityInsertColumns,
  qualityValues,
  recentQualitySql,
  updateLedgerSql,
} from './ingest-sql.js';

/** PostgreSQL accepts at most 65535 parameters per statement. */
const QUALITIES_PER_STATEMENT = Math.floor(60000 / qualityInsertColumns.length);
const STARTED_AT = callInsertColumns.indexOf('started_at');
const SUMMARIES_PER_STATEMENT = Math.floor(60000 / summaryColumns.length);

type Row = Record<string, unknown>;

/**
 * Where a batch waits for the one before it (on another connection): to write its rollups (row locks are
 * then taken in batch order) and to move the ledger (it commits after the one before).
 */
interface BatchTurns {
  rollups(): Promise<void>;
  rollupsWritten(): void;
  ledger(): Promise<void>;
}

/**
 * A batch begun: resolves true once it wrote its rollups and once it committed, false when it failed first;
 * `ended` once it is answered either way.
 */
interface BatchProgress {
  fileId: number;
  ended: boolean;
  rollupsWritten: Promise<boolean>;
  committed: Promise<boolean>;
  /** The natural keys of its calls, and the batch begun before it (both let go once it ended). */
  keys: ReadonlySet<string>;
  before: BatchProgress | null;
}

const noKeys: ReadonlySet<string> = new Set();

/**
 * Whether a batch still in flight before this one holds one of `keys`. Then this batch waits for it to commit
 * before storing its calls, and merges them: a straight COPY would wait on that batch's uncommitted row while
 * that batch waited for this one's rollups, a wait the server cannot see, so never a deadlock it breaks.
 */
function sharesCallsInFlight(keys: ReadonlySet<string>, before: BatchProgress): boolean {
  for (let p: BatchProgress | null = before; p !== null && !p.ended; p = p.before)
    for (const key of p.keys) if (keys.has(key)) return true;
  return false;
}

/**
 * Two batches in flight that hold the same calls in crossing order deadlock in their COPYs; the server
 * fails one, which runs again through the merge once the batch before it committed.
 */
const crossedBatchInFlight = (err: unknown): boolean => (err as { code?: string }).code === '40P01';

/** A promise and the function that resolves it. */
function settlement(): { promise: Promise<boolean>; settle(ok: boolean): void } {
  let settle: (ok: boolean) => void = () => undefined;
  const promise = new Promise<boolean>((resolve) => (settle = resolve));
  return { promise, settle };
}

/**
 * The ingest store on PostgreSQL: the batch's calls COPY'd straight into
 * calls with ids drawn beforehand; when one was already stored, COPY'd into a
 * staging table instead and merged set-wise (INSERT … SELECT … ON CONFLICT on
 * the natural key DO NOTHING RETURNING), the returned natural keys mapped back
 * to the batch's rows; all of a batch in one transaction on the worker's own
 * connection. With a change-feed
 * writer, the batch's new call ids go to the change feed in the same
 * transaction, so every daemon counts their spend within a second.
 */
export function createPostgresIngestStore(dataSource: DataSource, announce?: ChangeFeedWriter): IngestStore {
  const fileRow = (row: Row): CdrFileRow => ({
    ...(row as unknown as CdrFileRow),
    id: Number(row.id),
    sizeBytes: Number(row.sizeBytes),
    receivedAt: Number(row.receivedAt),
    finishedAt: row.finishedAt === null ? null : Number(row.finishedAt),
  });

  async function inTransaction<T>(fn: (q: QueryRunner) => Promise<T>): Promise<T> {
    const q = dataSource.createQueryRunner();
    await q.connect();
    try {
      await prepareCallStaging(q);
      await q.startTransaction();
      const result = await fn(q);
      await q.commitTransaction();
      return result;
    } catch (err) {
      if (q.isTransactionActive) await q.rollbackTransaction();
      throw err;
    } finally {
      await q.release();
    }
  }

  /**
   * The batch's calls, each natural key once (the first row with it; a later
   * one in the batch is a duplicate): COPY'd straight into calls with ids
   * drawn beforehand, or (`straight` false) through the staging table, the ids
   * mapped back to the batch's rows by the natural keys the merge returns.
   * `metStored`: some call's natural key was already stored. Straight,
   * `whileStoring` runs once `callIds` holds every id and the server is still
   * storing the calls.
   */
  async function insertCalls(
    q: QueryRunner,
    calls: CallRowValues[],
    callIds: number[],
    straight: boolean,
    whileStoring: () => void,
  ): Promise<{ stored: number; metStored: boolean; firstId: number; lastId: number; earliest: number }> {
    // Straight, the ids are drawn (one per row, a repeat's left unused) while the batch's natural keys are sorted out.
    const drawn = straight && calls.length > 0 ? drawCallIds(q, calls.length) : undefined;
    const indexByKey = new Map<string, number>();
    const unique: CallRowValues[] = [];
    calls.forEach((row, i) => {
      const key = naturalKeyOf(row);
      if (indexByKey.has(key)) return;
      indexByKey.set(key, i);
      unique.push(row);
    });
    let stored = 0;
    let firstId = Number.MAX_SAFE_INTEGER;
    let lastId = 0;
    let earliest = Number.MAX_SAFE_INTEGER;
    const record = (index: number, id: number) => {
      callIds[index] = id;
      stored++;
      firstId = Math.min(firstId, id);
      lastId = Math.max(lastId, id);
      earliest = Math.min(earliest, (calls[index] as CallRowValues)[STARTED_AT] as number);
    };
    if (drawn) {
      await copyCallsStraight(q, unique, drawn, (ids) => {
        let j = 0;
        for (const index of indexByKey.values()) record(index, ids[j++] as number);
        whileStoring();
      });
    } else {
      for (const r of await mergeCallsThroughStaging(q, unique)) {
        const index = indexByKey.get(stagedNaturalKey.map((c) => String(r[c])).join('\u0000'));
        if (index !== undefined) record(index, Number(r.id));
      }
    }
    return { stored, metStored: stored < unique.length, firstId, lastId, earliest };
  }

  /** What a batch's stored calls add to the summaries and rollups, and their ids for the change feed. */
  function batchAdditions(calls: CallRowValues[], callIds: number[]) {
    const deltas = summaryDeltas(calls, callIds);
    const summaries: Array<{ sql: string; values: unknown[] }> = [];
    for (let start = 0; start < deltas.length; start += SUMMARIES_PER_STATEMENT) {
      const chunk = deltas.slice(start, start + SUMMARIES_PER_STATEMENT);
      summaries.push({ sql: insertSummariesSql(chunk.length, p), values: chunk.flat() });
    }
    const statements = [...summaries, ...rollupDeltaStatements(calls, callIds, p, 'postgres')];
    return { statements, announced: callIds.filter((id) => id !== 0) };
  }

  /** A batch's writes, in the caller's transaction. */
  async function storeBatch(
    q: QueryRunner,
    batch: LedgerBatch,
    straight: boolean,
    turns: BatchTurns,
  ): Promise<Omit<BatchOutcome, 'transactionMs'> & { metStored: boolean }> {
    const callIds = new Array<number>(batch.calls.length).fill(0);
    await texts.encode(q, batch.calls);
    const detailTextCodes = await texts.codesOf(q, batch.detailTexts);
    // Straight, the additions are worked out while the server stores the calls (every unique call is stored).
    let additions: ReturnType<typeof batchAdditions> | undefined;
    const whileStoring = () => (additions = batchAdditions(batch.calls, callIds));
    const calls = await insertCalls(q, batch.calls, callIds, straight, whileStoring);
    // Rollup rows are locked in batch order: this batch's after the batch before wrote its own.
    await turns.rollups();
    if (calls.stored > 0) {
      const { statements, announced } = additions ?? batchAdditions(batch.calls, callIds);
      for (const d of statements) await q.query(d.sql, d.values);
      if (announce) await announce.append(q.manager, 'calls', { callIds: announced });
    }
    turns.rollupsWritten();
    // CMRs and calls meet only once the batch before committed (its calls and CMRs are then seen).
    await turns.ledger();
    if (calls.stored > 0) {
      const recent = (await q.query(recentQualitySql(p), [calls.earliest])) as Row[];
      if (recent.length > 0) await q.query(joinQualityToNewCallsSql(p), [calls.firstId, calls.lastId]);
    }
    let storedQualities = 0;
    const storedLegs: LegKey[] = [];
    for (let start = 0; start < batch.qualities.length; start += QUALITIES_PER_STATEMENT) {
      const chunk = batch.qualities.slice(start, start + QUALITIES_PER_STATEMENT);
      const params = chunk.flatMap((x) => qualityValues(x, batch.fileId));
      const result = await q.query(
        `${insertQualitiesSql(chunk.length, p)} RETURNING cluster_id AS "clusterId", ` +
          'global_call_manager_id AS "globalCallManagerId", global_call_id AS "globalCallId", leg_id AS "legId"',
        params,
        true,
      );
      for (const r of result.records as Row[]) {
        storedQualities++;
        storedLegs.push({
          clusterId: r.clusterId as string,
          globalCallManagerId: Number(r.globalCallManagerId),
          globalCallId: Number(r.globalCallId),
          legId: Number(r.legId),
        });
      }
    }
    await joinQualityToLegs(q, storedLegs);
    for (const r of batch.rejects)
      await q.query(insertRejectSql(p), [batch.fileId, r.lineNo, r.reason.slice(0, 255), r.raw, batch.now]);
    const duplicateCalls = batch.calls.length - calls.stored;
    const duplicateQualities = batch.qualities.length - storedQualities;
    await q.query(
      updateLedgerSql(p),
      ledgerValues(batch, calls.stored + storedQualities, duplicateCalls + duplicateQualities),
    );
    const storedCalls = calls.stored;
    const metStored = calls.metStored;
    return { callIds, storedCalls, duplicateCalls, storedQualities, duplicateQualities, detailTextCodes, metStored };
  }

  /**
   * Straight COPY while batches meet no stored call: a batch that meets one is
   * rolled back and run again through the merge, and so is every batch after
   * it until one merges without meeting a stored call (a file delivered twice
   * under another name, or overlapping another, costs one failed COPY).
   */
  let straight = true;
  const texts = createPostgresCallTexts();

  /**
   * The batch committed (or begun) last: the next one, on another connection, COPYs its calls while this
   * one writes its rollups and commits, then waits for it (overlappingCommits).
   */
  const noneInFlight: BatchProgress = {
    fileId: 0,
    ended: true,
    rollupsWritten: Promise.resolve(true),
    committed: Promise.resolve(true),
    keys: noKeys,
    before: null,
  };
  let previous = noneInFlight;

  /**
   * The batch in its own transaction, committed after `before`: failed if `before` (of the same file)
   * failed, since its ledger line would skip lines never stored. A batch with texts new to the cache waits
   * for `before` first, so only the oldest batch in flight holds codes a rollback must forget.
   */
  async function commitAfter(
    batch: LedgerBatch,
    before: BatchProgress,
    rollupsWritten: () => void,
    sharesCalls: boolean,
  ) {
    if (sharesCalls || texts.meetsNewTexts(batch.calls, batch.detailTexts)) await before.committed;
    const after = async (done: Promise<boolean>): Promise<void> => {
      if (!(await done) && before.fileId === batch.fileId)
        throw new Error(`an earlier batch of ledger entry ${batch.fileId} failed: not committed`);
    };
    const turns: BatchTurns = {
      rollups: () => after(before.rollupsWritten),
      rollupsWritten,
      ledger: () => after(before.committed),
    };
    // The codes of texts call_texts got in a transaction are forgotten with it, and the batch's rows get their texts.
    const run = async (asStraight: boolean) => {
      try {
        const r = await inTransaction((q) => storeBatch(q, batch, asStraight, turns));
        texts.committed();
        return r;
      } catch (err) {
        await before.committed;
        texts.forgetUncommitted();
        throw err;
      }
    };
    let stored: Awaited<ReturnType<typeof storeBatch>>;
    try {
      stored = await run(straight && !sharesCalls);
    } catch (err) {
      if (!(err instanceof StraightCopyConflict) && !crossedBatchInFlight(err)) throw err;
      stored = await run(false);
    }
    const { metStored, ...outcome } = stored;
    straight = !metStored;
    return outcome;
  }

  return {
    async findFileByChecksum(checksum) {
      const rows = (await dataSource.query(`${ledgerSelect} WHERE checksum = $1`, [checksum])) as Row[];
      return rows[0] ? fileRow(rows[0]) : null;
    },
    findOutgoingLegs: (keys) => findOutgoingLegsAtOnce(dataSource, keys),
    async createFile(entry) {
      const rows = (await dataSource.query(`${insertFileSql(p)} RETURNING id`, fileValues(entry))) as Row[];
      const created = (await dataSource.query(`${ledgerSelect} WHERE id = $1`, [rows[0]?.id])) as Row[];
      return fileRow(created[0] as Row);
    },
    overlappingCommits: 3,
    async commitBatch(batch: LedgerBatch) {
      const started = process.hrtime.bigint();
      // A batch that ended before this one began (even failed) is not waited for: its failure was answered.
      const before = previous.ended ? noneInFlight : previous;
      const rollups = settlement();
      const commit = settlement();
      // Keys of the rows as handed over (coded texts still texts); insertCalls keys them again once encoded.
      const keys = new Set(batch.calls.map(naturalKeyOf));
      const progress: BatchProgress = {
        fileId: batch.fileId,
        ended: false,
        rollupsWritten: rollups.promise,
        committed: commit.promise,
        keys,
        before: before === noneInFlight ? null : before,
      };
      previous = progress;
      try {
        const sharesCalls = sharesCallsInFlight(keys, before);
        const outcome = await commitAfter(batch, before, () => rollups.settle(true), sharesCalls);
        progress.ended = true;
        progress.keys = noKeys;
        progress.before = null;
        commit.settle(true);
        return { ...outcome, transactionMs: Number(process.hrtime.bigint() - started) / 1e6 };
      } catch (err) {
        progress.ended = true;
        progress.keys = noKeys;
        progress.before = null;
        rollups.settle(false);
        commit.settle(false);
        throw err;
      }
    },
  };
}
