import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, planAsIfTenMillionCalls, type TestDatabase } from '../../test/harness/index.js';
import type { CountingRules } from './budget-rules.js';
import { spendSql, sumSpend } from './spend-query.js';

const rules: CountingRules = {
  directions: new Set(['outgoing', 'transit']),
  destinationTypes: new Set([
    'fixed-local',
    'fixed-national',
    'mobile',
    'premium',
    'shared-cost',
    'special',
    'unknown',
  ]),
};
const june = { from: new Date('2024-06-01T00:00:00Z'), to: new Date('2024-07-01T00:00:00Z') };
const budget = (scope: 'user' | 'department' | 'cost-centre', sharing: 'pool' | 'per-member' = 'pool') => ({
  scope,
  scopeId: 2,
  sharing,
  currency: 'EUR',
  excludedUserIds: [],
});

describe('budget spend query plan on SQLite', () => {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await openTestDatabase('sqlite');
    await planAsIfTenMillionCalls(db.dataSource);
  });
  afterEach(async () => db.close());

  async function planOf(b: ReturnType<typeof budget>): Promise<string> {
    const { sql, values } = spendSql(db.dataSource.manager, b, rules, june, 10_000_000);
    const rows = (await db.dataSource.query(`EXPLAIN QUERY PLAN ${sql}`, values)) as Array<{ detail: string }>;
    return rows.map((r) => r.detail).join('\n');
  }

  it.each([
    ['department', 'pool'],
    ['department', 'per-member'],
    ['cost-centre', 'pool'],
  ] as const)('reads a %s %s budget through the period, never skip-scanning every user', async (scope, sharing) => {
    const plan = await planOf(budget(scope, sharing));
    expect(plan).toContain('USING INDEX ix_calls_started_at (started_at>? AND started_at<?)');
    expect(plan).not.toContain('ANY(');
  });

  it("reads a user's budget through the calls of that user's extensions of the period, hour by hour", async () => {
    const plan = await planOf(budget('user'));
    expect(plan).toContain('USING INDEX ix_calls_extension_hour (<expr>=? AND owner_extension=? AND rowid<?)');
    expect(plan).toContain('USING INDEX ix_call_summaries_daily_line_user (owner_user_id=?');
    expect(plan).not.toContain('ANY(');
  });

  it('still sums with the index named (an empty store spends nothing)', async () => {
    const sums = await sumSpend(db.dataSource.manager, budget('department'), rules, june, 0);
    expect([...sums]).toEqual([[0, 0]]);
  });
});
