import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBudgetFixture, cli, type BudgetFixture } from '../../test/budgets/budget-fixture.js';
import { budgetSettingsFrom, createBudgetReadModel, type BudgetReadModel } from './index.js';

describe('a budget status and the budget engine it is given', () => {
  let f: BudgetFixture;
  let budgetId: number;
  let withEngine: BudgetReadModel;
  const at = '2026-03-10T08:00:00Z';

  beforeAll(async () => {
    f = await openBudgetFixture('sqlite', { start: '2026-03-10T09:00:00Z' });
    const budget = await f.service.add(
      {
        name: 'Sales',
        scope: 'department',
        target: 'Sales',
        sharing: 'pool',
        period: 'month',
        amountMinor: 1000,
        currency: 'EUR',
      },
      cli,
    );
    budgetId = budget.id;
    await f.engine.start();
    await f.storeCalls([{ user: 'anna', at, costMinor: 400 }]);
    await f.engine.idle();
    // Stored by another process and not announced: only a sum over the calls sees it.
    await f.storeCallsSilently([{ user: 'ben', at, costMinor: 50 }]);
    const settings = budgetSettingsFrom(f.config);
    withEngine = createBudgetReadModel({
      dataSource: f.db.dataSource,
      clock: f.clock,
      calendar: settings.calendar,
      rules: settings.rules,
      defaultLanguage: 'en',
      directory: f.directory,
      live: (id) => f.engine.live(id),
    });
  });
  afterAll(async () => f.close());

  it("takes the current period's spend from the engine's running figures instead of summing the calls", async () => {
    const status = await withEngine.status(budgetId);
    expect(status.subjects.map((s) => [s.subject, s.spentMinor, s.remainingMinor])).toEqual([[0, 400, 600]]);
  });

  it('sums the calls for a budget the engine does not follow, and for another instant', async () => {
    expect((await f.readModel.status(budgetId)).subjects[0]?.spentMinor).toBe(450);
    const later = new Date('2026-03-20T00:00:00Z');
    expect((await withEngine.status(budgetId, later)).subjects[0]?.spentMinor).toBe(450);
  });
});
