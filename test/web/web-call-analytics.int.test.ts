import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertCalls, makeCall } from '../reports/call-fixtures.js';
import { launchChromium, screenshot, seriousViolations, signedInPage } from './web-browser.js';
import { startWebDaemon, testPassword, type WebDaemon } from './web-daemon.js';

const demoCdr = join(import.meta.dirname, '../../fixtures/demo/cdr_StandAloneCluster_01_202611201800_1');
const allWidgets = [
  'week-cost-by-area',
  'today-cost-share-by-destination',
  'week-cost-by-extension',
  'week-cost-by-date',
  'today-cost-by-hour',
  'top-international-by-duration',
  'today-status-by-area',
  'status-last-7-days',
  'last-calls',
];

let daemon: WebDaemon;
let browser: Browser;
let inbox: string;

/** Calls of the last days for Andrea (2003) and Sarah (2004), so the charts have figures today. */
async function seedRecentCalls(): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  const calls = [];
  const places = [
    ['Milano', 'IT', 'fixed-national', '0245', 'GW-MILANO'],
    ['Roma', 'IT', 'fixed-national', '0665', 'GW-MILANO'],
    ['Mobile TIM', 'IT', 'mobile', '3351', 'GW-MILANO'],
    ['London', 'GB', 'fixed-national', '0044207', 'GW-LONDON'],
    ['Paris', 'FR', 'fixed-national', '00331', 'GW-LONDON'],
  ] as const;
  for (const username of ['andrea.sonnino', 'sarah.jones']) {
    const user = (await daemon.tollgate.directory.userByUsername(username))!;
    const line = (await daemon.tollgate.directory.linesOfUsers([user.id]))[0]!;
    for (let i = 0; i < 24; i++) {
      const [area, nation, type, prefix, gateway] = places[i % places.length]!;
      const direction = i % 6 === 5 ? 'incoming' : i % 7 === 6 ? 'internal' : 'outgoing';
      const answered = i % 5 !== 4;
      const external = direction !== 'internal';
      const number = direction === 'internal' ? '2001' : `${prefix}${String(100000 + i * 7919).slice(-6)}`;
      calls.push(
        makeCall({
          startedAt: now - 60 - i * 3 * 3600,
          direction,
          answered,
          durationSeconds: answered ? 30 + i * 17 : 0,
          ownerExtension: line.extension,
          ownerPartition: line.partition,
          ownerLineId: line.id,
          ownerUserId: user.id,
          departmentId: user.departmentId,
          costCentreId: user.costCentreId,
          site: 'default',
          callingNumber: direction === 'incoming' ? number : line.extension,
          dialledNumber: direction === 'incoming' ? line.extension : number,
          finalCalledNumber: direction === 'incoming' ? line.extension : number,
          gateway: external ? gateway : null,
          destinationName: direction === 'outgoing' ? area : null,
          nation: direction === 'outgoing' ? nation : null,
          destinationType: direction === 'outgoing' ? type : null,
          costMinor: direction === 'outgoing' && answered ? 5 + i * 11 : direction === 'outgoing' ? 0 : null,
          currency: direction === 'outgoing' ? 'EUR' : null,
        }),
      );
    }
  }
  await insertCalls(daemon.tollgate.dataSource, calls);
}

async function setLanguage(username: string, language: string): Promise<void> {
  await daemon.tollgate.dataSource.query('UPDATE web_accounts SET language = ? WHERE username = ?', [
    language,
    username,
  ]);
}

async function shownExtensions(page: Page, selector = '.calls-table tbody tr'): Promise<string[]> {
  return page.$$eval(selector, (rows) => rows.map((r) => r.querySelector('td:nth-child(2)')?.textContent ?? ''));
}

beforeAll(async () => {
  inbox = mkdtempSync(join(tmpdir(), 'tollgate-inbox-'));
  daemon = await startWebDaemon({ config: { cdr: { dropFolder: { path: inbox, scanSeconds: 1, settleMs: 200 } } } });
  await seedRecentCalls();
  browser = await launchChromium();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await daemon?.close();
  rmSync(inbox, { recursive: true, force: true });
});

