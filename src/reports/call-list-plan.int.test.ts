import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, planAsIfTenMillionCalls, type TestDatabase } from '../../test/harness/index.js';
import { buildCallListSql, type CallListWindow } from './build-call-list-sql.js';
import type { ReportScope } from './build-call-filter.js';
import { parseReportOptions, type ReportOptionsInput } from './index.js';

/** March 2024 in UTC, epoch seconds: the bench store's calls span 2024. */
const march = { from: Date.UTC(2024, 2, 1) / 1000, to: Date.UTC(2024, 3, 1) / 1000 };
const cursor = { keys: [Date.UTC(2024, 2, 20) / 1000], id: 4_000_000 };

describe('call list query plans on SQLite at 10M calls', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await openTestDatabase('sqlite');
    await planAsIfTenMillionCalls(db.dataSource);
  });
  afterAll(async () => db.close());

  async function planOf(
    input: ReportOptionsInput,
    scope: ReportScope,
    window: CallListWindow,
    period = march,
  ): Promise<string> {
    const options = parseReportOptions({ kind: 'calls', timeZone: 'UTC', fields: ['startedAt'], ...input });
    const q = buildCallListSql(options, ['startedAt'], period, scope, 'sqlite', window);
    const rows = (await db.dataSource.query(`EXPLAIN QUERY PLAN ${q.sql}`, q.values)) as Array<{ detail: string }>;
    return rows.map((r) => r.detail).join('\n');
  }

  // A user's calls: by the extensions the daily rollup by line says the user made calls on (migration 1797400000000).
  const byUserHour = 'USING INDEX ix_calls_extension_hour (<expr>=? AND owner_extension=?)';
  const usersExtensions = 'USING INDEX ix_call_summaries_daily_line_user (owner_user_id=?';
  // An owner's calls of one hour are sorted among themselves (migration 1797200000000 keys the owner indexes
  // (hour, owner)); the period's calls never are.
  const sortedHourByHour = 'USE TEMP B-TREE FOR LAST 2 TERMS OF ORDER BY';

  it("finds a user's own calls of the period hour by hour through (hour, extension), by their extensions", async () => {
    const plan = await planOf({}, { username: 'user1' }, { limit: 51 });
    expect(plan).toContain(byUserHour);
    expect(plan).toContain(usersExtensions);
  });

  it("finds a named user's calls, newest first, hour by hour (Home's last calls), also after a cursor", async () => {
    const newest: ReportOptionsInput = { users: ['user1'], sort: [{ field: 'startedAt', descending: true }] };
    expect(await planOf(newest, {}, { limit: 21 })).toContain(byUserHour);
    expect(await planOf(newest, {}, { limit: 21, after: cursor })).toContain(byUserHour);
  });

  it("finds an extension's calls of the period hour by hour through (hour, extension)", async () => {
    expect(await planOf({ extensions: ['30001'] }, {}, { limit: 51 })).toContain(
      'USING INDEX ix_calls_extension_hour (<expr>=? AND owner_extension=?)',
    );
  });

  it("reads a year's 8,784 hours of an owner in order and stops at the page, sorting only within an hour", async () => {
    const year = { from: Date.UTC(2024, 0, 1) / 1000, to: Date.UTC(2025, 0, 1) / 1000 };
    const oldest = await planOf({ extensions: ['30001'] }, {}, { limit: 51 }, year);
    expect(oldest).toContain('USING INDEX ix_calls_extension_hour');
    expect(oldest).toContain(sortedHourByHour);
    expect(oldest).not.toContain('TEMP B-TREE FOR ORDER BY');
    const newest = { users: ['user1'], sort: [{ field: 'startedAt' as const, descending: true }] };
    for (const window of [{ limit: 21 }, { limit: 21, after: cursor }, { limit: 21, before: cursor }]) {
      const plan = await planOf(newest, {}, window, year);
      expect(plan).toContain(byUserHour);
      expect(plan).toContain(sortedHourByHour);
      expect(plan).not.toContain('TEMP B-TREE FOR ORDER BY');
    }
  });

  it('finds calls by number hour by hour through (hour, remote number), newest first, with no sort', async () => {
    const prefix = { number: { match: 'startsWith', value: '0049' } } as const;
    const newest = [{ field: 'startedAt' as const, descending: true }];
    // The hour, then the number: a prefix's range or one number.
    const byNumberHour = /USING INDEX ix_calls_number_hour \(<expr>=\? AND <expr>(>\? AND <expr><|=)\?\)/;
    for (const [input, scope] of [
      [{ ...prefix, sort: newest }, {}],
      [{ ...prefix, sort: newest }, { maskedDigits: 3 }],
      [{ ...prefix, extensions: ['30001'] }, {}],
      [{ number: { match: 'equals', value: '00493012345' } }, { departments: ['Dept 02'] }],
    ] as Array<[ReportOptionsInput, ReportScope]>) {
      const plan = await planOf(input, scope, { limit: 51 });
      expect(plan).toMatch(byNumberHour);
      expect(plan).not.toContain('TEMP B-TREE FOR ORDER BY');
    }
  });

  it('reads a deep page of every call from its cursor in started_at order, with no sort of the period', async () => {
    const plan = await planOf({}, {}, { limit: 51, after: cursor });
    expect(plan).toContain('USING INDEX ix_calls_started_at (started_at>? AND started_at<?)');
    expect(plan).not.toContain('TEMP B-TREE');
  });

  it('never skip-scans an owner index for a period with no owner named', async () => {
    const plan = await planOf({ directions: ['outgoing'] }, { departments: ['Dept 02'] }, { limit: 51 });
    expect(plan).toContain('USING INDEX ix_calls_started_at');
    expect(plan).not.toContain('ANY(');
  });

  // Migration 1797700000000 dropped the (unknown_extension, started_at) index: nothing read through it.
  it("reads the unknown extensions' calls of a period (the alarm's question) through time's index", async () => {
    const day = { from: march.from, to: march.from + 86_400 };
    for (const value of ['', '30001']) {
      const conditions = [{ field: 'unknownExtension', op: value ? 'eq' : 'ne', value }] as const;
      const plan = await planOf({ conditions: [...conditions] }, {}, { limit: 51 }, day);
      expect(plan).toContain('USING INDEX ix_calls_started_at (started_at>? AND started_at<?)');
      expect(plan).not.toContain('TEMP B-TREE');
    }
  });
});
