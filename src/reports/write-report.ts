import type { Writable } from 'node:stream';
import type { ReportTable } from './report-table.js';
import { writeCsvReport } from './write-csv-report.js';
import { writeJsonReport } from './write-json-report.js';
import { lazyModule } from '../lazy-module.js';
import type { PdfOptions } from './write-pdf-report.js';
import { writeTextReport, type TextReportOptions } from './write-text-report.js';

// pdfkit and exceljs, imported when a report is first written in either format (src/lazy-module.ts).
const pdfWriter = lazyModule('the PDF report writer', () => import('./write-pdf-report.js'));
const xlsxWriter = lazyModule('the Excel report writer', () => import('./write-xlsx-report.js'));

/** Imports the PDF and Excel writers now: the daemon does at start, so no request waits on their first import. */
export async function loadReportWriters(): Promise<void> {
  await Promise.all([pdfWriter.load(), xlsxWriter.load()]);
}

export const reportFormats = ['table', 'csv', 'json', 'xlsx', 'pdf'] as const;
export type ReportFormat = (typeof reportFormats)[number];

/** Media type and file extension of each format, for HTTP answers and file names. */
export const reportFormatTypes: Record<ReportFormat, { contentType: string; extension: string }> = {
  table: { contentType: 'text/plain; charset=utf-8', extension: 'txt' },
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
  json: { contentType: 'application/json', extension: 'json' },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  pdf: { contentType: 'application/pdf', extension: 'pdf' },
};

/** How a renderer may adapt: the PDF's font, the terminal's width for a text table. */
export type WriteReportOptions = PdfOptions & TextReportOptions;

/** Renders a report in a format, streaming to `out`, which stays open. */
export async function writeReport(
  table: ReportTable,
  format: ReportFormat,
  out: Writable,
  options: WriteReportOptions = {},
): Promise<void> {
  switch (format) {
    case 'table':
      return writeTextReport(table, out, options);
    case 'csv':
      return writeCsvReport(table, out);
    case 'json':
      return writeJsonReport(table, out);
    case 'xlsx':
      return (await xlsxWriter.load()).writeXlsxReport(table, out);
    case 'pdf':
      return (await pdfWriter.load()).writePdfReport(table, out, options);
  }
}
