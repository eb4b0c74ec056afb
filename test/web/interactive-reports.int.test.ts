import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import pino from 'pino';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFiles } from '../../cdr-collector/index.js';
import { cliViewer, parseReportOptions } from '../../src/reports/index.js';
import { startSmtpTestServer, type SmtpTestServer } from '../notify/smtp-test-server.js';
import { launchChromium, screenshot, screenshotsDir, seriousViolations, signedInPage } from './web-browser.js';
import { signIn, startWebDaemon, type WebDaemon } from './web-daemon.js';

// The demo's CUCM CDR file (fixtures/demo): 180 calls of the demo desks 2001-2005 and the lobby phone, 16-20
// November 2026.
const demoCdr = join(import.meta.dirname, '../../fixtures/demo/cdr_StandAloneCluster_01_202611201800_1');
const november = 'run=1&from=2026-11-01&to=2026-11-30&tz=Europe%2FRome';
const callsOfNovember =
  `/reports/interactive/run?` +
  `${november}&kind=calls&totals=1&field=startedAt&field=extension&field=user&field=number&field=duration&field=cost`;

let daemon: WebDaemon;
let browser: Browser;
let smtp: SmtpTestServer;

beforeAll(async () => {
  smtp = await startSmtpTestServer();
  daemon = await startWebDaemon({
    config: { smtp: { host: '127.0.0.1', port: smtp.port, security: 'none', from: 'Tollgate <tollgate@example.com>' } },
  });
  const { config, events } = daemon.tollgate;
  const summary = await ingestFiles([demoCdr], {
    config,
    database: { url: daemon.db.url },
    log: pino({ level: 'silent' }),
    events,
  });
  expect(summary.files[0]?.outcome).toBe('stored');
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await daemon?.close();
  await smtp?.close();
});

async function useLanguage(page: Page, lang: string): Promise<void> {
  await page.goto(`${daemon.baseUrl}/account`);
  await page.selectOption('#language', lang);
  await Promise.all([page.waitForURL(/done=language/), page.click('form[action="/account/language"] button')]);
}

async function download(page: Page, linkText: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(`.exports a:text-is("${linkText}")`)]);
  return readFileSync((await file.path()) as string);
}

async function sheetRows(content: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  const rows: string[][] = [];
  workbook.worksheets[0]?.eachRow((row) =>
    rows.push((row.values as unknown[]).slice(1).map((v) => (v instanceof Date ? v.toISOString() : String(v ?? '')))),
  );
  return rows;
}

/** The data rows of an exported call list: those after the header row that starts with the first column's label. */
function callRows(rows: string[][], firstLabel: string): string[][] {
  const header = rows.findIndex((r) => r[0] === firstLabel);
  return rows.slice(header + 1).filter((r) => !r.some((c) => c.startsWith('Total')));
}

/** Every call of November as the engine lists them for the CLI (no scope): what the totals must count. */
async function callsOfNovemberFromEngine() {
  const options = parseReportOptions({
    kind: 'calls',
    period: { from: '2026-11-01', to: '2026-11-30' },
    timeZone: 'Europe/Rome',
  });
  return daemon.tollgate.reports.engine.listCalls(options, cliViewer(), { page: 1, pageSize: 500 });
}

