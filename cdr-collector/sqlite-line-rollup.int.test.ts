import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callLineRollup, callRollupFigures } from '../src/call-layout/index.js';
import { openTestDatabase, type TestDatabase } from '../test/harness/index.js';
import { callColumnDefaults, callInsertColumns, type CallRowValues } from './call-row.js';
import type { IngestStore, LedgerBatch } from './ingest-store.js';
import { openIngestStore, sqliteHandleOf } from './open-ingest-store.js';
import { createSqliteIngestStore } from './sqlite-ingest-store.js';
import { callsOnlyBatch, processingFileEntry } from './testing/ledger-fixtures.js';

const at = (column: string) => callInsertColumns.indexOf(column);
const DAY = 86_400;

/** Call `n` of a file: five lines of three users over four days, some unanswered, some not rated. */
function row(fileId: number, n: number): CallRowValues {
  const v = callColumnDefaults.map((d) => (d === undefined ? 0 : d)) as CallRowValues;
  v[at('cluster_code')] = 'StandAloneCluster';
  v[at('global_call_id')] = n;
  v[at('direction_code')] = n % 3 === 0 ? 1 : 0;
  v[at('answered')] = n % 4 !== 0;
  v[at('owner_extension')] = `20${n % 5}`;
  v[at('owner_user_id')] = n % 5 === 4 ? null : 1 + (n % 3);
  v[at('department_id')] = n % 5 === 4 ? null : 7;
  v[at('started_at')] = 1_795_132_800 + (n % 4) * DAY + n * 7;
  v[at('connected_at')] = n % 4 === 0 ? null : 1_795_132_800 + (n % 4) * DAY + n * 7 + 4;
  v[at('duration_seconds')] = n % 4 === 0 ? 0 : 30 + (n % 50);
  v[at('cost_minor')] = n % 6 === 0 ? null : n % 90;
  v[at('currency')] = n % 6 === 0 ? null : 'EUR';
  v[at('file_id')] = fileId;
  return v;
}

const batch = (fileId: number, from: number, n: number, last = false): LedgerBatch => ({
  ...callsOnlyBatch(
    fileId,
    Array.from({ length: n }, (_, i) => row(fileId, from + i)),
    from + n,
  ),
  finishedAt: last ? 1_795_500_000_000 : null,
});

const KEY = callLineRollup.key.join(', ');
const ORDER = `ORDER BY 1, ${callLineRollup.key.map((k) => `${k} IS NULL, ${k}`).join(', ')}`;

