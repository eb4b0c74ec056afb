import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, seriousViolations, signedInPage } from './web-browser.js';
import { signIn, startWebDaemon, type WebDaemon } from './web-daemon.js';

const curriRequest = readFileSync(join(import.meta.dirname, '../../fixtures/web/curri-call-from-2003.xml'), 'utf8');

let daemon: WebDaemon;
let browser: Browser;
let andreaBudgetId: number;
let sarahBudgetId: number;

beforeAll(async () => {
  daemon = await startWebDaemon();
  const { service } = daemon.tollgate.budgets;
  const actor = { actor: 'test', via: 'cli' } as const;
  andreaBudgetId = (
    await service.add(
      {
        name: 'Andrea monthly',
        scope: 'user',
        target: 'andrea.sonnino',
        period: 'month',
        amountMinor: 10000,
        currency: 'EUR',
      },
      actor,
    )
  ).id;
  await service.add(
    {
      name: 'Sales pool',
      scope: 'department',
      target: 'Sales',
      sharing: 'pool',
      period: 'month',
      amountMinor: 50000,
      currency: 'EUR',
    },
    actor,
  );
  sarahBudgetId = (
    await service.add(
      {
        name: 'Sarah weekly',
        scope: 'user',
        target: 'sarah.jones',
        period: 'week',
        amountMinor: 2500,
        currency: 'GBP',
      },
      actor,
    )
  ).id;
  // The Audit page shows an entry in the screenshots and the accessibility check.
  const entry = {
    actor: 'admin',
    role: 'admin',
    via: 'soap',
    from: '192.0.2.7',
    action: 'lock.set',
    target: '2003 (PT_Internal)',
  } as const;
  await daemon.tollgate.audit.record({ ...entry, detail: { kind: 'admin', reason: 'left the company' } });
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await daemon?.close();
});

async function curriAnswer(): Promise<string> {
  const res = await fetch(`${daemon.baseUrl}/curri`, {
    method: 'POST',
    headers: { 'content-type': 'text/xml' },
    body: curriRequest,
  });
  return res.text();
}

