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

/** What each kind's own fields get in the form test (typed as a person would), and the settings that must result. */
const byKind: Array<{ kind: string; fill: Record<string, string>; settings: Record<string, unknown> }> = [
  {
    kind: 'outside-hours',
    fill: {
      '#alarm-hours-from': '07:30',
      '#alarm-hours-to': '19:00',
      '#alarm-hours-site-0-name': 'milan',
      '#alarm-hours-site-0-from': '09:00',
      '#alarm-hours-site-0-to': '13:00',
    },
    settings: {
      incoming: false,
      openingHours: {
        week: [{ days: [1, 2, 3, 4, 5], from: '07:30', to: '19:00' }],
        sites: { milan: [{ days: [6], from: '09:00', to: '13:00' }] },
      },
    },
  },
  {
    kind: 'called-numbers',
    fill: { '#alarm-called-numbers-numbers': '0899*\n00881*' },
    settings: { numbers: ['0899*', '00881*'] },
  },
  {
    kind: 'spending',
    fill: { '#alarm-spending-amountMinor': '150.50' },
    settings: { groupBy: 'department', amountMinor: 15050, period: 'last-month' },
  },
  {
    kind: 'missed-calls',
    fill: { '#alarm-missed-calls-extensions': '2001 2002', '#alarm-missed-calls-above': '3' },
    settings: { extensions: ['2001', '2002'], above: 3 },
  },
  { kind: 'international', fill: {}, settings: {} },
  { kind: 'no-records', fill: { '#alarm-no-records-quietMinutes': '90' }, settings: { quietMinutes: 90 } },
  {
    kind: 'unrecognised-destinations',
    fill: { '#alarm-unrecognised-destinations-minCount': '4' },
    settings: { minCount: 4 },
  },
  { kind: 'unknown-extensions', fill: {}, settings: {} },
  { kind: 'attempt-burst', fill: {}, settings: {} },
  { kind: 'emergency-call', fill: {}, settings: {} },
  {
    kind: 'premium-rate',
    fill: { '#alarm-premium-rate-perMinuteMinor': '2', '#alarm-premium-rate-minCount': '2' },
    settings: { destinationTypes: ['premium'], perMinuteMinor: 200, minCount: 2 },
  },
  {
    kind: 'spend-spike',
    fill: { '#alarm-spend-spike-factor': '2.5', '#alarm-spend-spike-minIncreaseMinor': '20' },
    settings: { factor: 2.5, minIncreaseMinor: 2000 },
  },
];

describe('Create Alarm and Scheduled Alarms, in chromium against the real daemon', () => {
  it(
    'creates one alarm of each kind through its own typed fields; a bad amount is refused at its ' +
      'field, values kept',
    async () => {
      const { context, page } = await signedInPage(browser, daemon.baseUrl, 'admin');
      const admin = { name: 'admin', role: 'admin' as const };
      for (const { kind, fill, settings } of byKind) {
        await page.goto(`${daemon.baseUrl}/alarms/new`);
        await page.selectOption('#alarm-kind', kind);
        await page.fill('#alarm-description', `Form ${kind}`);
        // Only the chosen kind's settings show.
        expect(await page.locator('fieldset.alarm-settings:visible').count()).toBe(
          ['outside-hours', 'no-records', 'spend-spike'].includes(kind) ? 2 : 1,
        );
        for (const [selector, value] of Object.entries(fill)) await page.fill(selector, value);
        await page.fill('#alarm-recipients', 'desk@example.com');
        if (kind === 'outside-hours') await page.check('input[name="hours.site.0.days"][value="6"]');
        if (kind === 'spending') {
          await page.selectOption('#alarm-spending-groupBy', 'department');
          await page.selectOption('#alarm-spending-period', 'last-month');
        }
        await Promise.all([page.waitForURL(/done=created/), page.click('form[action="/alarms"] button[type=submit]')]);
        const created = (await daemon.tollgate.alarms.service.list(admin)).find(
          (a) => a.description === `Form ${kind}`,
        );
        expect(created?.kind).toBe(kind);
        expect(created?.settings).toMatchObject(settings);
      }
      await screenshot(page, 'en-1280-alarms-all-kinds');

      for (const [lang, message, nobody] of [
        ['en', 'Enter an amount in EUR', 'Give at least one e-mail recipient, or a webhook URL'],
        ['ar', 'أدخل مبلغًا بعملة EUR', 'أدخل مستلمًا واحدًا على الأقل للبريد الإلكتروني أو عنوان Webhook'],
      ] as const) {
        await page.goto(`${daemon.baseUrl}/account`);
        await page.selectOption('#language', lang);
        await Promise.all([page.waitForURL(/done=language/), page.click('form[action="/account/language"] button')]);
        for (const width of [1280, 360]) {
          await page.setViewportSize({ width, height: 900 });
          await page.goto(`${daemon.baseUrl}/alarms/new`);
          await page.selectOption('#alarm-kind', 'spending');
          await page.fill('#alarm-description', 'Big spenders');
          await page.fill('#alarm-spending-amountMinor', '12x');
          await page.click('form[action="/alarms"] button[type=submit]');
          await page.waitForSelector('#alarm-spending-amountMinor-error');
          expect(await page.textContent('#alarm-spending-amountMinor-error')).toContain(message);
          expect(await page.getAttribute('#alarm-spending-amountMinor', 'aria-invalid')).toBe('true');
          expect(await page.inputValue('#alarm-spending-amountMinor')).toBe('12x');
          expect(await page.inputValue('#alarm-description')).toBe('Big spenders');
          expect(await page.inputValue('#alarm-kind')).toBe('spending');
          // No recipient and no webhook: said at the recipients field, with the other problems.
          expect(await page.textContent('#alarm-recipients-error')).toContain(nobody);
          expect(await page.getAttribute('#alarm-recipients', 'aria-invalid')).toBe('true');
          expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
          await screenshot(page, `${lang}-${width}-alarm-form-error`);
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        }
      }
      expect(await seriousViolations(page)).toEqual([]);
      await page.goto(`${daemon.baseUrl}/account`); // back to English for the tests that follow
      await page.selectOption('#language', 'en');
      await Promise.all([page.waitForURL(/done=language/), page.click('form[action="/account/language"] button')]);
      expect((await daemon.tollgate.alarms.service.list(admin)).some((a) => a.description === 'Big spenders')).toBe(
        false,
      );
      for (const a of await daemon.tollgate.alarms.service.list(admin))
        await daemon.tollgate.alarms.service.remove(a.id, admin, testDoor);
      await context.close();
    },
    300_000,
  );

  it('creates an alarm, lists it with its next run, runs it now, pauses, edits and deletes it', async () => {
    const { context, page } = await signedInPage(browser, daemon.baseUrl, 'admin');
    await page.goto(`${daemon.baseUrl}/alarms/new`);
    await page.selectOption('#alarm-kind', 'called-numbers');
    await page.fill('#alarm-description', 'Premium numbers');
    await page.fill('#alarm-called-numbers-numbers', '0899*');
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
    expect(await page.inputValue('#alarm-called-numbers-numbers')).toBe('0899*');
    await page.fill('#alarm-called-numbers-numbers', '0899*\n0892*');
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

  it(
    'shows both pages in English and Arabic (right to left) without serious accessibility ' +
      'problems; a user may not manage alarms',
    async () => {
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
    },
    180_000,
  );
});
