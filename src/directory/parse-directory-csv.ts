import { parse } from 'csv-parse/sync';
import { directoryColumns, type DirectoryKind } from './directory-csv-columns.js';
import { directoryRowSchemas, type DirectoryRow } from './directory-row-schemas.js';

export interface RowProblem {
  line: number;
  reason: string;
}

export interface ParsedDirectoryFile<K extends DirectoryKind> {
  kind: K;
  /** Columns present in the header: an absent column leaves that field untouched on update. */
  columns: Set<string>;
  rows: Array<{ line: number; value: DirectoryRow<K> }>;
  rejected: RowProblem[];
  /** Set when the file as a whole is unusable (bad header, unparsable CSV). */
  fileError: string | null;
}

/** Parses one directory CSV file; bad rows are reported with their line number, good rows kept. */
export function parseDirectoryCsv<K extends DirectoryKind>(text: string, kind: K): ParsedDirectoryFile<K> {
  const result: ParsedDirectoryFile<K> = { kind, columns: new Set(), rows: [], rejected: [], fileError: null };
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      bom: true,
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: false,
    }) as unknown as typeof records;
  } catch (err) {
    result.fileError = `not a readable CSV file: ${(err as Error).message}`;
    return result;
  }
  const header = records.shift();
  if (!header) {
    result.fileError = 'the file is empty (a header line is required)';
    return result;
  }
  const names = header.record.map((h) => h.trim().toLowerCase());
  const spec = directoryColumns[kind];
  const known = new Set([...spec.key, ...spec.optional]);
  const unknown = names.filter((n) => !known.has(n));
  const missing = spec.key.filter((k) => !names.includes(k));
  if (unknown.length > 0 || missing.length > 0) {
    const parts = [];
    if (unknown.length > 0) parts.push(`unknown column(s) ${unknown.join(', ')}`);
    if (missing.length > 0) parts.push(`missing column(s) ${missing.join(', ')}`);
    result.fileError = `line ${header.info.lines}: ${parts.join('; ')} for ${kind} (known: ${[...known].join(', ')})`;
    return result;
  }
  result.columns = new Set(names);
  const schema = directoryRowSchemas[kind];
  for (const { record, info } of records) {
    if (record.length !== names.length) {
      result.rejected.push({ line: info.lines, reason: `expected ${names.length} fields, found ${record.length}` });
      continue;
    }
    const raw = Object.fromEntries(names.map((n, i) => [n, record[i] ?? '']));
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const reason = parsed.error.issues.map((i) => `${i.path.join('.') || 'row'}: ${i.message}`).join('; ');
      result.rejected.push({ line: info.lines, reason });
      continue;
    }
    result.rows.push({ line: info.lines, value: parsed.data as DirectoryRow<K> });
  }
  return result;
}