describe('Call Analytics Home, Dashboard and gadgets, in chromium against the real daemon', () => {
  it(
    'redraws the Home list by itself when a CDR file is dropped into the inbox, with only the ' + 'viewer’s calls',
    async () => {
      const { context, page } = await signedInPage(browser, daemon.baseUrl, 'lukas.meyer');
      await page.goto(`${daemon.baseUrl}/?top=50`);
      expect(await page.$$('.calls-table tbody tr')).toHaveLength(0);
      const version = await page.getAttribute('#home-live', 'data-version');
      copyFileSync(demoCdr, join(inbox, 'cdr_StandAloneCluster_01_202611201800_1'));
      await page.waitForSelector('.calls-table tbody tr', { timeout: 30_000 });
      expect(await page.getAttribute('#home-live', 'data-version')).not.toBe(version);
      const extensions = await shownExtensions(page);
      expect(extensions.length).toBeGreaterThan(5);
      expect(new Set(extensions)).toEqual(new Set(['2005']));
      // The page was not reloaded: the marker set before the drop is still there.
      await context.close();
    },
    90_000,
  );

  it(
    'shows a user only their own calls on Home, in the Last Calls widget and in the gadget; a ' +
      'number opens the report of calls with it',
    async () => {
      const { context, page } = await signedInPage(browser, daemon.baseUrl, 'sarah.jones');
      await page.goto(`${daemon.baseUrl}/?top=200`);
      expect(new Set(await shownExtensions(page))).toEqual(new Set(['2004']));
      const href = await page.getAttribute('.calls-table a.number', 'href');
      expect(href).toMatch(/^\/reports\/interactive\/run\?number=[0-9]+&match=(startsWith|equals)&users=sarah.jones$/);
      await page.goto(`${daemon.baseUrl}/gadgets/call-analytics?range=last-7-days&type=outgoing`);
      expect(await page.$$('.calls-table tbody tr')).not.toHaveLength(0);
      // The gadget's compact list has no extension column: every row's type is outgoing.
      const types = await page.$$eval('.calls-table .call-type', (icons) => icons.map((i) => i.className));
      expect(types.every((c) => c.includes('call-type-outgoing'))).toBe(true);
      await page.goto(`${daemon.baseUrl}/dashboard`);
      await page.click('.add-widgets summary');
      await page.check('input[name="widget"][value="last-calls"]');
      await page.click('.add-widgets button[type="submit"]');
      await page.waitForSelector('#w-last-calls .calls-table');
      const total = await page.$$eval('#w-last-calls .calls-table tbody tr', (rows) => rows.length);
      expect(total).toBeGreaterThan(0);
      const supervisorCalls = await (async () => {
        const giulia = await signedInPage(browser, daemon.baseUrl, 'giulia.bianchi');
        await giulia.page.goto(`${daemon.baseUrl}/?top=200`);
        const shown = await shownExtensions(giulia.page);
        await giulia.context.close();
        return shown;
      })();
      // Home lists the signed-in person's own calls, even for a supervisor who may see more elsewhere.
      expect(supervisorCalls.every((e) => e === '2001')).toBe(true);
      await context.close();
    },
    90_000,
  );

  it('adds, minimises, moves and removes widgets, keeping each person’s layout', async () => {
    const { context, page } = await signedInPage(browser, daemon.baseUrl, 'andrea.sonnino');
    await page.goto(`${daemon.baseUrl}/dashboard`);
    await page.click('.add-widgets summary');
    await page.check('input[name="widget"][value="week-cost-by-area"]');
    await page.selectOption('#add-zone', 'bottom-right');
    await page.click('.add-widgets button[type="submit"]');
    await page.waitForSelector('.zone-bottom-right #w-week-cost-by-area img');
    await page.selectOption('#zone-week-cost-by-area', 'top-left');
    await page.click('#w-week-cost-by-area .move-form button');
    await page.waitForSelector('.zone-top-left #w-week-cost-by-area');
    await page.click('#w-week-cost-by-area form:has(input[value="minimise"]) button');
    await page.waitForSelector('#w-week-cost-by-area.is-minimised');
    await page.reload();
    expect(await page.$('.zone-top-left #w-week-cost-by-area.is-minimised')).not.toBeNull();
    await page.click('#w-week-cost-by-area form:has(input[value="remove"]) button');
    await page.waitForSelector('#w-week-cost-by-area', { state: 'detached' });
    const other = await signedInPage(browser, daemon.baseUrl, 'lukas.meyer');
    await other.page.goto(`${daemon.baseUrl}/dashboard`);
    expect(await other.page.$$eval('.widget', (w) => w.map((e) => e.id))).toEqual([
      'w-today-cost-share-by-department',
      'w-today-cost-share-by-area',
      'w-personal-traffic-30-days',
      'w-today-status-by-department',
    ]);
    await other.context.close();
    await context.close();
  }, 90_000);

  it(
    'signs a gadget in for the long gadget session, and the Phone Lock gadget locks and unlocks ' + 'with one button',
    async () => {
      const context = await browser.newContext({ viewport: { width: 320, height: 640 } });
      const page = await context.newPage();
      await page.goto(`${daemon.baseUrl}/gadgets/phone-lock`);
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      await page.fill('#username', 'andrea.sonnino');
      await page.fill('#password', testPassword);
      await Promise.all([
        page.waitForURL((u) => u.pathname === '/gadgets/phone-lock'),
        page.click('form[action="/sign-in"] button[type=submit]'),
      ]);
      const cookie = (await context.cookies()).find((c) => c.name === 'tollgate_session')!;
      expect(cookie.expires - Date.now() / 1000).toBeGreaterThan(29 * 86_400);
      const [row] = (await daemon.tollgate.dataSource.query(
        "SELECT kind FROM web_sessions WHERE username = 'andrea.sonnino' ORDER BY created_at DESC LIMIT 1",
      )) as Array<{ kind: string }>;
      expect(row?.kind).toBe('gadget');
      await page.click('.gadget-lock form button');
      await page.waitForSelector('.gadget-lock .lock-state.is-locked');
      await page.click('.gadget-lock form button');
      await page.waitForSelector('.gadget-lock .lock-state.is-unlocked');
      await context.close();
    },
    90_000,
  );

  it(
    'renders every page in English, Arabic and Polish without serious accessibility violations, ' + 'with screenshots',
    async () => {
      const { context, page } = await signedInPage(browser, daemon.baseUrl, 'andrea.sonnino');
      await page.goto(`${daemon.baseUrl}/dashboard`);
      await page.click('.add-widgets summary');
      for (const w of allWidgets) await page.check(`input[name="widget"][value="${w}"]`);
      await page.click('.add-widgets button[type="submit"]');
      await page.waitForSelector('#w-last-calls');
      const budgets = daemon.tollgate.budgets.service;
      await budgets.add(
        {
          name: 'Andrea monthly',
          scope: 'user',
          target: 'andrea.sonnino',
          period: 'month',
          amountMinor: 5000,
          currency: 'EUR',
        },
        { actor: 'test', via: 'cli' },
      );
      const pages: Array<[string, string, number[]]> = [
        ['home', '/', [1280, 360]],
        ['dashboard', '/dashboard', [1280, 360]],
        ['gadget-call-analytics', '/gadgets/call-analytics?range=last-7-days', [320]],
        ['gadget-budget-control', '/gadgets/budget-control', [320]],
        ['gadget-phone-lock', '/gadgets/phone-lock', [320]],
      ];
      const problems: string[] = [];
      for (const lang of ['en', 'ar', 'pl']) {
        await setLanguage('andrea.sonnino', lang);
        for (const [name, path, widths] of pages) {
          for (const width of widths) {
            await page.setViewportSize({ width, height: 900 });
            await page.goto(`${daemon.baseUrl}${path}`);
            expect(await page.getAttribute('html', 'lang')).toBe(lang);
            expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
            const overflow = await page.evaluate(
              () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
            );
            if (name.startsWith('gadget') && overflow > 0)
              problems.push(`${lang} ${name} ${width}px: ${overflow}px wider than the window`);
            problems.push(...(await seriousViolations(page)).map((v) => `${lang} ${name} ${width}px: ${v}`));
            await screenshot(page, `analytics-${name}-${lang}-${width}`);
            if (name === 'dashboard' && width === 1280) {
              // Destination types in the viewer's words, never the stored ones (today's calls, if any yet).
              const pie = (await page.textContent('#w-today-cost-share-by-destination')) ?? '';
              if (lang !== 'en') expect(pie).not.toMatch(/fixed-national|Fixed, national|Mobile\b/);
              const words = { en: 'Fixed, national', ar: 'ثابت وطني', pl: 'Stacjonarny krajowy' }[lang]!;
              if (/\d/.test(pie.replace(/\s/g, ''))) expect(pie).toContain(words);
            }
          }
        }
      }
      expect(problems).toEqual([]);
      await context.close();
    },
    480_000,
  );
});
