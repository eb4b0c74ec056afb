// Worker thread entry: answers report queries on its own better-sqlite3 connection, read-only by
// pragma; WAL lets it read while the ingest worker writes.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';

/** The slice of better-sqlite3's API the reader uses (the package ships no types). */
interface ReaderConnection {
  pragma(statement: string): unknown;
  prepare(sql: string): { reader: boolean; all(...values: unknown[]): unknown[] };
}

const Database = createRequire(import.meta.url)('better-sqlite3') as new (
  path: string,
  options: { fileMustExist: boolean },
) => ReaderConnection;

export interface ReportReaderData {
  path: string;
}

export interface ReportReaderRequest {
  id: number;
  sql: string;
  values: unknown[];
}

export type ReportReaderReply = { id: number; rows: Array<Record<string, unknown>> } | { id: number; error: string };

const port = parentPort;
if (port) {
  const { path } = workerData as ReportReaderData;
  const db = new Database(path, { fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  db.pragma('query_only = ON');
  // Reports read large, time-ordered ranges: mapped pages save a system call per page.
  db.pragma('mmap_size = 17179869184');
  port.on('message', ({ id, sql, values }: ReportReaderRequest) => {
    try {
      const statement = db.prepare(sql);
      if (!statement.reader) throw new Error('report queries only read');
      const rows = statement.all(...values) as Array<Record<string, unknown>>;
      port.postMessage({ id, rows } satisfies ReportReaderReply);
    } catch (err) {
      port.postMessage({ id, error: err instanceof Error ? err.message : String(err) } satisfies ReportReaderReply);
    }
  });
}
