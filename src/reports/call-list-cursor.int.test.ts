import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../test/harness/index.js';
import { seedDirectory, seedFebruaryCalls, testReportService } from '../../test/reports/call-fixtures.js';
import { parseReportOptions, type ReportOptionsInput, type ReportService, type ReportViewer } from './index.js';

const admin: ReportViewer = { name: 'root', role: 'admin' };
const o = (input: ReportOptionsInput) =>
  parseReportOptions({ timeZone: 'UTC', period: { from: '2021-01-01', to: '2021-12-31' }, fields: ['id'], ...input });

describe.each(databaseKindsUnderTest())('call list pages by cursor on %s', (kind) => {
  let db: TestDatabase;
  let reports: ReportService;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    await seedFebruaryCalls(db.dataSource, await seedDirectory(db.dataSource));
    reports = testReportService(db.dataSource);
  });
  afterAll(async () => db.close());

  // Sorted by direction, the calls tie in runs: pages of 2 start and end inside them.
  for (const sort of [
    [{ field: 'direction', descending: false }],
    [
      { field: 'direction', descending: true },
      { field: 'startedAt', descending: false },
    ],
  ] as const) {
    it(
      `gives the same pages after and before a page's cursor as by number (sort ` + `${JSON.stringify(sort)})`,
      async () => {
        const options = o({ sort: [...sort] });
        const whole = (await reports.listCalls(options, admin, { page: 1, pageSize: 1000 })).rows.map((r) => r.id);
        expect(whole.length).toBeGreaterThanOrEqual(7);
        const pages = [await reports.listCalls(options, admin, { page: 1, pageSize: 2 })];
        while (pages.at(-1)!.hasMore) {
          const previous = pages.at(-1)!;
          pages.push(
            await reports.listCalls(options, admin, { page: previous.page + 1, pageSize: 2, after: previous.last! }),
          );
        }
        expect(pages.flatMap((p) => p.rows.map((r) => r.id))).toEqual(whole);
        expect(pages.at(-1)!.rows.length).toBeGreaterThan(0);
        for (let i = pages.length - 1; i > 0; i--) {
          const back = await reports.listCalls(options, admin, { page: i, pageSize: 2, before: pages[i]!.first! });
          expect(back.rows.map((r) => r.id)).toEqual(pages[i - 1]!.rows.map((r) => r.id));
          expect(back.hasMore).toBe(true);
        }
      },
    );
  }
});
