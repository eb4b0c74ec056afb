import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliViewer } from '../../src/reports/index.js';
import type { ScheduledReportInput } from '../../src/scheduled-reports/index.js';
import { testDoor } from '../alarms/alarm-fixture.js';
import { openTestDatabase, type TestDatabase } from '../harness/index.js';
import { startSmtpTestServer, type SmtpTestServer } from '../notify/smtp-test-server.js';
import { seedCalls, startReportDaemon } from './report-daemon.js';

// Yesterday, seen from the 07:00 (Rome) slot of 3 March 2026: calls of 2 March.
const MARCH_2 = Date.parse('2026-03-02T10:00:00Z') / 1000;
const daily = { startLocal: '2026-03-03T07:00', timeZone: 'Europe/Rome', every: 1, unit: 'days' as const };

function schedule(overrides: Partial<ScheduledReportInput>): ScheduledReportInput {
  return {
    description: 'Daily calls',
    report: 'call-monitor',
    filters: { period: { preset: 'yesterday' } },
    recipients: ['boss@example.com'],
    format: 'xlsx',
    recurrence: daily,
    ...overrides,
  };
}

describe('scheduled reports mailed by the daemon', () => {
  let db: TestDatabase;
  let smtp: SmtpTestServer;
  let daemon: Awaited<ReturnType<typeof startReportDaemon>>;

  beforeEach(async () => {
    db = await openTestDatabase('sqlite');
    smtp = await startSmtpTestServer();
    daemon = await startReportDaemon(db.dataSource, smtp.port, '2026-03-03T05:30:00Z');
    await seedCalls(daemon.tollgate, [
      { extension: '2001', startedAt: MARCH_2 },
      { extension: '2003', startedAt: MARCH_2 + 60 },
      { extension: '2003', startedAt: MARCH_2 + 120 },
      { extension: '2005', startedAt: MARCH_2 + 180 },
      { extension: '2004', startedAt: MARCH_2 + 240 },
    ]);
  });
  afterEach(async () => {
    await daemon.tollgate.stop();
    await smtp.close();
    await db.close();
  });

  /**
   * Moves the clock to the 07:00 slot and tells the scheduler (as the change feed would), which fires it on its
   * timer.
   */
  function reachSlot(): void {
    daemon.clock.set('2026-03-03T06:00:00Z');
    daemon.tollgate.scheduler.runner.changed();
  }

  it(
    "fires at its slot and mails an Excel file of the owner's scope, the filter in words in each " +
      "recipient's language",
    async () => {
      const reports = daemon.tollgate.scheduledReports;
      // giulia.bianchi supervises Sales: her report holds Sales calls only, whoever receives it.
      await daemon.tollgate.adminAccounts.create({
        username: 'giulia.bianchi',
        password: 'correct horse battery',
        role: 'supervisor',
        departments: ['Sales'],
      });
      const giulia = { name: 'giulia.bianchi', role: 'supervisor' as const, departments: ['Sales'] };
      const created = await reports.create(
        schedule({ recipients: ['lukas.meyer@example.com', 'boss@example.com'] }),
        giulia,
        testDoor,
      );
      expect(created.owner).toBe('giulia.bianchi');
      expect(created.nextRunAt?.toISOString()).toBe('2026-03-03T06:00:00.000Z');
      reachSlot();
      const mails = await smtp.waitFor(2);
      const toLukas = mails.find((m) => m.envelopeTo[0] === 'lukas.meyer@example.com')!;
      const toBoss = mails.find((m) => m.envelopeTo[0] === 'boss@example.com')!;
      // Lukas reads German (the directory says so); an address the directory does not know gets the owner's language
      // (Italian).
      expect(toLukas.text).toContain('Zeitraum:');
      expect(toLukas.text).toContain('Beschränkt auf die Abteilungen: Sales');
      expect(toLukas.text).toContain(
        'Anrufe vom 2026-03-02 00:00 bis 2026-03-03 00:00 (gestern), Zeitzone Europe/Rome',
      );
      expect(toLukas.attachments.map((a) => a.filename)).toEqual(['anrufmonitor-2026-03-03.xlsx']);
      expect(toBoss.text).toContain('Periodo:');
      expect(toBoss.text).toContain('Limitato ai reparti: Sales');
      expect(toBoss.text).toContain(
        'Chiamate dal 2026-03-02 00:00 al 2026-03-03 00:00 (ieri), fuso orario Europe/Rome',
      );
      expect(toBoss.attachments.map((a) => a.filename)).toEqual(['monitor-chiamate-2026-03-03.xlsx']);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(toLukas.attachments[0]!.content as unknown as ArrayBuffer);
      const cells = book.worksheets[0]!.getSheetValues().flat().map(String);
      // The file speaks German too: its title, the filter, the headings.
      expect(book.worksheets[0]!.name).toBe('Bericht');
      expect(cells).toEqual(expect.arrayContaining(['Anrufmonitor', 'Nebenstelle', 'Beginn']));
      expect(cells).toContain('Beschränkt auf die Abteilungen: Sales');
      expect(cells.filter((c) => c === '2001' || c === '2003')).toHaveLength(3);
      expect(cells).not.toContain('2005');
      expect(cells).not.toContain('2004');
      const after = await reports.get(created.id, giulia);
      expect(after.lastResult).toBe('sent');
      expect(after.nextRunAt?.toISOString()).toBe('2026-03-04T06:00:00.000Z');
    },
  );

  it(
    'mails an Italian and an Arabic recipient each in their language: subject, body, [[FILTER]], the ' +
      "built-in report's title and the attachment's headings",
    async () => {
      // Amal reads Arabic: a directory user of her own, beside the demo's Italian andrea.sonnino.
      const dir = mkdtempSync(join(tmpdir(), 'tollgate-users-'));
      try {
        writeFileSync(
          join(dir, 'users.csv'),
          'username,first_name,last_name,email,language,role,department,cost_centre,manager\n' +
            'amal.haddad,Amal,Haddad,amal.haddad@example.com,ar,user,Engineering,CC100,\n',
        );
        await daemon.tollgate.directoryImport.importFiles([join(dir, 'users.csv')]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      await daemon.tollgate.scheduledReports.create(
        schedule({
          format: 'csv',
          recipients: ['andrea.sonnino@example.com', 'amal.haddad@example.com'],
          filters: { period: { preset: 'yesterday' }, directions: ['outgoing'], extensions: ['2001', '2003'] },
        }),
        cliViewer(),
        testDoor,
      );
      reachSlot();
      const mails = await smtp.waitFor(2);
      const it = mails.find((m) => m.envelopeTo[0] === 'andrea.sonnino@example.com')!;
      const ar = mails.find((m) => m.envelopeTo[0] === 'amal.haddad@example.com')!;

      expect(it.subject).toMatch(/^Report: Monitor chiamate \(/);
      expect(it.text).toContain('in allegato il report «Monitor chiamate»');
      expect(it.text).toContain('Righe: 3');
      expect(it.text).toContain('Chiamate dal 2026-03-02 00:00 al 2026-03-03 00:00 (ieri), fuso orario Europe/Rome');
      expect(it.text).toContain('Tipo di chiamata: in uscita');
      expect(it.text).toContain('Interni: 2001, 2003');
      expect(it.text).not.toMatch(/Calls from|Call type|Extensions:/);
      const itCsv = it.attachments[0]!.content.toString('utf8');
      expect(it.attachments[0]!.filename).toBe('monitor-chiamate-2026-03-03.csv');
      expect(itCsv).toContain('# Chiamate dal 2026-03-02 00:00');
      expect(itCsv).toMatch(/^Inizio,.*Interno/m);

      expect(ar.subject).toMatch(/^تقرير: مراقبة المكالمات \(/);
      expect(ar.text).toContain('"مراقبة المكالمات"');
      expect(ar.text).toContain(
        'المكالمات من 2026-03-02 00:00 إلى 2026-03-03 00:00 (أمس)، المنطقة الزمنية Europe/Rome',
      );
      expect(ar.text).toContain('التحويلات الداخلية: 2001, 2003');
      expect(ar.text).not.toMatch(/Calls from|Call type|Extensions:/);
      const arCsv = ar.attachments[0]!.content.toString('utf8');
      expect(arCsv).toMatch(/^البدء,.*الرقم الداخلي/m);
    },
  );

  it('mails a PDF whose text carries the filter and the calls', async () => {
    const reports = daemon.tollgate.scheduledReports;
    await reports.create(
      schedule({
        format: 'pdf',
        filters: { period: { preset: 'yesterday' }, departments: ['Engineering'] },
        subject: '[[REPORT]]: [[ROWS]] calls',
        body: 'Filter:\n[[FILTER]]\n',
      }),
      cliViewer(),
      testDoor,
    );
    reachSlot();
    const [mail] = await smtp.waitFor(1);
    expect(mail?.subject).toBe('Call monitor: 1 calls');
    expect(mail?.text).toContain('Departments: Engineering');
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-pdf-'));
    try {
      writeFileSync(join(dir, 'r.pdf'), mail!.attachments[0]!.content);
      const text = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
      expect(text).toContain('Departments: Engineering');
      expect(text).toContain('2005');
      expect(text).not.toContain('2003');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names the attachment after the slot's date in the report's time zone, not UTC's", async () => {
    // 00:30 in Rome on 4 March is 23:30 UTC on 3 March.
    const created = await daemon.tollgate.scheduledReports.create(
      schedule({
        recurrence: { ...daily, startLocal: '2026-03-04T00:30' },
        filters: { period: { preset: 'this-month' } },
      }),
      cliViewer(),
      testDoor,
    );
    expect(created.nextRunAt?.toISOString()).toBe('2026-03-03T23:30:00.000Z');
    daemon.clock.set('2026-03-03T23:30:00Z');
    daemon.tollgate.scheduler.runner.changed();
    const [mail] = await smtp.waitFor(1);
    expect(mail!.attachments.map((a) => a.filename)).toEqual(['call-monitor-2026-03-04.xlsx']);
  });

  it('sends nothing when the report is empty, and records why', async () => {
    const reports = daemon.tollgate.scheduledReports;
    const created = await reports.create(
      schedule({ filters: { period: { preset: 'yesterday' }, extensions: ['2099'] } }),
      cliViewer(),
      testDoor,
    );
    reachSlot();
    await expect
      .poll(async () => (await reports.get(created.id, cliViewer())).lastResult, { timeout: 10_000 })
      .toBe('empty');
    await daemon.tollgate.budgets.outbox.runOnce();
    expect(smtp.received).toHaveLength(0);
  });

  it("refuses a report its owner cannot see, and hides other people's schedules", async () => {
    const reports = daemon.tollgate.scheduledReports;
    const andrea = { name: 'andrea.sonnino', role: 'user' as const };
    await daemon.tollgate.reports.saved.save(
      { name: 'mine', options: { kind: 'calls' } as never },
      { name: 'marco.rossi', role: 'user' },
    );
    await expect(reports.create(schedule({ report: 'mine' }), andrea, testDoor)).rejects.toThrow(
      /no report named "mine"/,
    );
    const own = await reports.create(schedule({}), andrea, testDoor);
    const other = await reports.create(schedule({}), cliViewer(), testDoor);
    expect((await reports.list(andrea)).map((r) => r.id)).toEqual([own.id]);
    await expect(reports.runNow(other.id, andrea, testDoor)).rejects.toThrow(/no scheduled report/);
    expect((await reports.list(cliViewer())).map((r) => r.id)).toEqual([own.id, other.id]);
  });
});
