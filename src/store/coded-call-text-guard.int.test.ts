import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blankCallRow, databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../test/harness/index.js';
import { callEntity, callTextSql, toStoredCallRows } from './index.js';

describe.each(databaseKindsUnderTest())('writing calls through the entity (%s)', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase(kind);
  }, 60_000);
  afterAll(() => db?.close());

  it('refuses a coded text handed as text, which the table would otherwise drop without a word', async () => {
    const repo = db.dataSource.getRepository(callEntity.options.name);
    const call = { ...blankCallRow(), globalCallId: 1, startedAt: 1, clusterId: 'Lost', ownerPartition: 'PT' };
    await expect(repo.save(call)).rejects.toThrow(/clusterId, ownerPartition/);
    await expect(repo.insert(call)).rejects.toThrow(/toStoredCallRows/);
    await expect(repo.update({ id: 1 }, { ownerPartition: 'PT' })).rejects.toThrow(/ownerPartition/);
  });

  it('stores the same call through toStoredCallRows with its texts', async () => {
    const repo = db.dataSource.getRepository(callEntity.options.name);
    const call = { ...blankCallRow(), globalCallId: 2, startedAt: 1, clusterId: 'Kept', ownerPartition: 'PT' };
    const [stored] = await toStoredCallRows(db.dataSource.manager, [call]);
    await repo.save(stored as object);
    const rows = (await db.dataSource.query(
      `SELECT ${callTextSql('clusterId')} AS cluster, ${callTextSql('ownerPartition')} AS partition FROM calls c`,
    )) as Array<{ cluster: string; partition: string }>;
    expect(rows).toEqual([{ cluster: 'Kept', partition: 'PT' }]);
  });
});
