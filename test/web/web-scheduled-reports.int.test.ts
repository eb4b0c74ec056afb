import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpTestServer, type SmtpTestServer } from '../notify/smtp-test-server.js';
import { launchChromium, screenshot, seriousViolations, signedInPage } from './web-browser.js';
import { startWebDaemon, type WebDaemon } from './web-daemon.js';

let smtp: SmtpTestServer;
let daemon: WebDaemon;
let browser: Browser;

beforeAll(async () => {
  smtp = await startSmtpTestServer();
  daemon = await startWebDaemon({
    config: { smtp: { host: '127.0.0.1', port: smtp.port, security: 'none', from: 'Tollgate <t@example.com>' } },
  });
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await daemon?.close();
  await smtp?.close();
});

describe('the Scheduled Reports page, in chromium against the real daemon', () => {
  it(
    'adds a schedule through the form, lists it, runs it now (one e-mail), pauses and deletes it',
    { timeout: 120_000 },
    async () => {
      const { context, page } = await signedInPage(browser, daemon.baseUrl, 'andrea.sonnino');
      const language = async (lang: string) => {
        await page.goto(`${daemon.baseUrl}/account`);
        await page.selectOption('#language', lang);
        await Promise.all([page.waitForURL(/done=language/), page.click('form[action="/account/language"] button')]);
      };
      await language('en'); // Andrea reads Italian; the English texts are checked first
      await page.goto(`${daemon.baseUrl}/reports/scheduled`);
      await page.click('a[href="/reports/scheduled/new"]');
      await page.fill('#sr-description', 'My calls every Monday');
      await page.selectOption('#sr-report', 'call-monitor');
      await page.selectOption('#sr-period', 'last-week');
      await page.fill('#sr-recipients', 'andrea.sonnino@example.com');
      await page.selectOption('#sr-format', 'csv');
      await page.uncheck('input[name=skipEmpty]');
      await page.fill('#sr-start', '2026-03-02T08:00');
      await page.fill('#sr-every', '1');
      await page.selectOption('#sr-unit', 'weeks');
      await Promise.all([
        page.waitForURL(/done=created/),
        page.click('form[action="/reports/scheduled"] button[type=submit]'),
      ]);
      const row = page.locator('table.scheduled-reports tbody tr');
      await expect.poll(() => row.count()).toBe(1);
      expect(await row.locator('th').innerText()).toContain('My calls every Monday');
      expect(await row.locator('td').nth(1).innerText()).toBe('andrea.sonnino');
      // The owner is the signed-in user, whose scope the report runs in.
      const [saved] = await daemon.tollgate.scheduledReports.list({ name: 'admin', role: 'admin' });
      expect(saved?.owner).toBe('andrea.sonnino');
      expect(saved?.filters).toEqual({ period: { preset: 'last-week' } });

      await Promise.all([page.waitForURL(/done=ran/), page.click('form[action$="/run"] button')]);
      const [mail] = await smtp.waitFor(1);
      expect(mail?.envelopeTo).toEqual(['andrea.sonnino@example.com']);
      // Andrea reads Italian (the directory says so): the mail, its filter and its file are in Italian.
      expect(mail?.text).toContain('Limitato alle chiamate di andrea.sonnino');
      expect(mail?.attachments[0]?.filename).toMatch(/^monitor-chiamate-\d{4}-\d{2}-\d{2}\.csv$/);
      await page.goto(`${daemon.baseUrl}/reports/scheduled`);
      expect(await row.locator('td').nth(3).innerText()).toBe('Sent');

      // Another user neither sees it nor reaches it by its id.
      const other = await signedInPage(browser, daemon.baseUrl, 'sarah.jones');
      await other.page.goto(`${daemon.baseUrl}/reports/scheduled`);
      expect(await other.page.locator('table.scheduled-reports').count()).toBe(0);
      expect((await other.page.goto(`${daemon.baseUrl}/reports/scheduled/${saved?.id}`))?.status()).toBe(404);
      await other.context.close();

      await Promise.all([page.waitForURL(/done=paused/), page.click('form[action$="/pause"] button')]);
      expect(await row.locator('td').first().innerText()).toBe('Paused');
      await screenshot(page, 'en-1280-scheduled-reports');
      expect(await seriousViolations(page)).toEqual([]);

      await language('ar');
      await page.goto(`${daemon.baseUrl}/reports/scheduled`);
      expect(await page.getAttribute('html', 'dir')).toBe('rtl');
      await screenshot(page, 'ar-1280-scheduled-reports');
      expect(await seriousViolations(page)).toEqual([]);
      await page.goto(`${daemon.baseUrl}/reports/scheduled/${saved?.id}`);
      await screenshot(page, 'ar-1280-scheduled-report-form');
      await page.setViewportSize({ width: 360, height: 800 });
      await page.goto(`${daemon.baseUrl}/reports/scheduled`);
      await screenshot(page, 'ar-360-scheduled-reports');

      await Promise.all([page.waitForURL(/done=deleted/), page.click('form[action$="/delete"] button')]);
      expect(await daemon.tollgate.scheduledReports.list({ name: 'admin', role: 'admin' })).toEqual([]);
      await context.close();
    },
  );

  it(
    'refuses a schedule without a recipient with a message at the recipients field, in the page language',
    { timeout: 120_000 },
    async () => {
      const { context, page } = await signedInPage(browser, daemon.baseUrl, 'andrea.sonnino');
      for (const [lang, message] of [
        ['it', 'Indicare almeno un destinatario e-mail'],
        ['ar', 'أدخل مستلمًا واحدًا على الأقل للبريد الإلكتروني'],
      ] as const) {
        await page.goto(`${daemon.baseUrl}/account`);
        await page.selectOption('#language', lang);
        await Promise.all([page.waitForURL(/done=language/), page.click('form[action="/account/language"] button')]);
        await page.goto(`${daemon.baseUrl}/reports/scheduled/new`);
        await page.fill('#sr-description', 'Nobody reads this');
        await page.selectOption('#sr-report', 'call-monitor');
        await page.fill('#sr-recipients', ' ');
        await page.fill('#sr-start', '2026-03-02T08:00');
        await page.click('form[action="/reports/scheduled"] button[type=submit]');
        await page.waitForSelector('#sr-recipients-error');
        expect(await page.textContent('#sr-recipients-error')).toContain(message);
        expect(await page.getAttribute('#sr-recipients', 'aria-invalid')).toBe('true');
        expect(await seriousViolations(page)).toEqual([]);
      }
      expect(await daemon.tollgate.scheduledReports.list({ name: 'admin', role: 'admin' })).toEqual([]);
      await context.close();
    },
  );
});