describe('the web portal, in chromium against the real daemon', () => {
  it(
    'signs a directory user in with a local password; My Phone locks the line and CURRI denies its ' +
      'calls within 1 s',
    async () => {
      expect(await curriAnswer()).toContain('<Decision>Permit</Decision>');
      const { context, page } = await signedInPage(browser, daemon.baseUrl, 'andrea.sonnino');
      await page.goto(`${daemon.baseUrl}/phone-lock`);
      expect(await page.textContent('.line-card')).toContain('2003');
      await page.click('form[action$="/lock"] button');
      const clicked = Date.now();
      let answer = await curriAnswer();
      while (!answer.includes('<Decision>Deny</Decision>') && Date.now() - clicked < 1000) answer = await curriAnswer();
      expect(answer).toContain('<Decision>Deny</Decision>');
      expect(Date.now() - clicked).toBeLessThan(1000);
      await page.waitForSelector('.notice-ok');
      // Andrea's directory language is Italian: the state is read from the page's markup, not its words.
      expect(await page.getAttribute('.lock-state', 'class')).toContain('is-locked');
      await page.click('form[action$="/lock"] button');
      await page.waitForSelector('.lock-state.is-unlocked');
      expect(await curriAnswer()).toContain('<Decision>Permit</Decision>');
      await context.close();
    },
    120_000,
  );

  it(
    "answers 404 to a user asking for another user's budget history and 403 on the administrators' " +
      'pages and actions',
    async () => {
      const cookie = await signIn(daemon.baseUrl, 'andrea.sonnino');
      const page = await signedInPage(browser, daemon.baseUrl, 'andrea.sonnino');
      const csrf = await (async () => {
        await page.page.goto(`${daemon.baseUrl}/phone-lock`);
        return page.page.getAttribute('meta[name="csrf-token"]', 'content');
      })();
      const browserCookie = (await page.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
      await page.context.close();
      const get = (path: string) => fetch(`${daemon.baseUrl}${path}`, { headers: { cookie }, redirect: 'manual' });
      const post = (path: string, body: Record<string, string> = {}) =>
        fetch(`${daemon.baseUrl}${path}`, {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie: browserCookie, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ _csrf: csrf ?? '', ...body }).toString(),
        });
      expect((await get(`/budgets/mine/${andreaBudgetId}/history`)).status).toBe(200);
      expect((await get(`/budgets/mine/${sarahBudgetId}/history`)).status).toBe(404);
      for (const path of [
        '/budgets',
        `/budgets/${sarahBudgetId}/history`,
        '/budgets/export.csv',
        '/phone-lock/users',
        '/audit',
        '/audit.csv',
      ])
        expect((await get(path)).status, path).toBe(403);
      const sarahLine = (await daemon.tollgate.directory.linesByExtension('2004'))[0]?.id;
      expect((await post(`/phone-lock/lines/${sarahLine}/lock`, { locked: '1' })).status).toBe(404);
      expect(
        (await post(`/phone-lock/lines/${sarahLine}/pin`, { current: '4321', pin: '5829', repeat: '5829' })).status,
      ).toBe(404);
      expect((await post(`/phone-lock/users/lines/${sarahLine}/admin-lock`, { locked: '1' })).status).toBe(403);
      expect((await post(`/phone-lock/users/lines/${sarahLine}/pin`)).status).toBe(403);
      expect((await post('/phone-lock/users/sarah.jones/password', { password: 'long enough password' })).status).toBe(
        403,
      );
      expect(
        (
          await post('/budgets', {
            name: 'x',
            scope: 'user',
            target: 'andrea.sonnino',
            period: 'month',
            amount: '1',
            currency: 'EUR',
          })
        ).status,
      ).toBe(403);
      for (const action of ['', '/credit', '/remove'])
        expect((await post(`/budgets/${sarahBudgetId}${action}`, { amount: '1' })).status, action).toBe(403);
      expect((await daemon.tollgate.locks.getLineState({ lineId: sarahLine as number })).locked).toBe(false);
    },
    120_000,
  );

  it('lets a supervisor act only on the users of their departments', async () => {
    const { context, page } = await signedInPage(browser, daemon.baseUrl, 'giulia.bianchi');
    await page.goto(`${daemon.baseUrl}/phone-lock/users`);
    const names = await page.$$eval('.users-table tbody th', (cells) => cells.map((c) => c.textContent));
    expect(names.sort()).toEqual(['andrea.sonnino', 'giulia.bianchi']);
    const csrf = await page.getAttribute('meta[name="csrf-token"]', 'content');
    const sarahLine = (await daemon.tollgate.directory.linesByExtension('2004'))[0]?.id;
    const res = await page.request.post(`${daemon.baseUrl}/phone-lock/users/lines/${sarahLine}/admin-lock`, {
      form: { _csrf: csrf ?? '', locked: '1' },
      maxRedirects: 0,
    });
    expect(res.status()).toBe(404);
    await context.close();
  }, 120_000);

  it('refuses a forged POST without the CSRF token, and one from another site', async () => {
    const { context, page } = await signedInPage(browser, daemon.baseUrl, 'andrea.sonnino');
    const line = (await daemon.tollgate.directory.linesByExtension('2003'))[0]?.id;
    const before = (await daemon.tollgate.locks.getLineState({ lineId: line as number })).kinds;
    const forged = await page.request.post(`${daemon.baseUrl}/phone-lock/lines/${line}/lock`, {
      form: { locked: '1' },
      maxRedirects: 0,
    });
    expect(forged.status()).toBe(403);
    await page.goto(`${daemon.baseUrl}/phone-lock`);
    const csrf = await page.getAttribute('meta[name="csrf-token"]', 'content');
    const crossSite = await page.request.post(`${daemon.baseUrl}/phone-lock/lines/${line}/lock`, {
      form: { _csrf: csrf ?? '', locked: '1' },
      headers: { origin: 'http://evil.example' },
      maxRedirects: 0,
    });
    expect(crossSite.status()).toBe(403);
    expect((await daemon.tollgate.locks.getLineState({ lineId: line as number })).kinds).toEqual(before);
    await context.close();
  }, 120_000);

  it('gives administrators the budgets against actual as CSV and as an Excel workbook with the same rows', async () => {
    const cookie = await signIn(daemon.baseUrl, 'admin');
    const get = (path: string) => fetch(`${daemon.baseUrl}${path}`, { headers: { cookie }, redirect: 'manual' });
    const csv = await get('/budgets/export.csv');
    expect(csv.status).toBe(200);
    const csvLines = (await csv.text()).trim().split('\r\n');
    expect(csvLines[0]).toBe('budget,subject,period,start,end,currency,budgeted,actual,difference');
    const xlsx = await get('/budgets/export.xlsx');
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as never);
    const sheet = workbook.getWorksheet('Budget against actual');
    const rows = (sheet?.getSheetValues() ?? []).filter(Boolean) as unknown[][];
    expect(rows[0]?.slice(1)).toEqual(csvLines[0]?.split(','));
    expect(rows.length).toBe(csvLines.length);
    expect(rows.map((r) => r[1])).toEqual(expect.arrayContaining(['Andrea monthly', 'Sales pool', 'Sarah weekly']));
    const andrea = rows.find((r) => r[1] === 'Andrea monthly');
    expect(andrea?.[6]).toBe('EUR');
    expect(andrea?.[7]).toBe(100);
    expect((await get('/budgets/export.ods')).status).toBe(400);
  });

  it(
    'shows every page in English, Arabic and Polish at 1280 and 360 px, without serious ' +
      'accessibility violations in any of them',
    async () => {
      const userPages = [
        '/',
        '/dashboard',
        '/reports/interactive',
        '/reports/scheduled',
        '/alarms/new',
        '/alarms',
        '/phone-lock',
        '/budgets/mine',
        `/budgets/mine/${andreaBudgetId}/history`,
        '/account',
      ];
      const adminPages = ['/phone-lock/users', '/budgets', `/budgets/${andreaBudgetId}/history`, '/audit'];
      const problems: string[] = [];
      for (const lang of ['en', 'ar', 'pl']) {
        for (const [who, pages] of [
          ['andrea.sonnino', userPages],
          ['admin', adminPages],
        ] as const) {
          const { context, page } = await signedInPage(browser, daemon.baseUrl, who);
          await page.goto(`${daemon.baseUrl}/account`);
          await page.selectOption('#language', lang);
          await Promise.all([page.waitForURL(/done=language/), page.click('form[action="/account/language"] button')]);
          for (const path of pages) {
            await page.setViewportSize({ width: 1280, height: 900 });
            await page.goto(`${daemon.baseUrl}${path}`);
            expect(await page.getAttribute('html', 'lang')).toBe(lang);
            expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
            const name = `${who.split('.')[0]}${path.replace(/[/]/g, '-').replace(/-$/, '') || '-home'}`;
            await screenshot(page, `${lang}-1280-${name}`);
            // Contrast, names and structure do not change with the width: axe runs once per page and language.
            for (const v of await seriousViolations(page)) problems.push(`${lang} ${name}: ${v}`);
            await page.setViewportSize({ width: 360, height: 800 });
            await screenshot(page, `${lang}-360-${name}`);
          }
          await context.close();
        }
      }
      const anonymous = await browser.newContext({ viewport: { width: 360, height: 800 }, bypassCSP: true });
      const signInPage = await anonymous.newPage();
      await signInPage.goto(`${daemon.baseUrl}/sign-in`);
      await screenshot(signInPage, 'en-360-sign-in');
      for (const v of await seriousViolations(signInPage)) problems.push(`sign-in: ${v}`);
      await anonymous.close();
      expect(problems).toEqual([]);
    },
    600_000,
  );
});
