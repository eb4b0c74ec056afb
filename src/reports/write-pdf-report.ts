import { once } from 'node:events';
import type { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import type { ColumnType } from './call-fields.js';
import { cellText } from './format-cell.js';
import { createPdfText, isWinAnsi, type PdfAlign } from './pdf-text.js';
import { reportTexts } from './report-language.js';
import type { ReportColumn, ReportRow, ReportTable } from './report-table.js';

export interface PdfOptions {
  /** A TrueType font file for everything; empty = Helvetica for Western text, the bundled DejaVu Sans for the rest. */
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
const LINE_SPACING = 1.2;
const BUFFER_LIMIT = 64 * 1024;

/**
 * The report as a PDF (pdfkit): title, the filter in words, then the table,
 * its header repeated on every page, totals in bold, notes, page numbers.
 * An Arabic report reads right to left: the first column at the right, text
 * aligned right. Pages are flushed as they fill (pdfkit keeps no finished
 * page), and rows are drawn only as fast as `out` takes the bytes. Leaves
 * `out` open.
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
  const rtl = table.language === 'ar';
  // A report whose own words need more than WinAnsi (Polish, Arabic) is set in DejaVu Sans throughout, not in two
  // typefaces taking turns; the others keep Helvetica and use DejaVu Sans only for a name Helvetica cannot draw.
  const ownWords = [table.title, ...table.filter, ...table.columns.map((c) => c.label), t('document.empty')];
  const unicode = !ownWords.every((words) => isWinAnsi(words));
  const text = createPdfText(doc, { fontFile: options.fontFile, rtl, unicode });
  const start: PdfAlign = rtl ? 'right' : 'left';
  const end: PdfAlign = rtl ? 'left' : 'right';
  const pageWidth = doc.page.width - 2 * MARGIN;
  const bottom = () => doc.page.height - MARGIN - ROW_HEIGHT;
  const total = table.columns.reduce((sum, c) => sum + WEIGHTS[c.type], 0);
  const widths = table.columns.map((c) => (WEIGHTS[c.type] / total) * pageWidth);
  // Where each column starts: from the left margin, or mirrored from the right one on a right-to-left page.
  const lefts = widths.map((_, i) => {
    const before = widths.slice(0, i).reduce((sum, w) => sum + w, 0);
    return rtl ? MARGIN + pageWidth - before - widths[i]! : MARGIN + before;
  });
  let page = 1;
  let y = MARGIN;

  const drawRow = (cells: string[], columns: ReportColumn[], bold: boolean) => {
    const style = { size: FONT_SIZE, bold };
    cells.forEach((cell, i) => {
      const width = widths[i]! - 4;
      // Numbers read left to right in every language: they stay right-aligned so their digits line up.
      const align = RIGHT_ALIGNED.has(columns[i]!.type) ? 'right' : start;
      text.draw(text.fit(cell, width, style), lefts[i]! + 2, y + 2, width, style, align);
    });
    y += ROW_HEIGHT;
  };
  const drawHeader = () => {
    // Each heading is aligned like its column's values: "Cost" stands over the right-aligned amounts.
    drawRow(
      table.columns.map((c) => c.label),
      table.columns,
      true,
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
    const style = { size: FONT_SIZE };
    const words = text.fit(t('document.page', { title: table.title, page }), pageWidth, style);
    text.draw(words, MARGIN, doc.page.height - MARGIN + 8, pageWidth, style, end);
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

  const paragraph = (words: string, style: { size: number; bold?: boolean }, beforeEachLine = () => {}) => {
    for (const line of text.lines(words, pageWidth, style)) {
      beforeEachLine();
      text.draw(line, MARGIN, y, pageWidth, style, start);
      y += style.size * LINE_SPACING;
    }
  };
  paragraph(table.title, { size: 14, bold: true });
  for (const f of table.filter) paragraph(f, { size: 8.5 });
  y += 8;
  drawHeader();
  let count = 0;
  for await (const row of table.rows) {
    ensureRoom();
    drawRow(cells(row), table.columns, false);
    if (++count % 100 === 0) await settle();
  }
  const trailer = table.trailer();
  for (const totals of trailer.totals) {
    ensureRoom();
    drawRow(cells(totals), table.columns, true);
  }
  y += 4;
  for (const note of trailer.notes) paragraph(note, { size: FONT_SIZE }, ensureRoom);
  if (count === 0 && trailer.totals.length === 0) {
    y += 2;
    paragraph(t('document.empty'), { size: 9 });
  }
  footer();
  doc.end();
  await ended;
}
