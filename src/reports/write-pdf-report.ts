import { once } from 'node:events';
import type { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import type { ColumnType } from './call-fields.js';
import { cellText } from './format-cell.js';
import { reportTexts } from './report-language.js';
import type { ReportColumn, ReportRow, ReportTable } from './report-table.js';

export interface PdfOptions {
  /** A TrueType font file for scripts Helvetica lacks; empty = Helvetica. */
  fontFile?: string;
}

const WEIGHTS: Record<ColumnType, number> = {
  instant: 1.7,
  text: 1.3,
  integer: 0.7,
  decimal: 0.6,
  money: 0.9,
  duration: 0.9,
  boolean: 0.7,
};
const RIGHT_ALIGNED = new Set<ColumnType>(['integer', 'decimal', 'money', 'duration']);
const MARGIN = 36;
const ROW_HEIGHT = 12;
const FONT_SIZE = 7.5;
const BUFFER_LIMIT = 64 * 1024;

/**
 * The report as a PDF (pdfkit): title, the filter in words, then the table,
 * its header repeated on every page, totals in bold, notes, page numbers.
 * Pages are flushed as they fill (pdfkit keeps no finished page), and rows
 * are drawn only as fast as `out` takes the bytes. Leaves `out` open.
 */
export async function writePdfReport(table: ReportTable, out: Writable, options: PdfOptions = {}): Promise<void> {
  const t = reportTexts(table.language ?? 'en');
  const doc = new PDFDocument({
    size: 'A4',
    layout: table.columns.length > 6 ? 'landscape' : 'portrait',
    margin: MARGIN,
    info: { Title: table.title },
  });
  doc.pipe(out, { end: false });
  const ended = once(doc, 'end');
  const regular = options.fontFile || 'Helvetica';
  const bold = options.fontFile || 'Helvetica-Bold';
  const pageWidth = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN - ROW_HEIGHT;
  const total = table.columns.reduce((sum, c) => sum + WEIGHTS[c.type], 0);
  const widths = table.columns.map((c) => (WEIGHTS[c.type] / total) * pageWidth);
  let page = 1;
  let y = MARGIN;

  const fit = (text: string, width: number) => {
    if (text.length * FONT_SIZE * 0.45 < width || doc.widthOfString(text) <= width) return text;
    let cut = text;
    while (cut.length > 1 && doc.widthOfString(`${cut}…`) > width) cut = cut.slice(0, -1);
    return `${cut}…`;
  };
  const drawRow = (cells: string[], columns: ReportColumn[], font: string) => {
    doc.font(font).fontSize(FONT_SIZE);
    let x = MARGIN;
    cells.forEach((text, i) => {
      const width = widths[i]! - 4;
      doc.text(fit(text, width), x + 2, y + 2, {
        width,
        lineBreak: false,
        align: RIGHT_ALIGNED.has(columns[i]!.type) ? 'right' : 'left',
      });
      x += widths[i]!;
    });
    y += ROW_HEIGHT;
  };
  const drawHeader = () => {
    drawRow(
      table.columns.map((c) => c.label),
      table.columns.map(() => ({ key: '', label: '', type: 'text' as const })),
      bold,
    );
    doc
      .moveTo(MARGIN, y)
      .lineTo(MARGIN + pageWidth, y)
      .lineWidth(0.5)
      .stroke();
    y += 2;
  };
  const footer = () => {
    // Text below the bottom margin makes pdfkit start a new page: lift the margin while the footer is drawn.
    const margin = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font(regular)
      .fontSize(FONT_SIZE)
      .text(t('document.page', { title: table.title, page }), MARGIN, doc.page.height - MARGIN + 8, {
        width: pageWidth,
        align: 'right',
        lineBreak: false,
      });
    doc.page.margins.bottom = margin;
  };
  const ensureRoom = () => {
    if (y <= bottom()) return;
    footer();
    doc.addPage();
    page += 1;
    y = MARGIN;
    drawHeader();
  };
  const settle = async () => {
    while (doc.readableLength > BUFFER_LIMIT) {
      if (out.writableNeedDrain) await once(out, 'drain');
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };
  const cells = (row: ReportRow) =>
    table.columns.map((c) => cellText(row[c.key] ?? null, c, row, table.timeZone, table.language));

  doc.font(bold).fontSize(14).text(table.title, MARGIN, y, { width: pageWidth });
  doc.font(regular).fontSize(8.5);
  for (const f of table.filter) doc.text(f, { width: pageWidth });
  y = doc.y + 8;
  drawHeader();
  let count = 0;
  for await (const row of table.rows) {
    ensureRoom();
    drawRow(cells(row), table.columns, regular);
    if (++count % 100 === 0) await settle();
  }
  const trailer = table.trailer();
  for (const totals of trailer.totals) {
    ensureRoom();
    drawRow(cells(totals), table.columns, bold);
  }
  for (const note of trailer.notes) {
    ensureRoom();
    doc
      .font(regular)
      .fontSize(FONT_SIZE)
      .text(note, MARGIN, y + 4, { width: pageWidth, lineBreak: false });
    y += ROW_HEIGHT + 4;
  }
  if (count === 0 && trailer.totals.length === 0)
    doc
      .font(regular)
      .fontSize(9)
      .text(t('document.empty'), MARGIN, y + 6);
  footer();
  doc.end();
  await ended;
}
