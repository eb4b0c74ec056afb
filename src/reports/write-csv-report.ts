import type { Writable } from 'node:stream';
import { cellData, dataLabel } from './format-cell.js';
import type { ReportRow, ReportTable } from './report-table.js';
import { createChunkedWriter } from './write-to-stream.js';

/** RFC 4180 field: quoted when it holds a separator, quote, line break or a leading '#' (our comment mark). */
export function csvField(value: string): string {
  return /[",\r\n]|^#/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The report as CSV (RFC 4180, CRLF): the title and the filter in words as
 * `#` comment lines, the header, the rows as they stream in, then totals and
 * notes. Values are machine-friendly: ISO instants with offset, seconds,
 * exact decimal money.
 */
export async function writeCsvReport(table: ReportTable, out: Writable): Promise<void> {
  const writer = createChunkedWriter(out);
  const line = (fields: string[]) => `${fields.map(csvField).join(',')}\r\n`;
  const comment = (text: string) => `# ${text.replace(/[\r\n]+/g, ' ')}\r\n`;
  const rowLine = (row: ReportRow) =>
    line(table.columns.map((c) => cellData(row[c.key] ?? null, c.type, row, table.timeZone)));
  await writer.write(comment(table.title));
  for (const f of table.filter) await writer.write(comment(f));
  await writer.write(line(table.columns.map(dataLabel)));
  for await (const row of table.rows) await writer.write(rowLine(row));
  const trailer = table.trailer();
  for (const row of trailer.totals) await writer.write(rowLine(row));
  for (const note of trailer.notes) await writer.write(comment(note));
  await writer.flush();
}
