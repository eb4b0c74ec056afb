import { beforeAll, describe, expect, it } from 'vitest';
import { formSession, signIn, webDaemonForTests } from './web-daemon.js';

const started = webDaemonForTests();

const session = async (username: string) => {
  const { baseUrl } = started.daemon;
  return formSession(baseUrl, await signIn(baseUrl, username));
};
/** The edit form's fixed fields, as the page fills them for the Sales budget. */
const basics = { name: 'Sales pool', amount: '500.00', rollover: '0', deny: '1', thresholds: '1' };
/** HTML-escaped, as the page shows the CLI's message. */
const escaped = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

describe('Budgets page: thresholds and exclusions of a budget', () => {
  let budgetId = 0;
  beforeAll(async () => {
    const budget = await started.daemon.tollgate.budgets.service.add(
      {
        name: 'Sales pool',
        scope: 'department',
        target: 'Sales',
        period: 'month',
        amountMinor: 50000,
        currency: 'EUR',
      },
      { actor: 'test', via: 'cli' },
    );
    budgetId = budget.id;
  });

  it("shows the budget's thresholds in its edit form, and a spare row to add one", async () => {
    const html = await (await (await session('admin')).get('/budgets')).text();
    expect(html).toContain(
      `id="b${budgetId}-rules-t0-percent" name="t0-percent" inputmode="numeric" size="5" value="80"`,
    );
    expect(html).toContain(
      `id="b${budgetId}-rules-t1-percent" name="t1-percent" inputmode="numeric" size="5" value="100"`,
    );
    expect(html).toContain(`id="b${budgetId}-rules-t2-percent" name="t2-percent" inputmode="numeric" size="5" value/>`);
    expect(html).toContain(`id="b${budgetId}-rules-exclude" name="exclude" value/>`);
  });

  it('saves thresholds with e-mails and a lock, and members left out, as the CLI would', async () => {
    const admin = await session('admin');
    const res = await admin.post(`/budgets/${budgetId}`, {
      ...basics,
      't0-percent': '50',
      't0-user': '1',
      't0-emails': 'boss@example.com, finance@example.com',
      't1-percent': '100',
      't1-manager': '1',
      't1-lock': '1',
      't2-percent': '',
      exclusions: '1',
      exclude: 'andrea.sonnino',
    });
    expect(res.status).toBe(303);
    const budget = await started.daemon.tollgate.budgets.service.get(budgetId);
    expect(budget.thresholds).toEqual([
      {
        percent: 50,
        notifyUser: true,
        notifyManager: false,
        notifyAdmins: false,
        notifyExtra: ['boss@example.com', 'finance@example.com'],
        lockLines: false,
      },
      { percent: 100, notifyUser: false, notifyManager: true, notifyAdmins: false, notifyExtra: [], lockLines: true },
    ]);
    const andrea = await started.daemon.tollgate.directory.userByUsername('andrea.sonnino');
    expect(budget.excludedUserIds).toEqual([andrea!.id]);
    const html = await (await admin.get('/budgets')).text();
    expect(html).toContain(`id="b${budgetId}-rules-exclude" name="exclude" value="andrea.sonnino"`);
    expect(html).toContain('value="boss@example.com, finance@example.com"');
    const history = await started.daemon.tollgate.budgets.readModel.history(budgetId, {});
    expect(history.map((e) => e.detail).join('\n')).toContain(
      'thresholds 80%:user 100%:user,manager → 50%:user,boss@example.com,finance@example.com 100%:manager,lock',
    );
  });

  it('takes back in a member whose name is removed, and drops every threshold whose percent is emptied', async () => {
    const admin = await session('admin');
    expect((await admin.post(`/budgets/${budgetId}`, { ...basics, exclusions: '1', exclude: '' })).status).toBe(303);
    const budget = await started.daemon.tollgate.budgets.service.get(budgetId);
    expect(budget).toMatchObject({ thresholds: [], excludedUserIds: [] });
  });

  it("refuses what the CLI refuses, with the CLI's message, and changes nothing", async () => {
    const admin = await session('admin');
    const refusals: Array<[Record<string, string>, string]> = [
      [
        { 't0-percent': '80', 't0-emails': 'not-an-address' },
        'threshold "80:not-an-address": unknown action "not-an-address" ' +
          '(user, manager, admins, lock or an e-mail address)',
      ],
      [
        { 't0-percent': '80', 't1-percent': '80', 't1-lock': '1' },
        'thresholds: each threshold percent may appear once',
      ],
      [
        { 't0-percent': 'eighty' },
        'threshold "eighty": expected PERCENT[:ACTION,…] such as 80:user or 100:user,manager,lock',
      ],
      [{ exclusions: '1', exclude: 'nobody.here' }, 'exclude: no user "nobody.here" in the directory'],
    ];
    for (const [fields, message] of refusals) {
      const res = await admin.post(`/budgets/${budgetId}`, { ...basics, ...fields });
      expect(res.status, message).toBe(400);
      expect(await res.text()).toContain(escaped(message));
    }
    expect(await started.daemon.tollgate.budgets.service.get(budgetId)).toMatchObject({
      thresholds: [],
      excludedUserIds: [],
    });
  });

  it('refuses a supervisor (403), in the service path and not only the page', async () => {
    const giulia = await session('giulia.bianchi');
    expect((await giulia.post(`/budgets/${budgetId}`, { ...basics, 't0-percent': '10', 't0-lock': '1' })).status).toBe(
      403,
    );
    expect((await started.daemon.tollgate.budgets.service.get(budgetId)).thresholds).toEqual([]);
  });
});