describe('Interactive Reports, in chromium against the real daemon with the demo calls', () => {
  it(
    'shows the catalogue, a call list, a summary and the options in English, Arabic and Polish at ' +
      '1280 and 360 px, without serious accessibility violations',
    async () => {
      const pages: Array<[string, string]> = [
        ['catalogue', '/reports/interactive'],
        ['calls', callsOfNovember],
        ['summary', `/reports/interactive/run?${november}&kind=summary&groupBy=extension&rankBy=calls`],
        ['trend', `/reports/interactive/run?${november}&kind=trend&interval=day`],
        [
          'options',
          `/reports/interactive/run?` +
            `${november}&kind=calls&edit=1&cj=and&cf=duration&co=ge&cv=60&cj=or&cf=gateway&co=eq&cv=GW_ROME`,
        ],
      ];
      const problems: string[] = [];
      for (const lang of ['en', 'ar', 'pl']) {
        for (const who of ['admin', 'andrea.sonnino']) {
          const { context, page } = await signedInPage(browser, daemon.baseUrl, who);
          await useLanguage(page, lang);
          for (const [name, path] of pages) {
            await page.setViewportSize({ width: 1280, height: 900 });
            const res = await page.goto(`${daemon.baseUrl}${path}`);
            expect(res?.status(), `${lang} ${who} ${name}`).toBe(200);
            expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
            if (name === 'catalogue') {
              // The preview loads (htmx) when opened.
              await page.click('.report-card:has(a[href$="report=phone-bill"]) details.preview summary');
              await page.waitForSelector('.preview-body table, .preview-body p.muted');
            } else {
              expect(await page.$$('.report-filter li')).not.toHaveLength(0);
            }
            const shot = `reports-${who.split('.')[0]}-${name}`;
            await screenshot(page, `${lang}-1280-${shot}`);
            if (lang !== 'pl')
              for (const v of await seriousViolations(page)) problems.push(`${lang} ${who} ${name}: ${v}`);
            await page.setViewportSize({ width: 360, height: 800 });
            await screenshot(page, `${lang}-360-${shot}`);
          }
          await context.close();
        }
      }
      expect(problems).toEqual([]);
    },
    600_000,
  );

  it('shows one page of calls with totals over all of them, the filters in words, and pages on', async () => {
    const { context, page } = await signedInPage(browser, daemon.baseUrl, 'admin');
    await useLanguage(page, 'en');
    await page.goto(`${daemon.baseUrl}${callsOfNovember}&maxRows=100000`);
    expect(await page.textContent('.report-filter')).toContain(
      'Calls from 2026-11-01 00:00 to 2026-12-01 00:00, time zone Europe/Rome',
    );
    expect(await page.$$('.report-table tbody tr')).toHaveLength(50);
    const total = await page.textContent('.report-table tfoot:not([aria-busy]) th');
    const count = Number(/(\d+) calls/.exec(total ?? '')?.[1]);
    expect(count).toBeGreaterThan(50);
    await page.click('.pager a');
    await page.waitForURL(/page=2/);
    expect((await page.$$('.report-table tbody tr')).length).toBe(Math.min(50, count - 50));
    await context.close();
  }, 120_000);

  it(
    'sends the call list page without its totals, which arrive after it from their own address and ' +
      'count every call',
    async () => {
      const cookie = await signIn(daemon.baseUrl, 'admin');
      const get = async (path: string) => (await fetch(`${daemon.baseUrl}${path}`, { headers: { cookie } })).text();
      const html = await get(`${callsOfNovember}&maxRows=100000`);
      expect(html).not.toContain('Total, ');
      const href = /<tfoot[^>]* hx-get="([^"]+)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
      expect(href).toMatch(/^\/reports\/interactive\/totals\?run=1&/);
      const all = await callsOfNovemberFromEngine();
      expect(all.rows.length).toBeGreaterThan(100);
      // As htmx asks for it: the footer alone, not a page.
      const res = await fetch(`${daemon.baseUrl}${href}`, { headers: { cookie, 'HX-Request': 'true' } });
      const footer = await res.text();
      expect(footer).toMatch(/^<tfoot id="report-totals">/);
      expect(footer).toContain(`Total, ${all.rows.length} calls`);
    },
  );

  it(
    'pages through a call list by its sort keys: every call once, in order, also across ties at ' +
      'page boundaries, and back',
    async () => {
      const { context, page } = await signedInPage(browser, daemon.baseUrl, 'admin');
      await useLanguage(page, 'en');
      // Sorted by extension: a few extensions for 180 calls, so pages start and end inside runs of equal keys.
      const byExtension =
        `/reports/interactive/run?` + `${november}&kind=calls&field=id&field=extension&sort=extension&maxRows=100000`;
      await page.goto(`${daemon.baseUrl}${byExtension}`);
      const count = Number(
        /(\d+) calls/.exec((await page.textContent('.report-table tfoot:not([aria-busy]) th')) ?? '')?.[1],
      );
      const rowsOfPage = async () =>
        page.$$eval('.report-table tbody tr', (trs) =>
          trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')),
        );
      const pages: string[][][] = [await rowsOfPage()];
      // Waits for the page the link names (every next link carries after=, so a pattern would match the last one).
      const follow = async (link: string) => {
        const href = (await page.getAttribute(link, 'href'))!.replace(/&amp;/g, '&');
        await Promise.all([page.waitForURL(`${daemon.baseUrl}${href}`), page.click(link)]);
      };
      while (await page.$('.pager a:text-is("Next")')) {
        await follow('.pager a:text-is("Next")');
        pages.push(await rowsOfPage());
      }
      const rows = pages.flat();
      expect(pages.length).toBeGreaterThanOrEqual(3);
      expect(rows).toHaveLength(count);
      expect(new Set(rows.map((r) => r[0])).size).toBe(count);
      const keys = rows.map((r) => [r[1]!, Number(r[0])] as const);
      const sorted = [...keys].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
      expect(keys).toEqual(sorted);
      await follow('.pager a:text-is("Previous")');
      expect(await rowsOfPage()).toEqual(pages[pages.length - 2]);
      await context.close();
    },
    120_000,
  );

  it(
    "sends an old bookmark's bare page number of a call list to its first page (no offset is read), whose " +
      'page links all carry a cursor',
    async () => {
      const cookie = await signIn(daemon.baseUrl, 'admin');
      const get = (path: string) => fetch(`${daemon.baseUrl}${path}`, { headers: { cookie }, redirect: 'manual' });
      const list = `${callsOfNovember}&maxRows=100000`;
      for (const bookmark of [`${list}&page=3`, `${list}&page=2&done=mailed`]) {
        const res = await get(bookmark);
        expect(res.status).toBe(303);
        const location = new URL(res.headers.get('location')!, daemon.baseUrl);
        expect(location.pathname).toBe('/reports/interactive/run');
        expect(location.searchParams.has('page')).toBe(false);
        expect(location.searchParams.getAll('field')).toEqual(
          new URL(list, daemon.baseUrl).searchParams.getAll('field'),
        );
      }
      // A summary's pages are numbered (it is small and paged in memory): ?page=N is served as it is.
      const summary = `/reports/interactive/run?${november}&kind=summary&groupBy=number&page=2`;
      expect((await get(summary)).status).toBe(200);
      // Page by page from the first: every pager link that leaves page 1 names where its page starts or ends.
      let html = await (await get(list)).text();
      const hrefs: string[] = [];
      for (let i = 0; i < 3; i++) {
        const links = [...html.matchAll(/<nav class="pager"[^]*?<\/nav>/g)].flatMap((nav) =>
          [...nav[0].matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&')),
        );
        hrefs.push(...links);
        const next = links.find((h) => h.includes('after='));
        if (!next) break;
        html = await (await get(next)).text();
      }
      const later = hrefs.filter((h) => /[?&]page=/.test(h));
      expect(later.length).toBeGreaterThanOrEqual(3);
      for (const href of later) expect(href).toMatch(/[?&](after|before)=/);
    },
  );

  it(
    'lets a visitor without JavaScript open the totals of a call list from its footer, as a page of their own ' +
      'in English and Arabic',
    async () => {
      const all = await callsOfNovemberFromEngine();
      for (const lang of ['en', 'ar']) {
        const { context, page } = await signedInPage(browser, daemon.baseUrl, 'admin', 1280, { javaScript: false });
        await useLanguage(page, lang);
        await page.goto(`${daemon.baseUrl}${callsOfNovember}&maxRows=100000`);
        // No script ran: the footer still waits for htmx, and offers its link instead.
        expect(await page.$('.report-table tfoot[aria-busy="true"] a.totals-link')).not.toBeNull();
        await screenshot(page, `${lang}-1280-reports-nojs-calls`);
        const link = await page.getAttribute('.report-table tfoot a.totals-link', 'href');
        await Promise.all([page.waitForURL(/\/reports\/interactive\/totals\?/), page.click('a.totals-link')]);
        expect(await page.getAttribute('html', 'dir')).toBe(lang === 'ar' ? 'rtl' : 'ltr');
        const totals = await page.textContent('.report-table tfoot');
        const count = lang === 'en' ? `Total, ${all.rows.length} calls` : String(all.rows.length);
        expect(totals).toContain(count);
        expect(await page.$$('.report-table thead th')).not.toHaveLength(0);
        await screenshot(page, `${lang}-1280-reports-nojs-totals`);
        await page.setViewportSize({ width: 360, height: 800 });
        await screenshot(page, `${lang}-360-reports-nojs-totals`);
        // The way back is the report's first page.
        const back = await page.getAttribute('main p a', 'href');
        expect(back?.replace(/&amp;/g, '&')).toBe(`/reports/interactive/run?${link!.split('?')[1]}`);
        await context.close();
        // The same page, seen with JavaScript, has no serious accessibility violations.
        const js = await signedInPage(browser, daemon.baseUrl, 'admin');
        await useLanguage(js.page, lang);
        await js.page.goto(`${daemon.baseUrl}${link}`);
        expect(await seriousViolations(js.page)).toEqual([]);
        await js.context.close();
      }
    },
    180_000,
  );

  it('saves a report as a personal report, which runs again from the catalogue', async () => {
    const { context, page } = await signedInPage(browser, daemon.baseUrl, 'andrea.sonnino');
    await useLanguage(page, 'it');
    await page.goto(`${daemon.baseUrl}/reports/interactive/run?${november}&kind=summary&groupBy=number&rankBy=calls`);
    const before = await page.$$eval('.report-table tbody tr', (rows) => rows.map((r) => r.textContent));
    expect(before.length).toBeGreaterThan(0);
    await page.click('summary:has-text("Salva come report personale")');
    await page.fill('#save-name', 'Numeri di novembre');
    await page.fill('#save-description', 'Chi ho chiamato');
    await page.fill('#save-category', 'Miei');
    await Promise.all([
      page.waitForURL(/\/reports\/interactive\/saved\/\d+\?done=saved/),
      page.click('form[action="/reports/interactive/save"] button'),
    ]);
    expect(await page.textContent('.notice-ok')).toContain('Numeri di novembre');
    await page.goto(`${daemon.baseUrl}/reports/interactive`);
    await Promise.all([page.waitForURL(/\/saved\/\d+$/), page.click('a:text-is("Numeri di novembre")')]);
    expect(await page.textContent('h1')).toBe('Numeri di novembre');
    expect(await page.$$eval('.report-table tbody tr', (rows) => rows.map((r) => r.textContent))).toEqual(before);
    // Home keeps the runs as the report history, newest first, and runs one again from there.
    await page.goto(`${daemon.baseUrl}/`);
    const history = await page.$$eval('.history a', (links) => links.map((a) => a.textContent));
    expect(history[0]).toBe('Numeri di novembre');
    await Promise.all([page.waitForURL(/\/saved\/\d+$/), page.click('.history a:text-is("Numeri di novembre")')]);
    expect(await page.$$eval('.report-table tbody tr', (rows) => rows.map((r) => r.textContent))).toEqual(before);
    await context.close();
  }, 120_000);

  it("answers 404 to a user opening, running or removing another user's saved report", async () => {
    const sarahs = await daemon.tollgate.reports.saved.save(
      {
        name: 'Sarah only',
        options: parseReportOptions({ kind: 'calls', period: { from: '2026-11-01', to: '2026-11-30' } }),
      },
      { name: 'sarah.jones', role: 'user' },
    );
    const { context, page } = await signedInPage(browser, daemon.baseUrl, 'andrea.sonnino');
    expect((await page.goto(`${daemon.baseUrl}/reports/interactive/saved/${sarahs.id}`))?.status()).toBe(404);
    expect((await page.request.get(`${daemon.baseUrl}/reports/interactive/preview?saved=${sarahs.id}`)).status()).toBe(
      404,
    );
    await page.goto(`${daemon.baseUrl}/reports/interactive`);
    expect(await page.textContent('main')).not.toContain('Sarah only');
    const csrf = await page.getAttribute('meta[name="csrf-token"]', 'content');
    const removal = await page.request.post(`${daemon.baseUrl}/reports/interactive/saved/${sarahs.id}/remove`, {
      form: { _csrf: csrf ?? '' },
      maxRedirects: 0,
    });
    expect(removal.status()).toBe(404);
    expect(
      (await daemon.tollgate.reports.saved.findById(sarahs.id as number, { name: 'sarah.jones', role: 'user' })).name,
    ).toBe('Sarah only');
    await context.close();
  }, 120_000);

  it(
    'downloads an Excel export from the page that opens with the calls of the page, and a PDF that ' + 'reads',
    async () => {
      const { context, page } = await signedInPage(browser, daemon.baseUrl, 'admin');
      await useLanguage(page, 'en');
      await page.goto(`${daemon.baseUrl}${callsOfNovember}`);
      const total = Number(/(\d+) calls/.exec((await page.textContent('.report-table tfoot th')) ?? '')?.[1]);
      const rows = await sheetRows(await download(page, 'Excel'));
      const calls = callRows(rows, 'Start');
      expect(calls).toHaveLength(total);
      expect(new Set(calls.map((r) => r[1])).size).toBeGreaterThan(1);
      const pdf = await download(page, 'PDF');
      const dir = mkdtempSync(join(tmpdir(), 'tollgate-report-pdf-'));
      writeFileSync(join(dir, 'report.pdf'), pdf);
      expect(execFileSync('pdftotext', ['-layout', join(dir, 'report.pdf'), '-'], { encoding: 'utf8' })).toContain(
        'time zone Europe/Rome',
      );
      // For a look at the rendering (not checked here).
      mkdirSync(screenshotsDir, { recursive: true });
      execFileSync('pdftoppm', [
        '-png',
        '-r',
        '60',
        '-f',
        '1',
        '-l',
        '1',
        join(dir, 'report.pdf'),
        join(screenshotsDir, 'en-pdf-reports-admin-calls'),
      ]);
      await context.close();
    },
    120_000,
  );

  it(
    'gives a user an export of their own calls only, while the same report for an administrator ' + "holds everyone's",
    async () => {
      const exportPath = `${callsOfNovember.replace('/run?', '/export.csv?')}`;
      const lines = async (who: string) => {
        const { context, page } = await signedInPage(browser, daemon.baseUrl, who);
        const res = await page.request.get(`${daemon.baseUrl}${exportPath}`);
        expect(res.status()).toBe(200);
        const csv = await res.text();
        await context.close();
        return csv.split(/\r?\n/).filter((l) => /^\d{4}-\d{2}-\d{2}T/.test(l));
      };
      const users = (rows: string[]) => new Set(rows.map((l) => l.split(',')[2]));
      expect(users(await lines('admin')).size).toBeGreaterThan(2);
      const andrea = await lines('andrea.sonnino');
      expect(andrea.length).toBeGreaterThan(0);
      expect(users(andrea)).toEqual(new Set(['andrea.sonnino']));
      // And the Excel download of the page, as a user.
      const { context, page } = await signedInPage(browser, daemon.baseUrl, 'andrea.sonnino');
      await useLanguage(page, 'en');
      await page.goto(`${daemon.baseUrl}${callsOfNovember}`);
      const calls = callRows(await sheetRows(await download(page, 'Excel')), 'Start');
      expect(calls.length).toBe(andrea.length);
      expect(new Set(calls.map((r) => r[2]))).toEqual(new Set(['andrea.sonnino']));
      await context.close();
    },
    120_000,
  );

  it("says the filters in the viewer's language above the result and in its export, as the mails do", async () => {
    const { context, page } = await signedInPage(browser, daemon.baseUrl, 'andrea.sonnino');
    await useLanguage(page, 'it');
    await page.goto(`${daemon.baseUrl}${callsOfNovember}`);
    const filter = (await page.textContent('.report-filter')) ?? '';
    expect(filter).toContain('Chiamate dal 2026-11-01 00:00 al 2026-12-01 00:00, fuso orario Europe/Rome');
    expect(filter).toContain('Limitato alle chiamate di andrea.sonnino');
    expect(filter).not.toContain('Calls from');
    const rows = await sheetRows(await download(page, 'Excel'));
    expect(rows.flat()).toContain('Limitato alle chiamate di andrea.sonnino');
    expect(rows.find((r) => r[0] === 'Inizio')).toEqual(expect.arrayContaining(['Inizio', 'Interno', 'Durata']));
    await useLanguage(page, 'en');
    await context.close();
  }, 120_000);

  it("names destination types and directions in the viewer's language; the CSV keeps the stored words", async () => {
    const { context, page } = await signedInPage(browser, daemon.baseUrl, 'andrea.sonnino');
    const groups = async (groupBy: string) => {
      await page.goto(`${daemon.baseUrl}/reports/interactive/run?${november}&kind=summary&groupBy=${groupBy}`);
      return page.$$eval('.report-table tbody tr th, .report-table tbody tr td:first-child', (cells) =>
        cells.map((c) => (c.textContent ?? '').trim()),
      );
    };
    const stored = /^(fixed-local|fixed-national|mobile|toll-free|premium|shared-cost|emergency|special|unknown)$/;
    await useLanguage(page, 'ar');
    const arabic = await groups('destinationType');
    expect(arabic.some((g) => ['ثابت محلي', 'ثابت وطني', 'محمول'].includes(g))).toBe(true);
    expect(arabic.filter((g) => stored.test(g) || g === '(none)')).toEqual([]);
    await screenshot(page, 'interactive-summary-destination-type-ar-1280');
    // The PDF, to look at (pdftoppm): its cells go through the same words as Excel's.
    writeFileSync(join(screenshotsDir, 'interactive-summary-destination-type-ar.pdf'), await download(page, 'PDF'));
    expect(await groups('direction')).toContain('صادرة');
    await useLanguage(page, 'it');
    await groups('destinationType');
    const sheet = (await sheetRows(await download(page, 'Excel'))).map((r) => r[0]);
    expect(sheet.some((g) => ['Fisso locale', 'Fisso nazionale', 'Mobile'].includes(g ?? ''))).toBe(true);
    expect(sheet.filter((g) => stored.test(g ?? '') || g === '(none)')).toEqual([]);
    const csv = (await download(page, 'CSV')).toString('utf8');
    expect(csv).toMatch(/^"?(fixed-local|fixed-national|mobile)"?,/m);
    await useLanguage(page, 'en');
    await context.close();
  }, 120_000);

  it('opens the calls to or from a number that the Home page links, limited to the viewer', async () => {
    const { context, page } = await signedInPage(browser, daemon.baseUrl, 'andrea.sonnino');
    await useLanguage(page, 'en');
    const res = await page.goto(`${daemon.baseUrl}/reports/interactive/run?number=800123***`);
    expect(res?.status()).toBe(200);
    expect(await page.textContent('h1')).toContain('800123***');
    const numbers = await page.$$eval('.report-table tbody tr', (rows) => rows.map((r) => r.textContent ?? ''));
    expect(numbers).toHaveLength(3);
    expect(await page.textContent('.report-filter')).toContain('Limited to the calls of andrea.sonnino');
    await context.close();
  }, 120_000);

  it(
    'sends the report by e-mail through the outbox with the Excel or PDF attached, holding only ' +
      "the sender's calls",
    async () => {
      const { context, page } = await signedInPage(browser, daemon.baseUrl, 'andrea.sonnino');
      await useLanguage(page, 'en');
      await page.goto(`${daemon.baseUrl}${callsOfNovember}`);
      const shown = Number(/(\d+) call/.exec((await page.textContent('.report-table tfoot th')) ?? '')?.[1]);
      await page.click('summary:has-text("Send by e-mail")');
      expect(await page.inputValue('#mail-to')).toBe('andrea.sonnino@example.com');
      await page.fill('#mail-to', 'boss@example.com, andrea.sonnino@example.com');
      await Promise.all([
        page.waitForURL(/done=mailed/),
        page.click('form[action="/reports/interactive/mail"] button'),
      ]);
      expect(await page.textContent('.notice-ok')).toContain('queued for sending');
      const mails = await smtp.waitFor(2);
      expect(mails.map((m) => m.envelopeTo[0]).sort()).toEqual(['andrea.sonnino@example.com', 'boss@example.com']);
      const [mail] = mails;
      expect(mail?.subject).toContain('Tollgate report');
      expect(mail?.text).toContain('Limited to the calls of andrea.sonnino');
      expect(mail?.attachments.map((a) => a.contentType)).toEqual([
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ]);
      const calls = callRows(await sheetRows(mail!.attachments[0]!.content), 'Start');
      expect(calls).toHaveLength(shown);
      expect(new Set(calls.map((r) => r[2]))).toEqual(new Set(['andrea.sonnino']));

      await page.click('summary:has-text("Send by e-mail")');
      await page.fill('#mail-to', 'boss@example.com');
      await page.check('input[name="format"][value="pdf"]');
      await Promise.all([
        page.waitForURL(/done=mailed/),
        page.click('form[action="/reports/interactive/mail"] button'),
      ]);
      const pdfMail = (await smtp.waitFor(3))[2];
      expect(pdfMail?.attachments[0]?.contentType).toBe('application/pdf');
      const dir = mkdtempSync(join(tmpdir(), 'tollgate-report-mail-'));
      writeFileSync(join(dir, 'mailed.pdf'), pdfMail!.attachments[0]!.content);
      expect(execFileSync('pdftotext', [join(dir, 'mailed.pdf'), '-'], { encoding: 'utf8' })).toContain(
        'Limited to the calls of andrea.sonnino',
      );
      await context.close();
    },
    120_000,
  );
});
