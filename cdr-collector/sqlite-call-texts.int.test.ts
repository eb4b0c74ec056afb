import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callTextSql } from '../src/store/index.js';
import { openTestDatabase, type TestDatabase } from '../test/harness/index.js';
import { callColumnDefaults, callInsertColumns, type CallRowValues } from './call-row.js';
import type { LedgerBatch } from './ingest-store.js';
import { createSqliteIngestStore, type SqliteHandle } from './sqlite-ingest-store.js';

const at = (column: string) => callInsertColumns.indexOf(column);

/** A call row as the parse thread hands it over: coded columns carry their texts. */
function row(globalCallId: number, cluster: string, partition: string): CallRowValues {
  const v = callColumnDefaults.map((d) => (d === undefined ? 0 : d)) as CallRowValues;
  v[at('cluster_code')] = cluster;
  v[at('owner_partition_code')] = partition;
  v[at('global_call_id')] = globalCallId;
  v[at('direction')] = 'outgoing';
  v[at('answered')] = false;
  v[at('started_at')] = 1_700_000_000 + globalCallId;
  return v;
}
const batch = (calls: CallRowValues[]): LedgerBatch => ({
  fileId: 1,
  calls,
  qualities: [],
  rejects: [],
  rejectsNotKept: 0,
  skipped: 0,
  linesCommitted: 0,
  finishedAt: null,
  now: 0,
});

describe('the SQLite ingest store and coded texts', () => {
  let db: TestDatabase;
  let handle: SqliteHandle;
  beforeEach(async () => {
    db = await openTestDatabase('sqlite');
    handle = (db.dataSource.driver as unknown as { databaseConnection: SqliteHandle }).databaseConnection;
  });
  afterEach(() => db.close());

  async function texts(): Promise<Array<{ gcid: number; cluster: string; partition: string }>> {
    return (await db.dataSource.query(
      `SELECT c.global_call_id AS gcid, ${callTextSql('clusterId')} AS cluster, ` +
        `${callTextSql('ownerPartition')} AS partition FROM calls c ORDER BY c.global_call_id`,
    )) as Array<{ gcid: number; cluster: string; partition: string }>;
  }

  it('stores each text once and reads every call back with its texts, empty and unicode ones too', async () => {
    const store = createSqliteIngestStore(handle);
    await store.commitBatch(batch([row(1, 'Zürich 東京', ''), row(2, 'Zürich 東京', 'PT_Internal'), row(3, '', 'x')]));
    await store.commitBatch(batch([row(4, 'Zürich 東京', 'PT_Internal')]));
    expect(await texts()).toEqual([
      { gcid: 1, cluster: 'Zürich 東京', partition: '' },
      { gcid: 2, cluster: 'Zürich 東京', partition: 'PT_Internal' },
      { gcid: 3, cluster: '', partition: 'x' },
      { gcid: 4, cluster: 'Zürich 東京', partition: 'PT_Internal' },
    ]);
    const [count] = (await db.dataSource.query('SELECT COUNT(*) AS n FROM call_texts')) as Array<{ n: number }>;
    expect(count?.n).toBe(4); // ('', ''), the cluster, two partitions
  });

  it('forgets the codes of a batch that rolled back, so a later call never points at a missing text', async () => {
    const store = createSqliteIngestStore(handle);
    const broken = row(2, 'Rolled back', 'PT_New');
    broken[at('started_at')] = null; // NOT NULL: the batch fails after its texts were added
    await expect(store.commitBatch(batch([row(1, 'Rolled back', 'PT_New'), broken]))).rejects.toThrow();
    await store.commitBatch(batch([row(3, 'Rolled back', 'PT_New')]));
    expect(await texts()).toEqual([{ gcid: 3, cluster: 'Rolled back', partition: 'PT_New' }]);
  });
});
