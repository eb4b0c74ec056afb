import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataSource } from 'typeorm';
import {
  callRollupFigures,
  callRollupsFromCalls,
  callSummaryFigures,
  callSummaryKey,
  type CallRow,
} from '../src/store/index.js';
import { blankCallRow, databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../test/harness/index.js';
import { callRowOf, type CallRowValues } from './call-row.js';
import type { IngestStore, LedgerBatch } from './ingest-store.js';
import { openIngestStore } from './open-ingest-store.js';
import { callsOnlyBatch, processingFileEntry } from './testing/ledger-fixtures.js';

type Call = Omit<CallRow, 'id'>;
const rowOf = (call: Call): CallRowValues => callRowOf(call);
const START = Date.UTC(2026, 10, 20, 18) / 1000;

/** Calls over three days and a few lines, destinations and departments (the same keys in every batch). */
const calls = (from: number, n: number): Call[] =>
  Array.from({ length: n }, (_, j) => {
    const i = from + j;
    return {
      ...blankCallRow(),
      globalCallId: i,
      startedAt: START + i * 1931,
      endedAt: START + i * 1931 + 60,
      connectedAt: i % 4 === 0 ? null : START + i * 1931 + 5,
      answered: i % 4 !== 0,
      durationSeconds: i % 4 === 0 ? 0 : 55,
      direction: i % 3 === 0 ? 'incoming' : 'outgoing',
      ownerExtension: `2${i % 5}`,
      ownerUserId: i % 5 === 4 ? null : 1 + (i % 5),
      departmentId: i % 7 === 0 ? null : 1 + (i % 2),
      // Odd texts: NULL, empty, and what an array literal must escape (quotes, commas, braces, a backslash).
      destinationName:
        i % 6 === 0 ? null : i % 7 === 0 ? 'Côte d\'Ivoire, "Nord" {a\\b}' : i % 10 === 0 ? '' : `Area ${i % 3}`,
      nation: i % 6 === 0 ? null : i % 2 ? 'IT' : 'FR',
      destinationType: i % 2 ? 'mobile' : null,
      site: i % 8 === 0 ? 'Rome' : null,
      costMinor: i % 5 === 0 ? null : i,
      currency: i % 5 === 0 ? null : 'EUR',
    };
  });

/**
 * Each rollup kept from the calls, and call_summaries (by hour and its key), beside the calls summed by the same
 * key, day or hour: they must be equal.
 */
async function bothSides(ds: DataSource): Promise<Array<[unknown, unknown]>> {
  const norm = (rows: Array<Record<string, unknown>>) =>
    rows.map((r) => Object.values(r).map((v) => (v === null ? v : String(v))));
  const sides: Array<[unknown, unknown]> = [];
  const summaries = { table: 'call_summaries', key: callSummaryKey, grainSeconds: 3600, figures: callSummaryFigures };
  for (const r of [...callRollupsFromCalls.map((rollup) => ({ ...rollup, figures: callRollupFigures })), summaries]) {
    const key = r.key.join(', ');
    const order = `ORDER BY 1, ${r.key.map((k) => `${k} IS NULL, ${k}`).join(', ')}`;
    const rollup = await ds.query(
      `SELECT started_at AS t, ${key}, ${r.figures.map((f, i) => `SUM(${f}) AS f${i}`).join(', ')} ` +
        `FROM ${r.table} GROUP BY started_at, ${key} HAVING SUM(calls) <> 0 ${order}`,
    );
    const start = `(started_at / ${r.grainSeconds}) * ${r.grainSeconds}`;
    const fromCalls = await ds.query(
      `SELECT ${start} AS t, ${key}, COUNT(*) AS f0, SUM(duration_seconds) AS f1, ` +
        `SUM(cost_minor) AS f2, COUNT(cost_minor) AS f3, SUM(CASE WHEN connected_at IS NOT NULL THEN ` +
        `connected_at - started_at ELSE 0 END) AS f4` +
        `${r.figures.length > 5 ? ', SUM(CASE WHEN answered THEN 1 ELSE 0 END) AS f5' : ''} FROM calls ` +
        `GROUP BY ${start}, ${key} ${order}`,
    );
    sides.push([norm(rollup), norm(fromCalls)]);
  }
  return sides;
}

describe.each(databaseKindsUnderTest())('call summaries and rollups kept by the ingest, on %s', (kind) => {
  let db: TestDatabase;
  let store: IngestStore;
  let closeStore: (() => Promise<void>) | undefined;
  let fileId: number;
  const batch = (rows: Call[]): LedgerBatch =>
    callsOnlyBatch(
      fileId,
      rows.map((c) => rowOf({ ...c, fileId })),
      rows.length,
      1_795_000_000_000,
    );

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    ({ store, close: closeStore } = await openIngestStore({ url: db.url, schema: db.schema }, undefined));
    const file = await store.createFile(processingFileEntry('cdr_StandAloneCluster_01_202611201800_1', 'rollup-test'));
    fileId = file.id;
  }, 60_000);
  afterAll(async () => {
    await closeStore?.();
    await db?.close();
  });

  it('adds each batch into one row per period and key, equal to the calls through re-rating and deletes', async () => {
    await store.commitBatch(batch(calls(0, 80)));
    // The second batch repeats 20 stored calls (not stored again) and the same keys on the same days.
    await store.commitBatch(batch(calls(60, 80)));
    for (const [rollup, fromCalls] of await bothSides(db.dataSource)) expect(rollup).toEqual(fromCalls);
    // One row per day or hour and key: the second batch's deltas were added into the first's rows.
    for (const r of callRollupsFromCalls) {
      const count = async (sql: string) => Number(((await db.dataSource.query(sql)) as Array<{ n: unknown }>)[0]!.n);
      const keys = await count(
        `SELECT COUNT(*) AS n FROM (SELECT 1 AS x FROM calls ` +
          `GROUP BY started_at / ${r.grainSeconds}, ${r.key.join(', ')}) k`,
      );
      expect(await count(`SELECT COUNT(*) AS n FROM ${r.table}`), r.table).toBe(keys);
    }
    await db.dataSource.query(`UPDATE calls SET cost_minor = 9, currency = 'EUR' WHERE global_call_id % 3 = 0`);
    await db.dataSource.query(`UPDATE calls SET owner_user_id = 3, department_id = 2 WHERE owner_extension = '21'`);
    await db.dataSource.query(`UPDATE calls SET destination_name = 'Renamed' WHERE destination_name = 'Area 1'`);
    await db.dataSource.query('DELETE FROM calls WHERE global_call_id % 11 = 0');
    for (const [rollup, fromCalls] of await bothSides(db.dataSource)) expect(rollup).toEqual(fromCalls);
  });

  it('adds a batch of more keys than one upsert statement holds, each key once', async () => {
    // 300 calls about half an hour apart: over a hundred hours and lines, cut into several statements.
    await store.commitBatch(batch(calls(1000, 300)));
    for (const [rollup, fromCalls] of await bothSides(db.dataSource)) expect(rollup).toEqual(fromCalls);
    const hourly = await db.dataSource.query('SELECT COUNT(*) AS n FROM call_summaries_hourly_destination');
    expect(Number((hourly as Array<{ n: unknown }>)[0]!.n)).toBeGreaterThan(64 + 8);
  });
});
