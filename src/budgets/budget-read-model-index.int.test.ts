import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBudgetFixture, cli, type BudgetFixture } from '../../test/budgets/budget-fixture.js';
import type { DirectorySnapshot } from '../directory/index.js';
import { budgetSettingsFrom, createBudgetReadModel } from './index.js';

describe('the budget read model and the directory snapshot it is given', () => {
  let f: BudgetFixture;
  beforeAll(async () => {
    f = await openBudgetFixture('sqlite');
  });
  afterAll(async () => f.close());

  it(
    'indexes one snapshot once (the web asks on every page), and a new snapshot (directory ' + 'changed) again',
    async () => {
      const budget = await f.service.add(
        { name: 'Ben monthly', scope: 'user', target: 'ben', period: 'month', amountMinor: 5000, currency: 'EUR' },
        cli,
      );
      let reads = 0;
      const counted = (snapshot: DirectorySnapshot) =>
        new Proxy(snapshot, {
          get(target, key, receiver) {
            if (key === 'users') reads += 1;
            return Reflect.get(target, key, receiver);
          },
        });
      const settings = budgetSettingsFrom(f.config);
      let current = counted(await f.directory.snapshot());
      const readModel = createBudgetReadModel({
        dataSource: f.db.dataSource,
        clock: f.clock,
        calendar: settings.calendar,
        rules: settings.rules,
        defaultLanguage: 'en',
        directory: { snapshot: async () => current },
      });
      await readModel.status(budget.id);
      const afterFirst = reads;
      expect(afterFirst).toBeGreaterThan(0);
      await readModel.status(budget.id);
      await readModel.status(budget.id);
      expect(reads).toBe(afterFirst);
      current = counted(await f.directory.snapshot());
      expect((await readModel.status(budget.id)).targetName).toBeTruthy();
      expect(reads).toBe(2 * afterFirst);
    },
  );
});
