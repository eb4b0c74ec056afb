import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { callEntity } from '../store/index.js';
import { databaseKindsUnderTest } from '../../test/harness/index.js';
import { cli, openBudgetFixture, type BudgetFixture } from '../../test/budgets/budget-fixture.js';
import { parseThresholdSpec } from './index.js';

describe.each(databaseKindsUnderTest())('budget spend on %s', (kind) => {
  let f: BudgetFixture;
  beforeEach(async () => {
    f = await openBudgetFixture(kind, { start: '2026-03-10T09:00:00Z' });
  });
  afterEach(async () => f.close());

  const at = '2026-03-10T08:00:00Z';
  const spent = (budgetId: number) => (f.engine.live(budgetId) ?? []).map((l) => [l.subject, l.spentMinor]);

  it('sums a department pool over its members, leaves out excluded members, and locks every member line', async () => {
    await f.service.add(
      {
        name: 'Sales',
        scope: 'department',
        target: 'Sales',
        sharing: 'pool',
        period: 'month',
        amountMinor: 1000,
        currency: 'EUR',
        exclude: ['carla'],
        thresholds: [parseThresholdSpec('100:lock')],
      },
      cli,
    );
    await f.engine.start();
    await f.engine.idle();
    await f.storeCalls([
      { user: 'anna', at, costMinor: 400 },
      { user: 'carla', at, costMinor: 5000 },
      { user: 'giulia', at, costMinor: 5000 },
    ]);
    await f.engine.idle();
    expect(spent(1)).toEqual([[0, 400]]);
    await f.storeCalls([{ user: 'ben', at, costMinor: 600 }]);
    await f.engine.idle();
    const lines = [...(await f.lineIds('anna')), ...(await f.lineIds('ben'))].sort((a, b) => a - b);
    expect(f.stateChanges).toEqual([{ budgetId: 1, exhausted: true, lineIds: lines }]);
    for (const lineId of lines) expect((await f.locks.getLineState({ lineId })).locked).toBe(true);
    for (const lineId of await f.lineIds('carla')) expect((await f.locks.getLineState({ lineId })).locked).toBe(false);
  });

  it('gives each member of a per-member budget the full amount and refuses only the member who spent it', async () => {
    await f.service.add(
      {
        name: 'Sales each',
        scope: 'department',
        target: 'Sales',
        sharing: 'per-member',
        period: 'month',
        amountMinor: 500,
        currency: 'EUR',
        thresholds: [],
      },
      cli,
    );
    await f.engine.start();
    await f.engine.idle();
    await f.storeCalls([
      { user: 'anna', at, costMinor: 200 },
      { user: 'ben', at, costMinor: 500 },
    ]);
    await f.engine.idle();
    const [anna, ben, carla] = [await f.userId('anna'), await f.userId('ben'), await f.userId('carla')];
    expect(spent(1)).toEqual([
      [anna, 200],
      [ben, 500],
      [carla, 0],
    ]);
    expect(f.stateChanges).toEqual([{ budgetId: 1, exhausted: true, lineIds: await f.lineIds('ben') }]);
    await f.storeCalls([{ user: 'anna', at, costMinor: 300 }]);
    await f.engine.idle();
    expect(f.stateChanges.at(-1)).toEqual({
      budgetId: 1,
      exhausted: true,
      lineIds: [...(await f.lineIds('anna')), ...(await f.lineIds('ben'))].sort((a, b) => a - b),
    });
    const status = await f.readModel.status('Sales each');
    expect(status.subjects.map((s) => [s.name, s.spentMinor, s.exhausted])).toEqual([
      ['Anna Verdi', 500, true],
      ['Ben Carter', 500, true],
      ['Carla Weber', 0, false],
    ]);
  });

  it('counts only outgoing and forwarded-out calls to chargeable destinations, in the budget currency', async () => {
    await f.service.add(
      {
        name: 'Ben',
        scope: 'user',
        target: 'ben',
        period: 'month',
        amountMinor: 10_000,
        currency: 'EUR',
        thresholds: [],
      },
      cli,
    );
    await f.engine.start();
    await f.engine.idle();
    await f.storeCalls([
      { user: 'ben', at, costMinor: 100 },
      { user: 'ben', at, costMinor: 20, direction: 'transit', destinationType: 'mobile' },
      { user: 'ben', at, costMinor: 1000, direction: 'incoming' },
      { user: 'ben', at, costMinor: 1000, direction: 'internal' },
      { user: 'ben', at, costMinor: 1000, destinationType: 'toll-free' },
      { user: 'ben', at, costMinor: 1000, destinationType: 'emergency' },
      { user: 'ben', at, costMinor: 1000, currency: 'USD' },
      { user: 'ben', at, costMinor: null },
      { user: 'ben', at: '2026-02-28T12:00:00Z', costMinor: 1000 },
      { user: 'anna', at, costMinor: 1000 },
    ]);
    await f.engine.idle();
    expect(spent(1)).toEqual([[0, 120]]);
    expect((await f.readModel.status('Ben')).subjects[0]?.spentMinor).toBe(120);
  });

  it('picks up calls another process stored (and re-rated) on the reconcile backstop', async () => {
    await f.service.add(
      {
        name: 'Ben',
        scope: 'user',
        target: 'ben',
        period: 'month',
        amountMinor: 1000,
        currency: 'EUR',
        thresholds: [],
      },
      cli,
    );
    await f.engine.start();
    await f.engine.idle();
    const [id] = await f.storeCallsSilently([{ user: 'ben', at, costMinor: 900 }]);
    await f.engine.idle();
    expect(spent(1)).toEqual([[0, 0]]);
    await f.engine.reconcile();
    expect(spent(1)).toEqual([[0, 900]]);
    expect(f.stateChanges).toEqual([]);
    await f.db.dataSource.getRepository(callEntity.options.name).update({ id }, { costMinor: 1100 });
    await f.engine.reconcile();
    expect(f.stateChanges).toEqual([{ budgetId: 1, exhausted: true, lineIds: await f.lineIds('ben') }]);
  });

  it('re-rating announced on the bus recomputes the current and the closed periods', async () => {
    await f.service.add(
      {
        name: 'Ben',
        scope: 'user',
        target: 'ben',
        period: 'month',
        amountMinor: 1000,
        currency: 'EUR',
        rollover: true,
        thresholds: [],
      },
      cli,
    );
    await f.engine.start();
    await f.engine.idle();
    const [march] = await f.storeCalls([{ user: 'ben', at, costMinor: 200 }]);
    f.clock.set('2026-04-02T09:00:00Z');
    await f.engine.renewDue();
    const [april] = await f.storeCalls([{ user: 'ben', at: '2026-04-02T08:00:00Z', costMinor: 100 }]);
    await f.engine.idle();
    const repo = f.db.dataSource.getRepository(callEntity.options.name);
    await repo.update({ id: march }, { costMinor: 500 });
    await repo.update({ id: april }, { costMinor: 50 });
    f.events.emit('calls.rerated', {
      from: new Date('2026-03-01T00:00:00Z'),
      to: new Date('2026-04-03T00:00:00Z'),
      count: 2,
    });
    await f.engine.idle();
    expect(f.engine.live(1)).toEqual([
      { subject: 0, periodKey: '2026-04', allowanceMinor: 1500, spentMinor: 50, exhausted: false },
    ]);
    expect((await f.readModel.periods('Ben'))[0]).toMatchObject({ key: '2026-03', spentMinor: 500 });
  });

  it(
    'counts every stored call exactly once, whatever mix of announced, silent, repeated batches ' + 'and reconciles',
    async () => {
      await f.service.add(
        {
          name: 'Ben',
          scope: 'user',
          target: 'ben',
          period: 'month',
          amountMinor: 1_000_000,
          currency: 'EUR',
          thresholds: [],
        },
        cli,
      );
      await f.engine.start();
      await f.engine.idle();
      const op = fc.oneof(
        fc.record({
          kind: fc.constant('announced' as const),
          costs: fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 4 }),
        }),
        fc.record({
          kind: fc.constant('silent' as const),
          costs: fc.array(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 4 }),
        }),
        fc.record({ kind: fc.constant('repeat' as const) }),
        fc.record({ kind: fc.constant('reconcile' as const) }),
      );
      let lastBatch: Parameters<typeof f.events.emit<'calls.stored'>>[1] | null = null;
      f.events.on('calls.stored', (e) => {
        lastBatch = e;
      });
      await fc.assert(
        fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 12 }), async (ops) => {
          // The model: announced calls count at once; silent ones once a reconcile has run.
          let expected = f.engine.live(1)?.[0]?.spentMinor ?? 0;
          let pending = 0;
          for (const o of ops) {
            if (o.kind === 'announced') {
              await f.storeCalls(o.costs.map((c) => ({ user: 'ben', at, costMinor: c })));
              expected += o.costs.reduce((a, b) => a + b, 0);
            } else if (o.kind === 'silent') {
              await f.storeCallsSilently(o.costs.map((c) => ({ user: 'ben', at, costMinor: c })));
              pending += o.costs.reduce((a, b) => a + b, 0);
            } else if (o.kind === 'repeat' && lastBatch) {
              f.events.emit('calls.stored', lastBatch);
            } else if (o.kind === 'reconcile') {
              await f.engine.reconcile();
              expected += pending;
              pending = 0;
            }
          }
          await f.engine.idle();
          expect(f.engine.live(1)?.[0]?.spentMinor).toBe(expected);
          await f.engine.reconcile();
          expect(f.engine.live(1)?.[0]?.spentMinor).toBe((await f.readModel.status('Ben')).subjects[0]?.spentMinor);
        }),
        { numRuns: kind === 'sqlite' ? 40 : 15 },
      );
    },
  );
});
