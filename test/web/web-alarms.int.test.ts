import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDoor } from '../alarms/alarm-fixture.js';
import { launchChromium, screenshot, seriousViolations, signedInPage } from './web-browser.js';
import { startWebDaemon, type WebDaemon } from './web-daemon.js';

let daemon: WebDaemon;
let browser: Browser;

beforeAll(async () => {
  daemon = await startWebDaemon();
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await daemon?.close();
});

describe('Create Alarm and Scheduled Alarms, in chromium against the real daemon', () => {
  it('creates an alarm, lists it with its next run, runs it now, pauses, edits and deletes it', async () => {
    const { context, page } = await signedInPage(browser, daemon.baseUrl, 'admin');
    await page.goto(`${daemon.baseUrl}/alarms/new`);
    await page.selectOption('#alarm-kind', 'called-numbers');
    await page.fill('#alarm-description', 'Premium numbers');
    await page.fill('#alarm-settings', '{"numbers":["0899*"]}');
    await page.fill('#alarm-every', '15');
    await page.selectOption('#alarm-unit', 'minutes');
    await page.fill('#alarm-recipients', 'desk@example.com:it:admin');
    await Promise.all([page.waitForURL(/done=created/), page.click('form[action="/alarms"] button[type=submit]')]);
    const row = await page.textContent('table.data tbody tr');
    expect(row).toContain('admin');
    expect(row).toContain('Premium numbers');
    expect(row).toContain('every 15 minutes to desk@example.com');
    const [alarm] = await daemon.tollgate.alarms.service.list({ name: 'admin', role: 'admin' });
    expect(alarm!.nextRunAt).not.toBeNull();

    await Promise.all([page.waitForURL(/done=ran/), page.click(`form[action="/alarms/${alarm!.id}/run"] button`)]);
    expect(await page.textContent('.notice-ok')).toContain('nothing to report');
    expect(await page.textContent('table.data tbody tr')).toContain('nothing to report');

    await Promise.all([page.waitForURL(/done=saved/), page.click(`form[action="/alarms/${alarm!.id}/active"] button`)]);
    expect(await page.getAttribute(`form[action="/alarms/${alarm!.id}/active"] button`, 'aria-pressed')).toBe('false');

    await page.goto(`${daemon.baseUrl}/alarms/${alarm!.id}/edit`);
    expect(await page.inputValue('#alarm-settings')).toBe('{"numbers":["0899*"]}');
    await page.fill('#alarm-settings', '{"numbers":["0899*","0892*"]}');
    await Promise.all([
      page.waitForURL(/done=saved/),
      page.click(`form[action="/alarms/${alarm!.id}"] button[type=submit]`),
    ]);
    expect((await daemon.tollgate.alarms.service.get(alarm!.id, { name: 'admin', role: 'admin' })).settings).toEqual({
      numbers: ['0899*', '0892*'],
    });

    const csv = await page.request.get(`${daemon.baseUrl}/alarms/history.csv`);
    expect(await csv.text()).toMatch(/^id,alarm_id,kind/);
    await Promise.all([
      page.waitForURL(/done=removed/),
      page.click(`form[action="/alarms/${alarm!.id}/delete"] button`),
    ]);
    expect(await page.locator('table.data').count()).toBe(0);
    await context.close();
  }, 180_000);

  it('shows both pages in English and Arabic (right to left) without serious accessibility problems; a user may not manage alarms', async () => {
    await daemon.tollgate.alarms.service.create(
      { kind: 'emergency-call', description: 'Security desk', recipients: [{ email: 'security@example.com' }] },
      { name: 'giulia.bianchi', role: 'supervisor', departments: ['Sales'] },
      testDoor,
    );
    const { context, page } = await signedInPage(browser, daemon.baseUrl, 'giulia.bianchi');
    for (const lang of ['en', 'ar']) {
      await page.goto(`${daemon.baseUrl}/account`);
      await page.selectOption('#language', lang);
      await Promise.all([page.waitForURL(/done=language/), page.click('form[action="/account/language"] button')]);
      for (const [path, name] of [
        ['/alarms', 'scheduled-alarms'],
        ['/alarms/new', 'create-alarm'],
      ] as const) {
        await page.goto(`${daemon.baseUrl}${path}`);
        expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
        await screenshot(page, `${name}-${lang}`);
        expect(await seriousViolations(page)).toEqual([]);
      }
    }
    expect(await page.textContent('body')).not.toContain('missing');
    await context.close();
    const user = await signedInPage(browser, daemon.baseUrl, 'andrea.sonnino');
    const refused = await user.page.goto(`${daemon.baseUrl}/alarms`);
    expect(refused!.status()).toBe(403);
    await user.context.close();
  }, 180_000);
});
