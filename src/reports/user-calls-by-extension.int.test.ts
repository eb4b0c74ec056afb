import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../test/harness/index.js';
import { seedCallsOnSharedLines, testReportService } from '../../test/reports/call-fixtures.js';
import { parseReportOptions, type ReportOptionsInput, type ReportService, type ReportViewer } from './index.js';

/*
 * A user's calls are found through the extensions the daily rollup by line says the user made calls on
 * (migration 1797400000000 dropped the calls' (hour, user) index): every call of the user, on any extension and
 * at either end of the period, and none of the calls others made on the same extensions.
 */
const admin: ReportViewer = { name: 'root', role: 'admin' };
const february = { timeZone: 'Europe/Rome', period: { from: '2021-02-01', to: '2021-02-28' } } as const;

describe.each(databaseKindsUnderTest())("a user's calls, found by the user's extensions, on %s", (kind) => {
  let db: TestDatabase;
  let reports: ReportService;
  let id: Record<string, number>;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    ({ id } = await seedCallsOnSharedLines(db.dataSource));
    reports = testReportService(db.dataSource);
  });
  afterAll(async () => db.close());

  const ids = async (input: ReportOptionsInput, viewer = admin, pageSize = 1000) =>
    (
      await reports.listCalls(parseReportOptions({ ...february, fields: ['id'], ...input }), viewer, { pageSize })
    ).rows.map((r) => r.id);

  it('lists every call of a named user, on each of their extensions, and no one else’s', async () => {
    const bob = [id.bobFirstMinutes, id.bobOtherLine, id.bobOnAlicesLine, id.bobLastMinutes];
    expect(await ids({ users: ['bob'] })).toEqual(bob);
    expect(await ids({ users: ['bob'], sort: [{ field: 'startedAt', descending: true }] })).toEqual([...bob].reverse());
    expect(await ids({ users: ['alice'] })).toEqual([id.aliceOnBobsLine]);
    expect(await ids({ users: ['alice', 'bob'] })).toEqual([...bob.slice(0, 3), id.aliceOnBobsLine, bob[3]]);
  });

  it('lists a user’s own calls (their scope) the same way, page by page', async () => {
    const bob = { name: 'bob', role: 'user' } as const;
    expect(await ids({}, bob)).toEqual([id.bobFirstMinutes, id.bobOtherLine, id.bobOnAlicesLine, id.bobLastMinutes]);
    const first = await reports.listCalls(parseReportOptions({ ...february, fields: ['id'] }), bob, { pageSize: 3 });
    expect(first.rows.map((r) => r.id)).toEqual([id.bobFirstMinutes, id.bobOtherLine, id.bobOnAlicesLine]);
    expect(await ids({}, { name: 'alice', role: 'user' })).toEqual([id.aliceOnBobsLine]);
  });
});
