import { once } from 'node:events';
import { PassThrough, type Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { ColumnType } from './call-fields.js';
import type { Language } from '../i18n/index.js';
import { wordText } from './format-cell.js';
import { reportTexts } from './report-language.js';
import { CURRENCY_KEY, type ReportColumn, type ReportRow, type ReportTable } from './report-table.js';
import { currencyDigits, zonedClock } from '../../tariffs/index.js';

const WIDTHS: Record<ColumnType, number> = {
  instant: 20,
  text: 18,
  integer: 10,
  decimal: 8,
  money: 12,
  duration: 10,
  boolean: 9,
};
const SECONDS_PER_DAY = 86_400;

/**
 * A cell as Excel wants it: instants as local date-times (Excel has no zones),
 * durations as fractions of a day shown h:mm:ss, money as a number with the
 * currency's decimals (the one place a float is right: it is what a
 * spreadsheet sums), numbers as text where they are phone numbers.
 */
function excelCell(
  row: ReportRow,
  column: ReportColumn,
  timeZone: string,
  lang: Language,
): { value: ExcelJS.CellValue; numFmt?: string } {
  const v = row[column.key] ?? null;
  if (v === null) return { value: null };
  const word = wordText(v, column, lang);
  if (word !== undefined) return { value: word };
  switch (column.type) {
    case 'instant':
      return {
        value: new Date(zonedClock(timeZone).localMs(Math.floor(Number(v)) * 1000)),
        numFmt: 'yyyy-mm-dd hh:mm:ss',
      };
    case 'duration':
      return { value: Number(v) / SECONDS_PER_DAY, numFmt: '[h]:mm:ss' };
    case 'money': {
      const digits = currencyDigits(row[CURRENCY_KEY] as string | null);
      return { value: Number(v) / 10 ** digits, numFmt: digits ? `#,##0.${'0'.repeat(digits)}` : '#,##0' };
    }
    default:
      return { value: v as ExcelJS.CellValue };
  }
}

/**
 * The report as an Excel workbook through exceljs's streaming writer: each
 * row is committed (written to the zip stream) as it arrives, so a million
 * calls never sit in memory. Title and filter on top, a bold header, totals
 * in bold, notes last. Like every report writer, it leaves `out` open.
 */
export async function writeXlsxReport(table: ReportTable, out: Writable): Promise<void> {
  // exceljs ends the stream it writes to; a pass-through keeps `out` (stdout, an HTTP response) ours.
  const zip = new PassThrough();
  zip.pipe(out, { end: false });
  const finished = once(zip, 'end');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: zip, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(reportTexts(table.language ?? 'en')('document.sheet'));
  sheet.columns = table.columns.map((c) => ({ key: c.key, width: WIDTHS[c.type] }));
  const textRow = (text: string, font?: Partial<ExcelJS.Font>) => {
    const row = sheet.addRow([text]);
    if (font) row.font = font;
    row.commit();
  };
  textRow(table.title, { bold: true, size: 14 });
  for (const f of table.filter) textRow(f, { italic: true });
  textRow('');
  const header = sheet.addRow(table.columns.map((c) => c.label));
  header.font = { bold: true };
  header.commit();

  const addDataRow = (data: ReportRow, bold = false) => {
    const row = sheet.addRow([]);
    table.columns.forEach((column, i) => {
      const cell = row.getCell(i + 1);
      const { value, numFmt } = excelCell(data, column, table.timeZone, table.language ?? 'en');
      cell.value = value;
      if (numFmt) cell.numFmt = numFmt;
    });
    if (bold) row.font = { bold: true };
    row.commit();
  };

  let count = 0;
  for await (const data of table.rows) {
    addDataRow(data);
    // exceljs hands rows to the zip asynchronously and ignores backpressure: give it turns to
    // compress and pass data on, and stop producing rows while the destination is full.
    if (++count % 100 === 0) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (zip.writableNeedDrain) await once(zip, 'drain');
    }
  }
  const trailer = table.trailer();
  for (const totals of trailer.totals) addDataRow(totals, true);
  for (const note of trailer.notes) textRow(note, { italic: true });
  sheet.commit();
  await workbook.commit();
  await finished;
}
