import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formSession, signIn, startWebDaemon, type WebDaemon } from './web-daemon.js';

let daemon: WebDaemon;

beforeAll(async () => {
  daemon = await startWebDaemon();
}, 90_000);

afterAll(async () => {
  await daemon?.close();
});

/** A signed-in fetch session: GETs and form POSTs with the page's CSRF token. */
async function session(username: string) {
  return formSession(daemon.baseUrl, await signIn(daemon.baseUrl, username));
}

describe("the web portal writes administrators' and supervisors' actions to the audit log", () => {
  it(
    "records an administrator's admin lock, budget credit and password change with role, door " + "'web' and address",
    async () => {
      const { service } = daemon.tollgate.budgets;
      const budget = await service.add(
        {
          name: 'Marco monthly',
          scope: 'user',
          target: 'marco.rossi',
          period: 'month',
          amountMinor: 10000,
          currency: 'EUR',
        },
        { actor: 'test', via: 'cli' },
      );
      const line = (await daemon.tollgate.directory.linesByExtension('2004'))[0]?.id;
      const admin = await session('admin');
      expect((await admin.post(`/phone-lock/users/lines/${line}/admin-lock`, { locked: '1' })).status).toBe(303);
      expect((await admin.post(`/budgets/${budget.id}/credit`, { amount: '12.50', reason: 'trip' })).status).toBe(303);
      expect(
        (await admin.post('/phone-lock/users/sarah.jones/password', { password: 'another long password' })).status,
      ).toBe(303);
      const entries = await daemon.tollgate.audit.list({ actor: 'admin', limit: 10, offset: 0 });
      expect(entries.map((e) => [e.action, e.actor, e.role, e.via, e.target])).toEqual([
        ['password.set', 'admin', 'admin', 'web', 'sarah.jones'],
        ['budget.credit', 'admin', 'admin', 'web', 'Marco monthly'],
        ['lock.set', 'admin', 'admin', 'web', expect.stringMatching(/^2004/)],
      ]);
      for (const e of entries) expect(e.from).toMatch(/127\.0\.0\.1/);
      expect(entries[1]!.detail).toMatchObject({ id: budget.id, amountMinor: 1250, currency: 'EUR', reason: 'trip' });
      expect(JSON.stringify(entries)).not.toContain('another long password');
    },
    120_000,
  );

  it("records a supervisor's PIN reset but not a user's own lock", async () => {
    const andreaLine = (await daemon.tollgate.directory.linesByExtension('2003'))[0]?.id;
    const giulia = await session('giulia.bianchi');
    expect((await giulia.post(`/phone-lock/users/lines/${andreaLine}/pin`, { pin: '' })).status).toBe(200);
    const andrea = await session('andrea.sonnino');
    expect((await andrea.post(`/phone-lock/lines/${andreaLine}/lock`, { locked: '1' })).status).toBe(303);
    expect(await daemon.tollgate.audit.list({ actor: 'andrea.sonnino', limit: 10, offset: 0 })).toEqual([]);
    const [reset] = await daemon.tollgate.audit.list({ actor: 'giulia.bianchi', limit: 10, offset: 0 });
    expect(reset).toMatchObject({ action: 'pin.reset', role: 'supervisor', via: 'web' });
    expect(reset!.from).toMatch(/127\.0\.0\.1/);
  }, 120_000);

  it(
    'shows the log to administrators only, filtered by action family, and exports the filtered ' + 'entries as CSV',
    async () => {
      for (const who of ['andrea.sonnino', 'giulia.bianchi']) {
        const { get } = await session(who);
        for (const path of ['/audit', '/audit.csv']) expect((await get(path)).status, `${who} ${path}`).toBe(403);
      }
      const { get } = await session('admin');
      const page = await get('/audit?action=lock.');
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('lock.set');
      expect(html).not.toContain('budget.credit');
      expect(html).toContain('href="/audit.csv?action=lock."');
      const csv = await get('/audit.csv?action=budget.');
      expect(csv.headers.get('content-type')).toContain('text/csv');
      const lines = (await csv.text()).trim().split('\r\n');
      expect(lines[0]).toBe('at,actor,role,via,from,action,target,detail');
      expect(
        lines.slice(1).map((l) =>
          l
            .split(',')
            .slice(1, 4)
            .concat(l.split(',')[5] ?? ''),
        ),
      ).toEqual([['admin', 'admin', 'web', 'budget.credit']]);
    },
    120_000,
  );
});