describe('the daily rollup by line on SQLite, its figures held back within a file', () => {
  let db: TestDatabase;
  let store: IngestStore;
  const query = async <T = Record<string, unknown>>(sql: string) => (await db.dataSource.query(sql)) as T[];
  const one = async (sql: string) => Number(Object.values((await query(sql))[0] ?? { n: NaN })[0]);
  /** The rollup's rows with calls, and the calls summed by day and line: equal when the rollup holds every call. */
  const sides = async () => {
    const figures = callRollupFigures.map((f) => `SUM(${f}) AS ${f}`).join(', ');
    return [
      await query(
        `SELECT started_at AS day, ${KEY}, ${figures} FROM ${callLineRollup.table} ` +
          `GROUP BY started_at, ${KEY} HAVING SUM(calls) <> 0 ${ORDER}`,
      ),
      await query(
        `SELECT (started_at / ${DAY}) * ${DAY} AS day, ${KEY}, COUNT(*) AS calls, ` +
          'SUM(duration_seconds) AS duration_seconds, SUM(cost_minor) AS cost_minor, ' +
          'COUNT(cost_minor) AS rated_calls, ' +
          'SUM(CASE WHEN connected_at IS NOT NULL THEN connected_at - started_at ELSE 0 END) AS ring_seconds, ' +
          `SUM(CASE WHEN answered THEN 1 ELSE 0 END) AS answered_calls FROM calls GROUP BY 1, ${KEY} ${ORDER}`,
      ),
    ];
  };
  const expectRollupEqualsCalls = async () => {
    const [rollup, calls] = await sides();
    expect(rollup!.length).toBeGreaterThan(0);
    expect(rollup).toEqual(calls);
  };
  const marker = (fileId: number) =>
    query<{ pending: number | null; stale: number }>(
      `SELECT line_rollup_pending_from AS pending, line_rollup_stale AS stale FROM cdr_files WHERE id = ${fileId}`,
    ).then((rows) => rows[0]);
  const keysOfCalls = () => one(`SELECT COUNT(*) FROM (SELECT 1 FROM calls GROUP BY started_at / ${DAY}, ${KEY}) k`);
  const newFile = async (s: IngestStore, name: string) => (await s.createFile(processingFileEntry(name, name))).id;

  beforeEach(async () => {
    db = await openTestDatabase('sqlite');
    store = createSqliteIngestStore(sqliteHandleOf(db.dataSource), { lineRollupFlushCalls: 1000 });
  });
  afterEach(() => db.close());

  it("adds a file's figures with its last batch; its new keys are there from the first", async () => {
    const file = await newFile(store, 'cdr_held');
    await store.commitBatch(batch(file, 0, 200));
    await store.commitBatch(batch(file, 200, 200));
    // Every line and day is a row at once (a user's call list finds the line), its figures not yet.
    expect(await one(`SELECT COUNT(*) FROM ${callLineRollup.table}`)).toBe(await keysOfCalls());
    expect(await one(`SELECT COALESCE(SUM(calls), 0) + COUNT(cost_minor) FROM ${callLineRollup.table}`)).toBe(0);
    const firstId = await one('SELECT MIN(id) FROM calls');
    expect(await marker(file)).toEqual({ pending: firstId, stale: 0 });

    await store.commitBatch(batch(file, 400, 100, true));
    await expectRollupEqualsCalls();
    expect(await marker(file)).toEqual({ pending: null, stale: 0 });
    // One row per day and line: the held figures went into the rows the keys made.
    expect(await one(`SELECT COUNT(*) FROM ${callLineRollup.table}`)).toBe(await keysOfCalls());
  });

  it('adds the held figures once enough calls are held, and what fileFinished finds held', async () => {
    const file = await newFile(store, 'cdr_long');
    for (let from = 0; from < 1200; from += 300) await store.commitBatch(batch(file, from, 300));
    // 1,200 calls held at most 1,000: the fourth batch's commit added all of them.
    await expectRollupEqualsCalls();
    await store.commitBatch(batch(file, 1200, 300));
    expect(await one(`SELECT SUM(calls) FROM ${callLineRollup.table}`)).toBe(1200);
    expect((await marker(file))?.pending).toBe(await one('SELECT MIN(id) FROM calls WHERE global_call_id >= 1200'));
    // A file that ends without a last batch (an interrupted or refused one): the store's fileFinished adds them.
    await store.fileFinished!();
    await expectRollupEqualsCalls();
    expect(await marker(file)).toEqual({ pending: null, stale: 0 });
  });

  it('leaves pending calls to the ingest when they are re-rated, moved or deleted, and counts each once', async () => {
    const done = await newFile(store, 'cdr_done');
    await store.commitBatch(batch(done, 0, 100, true));
    const file = await newFile(store, 'cdr_pending');
    await store.commitBatch(batch(file, 1000, 200));
    const pendingFrom = (await marker(file))!.pending;
    // Re-rating, a directory change and deletes, each over calls of both files.
    await db.dataSource.query("UPDATE calls SET cost_minor = 500, currency = 'EUR' WHERE global_call_id % 7 = 0");
    await db.dataSource.query("UPDATE calls SET owner_user_id = 9, department_id = 8 WHERE owner_extension = '201'");
    await db.dataSource.query('DELETE FROM calls WHERE global_call_id % 11 = 0');
    // The finished file's rows followed at once; the pending file's were left alone, the file marked stale.
    const figures = await query<{ calls: number }>(
      `SELECT SUM(calls) AS calls FROM ${callLineRollup.table} HAVING MIN(calls) < 0`,
    );
    expect(figures).toEqual([]);
    expect(await marker(file)).toEqual({ pending: pendingFrom, stale: 1 });
    expect(await marker(done)).toEqual({ pending: null, stale: 0 });

    await store.commitBatch(batch(file, 1200, 100, true));
    await expectRollupEqualsCalls();
    expect(await marker(file)).toEqual({ pending: null, stale: 0 });
  });

  it('adds what an ended store left pending when the next one opens; the first then counts no call twice', async () => {
    const file = await newFile(store, 'cdr_crash');
    await store.commitBatch(batch(file, 0, 300));
    await store.commitBatch(batch(file, 300, 300));
    // A second store opens (its own connection, as after a crash): it adds the 600 calls from the calls.
    const { store: next, close } = await openIngestStore({ url: db.url, schema: db.schema }, undefined);
    try {
      await expectRollupEqualsCalls();
      expect(await marker(file)).toEqual({ pending: null, stale: 0 });
      // The first store, still alive, goes on: what it held was added already, the rest it adds once.
      await store.commitBatch(batch(file, 600, 300));
      await store.commitBatch(batch(file, 900, 50, true));
      await expectRollupEqualsCalls();
      // The second store's own files are its own.
      const other = await newFile(next, 'cdr_next');
      await next.commitBatch(batch(other, 5000, 100));
      await next.commitBatch(batch(other, 5100, 100, true));
      await expectRollupEqualsCalls();
    } finally {
      await close();
    }
  });

  it('rolls a failed group back whole: nothing held, nothing marked', async () => {
    const file = await newFile(store, 'cdr_fails');
    const broken = batch(file, 0, 100);
    (broken.calls[99] as CallRowValues)[at('direction_code')] = null;
    await expect(store.commitBatches!([batch(file, 100, 100), broken])).rejects.toThrow();
    expect(await one(`SELECT COUNT(*) FROM ${callLineRollup.table}`)).toBe(0);
    expect(await marker(file)).toEqual({ pending: null, stale: 0 });
    await store.commitBatches!([batch(file, 0, 100), batch(file, 100, 100, true)]);
    await expectRollupEqualsCalls();
    expect(await one(`SELECT SUM(calls) FROM ${callLineRollup.table}`)).toBe(200);
  });
});
