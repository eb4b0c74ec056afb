import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../test/harness/index.js';
import { seedCallsOnSharedLines } from '../../test/reports/call-fixtures.js';
import type { CountingRules } from './budget-rules.js';
import { sumSpend } from './spend-query.js';

/*
 * A user's budget sums the calls found through the extensions the daily rollup by line says the user made calls on
 * (migration 1797400000000 dropped the calls' (hour, user) index): every call of the user's, on any extension, and
 * none of the calls others made on the same extensions.
 */
describe.each(databaseKindsUnderTest())("a user's budget spend, by the user's extensions, on %s", (kind) => {
  let db: TestDatabase;
  let id: Record<string, number>;
  let users: { alice: number; bob: number };

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    ({ users, id } = await seedCallsOnSharedLines(db.dataSource));
  });
  afterAll(async () => db.close());

  const rules: CountingRules = { directions: new Set(['outgoing']), destinationTypes: null };
  const month = { from: new Date('2021-02-01T00:00:00Z'), to: new Date('2021-03-01T00:00:00Z') };
  const spent = async (userId: number, watermark = id.bobInMarch as number) => [
    ...(await sumSpend(
      db.dataSource.manager,
      { scope: 'user', scopeId: userId, sharing: 'pool', currency: 'EUR', excludedUserIds: [] },
      rules,
      month,
      watermark,
    )),
  ];

  it("sums every call of the user's in the period, on each of their extensions, and no one else's", async () => {
    // UTC February: bob's calls but the first (31 January) and March's.
    expect(await spent(users.bob)).toEqual([[0, 20 + 3 + 1]]);
    expect(await spent(users.alice)).toEqual([[0, 4000]]);
  });

  it('stops at the watermark', async () => {
    expect(await spent(users.bob, id.bobOnAlicesLine)).toEqual([[0, 20 + 3]]);
  });
});
