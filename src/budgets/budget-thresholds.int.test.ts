import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { databaseKindsUnderTest } from '../../test/harness/index.js';
import { cli, openBudgetFixture, type BudgetFixture } from '../../test/budgets/budget-fixture.js';
import { parseThresholdSpec } from './index.js';

describe.each(databaseKindsUnderTest())('budget thresholds on %s', (kind) => {
  let f: BudgetFixture;
  beforeEach(async () => {
    f = await openBudgetFixture(kind);
  });
  afterEach(async () => f.close());

  const settle = async () => {
    await f.engine.idle();
    await f.outbox.runOnce();
  };

  it('e-mails the user at 80%, in their language, once the batch that crosses it is stored', async () => {
    await f.service.add(
      {
        name: 'Anna monthly',
        scope: 'user',
        target: 'anna',
        period: 'month',
        amountMinor: 1000,
        currency: 'EUR',
        thresholds: [parseThresholdSpec('80:user')],
      },
      cli,
    );
    await f.engine.start();
    await f.engine.idle();
    await f.storeCalls([{ user: 'anna', at: '2026-03-05T10:00:00Z', costMinor: 300 }]);
    await settle();
    expect(f.smtp.received).toHaveLength(0);

    await f.storeCalls([
      { user: 'anna', at: '2026-03-09T10:00:00Z', costMinor: 250 },
      { user: 'anna', at: '2026-03-10T08:00:00Z', costMinor: 300 },
    ]);
    await settle();
    const [mail] = await f.smtp.waitFor(1);
    expect(mail?.envelopeTo).toEqual(['anna@example.com']);
    expect(mail?.subject).toBe('Il budget "Anna monthly" ha raggiunto il 80% per marzo 2026');
    expect(mail?.text).toContain('Gentile Anna Verdi');
    expect(mail?.text).toMatch(/Speso:\s+8,50\s€/);
    expect(mail?.text).toMatch(/Residuo:\s+1,50\s€/);
    expect(mail?.text).toContain('1 aprile 2026');

    const history = await f.readModel.history('Anna monthly');
    expect(history.map((h) => h.kind).reverse()).toEqual(['created', 'threshold', 'email-queued', 'email-sent']);
    expect(history.find((h) => h.kind === 'threshold')?.detail).toBe(
      '80% reached: spent 8.50 EUR of 10.00 EUR → e-mail user',
    );
  });

  it('e-mails a user whose directory language is Arabic in Arabic, with Arabic dates and amounts', async () => {
    await f.service.add(
      {
        name: 'Farah monthly',
        scope: 'user',
        target: 'farah',
        period: 'month',
        amountMinor: 1000,
        currency: 'EUR',
        thresholds: [parseThresholdSpec('80:user')],
      },
      cli,
    );
    await f.engine.start();
    await f.engine.idle();
    await f.storeCalls([{ user: 'farah', at: '2026-03-10T08:00:00Z', costMinor: 850 }]);
    await settle();
    const [mail] = await f.smtp.waitFor(1);
    expect(mail?.envelopeTo).toEqual(['farah@example.com']);
    expect(mail?.subject).toBe('بلغت الميزانية «Farah monthly» نسبة 80% عن مارس 2026');
    expect(mail?.text).toContain('مرحبًا Farah Haddad،');
    expect(mail?.text).toContain('المُنفَق: \u200f8.50\u00a0€');
    expect(mail?.text).toContain('تتجدد الميزانية في 1 أبريل 2026');
  });

  it(
    'fires every threshold one batch crosses, lowest first, and each only once per period, across ' + 'restarts',
    async () => {
      await f.service.add(
        {
          name: 'Ben',
          scope: 'user',
          target: 'ben',
          period: 'week',
          amountMinor: 2000,
          currency: 'EUR',
          thresholds: ['50:user', '80:user', '100:user'].map(parseThresholdSpec),
        },
        cli,
      );
      await f.engine.start();
      await f.engine.idle();
      await f.storeCalls([{ user: 'ben', at: '2026-03-10T08:00:00Z', costMinor: 2100 }]);
      await settle();
      await f.smtp.waitFor(3);
      // ICU puts thin spaces around the range dash.
      expect(f.smtp.received.map((m) => m.subject.replace(/\s/g, ' '))).toEqual([
        'Budget "Ben" has reached 50% for Mar 9 – 15, 2026',
        'Budget "Ben" has reached 80% for Mar 9 – 15, 2026',
        'Budget "Ben" is spent for Mar 9 – 15, 2026',
      ]);

      await f.storeCalls([{ user: 'ben', at: '2026-03-10T08:30:00Z', costMinor: 500 }]);
      await settle();
      await f.restartEngine();
      await settle();
      expect(f.smtp.received).toHaveLength(3);
      const thresholds = (await f.readModel.history('Ben', { kinds: ['threshold'] })).map((h) => h.data.percent);
      expect(thresholds.reverse()).toEqual([50, 80, 100]);
    },
  );

  it('at 100% locks every line of the user and tells CURRI at once which lines to refuse', async () => {
    await f.service.add(
      {
        name: 'Anna',
        scope: 'user',
        target: 'anna',
        period: 'month',
        amountMinor: 1000,
        currency: 'EUR',
        thresholds: [parseThresholdSpec('100:user,manager,lock')],
      },
      cli,
    );
    await f.engine.start();
    await f.engine.idle();
    const annaLines = await f.lineIds('anna');
    await f.storeCalls([{ user: 'anna', at: '2026-03-10T08:00:00Z', costMinor: 1000 }]);
    // Published synchronously by the 'calls.stored' listener, before any queued work.
    expect(f.stateChanges).toEqual([{ budgetId: 1, exhausted: true, lineIds: annaLines }]);
    await settle();
    expect(await f.engine.exhaustedBudgets()).toEqual([{ budgetId: 1, lineIds: annaLines }]);
    for (const lineId of annaLines) expect((await f.locks.getLineState({ lineId })).kinds).toEqual(['budget']);
    expect((await f.locks.getLineState({ extension: '3002' })).locked).toBe(false);
    const mails = await f.smtp.waitFor(2);
    expect(mails.map((m) => m.envelopeTo[0]).sort()).toEqual(['anna@example.com', 'giulia@example.com']);
    expect(mails[0]?.subject).toBe('Linee bloccate: budget "Anna" al 100% per marzo 2026');
    const kinds = (await f.readModel.history('Anna')).map((h) => h.kind);
    expect(kinds).toContain('lock');
    expect(kinds).toContain('exhausted');
    const status = await f.readModel.status('Anna');
    expect(status.subjects[0]).toMatchObject({
      spentMinor: 1000,
      remainingMinor: 0,
      exhausted: true,
      firedPercents: [100],
      lockedLineIds: annaLines,
    });
  });

  it('records who could not be written to instead of failing the threshold', async () => {
    await f.service.add(
      {
        name: 'Support',
        scope: 'department',
        target: 'Support',
        sharing: 'pool',
        period: 'day',
        amountMinor: 500,
        currency: 'EUR',
        thresholds: [parseThresholdSpec('80:user,manager,admins')],
      },
      cli,
    );
    await f.engine.start();
    await f.engine.idle();
    await f.storeCalls([{ user: 'dario', at: '2026-03-10T08:00:00Z', costMinor: 450 }]);
    await settle();
    const mails = await f.smtp.waitFor(2);
    expect(mails.map((m) => m.envelopeTo[0]).sort()).toEqual(['elena@example.com', 'noc@example.com']);
    const failed = (await f.readModel.history('Support', { kinds: ['email-failed'] })).map((h) => h.detail).sort();
    expect(failed).toEqual([
      '80% notice not sent: manager: none in the directory',
      '80% notice not sent: user dario: no e-mail address',
    ]);
  });
});
