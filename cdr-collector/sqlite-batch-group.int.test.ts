import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { holdSqliteWriteLock, openTestDatabase, type TestDatabase } from '../test/harness/index.js';
import { callColumnDefaults, callInsertColumns, type CallRowValues } from './call-row.js';
import type { LedgerBatch } from './ingest-store.js';
import { createSqliteIngestStore, type SqliteHandle } from './sqlite-ingest-store.js';
import { callsOnlyBatch, processingFileEntry } from './testing/ledger-fixtures.js';
import { sqliteHandleOf } from './open-ingest-store.js';

const at = (column: string) => callInsertColumns.indexOf(column);

function row(fileId: number, globalCallId: number): CallRowValues {
  const v = callColumnDefaults.map((d) => (d === undefined ? 0 : d)) as CallRowValues;
  v[at('cluster_code')] = 'StandAloneCluster';
  v[at('global_call_id')] = globalCallId;
  v[at('direction_code')] = 0; // outgoing
  v[at('answered')] = true;
  v[at('owner_extension')] = `2${globalCallId % 7}`;
  v[at('started_at')] = 1_790_000_000 + globalCallId * 600;
  v[at('duration_seconds')] = 30;
  v[at('file_id')] = fileId;
  return v;
}

const batch = (fileId: number, from: number, n: number, broken = false): LedgerBatch => {
  const calls = Array.from({ length: n }, (_, i) => row(fileId, from + i));
  // A row the table refuses (NULL in a NOT NULL column): its batch fails as a full disk would.
  if (broken) (calls[n - 1] as CallRowValues)[at('direction_code')] = null;
  return callsOnlyBatch(fileId, calls, from + n);
};

describe('SQLite batches that queued up, committed in one transaction', () => {
  let db: TestDatabase;
  let handle: SqliteHandle;
  beforeEach(async () => {
    db = await openTestDatabase('sqlite');
    handle = sqliteHandleOf(db.dataSource);
  });
  afterEach(() => db.close());

  it('stores none of them when the last fails, and stores each call once when they are committed again', async () => {
    const store = createSqliteIngestStore(handle);
    const file = await store.createFile(processingFileEntry('cdr_group', 'group-test'));
    const count = async (sql: string) => Number(((await db.dataSource.query(sql)) as Array<{ n: unknown }>)[0]!.n);
    const ledger = async () =>
      (await db.dataSource.query(
        `SELECT records_stored AS stored, lines_committed AS lines FROM cdr_files WHERE id = ${file.id}`,
      )) as Array<{ stored: number; lines: number }>;

    await expect(
      store.commitBatches!([batch(file.id, 0, 100), batch(file.id, 100, 100), batch(file.id, 200, 100, true)]),
    ).rejects.toThrow();
    expect(await count('SELECT COUNT(*) AS n FROM calls')).toBe(0);
    expect(await count('SELECT COALESCE(SUM(calls), 0) AS n FROM call_summaries_daily_line')).toBe(0);
    expect(await ledger()).toEqual([{ stored: 0, lines: 0 }]);

    // The run resumes from the ledger (line 0): the same batches again, one of them repeating stored calls.
    await store.commitBatches!([batch(file.id, 0, 100), batch(file.id, 100, 100)]);
    const outcomes = await store.commitBatches!([batch(file.id, 150, 100), batch(file.id, 250, 50)]);
    expect(outcomes.map((o) => [o.storedCalls, o.duplicateCalls])).toEqual([
      [50, 50],
      [50, 0],
    ]);
    expect(outcomes[1]!.callIds.every((id) => id > 0)).toBe(true);
    expect(await count('SELECT COUNT(*) AS n FROM calls')).toBe(300);
    expect(await ledger()).toEqual([{ stored: 300, lines: 300 }]);
    // Summaries and rollups added once per key for the group: they sum to the calls.
    expect(await count('SELECT SUM(calls) AS n FROM call_summaries')).toBe(300);
    for (const table of ['call_summaries_daily_line', 'call_summaries_hourly_destination'])
      expect(await count(`SELECT SUM(calls) AS n FROM ${table}`), table).toBe(300);
    expect(await count('SELECT COUNT(*) AS n FROM call_summaries_daily_line')).toBe(
      await count('SELECT COUNT(*) AS n FROM (SELECT 1 FROM calls GROUP BY started_at / 86400, owner_extension) k'),
    );
  });
  it('waits for a write another connection holds, instead of failing with "database is locked"', async () => {
    const store = createSqliteIngestStore(handle);
    const file = await store.createFile(processingFileEntry('cdr_wait', 'wait-test'));
    await store.commitBatch(batch(file.id, 0, 10));
    // Another connection (CURRI's decision recorder, the daemon's writers) holds the write lock for 300 ms.
    const lock = await holdSqliteWriteLock((handle as unknown as { name: string }).name, 300);
    const outcome = await store.commitBatch(batch(file.id, 10, 10));
    await lock.released;
    expect(outcome.storedCalls).toBe(10);
  });
});
