import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../test/harness/index.js';
import { callColumnDefaults, callInsertColumns, type CallRowValues } from './call-row.js';
import { createPackedCallRowsWriter } from './packed-call-rows.js';
import { createThreadedIngestStore, type PackedLedgerBatch } from './threaded-ingest-store.js';
import { callsOnlyBatch, processingFileEntry } from './testing/ledger-fixtures.js';

const at = (column: string) => callInsertColumns.indexOf(column);

function packed(fileId: number, from: number, n: number, broken: boolean): PackedLedgerBatch {
  const writer = createPackedCallRowsWriter(callInsertColumns.length, n);
  for (let i = from; i < from + n; i++) {
    const v = callColumnDefaults.map((d) => (d === undefined ? 0 : d)) as CallRowValues;
    // A row the table refuses (NULL in a NOT NULL column): its batch fails as a full disk would.
    v[at('cluster_code')] = 'StandAloneCluster';
    v[at('global_call_id')] = i;
    v[at('direction_code')] = broken && i === from + n - 1 ? null : 0; // outgoing
    v[at('answered')] = false;
    v[at('started_at')] = 1_790_000_000 + i * 60;
    for (const value of v) writer.put(value);
  }
  const calls = writer.finish();
  return callsOnlyBatch(fileId, calls, from + n);
}

describe.each(databaseKindsUnderTest())('the ingest store thread, on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  }, 60_000);
  afterAll(() => db?.close());

  it('refuses the batches of a file sent after one that failed, so the ledger never passes lost lines', async () => {
    const store = createThreadedIngestStore({ url: db.url, ...(db.schema ? { schema: db.schema } : {}) }, undefined, {
      maxOldGenerationSizeMb: 256,
      maxYoungGenerationSizeMb: 32,
    });
    try {
      const file = await store.createFile(processingFileEntry('cdr_refuse', `refuse-${kind}`));
      // Sent before the failure is known, as the pipeline does with batches in flight.
      const sent = [0, 1, 2, 3, 4, 5].map((b) => store.commitBatch(packed(file.id, b * 50, 50, b === 0)));
      const settled = await Promise.allSettled(sent);
      expect(settled.map((s) => s.status)).toEqual(new Array(6).fill('rejected'));
      const [ledger] = (await db.dataSource.query(
        `SELECT lines_committed AS lines FROM cdr_files WHERE id = ${file.id}`,
      )) as Array<{ lines: unknown }>;
      expect(Number(ledger?.lines)).toBe(0);
      const [calls] = (await db.dataSource.query('SELECT COUNT(*) AS n FROM calls')) as Array<{ n: unknown }>;
      expect(Number(calls?.n)).toBe(0);
      // A new attempt starts with a ledger look-up: its batches commit again.
      await store.findFileByChecksum(`refuse-${kind}`);
      const outcome = await store.commitBatch(packed(file.id, 0, 50, false));
      expect(outcome.storedCalls).toBe(50);
    } finally {
      await store.close();
    }
  });
});
