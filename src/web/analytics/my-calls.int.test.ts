import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createManualClock } from '../../clock.js';
import type { Viewer } from '../../viewer/index.js';
import { databaseKindsUnderTest, openTestDatabase, type TestDatabase } from '../../../test/harness/index.js';
import {
  at,
  insertCalls,
  makeCall,
  seedDirectory,
  testReportService,
  type Seeded,
} from '../../../test/reports/call-fixtures.js';
import { createMyCalls, type MyCalls } from './my-calls.js';

const NOW = '2021-03-15T10:00:00Z';
const TWO_YEARS_LATER = '2023-03-20T10:00:00Z';

describe.each(databaseKindsUnderTest())("Home's last calls on %s", (kind) => {
  let db: TestDatabase;
  let myCalls: MyCalls;
  /** Two years after the last calls, its queries kept. */
  let later: MyCalls;
  const queries: string[] = [];
  let alice: Viewer;
  let bob: Viewer;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    const s: Seeded = await seedDirectory(db.dataSource);
    const owner = (user: 'alice' | 'bob') => ({
      ownerExtension: user === 'alice' ? '211' : '729',
      ownerUserId: s.users[user],
      departmentId: s.departments[user === 'alice' ? 'sales' : 'support'],
    });
    await insertCalls(db.dataSource, [
      makeCall({ ...owner('alice'), startedAt: at('2018-05-02T08:00:00Z'), dialledNumber: 'three years ago' }),
      makeCall({ ...owner('alice'), startedAt: at('2021-02-20T08:00:00Z'), dialledNumber: 'last month' }),
      makeCall({ ...owner('alice'), startedAt: at('2021-03-15T09:00:00Z'), dialledNumber: 'this morning' }),
      makeCall({ ...owner('bob'), startedAt: at('2021-03-15T09:30:00Z'), dialledNumber: 'bob today' }),
    ]);
    myCalls = createMyCalls({ reports: testReportService(db.dataSource), clock: createManualClock(NOW) });
    later = createMyCalls({
      reports: testReportService(db.dataSource, {}, queries),
      clock: createManualClock(TWO_YEARS_LATER),
    });
    const viewer = (username: string, userId: number): Viewer => ({
      name: username,
      username,
      userId,
      role: 'user',
      departments: [],
      language: 'en',
      timeZone: 'UTC',
    });
    alice = viewer('alice', s.users.alice);
    bob = viewer('bob', s.users.bob);
  });
  afterAll(async () => db.close());

  const numbers = (page: Awaited<ReturnType<MyCalls['lastCalls']>>) => page.rows.map((r) => r.number);

  it('reads only the last week when it holds the calls asked for, not every day since 2000', async () => {
    const page = await myCalls.lastCalls(alice, 1);
    expect(numbers(page)).toEqual(['this morning']);
    expect(page.period.from).toBe(at(NOW) + 1 - 7 * 86_400);
    expect(page.hasMore).toBe(true);
  });

  it('walks further back, newest first, until it has the calls asked for', async () => {
    const page = await myCalls.lastCalls(alice, 2);
    expect(numbers(page)).toEqual(['this morning', 'last month']);
    expect(page.period.from).toBeGreaterThan(at('2021-01-01T00:00:00Z'));
  });

  it('asks one week only for an account with no directory user, which owns no call', async () => {
    const page = await myCalls.lastCalls({ ...alice, name: 'root', username: 'root', userId: null }, 10);
    expect(page.rows).toEqual([]);
    expect(page.period.from).toBe(at(NOW) + 1 - 7 * 86_400);
  });

  it('finds calls years old, and stops at the oldest stored call when there are no more', async () => {
    const page = await myCalls.lastCalls(alice, 20);
    expect(numbers(page)).toEqual(['this morning', 'last month', 'three years ago']);
    expect(page.period.from).toBeLessThanOrEqual(at('2018-05-02T08:00:00Z'));
    expect(page.period.from).toBeGreaterThan(at('2013-01-01T00:00:00Z'));
    expect(page.hasMore).toBe(false);
    expect(numbers(await myCalls.lastCalls(bob, 20))).toEqual(['bob today']);
    expect((await myCalls.lastCalls(bob, 20)).period.from).toBeGreaterThan(at('2013-01-01T00:00:00Z'));
  });

  it('starts from the day of the newest call: calls two years old cost a week of days, not every day', async () => {
    queries.length = 0;
    const page = await later.lastCalls(alice, 1);
    expect(numbers(page)).toEqual(['this morning']);
    expect(page.period.to).toBe(at(TWO_YEARS_LATER) + 1);
    // Each call page names its period's hours (the owner's calls are indexed hour by hour): a week's at most.
    const hours = queries
      .filter((q) => q.includes('INDEXED BY') || q.includes('/ 3600 IN'))
      .map((q) => {
        const list = /\/ 3600 IN \(([^)]*)\)/.exec(q)?.[1] ?? '';
        return list.split(',').length;
      });
    expect(hours.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(7 * 24);
    expect((await later.lastCalls(bob, 5)).rows.map((r) => r.number)).toEqual(['bob today']);
  });
});
