import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callTextSql } from '../src/store/index.js';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../test/harness/index.js';
import { callColumnDefaults, callInsertColumns, type CallRowValues } from './call-row.js';
import type { IngestStore, LedgerBatch } from './ingest-store.js';
import { openIngestStore } from './open-ingest-store.js';
import { callsOnlyBatch, processingFileEntry } from './testing/ledger-fixtures.js';

const at = (column: string) => callInsertColumns.indexOf(column);

/** A call row as the parse thread hands it over: coded columns carry their texts. */
function row(globalCallId: number, cluster: string, partition: string): CallRowValues {
  const v = callColumnDefaults.map((d) => (d === undefined ? 0 : d)) as CallRowValues;
  v[at('cluster_code')] = cluster;
  v[at('owner_partition_code')] = partition;
  v[at('global_call_id')] = globalCallId;
  v[at('direction')] = 'outgoing';
  v[at('answered')] = false;
  v[at('started_at')] = 1_795_000_000 + globalCallId;
  return v;
}

describe.each(databaseKindsUnderTest())('the ingest store (%s) and coded texts', (kind) => {
  let db: TestDatabase;
  let store: IngestStore;
  let closeStore: (() => Promise<void>) | undefined;
  let fileId: number;
  const batch = (calls: CallRowValues[]): LedgerBatch => callsOnlyBatch(fileId, calls, calls.length, 1_795_000_000_000);
  const stored = async () =>
    (await db.dataSource.query(
      `SELECT c.global_call_id AS gcid, ${callTextSql('clusterId')} AS cluster, ` +
        `${callTextSql('ownerPartition')} AS partition FROM calls c ORDER BY c.global_call_id`,
    )) as Array<{ gcid: number | string; cluster: string; partition: string }>;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    ({ store, close: closeStore } = await openIngestStore({ url: db.url, schema: db.schema }, 'codes-retry'));
    const file = await store.createFile(processingFileEntry('cdr_codes_retry', 'codes-retry'));
    fileId = file.id;
  }, 60_000);
  afterAll(async () => {
    await closeStore?.();
    await db?.close();
  });

  it('stores each text once and reads every call back with its texts, empty and unicode ones too', async () => {
    await store.commitBatch(batch([row(11, 'Zürich 東京', ''), row(12, 'Zürich 東京', 'PT_A'), row(13, '', 'x')]));
    await store.commitBatch(batch([row(14, 'Zürich 東京', 'PT_A')]));
    expect((await stored()).map((r) => ({ ...r, gcid: Number(r.gcid) }))).toEqual([
      { gcid: 11, cluster: 'Zürich 東京', partition: '' },
      { gcid: 12, cluster: 'Zürich 東京', partition: 'PT_A' },
      { gcid: 13, cluster: '', partition: 'x' },
      { gcid: 14, cluster: 'Zürich 東京', partition: 'PT_A' },
    ]);
    const [count] = (await db.dataSource.query('SELECT COUNT(*) AS n FROM call_texts')) as Array<{ n: unknown }>;
    expect(Number(count?.n)).toBe(4); // ('', ''), the cluster, two partitions
    await db.dataSource.query('DELETE FROM calls');
  });

  it('stores a batch run again after its transaction rolled back with the texts it carried', async () => {
    const calls = [row(1, 'Cluster Ω', 'PT_Rolled'), row(2, 'Cluster Ω', "PT_'quoted'")];
    (calls[1] as CallRowValues)[at('started_at')] = null; // NOT NULL: the transaction fails after the texts were added
    await expect(store.commitBatch(batch(calls))).rejects.toThrow();
    (calls[1] as CallRowValues)[at('started_at')] = 1_795_000_002;
    await store.commitBatch(batch(calls));
    expect((await stored()).map((r) => ({ ...r, gcid: Number(r.gcid) }))).toEqual([
      { gcid: 1, cluster: 'Cluster Ω', partition: 'PT_Rolled' },
      { gcid: 2, cluster: 'Cluster Ω', partition: "PT_'quoted'" },
    ]);
  });

  it('stores the new texts of a batch that meets a stored call, next to its duplicate', async () => {
    const outcome = await store.commitBatch(batch([row(2, 'Cluster Ω', "PT_'quoted'"), row(3, 'Neu', '')]));
    expect(outcome.storedCalls).toBe(1);
    expect((await stored()).map((r) => ({ ...r, gcid: Number(r.gcid) })).slice(2)).toEqual([
      { gcid: 3, cluster: 'Neu', partition: '' },
    ]);
  });
});
