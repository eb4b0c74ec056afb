import { afterEach, describe, expect, it } from 'vitest';
import { databaseKindsUnderTest } from '../../test/harness/index.js';
import { cli, openBudgetFixture, type BudgetFixture } from '../../test/budgets/budget-fixture.js';
import { parseThresholdSpec } from './index.js';

describe.each(databaseKindsUnderTest())('budget renewal on %s', (kind) => {
  let f: BudgetFixture;
  afterEach(async () => f.close());

  const monthly = (name: string, user: string, extra: Record<string, unknown> = {}) =>
    f.service.add(
      {
        name,
        scope: 'user',
        target: user,
        period: 'month',
        amountMinor: 1000,
        currency: 'EUR',
        thresholds: [parseThresholdSpec('100:lock')],
        ...extra,
      },
      cli,
    );

  it('renews at the end of the month: lifts the budget lock and carries the residual, capped', async () => {
    f = await openBudgetFixture(kind, { start: '2026-03-10T09:00:00Z' });
    await monthly('Anna', 'anna', { rollover: true });
    await monthly('Ben', 'ben', { rollover: true });
    await monthly('Carla', 'carla', { rollover: true, rolloverCapMinor: 500 });
    await f.engine.start();
    await f.engine.idle();
    await f.storeCalls([
      { user: 'anna', at: '2026-03-10T08:00:00Z', costMinor: 1000 },
      { user: 'ben', at: '2026-03-10T08:00:00Z', costMinor: 200 },
      { user: 'carla', at: '2026-03-10T08:00:00Z', costMinor: 200 },
    ]);
    await f.engine.idle();
    const annaLines = await f.lineIds('anna');
    expect((await f.locks.getLineState({ lineId: annaLines[0] as number })).locked).toBe(true);

    // One second before local midnight of 1 April (Rome, UTC+2): nothing renews.
    f.clock.set('2026-03-31T21:59:59Z');
    await f.engine.renewDue();
    expect((await f.locks.getLineState({ lineId: annaLines[0] as number })).locked).toBe(true);

    f.clock.set('2026-03-31T22:00:00Z');
    await f.engine.renewDue();
    for (const lineId of annaLines) expect((await f.locks.getLineState({ lineId })).locked).toBe(false);
    expect(f.stateChanges.at(-1)).toEqual({ budgetId: 1, exhausted: false, lineIds: [] });
    expect(await f.engine.exhaustedBudgets()).toEqual([]);

    const status = async (name: string) => (await f.readModel.status(name)).subjects[0];
    expect(await status('Anna')).toMatchObject({ carriedInMinor: 0, allowanceMinor: 1000, spentMinor: 0 });
    expect(await status('Ben')).toMatchObject({ carriedInMinor: 800, allowanceMinor: 1800 });
    expect(await status('Carla')).toMatchObject({ carriedInMinor: 500, allowanceMinor: 1500 });
    expect((await f.readModel.status('Ben')).period.key).toBe('2026-04');

    const anna = await f.readModel.history('Anna');
    expect(anna.filter((h) => h.kind === 'renewal').map((h) => h.detail)).toEqual([
      'period 2026-03 closed: spent 10.00 EUR of 10.00 EUR',
    ]);
    expect(anna.find((h) => h.kind === 'unlock')?.detail).toBe('period renewed: released 2 line(s)');
    const ben = await f.readModel.history('Ben', { kinds: ['rollover'] });
    expect(ben.map((h) => [h.periodKey, h.amountMinor, h.detail])).toEqual([
      ['2026-04', 800, 'residual 8.00 EUR carried into 2026-04'],
    ]);
    expect((await f.readModel.periods('Ben')).map((p) => [p.key, p.spentMinor, p.allowanceMinor])).toEqual([
      ['2026-03', 200, 1000],
    ]);
  });

  it('catches up on start over every period missed while it was down, each with its own spend', async () => {
    f = await openBudgetFixture(kind, { start: '2026-03-10T09:00:00Z' });
    await f.service.add(
      {
        name: 'Daily',
        scope: 'user',
        target: 'ben',
        period: 'day',
        amountMinor: 500,
        currency: 'EUR',
        rollover: true,
        thresholds: [],
      },
      cli,
    );
    await f.engine.start();
    await f.engine.idle();
    await f.storeCalls([{ user: 'ben', at: '2026-03-10T09:00:00Z', costMinor: 100 }]);
    await f.engine.idle();
    await f.engine.stop();
    // While the daemon is down, the CLI ingests a file: calls on the 11th and 12th.
    await f.storeCallsSilently([
      { user: 'ben', at: '2026-03-11T10:00:00Z', costMinor: 700 },
      { user: 'ben', at: '2026-03-12T10:00:00Z', costMinor: 250 },
    ]);
    f.clock.set('2026-03-13T15:00:00Z');
    await f.restartEngine();
    const periods = (await f.readModel.periods('Daily'))
      .reverse()
      .map((p) => [p.key, p.carriedInMinor, p.allowanceMinor, p.spentMinor]);
    expect(periods).toEqual([
      ['2026-03-10', 0, 500, 100],
      ['2026-03-11', 400, 900, 700],
      ['2026-03-12', 200, 700, 250],
    ]);
    const today = (await f.readModel.status('Daily')).subjects[0];
    expect(today).toMatchObject({ carriedInMinor: 450, allowanceMinor: 950 });
    const renewals = (await f.readModel.history('Daily', { kinds: ['renewal'] })).map((h) => h.detail).reverse();
    expect(renewals).toEqual([
      'period 2026-03-10 closed: spent 1.00 EUR of 5.00 EUR',
      'period 2026-03-11 closed (caught up after downtime): spent 7.00 EUR of 9.00 EUR',
      'period 2026-03-12 closed (caught up after downtime): spent 2.50 EUR of 7.00 EUR',
    ]);
  });

  it('renews a daily budget at local midnight on the days DST starts and ends', async () => {
    f = await openBudgetFixture(kind, { start: '2026-03-29T10:00:00Z' });
    await f.service.add(
      { name: 'Daily', scope: 'user', target: 'ben', period: 'day', amountMinor: 500, currency: 'EUR', thresholds: [] },
      cli,
    );
    await f.engine.start();
    await f.engine.idle();
    expect((await f.readModel.status('Daily')).period).toMatchObject({
      key: '2026-03-29',
      start: new Date('2026-03-28T23:00:00Z'),
      end: new Date('2026-03-29T22:00:00Z'),
    });
    f.clock.set('2026-03-29T22:00:00Z');
    await f.engine.renewDue();
    expect((await f.readModel.periods('Daily')).map((p) => p.key)).toEqual(['2026-03-29']);
    f.clock.set('2026-10-25T12:00:00Z');
    await f.engine.renewDue();
    f.clock.set('2026-10-25T22:59:59Z');
    await f.engine.renewDue();
    expect((await f.readModel.periods('Daily', { limit: 1 }))[0]?.key).toBe('2026-10-24');
    f.clock.set('2026-10-25T23:00:00Z');
    await f.engine.renewDue();
    expect((await f.readModel.periods('Daily', { limit: 1 }))[0]).toMatchObject({
      key: '2026-10-25',
      start: new Date('2026-10-24T22:00:00Z'),
      end: new Date('2026-10-25T23:00:00Z'),
    });
  });

  it('counts a late call in the period it was made in and revises the residual carried forward', async () => {
    f = await openBudgetFixture(kind, { start: '2026-03-20T09:00:00Z' });
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
    await f.storeCalls([{ user: 'ben', at: '2026-03-20T09:00:00Z', costMinor: 400 }]);
    f.clock.set('2026-04-01T06:00:00Z');
    await f.engine.renewDue();
    expect((await f.readModel.status('Ben')).subjects[0]).toMatchObject({ carriedInMinor: 600, allowanceMinor: 1600 });
    // A CDR file from the evening of 31 March arrives after the renewal.
    await f.storeCalls([
      { user: 'ben', at: '2026-03-31T19:00:00Z', costMinor: 300 },
      { user: 'ben', at: '2026-04-01T05:00:00Z', costMinor: 100 },
    ]);
    await f.engine.idle();
    expect((await f.readModel.periods('Ben'))[0]).toMatchObject({ key: '2026-03', spentMinor: 700 });
    expect((await f.readModel.status('Ben')).subjects[0]).toMatchObject({
      carriedInMinor: 300,
      allowanceMinor: 1300,
      spentMinor: 100,
    });
    const revised = (await f.readModel.history('Ben', { kinds: ['respend', 'rollover'] })).map((h) => h.detail);
    expect(revised).toContain(
      'spend of closed period 2026-03 revised from 4.00 EUR to 7.00 EUR (late or re-rated calls)',
    );
    expect(revised).toContain(
      'residual carried into 2026-04 revised from 6.00 EUR to 3.00 EUR (late or re-rated calls)',
    );
  });
});
