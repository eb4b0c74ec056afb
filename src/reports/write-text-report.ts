import type { Writable } from 'node:stream';
import type { ColumnType } from './call-fields.js';
import { cellText } from './format-cell.js';
import type { ReportRow, ReportTable } from './report-table.js';
import { createChunkedWriter } from './write-to-stream.js';

const RIGHT_ALIGNED = new Set<ColumnType>(['integer', 'decimal', 'money', 'duration']);
const SAMPLE_ROWS = 200;
const MAX_WIDTH = 40;

/**
 * The report as a plain-text table for a terminal. Column widths come from
 * the header and the first rows; later, longer values are cut with "…", so
 * the table streams like the other formats.
 */
export async function writeTextReport(table: ReportTable, out: Writable): Promise<void> {
  const writer = createChunkedWriter(out, 8 * 1024);
  const cells = (row: ReportRow) => table.columns.map((c) => cellText(row[c.key] ?? null, c.type, row, table.timeZone));
  const iterator = table.rows[Symbol.asyncIterator]();
  const sample: string[][] = [];
  let next = await iterator.next();
  while (!next.done && sample.length < SAMPLE_ROWS) {
    sample.push(cells(next.value));
    next = await iterator.next();
  }
  const widths = table.columns.map((c, i) => Math.min(MAX_WIDTH, Math.max(c.label.length, ...sample.map((r) => r[i]!.length))));
  const line = (values: string[]) =>
    `${values
      .map((v, i) => {
        const width = widths[i]!;
        const text = v.length > width ? `${v.slice(0, width - 1)}…` : v;
        return RIGHT_ALIGNED.has(table.columns[i]!.type) ? text.padStart(width) : text.padEnd(width);
      })
      .join('  ')
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
  await writer.write(count === 0 && !trailer.totals.length ? '(no calls match this filter)\n' : '');
  for (const note of trailer.notes) await writer.write(`${note}\n`);
  await writer.flush();
}
