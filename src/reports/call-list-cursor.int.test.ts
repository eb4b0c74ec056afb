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

  // An owner's calls are read hour by hour through an hour-keyed index, ordered by the hour first (SQLite).
  for (const descending of [false, true]) {
    it(`pages a user's calls by start, ${descending ? 'newest' : 'oldest'} first, in start order`, async () => {
      const options = o({ users: ['alice'], fields: ['id', 'startedAt'], sort: [{ field: 'startedAt', descending }] });
      const whole = (await reports.listCalls(options, admin, { page: 1, pageSize: 1000 })).rows;
      const starts = whole.map((r) => Number(r.startedAt));
      expect(starts).toEqual([...starts].sort((a, b) => (descending ? b - a : a - b)));
      expect(new Set(starts.map((s) => Math.floor(s / 3_600))).size).toBeGreaterThanOrEqual(3);
      const ids: unknown[] = [];
      let page = await reports.listCalls(options, admin, { page: 1, pageSize: 2 });
      ids.push(...page.rows.map((r) => r.id));
      while (page.hasMore) {
        page = await reports.listCalls(options, admin, { page: page.page + 1, pageSize: 2, after: page.last! });
        ids.push(...page.rows.map((r) => r.id));
      }
      expect(ids).toEqual(whole.map((r) => r.id));
    });
  }

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
