import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/harness/index.js';
import { seedDirectory, seedFebruaryCalls, testReportService } from '../../test/reports/call-fixtures.js';
import { collect, pdfPageCount, pdfText } from '../../test/reports/read-exports.js';
import { buildReportTable } from './build-report-table.js';
import {
  builtinReports,
  parseReportOptions,
  type ReportOptionsInput,
  type ReportService,
  type ReportViewer,
} from './index.js';
import { writeReport, type ReportFormat } from './write-report.js';

const admin: ReportViewer = { name: 'root', role: 'admin' };
const o = (input: ReportOptionsInput) =>
  parseReportOptions({ timeZone: 'Europe/Rome', period: { from: '2021-02-01', to: '2021-02-28' }, ...input });
const callList = o({
  traffic: 'external',
  directions: ['outgoing'],
  fields: ['startedAt', 'extension', 'userName', 'number', 'duration', 'cost', 'answered'],
});

describe('report exports', () => {
  let db: TestDatabase;
  let reports: ReportService;

  beforeAll(async () => {
    db = await openTestDatabase('sqlite');
    await seedFebruaryCalls(db.dataSource, await seedDirectory(db.dataSource));
    reports = testReportService(db.dataSource);
  });
  afterAll(async () => db.close());

  async function render(options: ReturnType<typeof o>, format: ReportFormat, viewer = admin): Promise<Buffer> {
    const out = collect();
    await writeReport(await buildReportTable(reports, options, viewer), format, out);
    return out.bytes();
  }

  it(
    'writes CSV with the title and filter as comments, machine-friendly values, parsed back by ' + 'csv-parse',
    async () => {
      const csv = (await render(callList, 'csv')).toString('utf8');
      expect(csv.split('\r\n').slice(0, 4)).toEqual([
        '# Call list',
        '# Calls from 2021-02-01 00:00 to 2021-03-01 00:00, time zone Europe/Rome',
        '# Traffic type: external',
        '# Call type: outgoing',
      ]);
      const records = parse(csv, { comment: '#', columns: true }) as Array<Record<string, string>>;
      expect(records.map((r) => r.Number)).toEqual(['0612349999', '006599775544', '3471234567', '0033123456789']);
      expect(records[1]).toEqual({
        Start: '2021-02-01T09:00:00+01:00',
        Extension: '211',
        Name: 'Alice Rossi',
        Number: '006599775544',
        'Duration (s)': '120',
        Cost: '2.50',
        Answered: 'true',
      });
    },
  );

  it(
    'writes a summary to Excel with title, filter, bold header, money as numbers and a totals row, ' +
      'read back by exceljs',
    async () => {
      const xlsx = await render(o({ kind: 'summary', groupBy: 'department' }), 'xlsx');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
      const sheet = workbook.getWorksheet('Report')!;
      const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
      expect(values(1)).toEqual(['Cost by department']);
      expect(values(2)).toEqual(['Calls from 2021-02-01 00:00 to 2021-03-01 00:00, time zone Europe/Rome']);
      expect(values(5)).toEqual([
        'Department',
        'Calls',
        'Answered',
        'Unanswered',
        'Duration',
        'Cost',
        'Average cost',
        'Currency',
      ]);
      expect(sheet.getRow(5).font?.bold).toBe(true);
      // Durations are day fractions shown [h]:mm:ss; exceljs reads such a cell back as a time after Excel's epoch.
      const seconds = (v: unknown) => ((v as Date).getTime() - Date.UTC(1899, 11, 30)) / 1000;
      expect(values(6)).toEqual(['Sales', 4, 4, 0, expect.any(Date), 3, 1, 'EUR']);
      expect(seconds(sheet.getRow(6).getCell(5).value)).toBe(230);
      expect(sheet.getRow(6).getCell(5).numFmt).toBe('[h]:mm:ss');
      expect(sheet.getRow(6).getCell(6).numFmt).toBe('#,##0.00');
      expect(values(8)).toEqual(['Total', 8, 5, 3, expect.any(Date), 3, 0.75, 'EUR']);
      expect(seconds(sheet.getRow(8).getCell(5).value)).toBe(430);
      expect(sheet.getRow(8).font?.bold).toBe(true);
    },
  );

  it('writes a call list to Excel with local date-times', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await render(callList, 'xlsx')) as unknown as ArrayBuffer);
    const row = workbook.getWorksheet('Report')!.getRow(8);
    expect(row.getCell(1).value).toEqual(new Date('2021-02-01T09:00:00Z'));
    expect(row.getCell(4).value).toBe('006599775544');
  });

  it('writes a PDF whose text holds the title, the filter in words, the header, the rows and the totals', async () => {
    const pdf = await render(o({ kind: 'summary', groupBy: 'department' }), 'pdf');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.subarray(-6).toString()).toMatch(/%%EOF/);
    const text = pdfText(pdf);
    expect(text).toContain('Cost by department');
    expect(text).toContain('Calls from 2021-02-01 00:00 to 2021-03-01 00:00, time zone Europe/Rome');
    for (const cell of ['Department', 'Average cost', 'Sales', 'Support', '3.00', '1.00', 'Total', '0:07:10'])
      expect(text).toContain(cell);
  });

  it('puts a one-page report on one page, its footer included', async () => {
    const pdf = await render(o({ kind: 'summary', groupBy: 'department' }), 'pdf');
    expect(pdfPageCount(pdf)).toBe(1);
    // WinAnsi's em dash reads back as \x97.
    expect(pdfText(pdf)).toContainEqual(expect.stringMatching(/^Cost by department \W page 1$/));
  });

  it('ends the phone bill with totals of calls, duration and cost per currency', async () => {
    const bill = builtinReports.find((r) => r.name === 'phone-bill')!;
    const options = o({ ...bill.options, period: { from: '2021-02-01', to: '2021-02-28' } });
    const pdf = await render(options, 'pdf');
    expect(pdfPageCount(pdf)).toBe(1);
    const text = pdfText(pdf);
    for (const cell of ['Total, 4 calls', '0:02:50', '3.00']) expect(text).toContain(cell);
    const json = JSON.parse((await render(options, 'json')).toString('utf8')) as { totals: unknown[] };
    expect(json.totals).toEqual([
      expect.objectContaining({ extension: 'Total, 4 calls', duration: 170, cost: '3.00', currency: 'EUR' }),
    ]);
  });

  it('masks external numbers in every format for a viewer without the right', async () => {
    const supervisor: ReportViewer = { name: 'sue', role: 'supervisor', departments: ['Sales'] };
    const csv = (await render(callList, 'csv', supervisor)).toString('utf8');
    expect(csv).toContain('006599775***');
    expect(csv).not.toContain('006599775544');
    expect(pdfText(await render(callList, 'pdf', supervisor))).toContain('006599775***');
  });

  it('writes JSON with exact decimal money and ISO instants, and a text table for the terminal', async () => {
    const json = JSON.parse((await render(callList, 'json')).toString('utf8')) as {
      title: string;
      rows: Array<Record<string, unknown>>;
      totals: unknown[];
    };
    expect(json.title).toBe('Call list');
    expect(json.rows[1]).toEqual({
      startedAt: '2021-02-01T09:00:00+01:00',
      extension: '211',
      userName: 'Alice Rossi',
      number: '006599775544',
      duration: 120,
      cost: '2.50',
      answered: true,
      currency: 'EUR',
    });
    const text = (await render(o({ kind: 'trend', interval: 'week' }), 'table')).toString('utf8');
    expect(text).toMatch(/^Calls and cost by week\n/);
    expect(text).toMatch(/2021-02-01\s+6\s+5\s+1\s+0:07:10\s+3\.00\s+1\.00\s+EUR/);
    expect(text).toMatch(/Total\s+8\s+5\s+3/);
  });

  it('says so when no call matches', async () => {
    const text = (await render(o({ extensions: ['999'] }), 'table')).toString('utf8');
    expect(text).toContain('No calls match this filter.');
    expect(pdfText(await render(o({ extensions: ['999'] }), 'pdf'))).toContain('No calls match this filter.');
  });
});
