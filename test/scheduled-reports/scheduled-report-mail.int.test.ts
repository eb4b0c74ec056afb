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
      expect(toBoss.text).toContain('Periodo:');
      for (const mail of [toLukas, toBoss]) {
        expect(mail.text).toContain('Limited to the departments: Sales');
        expect(mail.text).toMatch(
          /Calls from 2026-03-02 00:00 to 2026-03-03 00:00 \(yesterday\), time zone Europe\/Rome/,
        );
        expect(mail.attachments.map((a) => a.filename)).toEqual(['call-monitor-2026-03-03.xlsx']);
      }
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(toLukas.attachments[0]!.content as unknown as ArrayBuffer);
      const cells = book.worksheets[0]!.getSheetValues().flat().map(String);
      expect(cells.filter((c) => c === '2001' || c === '2003')).toHaveLength(3);
      expect(cells).not.toContain('2005');
      expect(cells).not.toContain('2004');
      const after = await reports.get(created.id, giulia);
      expect(after.lastResult).toBe('sent');
      expect(after.nextRunAt?.toISOString()).toBe('2026-03-04T06:00:00.000Z');
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
