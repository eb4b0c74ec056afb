import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { collect, pdfText } from '../../test/reports/read-exports.js';
import { tableOf, type ReportTable } from './report-table.js';
import { writeReport } from './write-report.js';

function italianCalls(): ReportTable {
  return tableOf(
    {
      title: 'Chiamate',
      filter: [],
      timeZone: 'Europe/Rome',
      language: 'it',
      columns: [
        { key: 'extension', label: 'Interno', type: 'text' },
        { key: 'direction', label: 'Direzione', type: 'text' },
        { key: 'answered', label: 'Risposta', type: 'boolean' },
      ],
    },
    [
      { extension: '1001', direction: 'outgoing', answered: true },
      { extension: '1002', direction: 'incoming', answered: false },
    ],
  );
}

async function written(format: 'table' | 'pdf' | 'xlsx' | 'csv'): Promise<Buffer> {
  const out = collect();
  await writeReport(italianCalls(), format, out);
  return out.bytes();
}

describe('words in documents for people', () => {
  it('prints a call direction and yes/no in the reader language in text, PDF and Excel', async () => {
    const text = (await written('table')).toString('utf8');
    expect(text).toMatch(/1001\s+in uscita\s+sì/);
    expect(text).toMatch(/1002\s+in entrata\s+no/);

    const pdf = pdfText(await written('pdf')).join('\n');
    expect(pdf).toContain('in uscita');
    expect(pdf).toContain('in entrata');

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await written('xlsx')) as unknown as ArrayBuffer);
    const values = workbook.worksheets[0]!.getSheetValues().flat().map(String);
    expect(values).toEqual(expect.arrayContaining(['in uscita', 'in entrata', 'sì', 'no']));
    expect(values).not.toContain('outgoing');
  });

  it('keeps the stored values in CSV, which machines read', async () => {
    const csv = (await written('csv')).toString('utf8');
    expect(csv).toContain('outgoing');
    expect(csv).not.toContain('in uscita');
  });
});
