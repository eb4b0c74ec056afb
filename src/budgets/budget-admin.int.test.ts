import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { databaseKindsUnderTest } from '../../test/harness/index.js';
import { cli, openBudgetFixture, type BudgetFixture } from '../../test/budgets/budget-fixture.js';
import { createBudgetService, parseThresholdSpec } from './index.js';

describe.each(databaseKindsUnderTest())('administering budgets on %s', (kind) => {
  let f: BudgetFixture;
  beforeEach(async () => {
    f = await openBudgetFixture(kind, { start: '2026-03-10T09:00:00Z' });
  });
  afterEach(async () => f.close());

  const at = '2026-03-10T08:00:00Z';
  const admin = { actor: 'root', via: 'cli' as const, role: 'admin' as const };
  const lockedBen = async () => {
    await f.service.add(
      {
        name: 'Ben',
        scope: 'user',
        target: 'ben',
        period: 'month',
        amountMinor: 1000,
        currency: 'EUR',
        thresholds: [parseThresholdSpec('100:lock')],
      },
      cli,
    );
    await f.engine.start();
    await f.engine.idle();
    await f.storeCalls([{ user: 'ben', at, costMinor: 1000 }]);
    await f.engine.idle();
    const [line] = await f.lineIds('ben');
    expect((await f.locks.getLineState({ lineId: line as number })).kinds).toEqual(['budget']);
    return line as number;
  };

  it('records an administrator lifting a budget lock, and does not lock again in the same period', async () => {
    const line = await lockedBen();
    await f.locks.clearLock({ lineId: line }, 'budget', admin);
    await f.engine.idle();
    const unlock = (await f.readModel.history('Ben', { kinds: ['unlock'] }))[0];
    expect(unlock).toMatchObject({ actor: 'root', detail: 'budget lock lifted by root (cli): released 1 line(s)' });
    await f.storeCalls([{ user: 'ben', at, costMinor: 200 }]);
    await f.engine.idle();
    expect((await f.locks.getLineState({ lineId: line })).locked).toBe(false);
    // Still spent: CURRI keeps refusing chargeable numbers.
    expect(await f.engine.exhaustedBudgets()).toEqual([{ budgetId: 1, lineIds: [line] }]);
  });

  it('a credit makes a spent budget available again at once, and is in the history', async () => {
    await lockedBen();
    await f.service.credit('Ben', { amountMinor: 500, reason: 'customer visit' }, cli);
    expect(f.stateChanges.at(-1)).toEqual({ budgetId: 1, exhausted: false, lineIds: [] });
    expect(f.engine.live(1)).toEqual([
      { subject: 0, periodKey: '2026-03', allowanceMinor: 1500, spentMinor: 1000, exhausted: false },
    ]);
    const kinds = (await f.readModel.history('Ben')).map((h) => `${h.kind}: ${h.detail}`);
    expect(kinds).toContain('adjustment: credit of 5.00 EUR for 2026-03 (customer visit)');
    expect(kinds).toContain('available: budget available again');
  });

  it('a changed amount applies to the current period at once, and newly reached thresholds fire', async () => {
    await f.service.add(
      {
        name: 'Ben',
        scope: 'user',
        target: 'ben',
        period: 'month',
        amountMinor: 2000,
        currency: 'EUR',
        thresholds: [parseThresholdSpec('80:user')],
      },
      cli,
    );
    await f.engine.start();
    await f.engine.idle();
    await f.storeCalls([{ user: 'ben', at, costMinor: 1000 }]);
    await f.engine.idle();
    await f.service.adjust('Ben', { amountMinor: 1200 }, cli, 'cost cutting');
    await f.outbox.runOnce();
    const [mail] = await f.smtp.waitFor(1);
    expect(mail?.subject).toBe('Budget "Ben" has reached 80% for March 2026');
    expect(mail?.text).toMatch(/Remaining: €2\.00/);
    const changed = (await f.readModel.history('Ben', { kinds: ['changed'] }))[0];
    expect(changed?.detail).toBe('amount 20.00 EUR → 12.00 EUR (cost cutting)');
  });

  it('removing a budget lifts its locks and tells CURRI it no longer refuses anything', async () => {
    const line = await lockedBen();
    await f.service.remove('Ben', cli, 'not needed');
    expect((await f.locks.getLineState({ lineId: line })).locked).toBe(false);
    expect(f.stateChanges.at(-1)).toEqual({ budgetId: 1, exhausted: false, lineIds: [] });
    expect(await f.engine.exhaustedBudgets()).toEqual([]);
    await expect(f.service.get('Ben')).rejects.toThrow(/no budget "Ben"/);
    // The name can be used again; the old budget's history stays.
    await f.service.add(
      { name: 'Ben', scope: 'user', target: 'ben', period: 'day', amountMinor: 100, currency: 'EUR' },
      cli,
    );
    expect((await f.readModel.history(1)).map((h) => h.kind)).toContain('removed');
  });

  it('keeps a line locked while another budget still holds it', async () => {
    await f.service.add(
      {
        name: 'Anna',
        scope: 'user',
        target: 'anna',
        period: 'day',
        amountMinor: 100,
        currency: 'EUR',
        thresholds: [parseThresholdSpec('100:lock')],
      },
      cli,
    );
    await f.service.add(
      {
        name: 'Sales',
        scope: 'department',
        target: 'Sales',
        sharing: 'pool',
        period: 'month',
        amountMinor: 100,
        currency: 'EUR',
        thresholds: [parseThresholdSpec('100:lock')],
      },
      cli,
    );
    await f.engine.start();
    await f.engine.idle();
    await f.storeCalls([{ user: 'anna', at, costMinor: 100 }]);
    await f.engine.idle();
    const [line] = await f.lineIds('anna');
    f.clock.set('2026-03-10T23:00:00Z');
    await f.engine.renewDue();
    expect((await f.locks.getLineState({ lineId: line as number })).locked).toBe(true);
    const unlock = (await f.readModel.history('Anna', { kinds: ['unlock'] }))[0];
    expect(unlock?.detail).toBe('period renewed: released 2 line(s); 2 stay locked by another budget');
  });

  it('locks the lines of a user who joins a locked department pool', async () => {
    await f.service.add(
      {
        name: 'Support',
        scope: 'department',
        target: 'Support',
        sharing: 'pool',
        period: 'month',
        amountMinor: 100,
        currency: 'EUR',
        thresholds: [parseThresholdSpec('100:lock')],
      },
      cli,
    );
    await f.engine.start();
    await f.engine.idle();
    await f.storeCalls([{ user: 'elena', at, costMinor: 100 }]);
    await f.engine.idle();
    const [benLine] = await f.lineIds('ben');
    expect((await f.locks.getLineState({ lineId: benLine as number })).locked).toBe(false);
    await f.db.dataSource.query(
      `UPDATE users SET department_id = (SELECT id FROM departments WHERE name = 'Support') WHERE username = 'ben'`,
    );
    f.events.emit('directory.changed', { source: 'test' });
    await f.engine.idle();
    expect((await f.locks.getLineState({ lineId: benLine as number })).kinds).toEqual(['budget']);
    expect(f.stateChanges.at(-1)?.lineIds).toContain(benLine);
  });

  it('follows budgets another process (the CLI) changed when the change feed tells it, not by re-reading', async () => {
    await f.service.add(
      {
        name: 'Ben',
        scope: 'user',
        target: 'ben',
        period: 'month',
        amountMinor: 2000,
        currency: 'EUR',
        thresholds: [],
      },
      cli,
    );
    await f.engine.start();
    await f.engine.idle();
    await f.storeCalls([{ user: 'ben', at, costMinor: 1000 }]);
    await f.engine.idle();
    const otherProcess = createBudgetService({
      dataSource: f.db.dataSource,
      clock: f.clock,
      calendar: { timeZone: 'Europe/Rome', weekStartsOn: 0 },
      directory: f.directory,
    });
    await otherProcess.adjust('Ben', { amountMinor: 900 }, cli);
    expect(f.stateChanges).toEqual([]);
    // The full re-sum counts spend; budget definitions arrive through the feed only.
    await f.engine.reconcile();
    expect(f.stateChanges).toEqual([]);
    // What the daemon's change listener calls for the feed's `budgets` topic.
    await f.engine.reload();
    expect(f.stateChanges).toEqual([{ budgetId: 1, exhausted: true, lineIds: await f.lineIds('ben') }]);
  });

  it(
    'after a restart, tells CURRI at once which budgets were spent, then corrects what changed ' + 'while it was down',
    async () => {
      await f.service.add(
        {
          name: 'Anna',
          scope: 'user',
          target: 'anna',
          period: 'month',
          amountMinor: 100,
          currency: 'EUR',
          thresholds: [],
        },
        cli,
      );
      const line = await lockedBen();
      await f.engine.stop();
      // While the daemon is down, the CLI credits Ben; Anna's calls arrive through `tollgate ingest`.
      const otherProcess = createBudgetService({
        dataSource: f.db.dataSource,
        clock: f.clock,
        calendar: { timeZone: 'Europe/Rome', weekStartsOn: 0 },
        directory: f.directory,
      });
      await otherProcess.credit('Ben', { amountMinor: 5000 }, cli);
      await f.storeCallsSilently([{ user: 'anna', at, costMinor: 100 }]);
      f.stateChanges.length = 0;
      const engine = await f.restartEngineWarmOnly();
      // Before the full load: the states recorded when the daemon stopped.
      expect(await engine.exhaustedBudgets()).toEqual([{ budgetId: 2, lineIds: [line] }]);
      await engine.idle();
      expect(await engine.exhaustedBudgets()).toEqual([{ budgetId: 1, lineIds: await f.lineIds('anna') }]);
      expect(f.stateChanges).toEqual(
        expect.arrayContaining([
          { budgetId: 2, exhausted: false, lineIds: [] },
          { budgetId: 1, exhausted: true, lineIds: await f.lineIds('anna') },
        ]),
      );
    },
  );

  it('refuses bad budgets with messages that name the problem', async () => {
    const base = {
      name: 'X',
      scope: 'user' as const,
      target: 'ben',
      period: 'month',
      amountMinor: 100,
      currency: 'EUR',
    };
    await expect(f.service.add({ ...base, target: 'nobody' }, cli)).rejects.toThrow(
      'target: no user "nobody" in the directory',
    );
    await expect(f.service.add({ ...base, currency: 'EURO' }, cli)).rejects.toThrow(
      /currency: an ISO 4217 currency code/,
    );
    await expect(f.service.add({ ...base, period: 'year' }, cli)).rejects.toThrow(/period/);
    await expect(f.service.add({ ...base, amountMinor: -1 }, cli)).rejects.toThrow(/amountMinor/);
    await expect(
      f.service.add({ ...base, thresholds: ['80:user', '80:lock'].map(parseThresholdSpec) }, cli),
    ).rejects.toThrow(/each threshold percent may appear once/);
    await expect(f.service.add({ ...base, scope: 'department', target: 'Nowhere' }, cli)).rejects.toThrow(
      'target: no department "Nowhere" in the directory',
    );
    await f.service.add(base, cli);
    await expect(f.service.add(base, cli)).rejects.toThrow('a budget named "X" exists');
    await expect(f.service.credit('X', { amountMinor: 100, member: 'anna' }, cli)).rejects.toThrow(/not per member/);
    expect(() => parseThresholdSpec('80:sms')).toThrow(
      'threshold "80:sms": unknown action "sms" (user, manager, admins, lock or an e-mail address)',
    );
  });
});
