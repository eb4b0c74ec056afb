import type { Writable } from 'node:stream';
import { minorToDecimal } from '../../tariffs/index.js';
import { isoLocal } from './format-cell.js';
import { CURRENCY_KEY, type ReportColumn, type ReportRow, type ReportTable } from './report-table.js';
import { createChunkedWriter } from './write-to-stream.js';

function jsonRow(row: ReportRow, columns: ReportColumn[], timeZone: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of columns) {
    const v = row[c.key] ?? null;
    if (v === null) out[c.key] = null;
    else if (c.type === 'instant') out[c.key] = isoLocal(Number(v), timeZone);
    else if (c.type === 'money') out[c.key] = minorToDecimal(Number(v), row[CURRENCY_KEY] as string | null);
    else out[c.key] = v;
  }
  if (columns.some((c) => c.type === 'money') && !('currency' in out)) out.currency = row[CURRENCY_KEY] ?? null;
  return out;
}

/**
 * The report as one JSON document, streamed row by row: title, filter,
 * timeZone, columns, rows (keyed by column; money as exact decimal strings
 * with the row's currency; instants as ISO 8601 with offset), totals, notes.
 */
export async function writeJsonReport(table: ReportTable, out: Writable): Promise<void> {
  const writer = createChunkedWriter(out);
  const head = { title: table.title, filter: table.filter, timeZone: table.timeZone, columns: table.columns };
  await writer.write(`${JSON.stringify(head).slice(0, -1)},"rows":[`);
  let first = true;
  for await (const row of table.rows) {
    await writer.write(`${first ? '\n' : ',\n'}${JSON.stringify(jsonRow(row, table.columns, table.timeZone))}`);
    first = false;
  }
  const trailer = table.trailer();
  const totals = trailer.totals.map((r) => jsonRow(r, table.columns, table.timeZone));
  await writer.write(`\n],"totals":${JSON.stringify(totals)},"notes":${JSON.stringify(trailer.notes)}}\n`);
  await writer.flush();
}
