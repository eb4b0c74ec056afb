import { afterEach, describe, expect, it } from 'vitest';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../../test/harness/index.js';
import { callTextSql, migrations } from '../index.js';

const CODES = 'CallTextCodes1796010000000';
const before = migrations.slice(
  0,
  migrations.findIndex((m) => new m().name === CODES),
);

/** Odd texts: unicode, empty, the column's full length, quotes, and one text in both kinds. */
const clusters = ['StandAloneCluster', '', 'Zürich – 東京 😀', 'c'.repeat(64), 'O\'Brien "x" \\ %_', 'PT_Internal'];
const partitions = ['PT_Internal', '', 'Partition ünïcode ✓', 'p'.repeat(50), 'StandAloneCluster'];

async function insertOld(db: TestDatabase, postgres: boolean, n: number): Promise<void> {
  const cluster = clusters[n % clusters.length] as string;
  const partition = partitions[n % partitions.length] as string;
  const p = (i: number) => (postgres ? `$${i}` : '?');
  await db.dataSource.query(
    'INSERT INTO calls (cluster_id, global_call_manager_id, global_call_id, orig_leg_id, dest_leg_id, started_at, ' +
      'ended_at, direction, answered, owner_extension, owner_partition, ingested_at) ' +
      `VALUES (${p(1)}, 1, ${p(2)}, 1, 2, ` +
      `${p(3)}, ${p(4)}, 'outgoing', ${postgres ? 'false' : '0'}, '2001', ${p(5)}, 0)`,
    [cluster, n, 1_700_000_000 + n, 1_700_000_000 + n, partition],
  );
}

for (const kind of databaseKindsUnderTest()) {
  describe(`migration ${CODES} on ${kind}`, () => {
    let db: TestDatabase;
    afterEach(async () => db.close());

    it('moves every call to coded cluster and partition texts, each text read back as it was', async () => {
      db = await openTestDatabase(kind, { migrations: before });
      const postgres = kind === 'postgres';
      const calls = 30;
      for (let n = 0; n < calls; n++) await insertOld(db, postgres, n);
      const ids = (await db.dataSource.query('SELECT id, global_call_id FROM calls ORDER BY global_call_id')) as Array<{
        id: unknown;
      }>;

      await db.migrateToLatest();

      const stored = (await db.dataSource.query(
        `SELECT c.id, c.global_call_id, ${callTextSql('clusterId')} AS cluster, ` +
          `${callTextSql('ownerPartition')} AS partition, c.cluster_code FROM calls c ORDER BY c.global_call_id`,
      )) as Array<{ id: unknown; global_call_id: unknown; cluster: string; partition: string; cluster_code: unknown }>;
      expect(stored).toHaveLength(calls);
      stored.forEach((row, n) => {
        expect(Number(row.id)).toBe(Number(ids[n]?.id));
        expect(row.cluster).toBe(clusters[n % clusters.length]);
        expect(row.partition).toBe(partitions[n % partitions.length]);
        if (row.cluster === '') expect(Number(row.cluster_code)).toBe(0);
      });
      // One code per text and kind: the natural key still refuses the same call twice.
      const [texts] = (await db.dataSource.query(
        "SELECT COUNT(*) AS n FROM call_texts WHERE kind = 'cluster'",
      )) as Array<{
        n: unknown;
      }>;
      expect(Number(texts?.n)).toBe(clusters.filter((c) => c !== '').length);
      await db.dataSource.query(
        'INSERT INTO calls (cluster_code, global_call_manager_id, global_call_id, orig_leg_id, dest_leg_id, ' +
          `started_at, ended_at, direction_code, answered) SELECT cluster_code, global_call_manager_id, ` +
          'global_call_id, orig_leg_id, dest_leg_id, started_at, ended_at, direction_code, answered ' +
          'FROM calls WHERE true ' +
          'ON CONFLICT DO NOTHING',
      );
      const [count] = (await db.dataSource.query('SELECT COUNT(*) AS n FROM calls')) as Array<{ n: unknown }>;
      expect(Number(count?.n)).toBe(calls);
    });
  });
}
