import type { Writable } from 'node:stream';
import type { ColumnType } from './call-fields.js';
import { cellText } from './format-cell.js';
import { reportTexts } from './report-language.js';
import type { ReportRow, ReportTable } from './report-table.js';
import { createChunkedWriter } from './write-to-stream.js';
import { printable } from '../logging/index.js';

const RIGHT_ALIGNED = new Set<ColumnType>(['integer', 'decimal', 'money', 'duration']);
const SAMPLE_ROWS = 200;
const MAX_WIDTH = 40;
const MIN_TEXT_WIDTH = 6;
const GAP = 2;

export interface TextReportOptions {
  /** The terminal's width in characters: long text columns are narrowed so a line fits it. */
  terminalWidth?: number;
}

/**
 * Column widths from the header and the sampled rows. Only text columns are
 * ever narrowed (to 40, then as far as a terminal's width needs); numbers,
 * money, durations, times and yes/no keep their full width.
 */
export function textColumnWidths(
  types: ColumnType[],
  natural: number[],
  labels: number[],
  terminalWidth?: number,
): number[] {
  const widths = natural.map((w, i) => (types[i] === 'text' ? Math.min(MAX_WIDTH, w) : w));
  if (!terminalWidth) return widths;
  const floor = widths.map((w, i) => (types[i] === 'text' ? Math.min(w, Math.max(MIN_TEXT_WIDTH, labels[i]!)) : w));
  let excess = widths.reduce((sum, w) => sum + w, 0) + GAP * (widths.length - 1) - terminalWidth;
  while (excess > 0) {
    // Take a character from the widest text column that can still give one.
    let widest = -1;
    widths.forEach((w, i) => {
      if (w > floor[i]! && (widest < 0 || w > widths[widest]!)) widest = i;
    });
    if (widest < 0) break;
    widths[widest]! -= 1;
    excess -= 1;
  }
  return widths;
}

/**
 * The report as a plain-text table for a terminal. Column widths come from
 * the header and the first rows; later, longer text is cut with "…", so the
 * table streams like the other formats. Numbers and money are never cut: a
 * later, longer one (a total) is written whole.
 */
export async function writeTextReport(
  table: ReportTable,
  out: Writable,
  options: TextReportOptions = {},
): Promise<void> {
  const writer = createChunkedWriter(out, 8 * 1024);
  // Caller ids, names and codes come from CDRs and the directory: no control sequence reaches the terminal.
  const cells = (row: ReportRow) =>
    table.columns.map((c) => printable(cellText(row[c.key] ?? null, c, row, table.timeZone, table.language)));
  const iterator = table.rows[Symbol.asyncIterator]();
  const sample: string[][] = [];
  let next = await iterator.next();
  while (!next.done && sample.length < SAMPLE_ROWS) {
    sample.push(cells(next.value));
    next = await iterator.next();
  }
  const types = table.columns.map((c) => c.type);
  const labels = table.columns.map((c) => c.label.length);
  const natural = table.columns.map((c, i) => Math.max(labels[i]!, ...sample.map((r) => r[i]!.length)));
  const widths = textColumnWidths(types, natural, labels, options.terminalWidth);
  const line = (values: string[]) =>
    `${values
      .map((v, i) => {
        const width = widths[i]!;
        const text = v.length > width && types[i] === 'text' ? `${v.slice(0, width - 1)}…` : v;
        return RIGHT_ALIGNED.has(types[i]!) ? text.padStart(width) : text.padEnd(width);
      })
      .join(' '.repeat(GAP))
      .trimEnd()}\n`;

  await writer.write(`${table.title}\n`);
  for (const f of table.filter) await writer.write(`  ${f}\n`);
  await writer.write(`\n${line(table.columns.map((c) => c.label))}${line(widths.map((w) => '-'.repeat(w)))}`);
  for (const row of sample) await writer.write(line(row));
  let count = sample.length;
  while (!next.done) {
    await writer.write(line(cells(next.value)));
    count += 1;
    next = await iterator.next();
  }
  const trailer = table.trailer();
  if (trailer.totals.length) await writer.write(line(widths.map((w) => '-'.repeat(w))));
  for (const totals of trailer.totals) await writer.write(line(cells(totals)));
  const empty = count === 0 && !trailer.totals.length;
  await writer.write(empty ? `${reportTexts(table.language ?? 'en')('document.empty')}\n` : '');
  for (const note of trailer.notes) await writer.write(`${note}\n`);
  await writer.flush();
}
