import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../test/harness/index.js';
import {
  at,
  insertCalls,
  makeCall,
  seedDirectory,
  seedFebruaryCalls,
  testReportService,
} from '../../test/reports/call-fixtures.js';
import { parseReportOptions, type ReportOptionsInput, type ReportService, type ReportViewer } from './index.js';

const admin: ReportViewer = { name: 'root', role: 'admin' };
const supervisor: ReportViewer = { name: 'sue', role: 'supervisor', departments: ['Support'] };
const user: ReportViewer = { name: 'mario', role: 'user' };
const options = (period: { from: string; to: string }, input: ReportOptionsInput) =>
  parseReportOptions({ timeZone: 'Europe/Rome', period, kind: 'summary', ...input });
const february = { from: '2021-02-01', to: '2021-02-28' };
const april = { from: '2021-04-01', to: '2021-04-30' };

describe.each(databaseKindsUnderTest())('a summary’s top groups ranked in the database on %s', (kind) => {
  let db: TestDatabase;
  let reports: ReportService;
  const queries: string[] = [];

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    const seeded = await seedDirectory(db.dataSource);
    await seedFebruaryCalls(db.dataSource, seeded);
    const call = (day: string, ownerExtension: string, costMinor: number | undefined, currency?: string) =>
      makeCall({
        startedAt: at(`2021-04-${day}T08:00:00Z`),
        ownerExtension,
        departmentId: seeded.departments.sales,
        durationSeconds: 60,
        costMinor,
        currency,
      });
    await insertCalls(db.dataSource, [
      // April: three extensions tied at 50 EUR, one at 80, one not rated; 211 also in GBP (mixed).
      call('05', '301', 50, 'EUR'),
      call('05', '302', 50, 'EUR'),
      call('06', '303', 50, 'EUR'),
      call('06', '304', 80, 'EUR'),
      call('07', '305', undefined),
      call('12', '211', 100, 'EUR'),
      call('13', '211', 70, 'GBP'),
    ]);
    reports = testReportService(db.dataSource, {}, queries);
  });
  afterAll(async () => db.close());

  const cases: Array<[string, { from: string; to: string }, ReportOptionsInput, ReportViewer]> = [
    ['extension by cost', february, { groupBy: 'extension' }, admin],
    ['extension by duration', february, { groupBy: 'extension', rankBy: 'duration' }, admin],
    ['department by calls', february, { groupBy: 'department', rankBy: 'calls' }, admin],
    ['nation, outgoing', february, { groupBy: 'nation', traffic: 'external', directions: ['outgoing'] }, admin],
    ['area for a supervisor', february, { groupBy: 'area' }, supervisor],
    ['extension for a supervisor', february, { groupBy: 'extension', rankBy: 'calls' }, supervisor],
    ['extension for a user', february, { groupBy: 'extension' }, user],
    ['ties at the cut, one currency', { from: '2021-04-01', to: '2021-04-10' }, { groupBy: 'extension' }, admin],
    ['a group mixing currencies', april, { groupBy: 'extension' }, admin],
  ];

  it.each(cases)(
    'gives the same groups, totals and count as ranking every group: %s',
    async (_, period, input, viewer) => {
      const all = await reports.summarize(options(period, input), viewer);
      for (const top of [1, 2, 3, 50]) {
        const report = await reports.summarize(options(period, { ...input, top }), viewer);
        expect(report.groups).toEqual(all.groups.slice(0, top));
        expect(report.totals).toEqual(all.totals);
        expect(report.groupCount).toBe(all.groupCount);
      }
    },
  );

  it('keeps every group tied at the cut, then ranks them by label', async () => {
    const report = await reports.summarize(
      options({ from: '2021-04-01', to: '2021-04-10' }, { groupBy: 'extension', top: 2 }),
      admin,
    );
    expect(report.groups.map((g) => [g.label, g.costMinor])).toEqual([
      ['304', 80],
      ['301', 50],
    ]);
    expect(report.groupCount).toBe(5);
    expect(report.totals).toMatchObject([{ currency: 'EUR', calls: 5, costMinor: 230 }]);
  });

  it('asks the database once for the top groups and totals when no group mixes currencies', async () => {
    queries.length = 0;
    await reports.summarize(options(february, { groupBy: 'extension', top: 2 }), admin);
    expect(queries).toHaveLength(1);
    expect(queries[0]).toMatch(/^WITH g AS MATERIALIZED/);
    queries.length = 0;
    // A group in two currencies: every group is folded, as without top.
    const mixed = await reports.summarize(options(april, { groupBy: 'extension', top: 1 }), admin);
    expect(mixed.groups.map((g) => [g.label, g.currency, g.costMinor])).toEqual([['211', 'EUR', 100]]);
    expect(queries.length).toBeGreaterThan(1);
  });
});
